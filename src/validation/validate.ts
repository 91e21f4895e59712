/**
 * The programmatic entry point: validates the manifests of a whole app against every rule, applies
 * the objects' waivers and returns the violations. The cdk8s plugin (plugin.ts) and the tests both
 * use it.
 */
import { Rule, RuleContext } from './context';
import { CrdRegistry } from './crd/registry';
import { computeFromFile, SchemaMemo } from './memo';
import { isObject, KubeObject } from './objects';
import { PodTemplate, podTemplate } from '../core/pod-templates';
import { RULES } from './rules';
import { checkBuiltinKind, SchemaOutcome } from './schema';
import { readWaivers } from './waivers';
import { targetOf, Violation } from './verdict';

export interface ValidateOptions {
  /**
   * CRD files for custom resources, relative to `baseDir`; a file name may use `*` and `?`.
   * @default - none: custom resources of the kinds this library emits are checked against its built-in CRDs; others are unknown
   * kinds (RS103) unless the app synthesizes their CRD
   */
  readonly crdFiles?: readonly string[];
  /**
   * Folder `crdFiles` are relative to.
   * @default - the current working directory (the app's folder under `cdk8s synth`)
   */
  readonly baseDir?: string;
  /**
   * Also return the violations an object waives (with `waivedBecause` set).
   * @default false
   */
  readonly includeWaived?: boolean;
  /**
   * The Kubernetes version the manifests are meant for (`"1.27"` to `"1.37"`): fields above it are
   * errors (RS114), and required anti-affinity is judged by whether it can be scoped to a revision (RS209).
   * @default "1.31"
   */
  readonly targetVersion?: string;
  /**
   * The same app's manifests as the cluster has them (the commit before): an object found there (same
   * API group, kind, namespace and name) is checked as an update, so its CRD's transition rules
   * (`x-kubernetes-validations` using `oldSelf`, such as an immutable field) apply to it.
   * @default - none: every object is checked as created, and transition rules do not apply
   */
  readonly previousManifests?: readonly unknown[];
}

/** A manifest with where it came from. */
export interface ManifestInput {
  readonly manifest: unknown;
  /** The file it was read from. */
  readonly file?: string;
  /** The path of the construct that synthesized it. */
  readonly constructPath?: string;
}

export type { Violation };

/** Validates the manifests of an app (plain objects, as `Testing.synth` or a YAML parser returns them). */
export function validateManifests(manifests: readonly unknown[], options: ValidateOptions = {}): Violation[] {
  return validateInputs(manifests.map((manifest) => ({ manifest })), options);
}

/**
 * Like `validateManifests`, for manifests whose file and construct path are known. `memo` remembers
 * schema outcomes between runs (the plugin's, see memo.ts).
 */
export function validateInputs(inputs: readonly ManifestInput[], options: ValidateOptions = {}, memo?: SchemaMemo): Violation[] {
  const objects = inputs
    .filter((input) => input.manifest !== null && input.manifest !== undefined) // empty YAML documents
    .map((input, index) => new KubeObject(isObject(input.manifest) ? input.manifest : {}, index, input.file, input.constructPath));

  const crds = CrdRegistry.fromFiles(options.crdFiles ?? [], options.baseDir ?? process.cwd());
  for (const object of objects) crds.add(object.manifest, object.ref); // the app's own CRDs count too
  const outcomes = new Map<KubeObject, SchemaOutcome>();
  const previous = previousByIdentity(options.previousManifests);
  // An update's outcome depends on the old object too: only creates are remembered.
  const remembered = previous.size === 0 ? memo?.schemaOutcomes(crds.fingerprint()) : undefined;
  const schema = (object: KubeObject): SchemaOutcome => {
    let outcome = outcomes.get(object);
    if (!outcome) {
      const old = previous.get(identity(object));
      outcome = remembered ? remembered(object.manifest, () => schemaOutcome(object, crds)) : schemaOutcome(object, crds, old);
      outcomes.set(object, outcome);
    }
    return outcome;
  };
  const ruleIds = new Set(RULES.map((rule) => rule.id));
  const target = targetOf(options.targetVersion);
  const context: RuleContext = {
    target,
    objects,
    templates: objects.map(podTemplate).filter((t): t is PodTemplate => t !== undefined),
    schema,
    ruleIds,
    textFindings: (ruleId, file, compute) => memo ? memo.textFindings(ruleId, file, compute) : computeFromFile(file, compute),
  };

  const waivers = new Map(objects.map((object) => [object, readWaivers(object, ruleIds).reasons]));
  const found: { index: number; violation: Violation }[] = [];
  for (const rule of RULES) {
    const seen = new Set<string>();
    rule.check(context, (object, fieldPath, message) => {
      const key = `${object.index}\n${fieldPath}\n${message}`;
      if (seen.has(key)) return; // one finding per field and message, however many ways it was reached
      seen.add(key);
      const waivedBecause = waivers.get(object)?.get(rule.id);
      if (waivedBecause !== undefined && !options.includeWaived) return;
      found.push({ index: object.index, violation: violationOf(rule, object, fieldPath, message, waivedBecause) });
    });
  }
  // By object, then rule: the order of the rules is the order of the registry (stable sort).
  return found.sort((a, b) => a.index - b.index).map(({ violation }) => violation);
}

/** One finding of `rule` on `object`, as reports show it. */
export function violationOf(rule: Rule, object: KubeObject, fieldPath: string, message: string, waivedBecause?: string): Violation {
  return {
    ruleId: rule.id, severity: rule.severity, title: rule.title, why: rule.why, fix: rule.fix,
    object: object.ref, apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name,
    path: fieldPath, message, file: object.file, constructPath: object.constructPath, waivedBecause,
  };
}

/** An object's identity across two versions of the manifests: API group, kind, namespace, name. */
function identity(object: KubeObject): string {
  return JSON.stringify([object.group, object.kind, object.namespace, object.name]);
}

function previousByIdentity(manifests: readonly unknown[] | undefined): Map<string, Record<string, any>> {
  const objects = (manifests ?? []).filter(isObject).map((manifest, index) => new KubeObject(manifest, index));
  return new Map(objects.map((object) => [identity(object), object.manifest]));
}

function schemaOutcome(object: KubeObject, crds: CrdRegistry, old?: Record<string, any>): SchemaOutcome {
  if (!object.apiVersion || !object.kind) {
    return {
      status: 'checked',
      findings: [!object.apiVersion ? 'apiVersion' : '', !object.kind ? 'kind' : ''].filter(Boolean)
        .map((field) => ({ path: field, message: 'is required', unknownField: false })),
    };
  }
  // A CRD may serve a group that looks built-in (gateway.networking.k8s.io): CRDs first.
  const custom = crds.check(object, old);
  if (custom.status !== 'unknown') return custom;
  const builtin = checkBuiltinKind(object);
  // A group whose CRDs are known but that has no such kind: a misspelled kind, refused as one.
  const groupCrds = builtin.status === 'unknown' && object.group ? crds.crdsOfGroup(object.group) : [];
  if (groupCrds.length === 0) return builtin;
  const kinds = [...new Set(groupCrds.map((crd) => crd.kind))].sort();
  return {
    status: 'removed', path: 'kind',
    message: `no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(object.apiVersion)}: the CRDs of ${object.group} define ${kinds.join(', ')} (kinds are case-sensitive)`,
  };
}
