/**
 * The DaemonSet controller's rolling update, node by node, on plain numbers: what
 * `pkg/controller/daemon/update.go` (rollingUpdate) does on each sync.
 *
 *  - maxSurge above 0: a node with only an old pod is a candidate; a node with an old pod and a new
 *    one not yet available counts against the surge; once the new pod is available the old one is
 *    deleted. New pods are created on the first `maxSurge - in progress` candidates. No node is
 *    without an available pod.
 *  - maxSurge 0: up to `maxUnavailable - nodes without an available pod` old pods are deleted; the
 *    replacement starts right away (a terminating pod is not counted), except that a pod binding a
 *    host port can only start once the old one is gone (the scheduler still counts its port).
 *
 * Percentages of maxSurge and maxUnavailable round up against the number of nodes (daemon util).
 */
import { parseIntOrPercent } from '../../core/rollout-arithmetic';
import { preStopSleepSeconds } from '../../core/prestop';
import { secondsToReady, TimingOptions } from '../deployment';
import { Manifest, objectName, PlanError } from '../manifests';
import { PlanStep } from '../simulate';
import { AppPlan, ObjectModel, objectId } from '../app-plan';
import { summarize } from '../summary';

/** The numbers of one DaemonSet update. */
export interface DaemonSetUpdateInput {
  readonly name: string;
  readonly nodes: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  /** The pods bind a host port (or the node's network): a replacement starts only once the old pod is gone. */
  readonly hostPort: boolean;
  readonly secondsToAvailable: number;
  readonly secondsToTerminate: number;
}

interface Node { old: 'available' | 'terminating' | 'none'; oldUntil: number; fresh: 'none' | 'waiting' | 'starting' | 'available'; freshUntil: number }

/** Runs the update of a changed pod template on `nodes` nodes, each running an available old pod. */
export function simulateDaemonSetUpdate(input: DaemonSetUpdateInput): { steps: PlanStep[]; completeAt?: number; stalled?: string } {
  const nodes: Node[] = Array.from({ length: input.nodes }, () => ({ old: 'available', oldUntil: 0, fresh: 'none', freshUntil: 0 }));
  const steps: PlanStep[] = [];
  let time = 0;
  const node = (i: number) => `node-${i + 1}`;
  const record = (action: string) => {
    const count = (pred: (n: Node) => boolean) => nodes.filter(pred).length;
    const oldReady = count((n) => n.old === 'available');
    const newReady = count((n) => n.fresh === 'available');
    const newStarting = count((n) => n.fresh === 'starting' || n.fresh === 'waiting');
    steps.push({
      time, action, oldReady, oldTerminating: count((n) => n.old === 'terminating'), newStarting, newPending: count((n) => n.fresh === 'waiting'),
      newReady, total: oldReady + newStarting + newReady, available: oldReady + newReady,
    });
  };
  const start = (n: Node) => {
    const blocked = input.hostPort && n.old !== 'none';
    n.fresh = blocked ? 'waiting' : 'starting';
    n.freshUntil = blocked ? Infinity : time + input.secondsToAvailable;
  };
  record(`start: ${input.nodes} nodes, each with an old pod`);
  const sync = (): string | undefined => {
    const actions: string[] = [];
    if (input.maxSurge > 0) {
      let inProgress = 0;
      const candidates: number[] = [];
      nodes.forEach((n, i) => {
        if (n.old !== 'available') return;
        if (n.fresh === 'none') candidates.push(i);
        else if (n.fresh !== 'available') inProgress++;
        else { n.old = 'terminating'; n.oldUntil = time + input.secondsToTerminate; actions.push(`delete the old pod on ${node(i)} (its new pod is available)`); }
      });
      candidates.slice(0, Math.max(0, input.maxSurge - inProgress)).forEach((i) => { start(nodes[i]); actions.push(`create a new pod on ${node(i)} (surge)`); });
    } else {
      const unavailable = nodes.filter((n) => n.old !== 'available' && n.fresh !== 'available').length;
      const candidates = nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.old === 'available' && n.fresh === 'none');
      candidates.slice(0, Math.max(0, input.maxUnavailable - unavailable)).forEach(({ n, i }) => {
        n.old = 'terminating';
        n.oldUntil = time + input.secondsToTerminate;
        start(n);
        actions.push(`delete the old pod on ${node(i)}, create its replacement${input.hostPort ? ' (it waits for the host port)' : ''}`);
      });
    }
    return actions.length ? actions.join('; ') : undefined;
  };
  const done = () => nodes.every((n) => n.old === 'none' && n.fresh === 'available');
  for (let guard = 0; guard < 10 * input.nodes + 10; guard++) {
    for (let action = sync(); action; action = sync()) record(action);
    if (done()) return { steps, completeAt: time };
    const next = Math.min(...nodes.flatMap((n) => [n.old === 'terminating' ? n.oldUntil : Infinity, n.fresh === 'starting' ? n.freshUntil : Infinity]));
    if (!Number.isFinite(next)) return { steps, stalled: 'no pod can start or stop: a surge pod that needs the old pod\'s host port never starts' };
    time = next;
    nodes.forEach((n, i) => {
      if (n.old === 'terminating' && n.oldUntil === time) {
        n.old = 'none';
        if (n.fresh === 'waiting') { n.fresh = 'starting'; n.freshUntil = time + input.secondsToAvailable; }
        record(`old pod on ${node(i)} gone`);
      }
      if (n.fresh === 'starting' && n.freshUntil === time) { n.fresh = 'available'; record(`new pod on ${node(i)} available`); }
    });
  }
  return { steps, stalled: 'the model did not converge' };
}

