/**
 * What the plan needs of one Deployment manifest: its resolved rollout numbers (Kubernetes' rounding
 * from src/core/pods.ts), the estimated time for a new pod to become available, how long an old pod
 * terminates, and the scheduling rule that limits pods per node. Invalid rollout values are errors
 * naming the file and the object, as the API server would refuse them.
 */
import { Pods, resolveRollout } from '../core/pods';
import { parseIntOrPercent } from '../core/pods';
import { labelSelectorSelects } from '../core/selectors';
import { Manifest, objectName, PlanError } from './manifests';
import { Placement } from './simulate';

const HOSTNAME = 'kubernetes.io/hostname';

/** Assumptions of the time estimates, changeable from the CLI. */
export interface TimingOptions {
  /** Seconds after its container starts until the app answers its probes. @default 1 */
  readonly appStartSeconds?: number;
}

/** A Deployment, read for the plan. */
export interface DeploymentFacts {
  readonly manifest: Manifest;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly replicas: number;
  readonly recreate: boolean;
  /** `25% = 1` style descriptions of the settings, for the summary. */
  readonly strategyText: string;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly forced: boolean;
  readonly minReadySeconds: number;
  readonly secondsToReady: number;
  readonly secondsToTerminate: number;
  readonly drainSeconds: number;
  readonly placement?: Placement;
}

/** Reads a Deployment's rollout facts; throws a PlanError naming file, object and field for invalid values. */
export function readDeployment(manifest: Manifest, timing: TimingOptions = {}): DeploymentFacts {
  const d = manifest.object;
  const where = `${manifest.file}: ${objectName(d)}`;
  const fail = (field: string, value: unknown, allowed: string): never => {
    throw new PlanError(`${where}: ${field} is ${JSON.stringify(value)}; ${allowed}`);
  };
  const spec = d.spec ?? {};
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) fail('spec.replicas', replicas, 'a whole number, 0 or more');
  const minReadySeconds = spec.minReadySeconds ?? 0;
  if (!Number.isInteger(minReadySeconds) || minReadySeconds < 0) fail('spec.minReadySeconds', minReadySeconds, 'whole seconds, 0 or more');
  const strategy = spec.strategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'Recreate') fail('spec.strategy.type', type, 'RollingUpdate or Recreate');
  let maxSurge = 0;
  let maxUnavailable = 0;
  let forced = false;
  let strategyText = 'Recreate';
  if (type === 'RollingUpdate') {
    const rolling = strategy.rollingUpdate ?? {};
    const read = (key: string, fallback: string): Pods => {
      const value = rolling[key] ?? fallback;
      const parsed = parseIntOrPercent(value);
      if (!parsed || parsed.amount < 0) fail(`spec.strategy.rollingUpdate.${key}`, value, 'a whole number of pods or a percentage such as "25%"');
      if (key === 'maxUnavailable' && parsed!.percent && parsed!.amount > 100) fail(`spec.strategy.rollingUpdate.${key}`, value, 'at most 100%');
      return parsed!.percent ? Pods.percent(parsed!.amount) : Pods.count(parsed!.amount);
    };
    const surge = read('maxSurge', '25%');
    const unavailable = read('maxUnavailable', '25%');
    if (surge._isZero() && unavailable._isZero()) fail('spec.strategy.rollingUpdate', rolling, 'maxSurge and maxUnavailable may not both be 0 (the API server refuses it)');
    const resolved = resolveRollout(replicas, surge, unavailable);
    maxSurge = resolved.maxSurge;
    // MaxUnavailable(): never more than replicas.
    maxUnavailable = Math.min(resolved.maxUnavailable, replicas);
    forced = resolved.forced;
    strategyText = `RollingUpdate maxSurge ${surge} = ${maxSurge}, maxUnavailable ${unavailable} = ${maxUnavailable}${forced ? ' (both resolved to 0: the controller forces 1)' : ''}`;
  }
  const pod = spec.template?.spec ?? {};
  const podLabels = spec.template?.metadata?.labels ?? {};
  const main = (pod.containers ?? [])[0] ?? {};
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || grace < 0) fail('spec.template.spec.terminationGracePeriodSeconds', grace, 'whole seconds, 0 or more');
  const drainSeconds = Math.max(0, ...(pod.containers ?? []).map((c: any) => preStopSeconds(c)));
  return {
    manifest,
    name: d.metadata?.name ?? '?',
    namespace: d.metadata?.namespace,
    labels: d.metadata?.labels ?? {},
    podLabels,
    replicas,
    recreate: type === 'Recreate',
    strategyText,
    maxSurge,
    maxUnavailable,
    forced,
    minReadySeconds,
    secondsToReady: secondsToReady(main, timing.appStartSeconds ?? 1),
    // The kubelet runs preStop, then SIGTERM, and kills at the end of the grace period: plan for the
    // longest (a preStop that overruns the grace period gets a one-off 2 s).
    secondsToTerminate: drainSeconds > grace ? grace + 2 : grace,
    drainSeconds,
    placement: placementOf(pod, podLabels),
  };
}

