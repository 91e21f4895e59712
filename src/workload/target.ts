import { IConstruct } from 'constructs';
import { DEFAULT_TARGET, defaultTarget, parseTarget, Target, TARGET_VERSION_CONTEXT } from '../core/target-version';
import { Problems } from '../core/problems';

/**
 * The Kubernetes version an app's manifests are meant for. Set it once for everything below a scope
 * (an App before its charts are added, or a Chart before its constructs are) with
 * `KubernetesTarget.set(scope, '1.29')`, which is the construct context key `KubernetesTarget.CONTEXT_KEY`;
 * the validation plugin takes the same version as its `targetVersion` property. From 1.30 the preStop
 * drain is the native `sleep` action; from 1.31 required host anti-affinity is scoped to a revision
 * (`matchLabelKeys: [pod-template-hash]`) and Services may set `trafficDistribution`.
 */
export class KubernetesTarget {
  /** The construct context key holding the target version, e.g. `"1.31"`. */
  public static readonly CONTEXT_KEY = TARGET_VERSION_CONTEXT;
  /** The target when none is set: the oldest version the large managed services still run. */
  public static readonly DEFAULT_VERSION = DEFAULT_TARGET;

  /**
   * Sets the target version for every construct below `scope`. Call it before adding children to
   * the scope (constructs refuse context set after their children).
   * @param version `"1.<minor>"`, from `"1.27"` to `"1.37"`
   */
  public static set(scope: IConstruct, version: string): void {
    scope.node.setContext(TARGET_VERSION_CONTEXT, version);
  }

  private constructor() {}
}

/** The target version in effect at `scope` (the default when none is set); a bad value is a problem. */
export function resolveTarget(problems: Problems, scope: IConstruct): Target {
  const value = scope.node.tryGetContext(TARGET_VERSION_CONTEXT);
  if (value === undefined) return defaultTarget();
  const parsed = parseTarget(value);
  if ('target' in parsed) return parsed.target;
  problems.add(`target version (context "${TARGET_VERSION_CONTEXT}")`, value, parsed.problem);
  return defaultTarget();
}
