/**
 * The numbers a reviewer asks of a rollout: peak pods, extra pods over replicas, the lowest available
 * count, nodes needed under the pods-per-node rule (as written and with/without revision scoping) and
 * the estimated duration.
 */
import { DeploymentFacts } from './deployment';
import { PlanStep, Placement, simulateRollout, Simulation } from './simulate';

/** Summary of one app's plan. */
export interface PlanSummary {
  /** Pods the controllers count at the peak (terminating pods excluded, as in Deployment status). */
  readonly peakPods: number;
  /** Pods on the cluster at the peak, terminating ones included (they still hold their node and resources). */
  readonly peakWithTerminating: number;
  /** peakPods − replicas. */
  readonly extraPods: number;
  readonly lowestAvailable: number;
  /** Seconds until the release is complete (an estimate); undefined when it cannot finish. */
  readonly estimatedSeconds?: number;
  /** Fewest nodes on which the release can finish, when a rule limits pods per node. */
  readonly nodesNeeded?: number;
  /** What the nodes figure is, or why there is none. */
  readonly nodesNote?: string;
  /** Why the release cannot finish at all. */
  readonly stalled?: string;
  /** With an autoscaler: the app's replicas at its maxReplicas (nodesNeeded is then computed there too). */
  readonly replicasAtMax?: number;
  /** With an autoscaler: peak pods of the same release at replicasAtMax. */
  readonly peakPodsAtMax?: number;
}

/** The simulation input of one Deployment's own rollout. */
export function rolloutInput(
  d: DeploymentFacts, options: { fromReplicas?: number; replicas?: number; nodes?: number; placement?: Placement | null } = {},
) {
  return {
    replicas: options.replicas ?? d.replicas,
    fromReplicas: options.fromReplicas ?? options.replicas ?? d.replicas,
    recreate: d.recreate,
    maxSurge: d.maxSurge,
    maxUnavailable: d.maxUnavailable,
    secondsToAvailable: d.secondsToReady + d.minReadySeconds,
    secondsToTerminate: d.secondsToTerminate,
    placement: options.placement === null ? undefined : options.placement ?? d.placement,
    nodes: options.nodes,
  };
}

/**
 * The fewest nodes on which a Deployment's rollout finishes under `placement` (it never needs more
 * nodes than it has pods at its peak); undefined without a rule.
 */
export function nodesToFinish(
  d: DeploymentFacts, placement: Placement | undefined, options: { fromReplicas?: number; replicas?: number } = {},
): number | undefined {
  if (!placement) return undefined;
  const free = simulateRollout(rolloutInput(d, { ...options, placement: null }));
  const most = Math.max(1, ...free.steps.map((s) => s.oldReady + s.oldTerminating + s.newReady + s.newStarting));
  for (let nodes = 1; nodes <= most; nodes++) {
    if (simulateRollout(rolloutInput(d, { ...options, placement, nodes })).completeAt !== undefined) return nodes;
  }
  return most;
}

/** Peak, extra, lowest available and duration of composed steps. */
export function summarize(steps: readonly PlanStep[], replicas: number, sim: Pick<Simulation, 'completeAt' | 'stalled'>, nodes: { nodesNeeded?: number; nodesNote?: string } = {}): PlanSummary {
  const peakPods = Math.max(...steps.map((s) => s.total));
  return {
    peakPods,
    peakWithTerminating: Math.max(...steps.map((s) => s.total + s.oldTerminating)),
    extraPods: peakPods - replicas,
    lowestAvailable: Math.min(...steps.map((s) => s.available)),
    estimatedSeconds: sim.completeAt,
    stalled: sim.stalled,
    ...nodes,
  };
}

/** The nodes line for one Deployment: as written, and the other scoping for comparison. */
export function nodesOf(
  d: DeploymentFacts, options: { fromReplicas?: number; replicas?: number } = {},
): { nodesNeeded?: number; nodesNote?: string } {
  const placement = d.placement;
  if (!placement) return { nodesNote: 'no required anti-affinity or hostname spread: any number of nodes' };
  const other: Placement = { ...placement, perRevision: !placement.perRevision };
  const asWritten = nodesToFinish(d, placement, options);
  const alternative = nodesToFinish(d, other, options);
  const scoping = placement.perRevision ? 'without' : 'with';
  return {
    nodesNeeded: asWritten,
    nodesNote: `${placement.description}: ${asWritten} node(s); ${scoping} \`matchLabelKeys: [pod-template-hash]\` it would be ${alternative}`,
  };
}
