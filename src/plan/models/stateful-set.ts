/**
 * The StatefulSet controller's rolling update, step by step, on plain numbers: what
 * `pkg/controller/statefulset/stateful_set_control.go` does on each sync (updateStatefulSet):
 *
 *  1. every replica is processed in ordinal order: a missing pod is created (ordinals from the
 *     partition up at the new revision, the others at the current one). With OrderedReady
 *     ("monotonic") the sync stops at the first pod it created, or that is terminating, not ready or
 *     not yet available; with Parallel nothing blocks;
 *  2. then the update: without the MaxUnavailableStatefulSet feature, the highest ordinal at or above
 *     the partition that still runs the old revision is deleted, one per sync, and the sync waits on
 *     any unavailable pod on the way down; with it (on by default from 1.37), the pods not
 *     available are counted over all ordinals and up to maxUnavailable minus that many old pods are
 *     deleted, highest ordinal first.
 *
 * A deleted pod is replaced under the same name, so its replacement starts only once it is gone:
 * there is no surge, and every step takes a serving pod away.
 */
import { parseIntOrPercent, Pods } from '../../core/rollout-arithmetic';
import { preStopSleepSeconds } from '../../core/prestop';
import { resolveStatefulSetUpdate } from '../../core/stateful-set';
import { FIELD_SINCE, parseTarget, serves, defaultTarget } from '../../core/target-version';
import { secondsToReady, TimingOptions } from '../deployment';
import { Manifest, objectName, PlanError } from '../manifests';
import { PlanStep } from '../simulate';
import { AppPlan, ObjectModel, objectId } from '../app-plan';
import { summarize } from '../summary';

/** The numbers of one StatefulSet update. */
export interface StatefulSetUpdateInput {
  readonly name: string;
  readonly replicas: number;
  readonly partition: number;
  /** Pods deleted at once when the feature is on (resolved, at least 1); ignored without it. */
  readonly maxUnavailable: number;
  /** Whether the MaxUnavailableStatefulSet feature is on (target 1.37 and later). */
  readonly maxUnavailableServed: boolean;
  /** OrderedReady (true) or Parallel. */
  readonly orderedReady: boolean;
  readonly secondsToAvailable: number;
  readonly secondsToTerminate: number;
  /**
   * Ordinals from here up already run the new revision (a canary's partition before promotion).
   * @default - replicas: every pod runs the old revision
   */
  readonly fromPartition?: number;
  /** Model a new revision whose pods never become ready: where the release stops. */
  readonly newNeverReady?: boolean;
}

/** A simulated StatefulSet update. */
export interface StatefulSetSimulation {
  readonly steps: PlanStep[];
  readonly completeAt?: number;
  /** Where and why it stops, when it does. */
  readonly stalled?: string;
}

type Phase = 'available' | 'starting' | 'terminating' | 'absent';
interface Pod { revision: 'old' | 'new'; phase: Phase; until: number }

