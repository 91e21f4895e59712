import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { Pods } from '../core/rollout-arithmetic';
import { intOrString } from './rollout';

/**
 * How many pods voluntary disruptions (node drains, cluster upgrades, autoscaler scale-downs) may
 * take at once. Rolling updates are not limited by it, but their unavailable pods count against it.
 */
export class DisruptionBudget {
  /** At most this many pods may be disrupted at once. Follows scaling; the recommended form. */
  public static maxUnavailable(pods: Pods): DisruptionBudget {
    return new DisruptionBudget(pods, undefined);
  }

  /** At least this many pods must stay available (percentages round up). */
  public static minAvailable(pods: Pods): DisruptionBudget {
    return new DisruptionBudget(undefined, pods);
  }

  /** No PodDisruptionBudget: a node drain may stop every replica at once. */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(undefined, undefined);
  }

  private constructor(private readonly maxUnavailablePods?: Pods, private readonly minAvailablePods?: Pods) {}

  /** @internal */
  public _isNone(): boolean {
    return this.maxUnavailablePods === undefined && this.minAvailablePods === undefined;
  }

  /** @internal Checks the budget's own numbers, whatever the replica count (once per app). */
  public _check(problems: Problems, prop: string): void {
    const [field, pods] = this.maxUnavailablePods ? ['maxUnavailable', this.maxUnavailablePods] : ['minAvailable', this.minAvailablePods];
    if (pods === undefined) return;
    problems.check(isWholeNumber(pods.amount, 0, pods.isPercent ? 100 : Number.MAX_SAFE_INTEGER), `${prop}.${field}`, pods.toString(), 'it must be a whole number of at least 0 (a percentage at most 100)');
  }

  /**
   * @internal Checks that the budget neither blocks every drain nor is meaningless, at the lowest
   * replica count the workload runs with.
   */
  public _render(problems: Problems, prop: string, minReplicas: number): Pick<k8s.PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'> {
    if (this.maxUnavailablePods) {
      const pods = this.maxUnavailablePods;
      // The disruption controller rounds a maxUnavailable percentage up.
      if (pods._resolve(minReplicas, true) < 1) {
        problems.add(`${prop}.maxUnavailable`, pods.toString(), `it allows no disruption at ${minReplicas} replica(s), which blocks every node drain; allow at least 1 pod`);
      }
      return { maxUnavailable: intOrString(pods) };
    }
    const pods = this.minAvailablePods!;
    if (pods._resolve(minReplicas, true) >= minReplicas) {
      problems.add(`${prop}.minAvailable`, pods.toString(), `it keeps all ${minReplicas} replica(s) and so blocks every node drain; require fewer pods than replicas, or use DisruptionBudget.maxUnavailable(Pods.count(1))`);
    }
    return { minAvailable: intOrString(pods) };
  }
}

/** The PDB's name: the Deployment's name and `-pdb`, as Polaris' missingPodDisruptionBudget pairs them. */
export function disruptionBudgetName(deploymentName: string): string {
  return `${deploymentName}-pdb`;
}

/**
 * Resolves the default and judges the budget at `minReplicas`: the spec fields of the
 * PodDisruptionBudget, or undefined for none. The default is maxUnavailable 1 with
 * unhealthyPodEvictionPolicy AlwaysAllow (crash-looping pods never wedge a drain); with one replica
 * a budget protects nothing or blocks drains, so the user must choose.
 */
export function renderDisruptionBudget(problems: Problems, budget: DisruptionBudget | undefined, minReplicas: number):
Pick<k8s.PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'> | undefined {
  if (budget === undefined && minReplicas < 2) {
    problems.add('disruptionBudget', undefined,
      `with ${minReplicas} replica(s) a PodDisruptionBudget either blocks every node drain or protects nothing; run 2 or more replicas, or choose explicitly (DisruptionBudget.none() or DisruptionBudget.maxUnavailable(Pods.count(1)))`);
    return undefined;
  }
  const chosen = budget ?? DisruptionBudget.maxUnavailable(Pods.count(1));
  return chosen._isNone() ? undefined : chosen._render(problems, 'disruptionBudget', minReplicas);
}

/** Creates the PodDisruptionBudget of one Deployment from the judged spec fields. */
export function createDisruptionBudget(scope: Construct, id: string, spec: Pick<k8s.PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'>,
  target: { name: string; namespace?: string; labels: Record<string, string>; selector: Record<string, string> }): ApiObject {
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: disruptionBudgetName(target.name), namespace: target.namespace, labels: target.labels },
    spec: {
      ...spec,
      selector: { matchLabels: target.selector },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