/** Reads a DaemonSet manifest at `nodes` nodes; throws a PlanError for values the API server refuses. */
export function readDaemonSet(manifest: Manifest, nodes: number, timing: TimingOptions = {}): DaemonSetUpdateInput {
  const o = manifest.object;
  const fail = (field: string, value: unknown, allowed: string): never => {
    throw new PlanError(`${manifest.file}: ${objectName(o)}: ${field} is ${JSON.stringify(value)}; ${allowed}`);
  };
  const rolling = o.spec?.updateStrategy?.rollingUpdate ?? {};
  const resolve = (key: string, fallback: number | string): number => {
    const value = rolling[key] ?? fallback;
    const parsed = parseIntOrPercent(value);
    if (!parsed || parsed.amount < 0 || (parsed.percent && parsed.amount > 100)) fail(`spec.updateStrategy.rollingUpdate.${key}`, value, 'a whole number of pods or a percentage up to 100%');
    return parsed!.percent ? Math.ceil((nodes * parsed!.amount) / 100) : parsed!.amount;
  };
  const maxSurge = resolve('maxSurge', 0);
  const maxUnavailable = resolve('maxUnavailable', 1);
  if ((maxSurge === 0) === (maxUnavailable === 0)) fail('spec.updateStrategy.rollingUpdate', rolling, 'exactly one of maxSurge and maxUnavailable is 0');
  const pod = o.spec?.template?.spec ?? {};
  const containers: any[] = pod.containers ?? [];
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const drain = Math.max(0, ...containers.map((c) => preStopSleepSeconds(c?.lifecycle?.preStop) ?? 0));
  return {
    name: o.metadata?.name ?? '?',
    nodes,
    maxSurge,
    maxUnavailable,
    hostPort: pod.hostNetwork === true || containers.some((c) => (c.ports ?? []).some((p: any) => p.hostPort !== undefined)),
    secondsToAvailable: secondsToReady(containers[0] ?? {}, timing.appStartSeconds ?? 1) + (o.spec?.minReadySeconds ?? 0),
    secondsToTerminate: drain > grace ? grace + 2 : grace,
  };
}

/** The plan of one DaemonSet on `nodes` nodes (the plan's `nodes` option, 3 when not given). */
export function planDaemonSet(manifest: Manifest, timing: TimingOptions & { nodes?: number } = {}): AppPlan {
  const nodes = timing.nodes ?? 3;
  const input = readDaemonSet(manifest, nodes, timing);
  const sim = simulateDaemonSetUpdate(input);
  const ns = manifest.object.metadata?.namespace;
  const strategy = input.maxSurge > 0
    ? `maxSurge ${input.maxSurge}: the new pod starts next to the old one, which is deleted once the new one is available; no node is without an available pod`
    : `maxUnavailable ${input.maxUnavailable}: the old pod stops before its replacement is available, so ${input.maxUnavailable} node(s) at a time are without the agent`;
  return {
    title: `DaemonSet ${ns ? `${ns}/` : ''}${input.name}`,
    id: objectId('daemonset', ns, input.name),
    file: manifest.file,
    replicas: nodes,
    steps: sim.steps,
    notes: [
      `\`${input.name}\`: planned on ${nodes} nodes (the plan's nodes option), one pod each; ${strategy}`,
      ...(input.hostPort && input.maxSurge > 0 ? ['the pods bind a host port (or the node\'s network): a surge pod cannot start next to the old one, and the update stops on the first node'] : []),
    ],
    marks: [],
    summary: summarize(sim.steps, nodes, sim, { nodesNote: `one pod per node: ${nodes} nodes` }),
  };
}

/** Every DaemonSet, each its own app, updated by the DaemonSet controller. */
export const DAEMON_SET: ObjectModel = { kind: 'DaemonSet', plan: (manifest, options) => planDaemonSet(manifest, options) };