/** Runs the update of a changed pod template from `replicas` old pods (all available). */
export function simulateStatefulSetUpdate(input: StatefulSetUpdateInput): StatefulSetSimulation {
  const { replicas, partition } = input;
  const from = input.fromPartition ?? replicas;
  const pods: Pod[] = Array.from({ length: replicas }, (_, i) => ({ revision: i >= from ? 'new' : 'old', phase: 'available', until: 0 }));
  const steps: PlanStep[] = [];
  let time = 0;
  const record = (action: string) => {
    const count = (revision: string, phase: Phase) => pods.filter((p) => p.revision === revision && p.phase === phase).length;
    steps.push({
      time,
      action,
      oldReady: count('old', 'available'),
      oldTerminating: count('old', 'terminating'),
      newStarting: count('new', 'starting') + count('old', 'starting'),
      newPending: 0,
      newReady: count('new', 'available'),
      total: pods.filter((p) => p.phase === 'available' || p.phase === 'starting').length,
      available: pods.filter((p) => p.phase === 'available').length,
    });
  };
  const pod = (i: number) => `${input.name}-${i}`;
  const already = replicas - Math.min(from, replicas);
  record(`start: ${replicas - already} pod(s) at the old revision${already ? `, ${already} at the new` : ''}; partition ${partition}`);

  /** One sync: returns the action taken, or undefined when the controller has nothing to do now. */
  const sync = (): string | undefined => {
    for (let i = 0; i < replicas; i++) {
      const p = pods[i];
      if (p.phase === 'absent') {
        p.revision = i >= partition ? 'new' : p.revision;
        p.phase = 'starting';
        p.until = input.newNeverReady && p.revision === 'new' ? Infinity : time + input.secondsToAvailable;
        return `create ${pod(i)} (${p.revision} revision)`;
      }
      if (input.orderedReady && p.phase !== 'available') return undefined;
    }
    const unavailable = pods.filter((p) => p.phase !== 'available').length;
    if (!input.maxUnavailableServed) {
      for (let i = replicas - 1; i >= partition; i--) {
        const p = pods[i];
        if (p.revision === 'old' && p.phase !== 'terminating') {
          p.phase = 'terminating';
          p.until = time + input.secondsToTerminate;
          return `delete ${pod(i)} (one at a time, highest ordinal first)`;
        }
        if (p.phase !== 'available') return undefined;
      }
      return undefined;
    }
    if (unavailable > input.maxUnavailable) return undefined;
    const deleted: string[] = [];
    for (let i = replicas - 1; i >= partition && deleted.length < input.maxUnavailable - unavailable; i--) {
      const p = pods[i];
      if (p.revision === 'old' && p.phase !== 'terminating') {
        p.phase = 'terminating';
        p.until = time + input.secondsToTerminate;
        deleted.push(pod(i));
      }
    }
    return deleted.length ? `delete ${deleted.join(', ')} (maxUnavailable ${input.maxUnavailable}: ${unavailable} unavailable before)` : undefined;
  };

  const done = () => pods.every((p, i) => p.phase === 'available' && (i < partition || p.revision === 'new'));
  for (let guard = 0; guard < 10 * replicas + 10; guard++) {
    for (let action = sync(); action; action = sync()) record(action);
    if (done()) return { steps, completeAt: time };
    const next = Math.min(...pods.filter((p) => p.phase === 'starting' || p.phase === 'terminating').map((p) => p.until));
    if (!Number.isFinite(next)) {
      const stuck = pods.map((p, i) => ({ p, i })).filter(({ p }) => p.phase === 'starting').map(({ i }) => pod(i));
      return {
        steps,
        stalled: `${stuck.join(', ')} of the new revision never become ready: the update stops here, ordinals below keep the old revision, and reverting the template does not replace ${stuck.length > 1 ? 'them' : 'it'} (delete ${stuck.length > 1 ? 'them' : 'it'} by hand once the template is reverted: Kubernetes' "Forced rollback")`,
      };
    }
    time = next;
    pods.forEach((p, i) => {
      if (p.until !== time) return;
      if (p.phase === 'terminating') { p.phase = 'absent'; record(`${pod(i)} gone (terminated)`); }
      else if (p.phase === 'starting') { p.phase = 'available'; record(`${pod(i)} available (${p.revision} revision)`); }
    });
  }
  return { steps, stalled: 'the model did not converge' };
}