/** The seconds of a `sleep N` exec preStop hook or a `sleep` action; 0 otherwise. */
function preStopSeconds(container: any): number {
  const preStop = container?.lifecycle?.preStop ?? {};
  if (Number.isInteger(preStop.sleep?.seconds)) return preStop.sleep.seconds;
  const command: unknown[] = preStop.exec?.command ?? [];
  const text = command.map(String).join(' ');
  const match = /(?:^|\s|\/)sleep\s+(\d+)\b/.exec(text);
  return match ? parseInt(match[1], 10) : 0;
}

/**
 * An estimate of the seconds from a pod's start to Ready: probes run every periodSeconds from the
 * start, none before initialDelaySeconds; the app answers `appStart` seconds after it starts; readiness
 * is probed only once the startup probe has passed, and needs successThreshold passes in a row.
 */
export function secondsToReady(container: any, appStart: number): number {
  const firstPass = (probe: any, notBefore: number): number => {
    const period = probe.periodSeconds ?? 10;
    const earliest = Math.max(notBefore, probe.initialDelaySeconds ?? 0);
    return Math.ceil(earliest / period) * period + ((probe.successThreshold ?? 1) - 1) * period;
  };
  const started = container.startupProbe ? firstPass(container.startupProbe, appStart) : appStart;
  return container.readinessProbe ? firstPass(container.readinessProbe, started) : started;
}

/** The tightest rule that limits this Deployment's pods per node, if any. */
function placementOf(pod: any, podLabels: Record<string, string>): Placement | undefined {
  const perRevision = (keys: unknown): boolean => Array.isArray(keys) && keys.includes('pod-template-hash');
  for (const term of pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (term.topologyKey === HOSTNAME && labelSelectorSelects(term.labelSelector, podLabels, false)) {
      const scoped = perRevision(term.matchLabelKeys);
      return { perNode: 1, perRevision: scoped, description: `required anti-affinity on ${HOSTNAME}${scoped ? ' per revision' : ''}` };
    }
  }
  for (const c of pod.topologySpreadConstraints ?? []) {
    if (c.topologyKey === HOSTNAME && c.whenUnsatisfiable === 'DoNotSchedule' && c.minDomains > 1 && labelSelectorSelects(c.labelSelector, podLabels, false)) {
      const scoped = perRevision(c.matchLabelKeys);
      return {
        perNode: c.maxSkew ?? 1, belowNodes: c.minDomains, perRevision: scoped,
        description: `spread on ${HOSTNAME} (maxSkew ${c.maxSkew ?? 1}, minDomains ${c.minDomains})${scoped ? ' per revision' : ''}`,
      };
    }
  }
  return undefined;
}