/** Reads a StatefulSet manifest into the update's numbers; throws a PlanError for values the API server refuses. */
export function readStatefulSet(manifest: Manifest, timing: TimingOptions & { targetVersion?: string } = {}):
StatefulSetUpdateInput & { notes: string[] } {
  const o = manifest.object;
  const fail = (field: string, value: unknown, allowed: string): never => {
    throw new PlanError(`${manifest.file}: ${objectName(o)}: ${field} is ${JSON.stringify(value)}; ${allowed}`);
  };
  const spec = o.spec ?? {};
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) fail('spec.replicas', replicas, 'a whole number, 0 or more');
  const rolling = spec.updateStrategy?.rollingUpdate ?? {};
  const partition = rolling.partition ?? 0;
  if (!Number.isInteger(partition) || partition < 0) fail('spec.updateStrategy.rollingUpdate.partition', partition, 'a whole number, 0 or more');
  let maxUnavailable: Pods | undefined;
  if (rolling.maxUnavailable !== undefined) {
    const parsed = parseIntOrPercent(rolling.maxUnavailable);
    if (!parsed || parsed.amount < 1 || (parsed.percent && parsed.amount > 100)) {
      fail('spec.updateStrategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'at least 1, or a percentage from 1% to 100%');
    }
    maxUnavailable = parsed!.percent ? Pods.percent(parsed!.amount) : Pods.count(parsed!.amount);
  }
  const parsedTarget = timing.targetVersion === undefined ? { target: defaultTarget() } : parseTarget(timing.targetVersion);
  const target = 'target' in parsedTarget ? parsedTarget.target : defaultTarget();
  const served = serves(target, FIELD_SINCE.statefulSetMaxUnavailable);
  const update = resolveStatefulSetUpdate(replicas, Math.min(partition, replicas), served ? maxUnavailable : undefined);
  const pod = spec.template?.spec ?? {};
  const main = (pod.containers ?? [])[0] ?? {};
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const drain = Math.max(0, ...(pod.containers ?? []).map((c: any) => preStopSleepSeconds(c?.lifecycle?.preStop) ?? 0));
  const minReady = spec.minReadySeconds ?? 0;
  const ready = secondsToReady(main, timing.appStartSeconds ?? 1);
  const notes = [
    `\`${o.metadata?.name}\`: ${update.summary}`,
    `no surge: a pod is deleted before its replacement (same name, same volume claims) starts, so capacity drops by ${update.maxUnavailable} pod(s) per step; the disruption budget does not limit an update, so size replicas so that ${replicas - update.maxUnavailable} pod(s) carry the load`,
    `a new pod available about ${ready + minReady} s after it starts (ready ~${ready} s from its probes + minReadySeconds ${minReady}); an old pod terminates for up to ${grace} s (preStop drain ${drain} s, grace period)`,
  ];
  if (maxUnavailable && !served) {
    notes.push(`maxUnavailable ${maxUnavailable} is ignored at Kubernetes ${target.text} (MaxUnavailableStatefulSet is off by default before 1.${FIELD_SINCE.statefulSetMaxUnavailable}): one pod at a time`);
  }
  return {
    name: o.metadata?.name ?? '?',
    replicas,
    partition: update.partition,
    maxUnavailable: update.maxUnavailable,
    maxUnavailableServed: served,
    orderedReady: (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady',
    secondsToAvailable: ready + minReady,
    secondsToTerminate: drain > grace ? grace + 2 : grace,
    notes,
  };
}

/** The plan of one StatefulSet: its update as written, and where it stops if the new revision never becomes ready. */
export function planStatefulSet(manifest: Manifest, timing: TimingOptions & { targetVersion?: string } = {}): AppPlan {
  const input = readStatefulSet(manifest, timing);
  const sim = simulateStatefulSetUpdate(input);
  const stuck = simulateStatefulSetUpdate({ ...input, newNeverReady: true });
  const ns = manifest.object.metadata?.namespace;
  const where = ns ? `${ns}/${input.name}` : input.name;
  return {
    title: `StatefulSet ${where}`,
    id: objectId('statefulset', ns, input.name),
    file: manifest.file,
    replicas: input.replicas,
    steps: sim.steps,
    notes: [
      ...input.notes,
      `if the new revision never becomes ready, the update stops after step ${stuck.steps.length} (${stuck.steps[stuck.steps.length - 1].action}) with ${Math.min(...stuck.steps.map((s) => s.available))} of ${input.replicas} pods available: ${stuck.stalled}`,
    ],
    marks: input.partition > 0 ? [{ step: sim.steps.length, label: `partition ${input.partition}` }] : [],
    summary: summarize(sim.steps, input.replicas, sim, { nodesNote: 'no surge: the update needs no node beyond those the pods run on' }),
  };
}

/** Every StatefulSet, each its own app, updated by the StatefulSet controller. */
export const STATEFUL_SET: ObjectModel = { kind: 'StatefulSet', plan: (manifest, options) => planStatefulSet(manifest, options) };
