/**
 * What the plan needs of one Deployment manifest: its resolved rollout numbers (Kubernetes' rounding
 * from src/core/pods.ts), the estimated time for a new pod to become available, how long an old pod
 * terminates, and the scheduling rule that limits pods per node. Invalid rollout values are errors
 * naming the file and the object, as the API server would refuse them.
 */
import { Pods, resolveRollout } from '../core/rollout-arithmetic';
import { parseIntOrPercent } from '../core/rollout-arithmetic';
import { preStopSleepSeconds } from '../core/prestop';
import { HOSTNAME_KEY, POD_TEMPLATE_HASH } from '../core/well-known-labels';
import { labelSelectorSelects } from '../core/selectors';
import { Manifest, objectName, PlanError } from './manifests';
import { Placement } from './simulate';

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
  /** The HorizontalPodAutoscaler that scales it, if any: `replicas` is then its minReplicas. */
  readonly autoscaler?: Autoscaler;
  /** `25% = 1` style descriptions of the settings, for the summary. */
  readonly strategyText: string;
  /** maxSurge / maxUnavailable as written (Pods.count(0) with Recreate), to resolve at another replica count. */
  readonly surge: Pods;
  readonly unavailable: Pods;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly forced: boolean;
  readonly minReadySeconds: number;
  readonly secondsToReady: number;
  readonly secondsToTerminate: number;
  readonly drainSeconds: number;
  readonly placement?: Placement;
}

/** The replica range a HorizontalPodAutoscaler keeps a Deployment in. */
export interface Autoscaler {
  /** `HorizontalPodAutoscaler/shop/web`. */
  readonly ref: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

function failWith(manifest: Manifest): (field: string, value: unknown, allowed: string) => never {
  return (field, value, allowed) => {
    throw new PlanError(`${manifest.file}: ${objectName(manifest.object)}: ${field} is ${JSON.stringify(value)}; ${allowed}`);
  };
}

/** Reads the bounds of an autoscaler; throws a PlanError for bounds the API server refuses. */
function readAutoscaler(manifest: Manifest): Autoscaler {
  const fail = failWith(manifest);
  const spec = manifest.object.spec ?? {};
  const minReplicas = spec.minReplicas ?? 1;
  if (!Number.isInteger(minReplicas) || minReplicas < 1) fail('spec.minReplicas', minReplicas, 'a whole number, 1 or more');
  const maxReplicas = spec.maxReplicas;
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) fail('spec.maxReplicas', maxReplicas, `a whole number, minReplicas (${minReplicas}) or more`);
  return { ref: objectName(manifest.object), minReplicas, maxReplicas };
}

/**
 * Reads a Deployment's rollout facts; throws a PlanError naming file, object and field for invalid values.
 * With `autoscalerManifest` (the HorizontalPodAutoscaler that scales it) the plan starts at its minReplicas.
 */
export function readDeployment(manifest: Manifest, timing: TimingOptions = {}, autoscalerManifest?: Manifest): DeploymentFacts {
  const d = manifest.object;
  const fail = failWith(manifest);
  const spec = d.spec ?? {};
  const written = spec.replicas ?? 1;
  if (!Number.isInteger(written) || written < 0) fail('spec.replicas', written, 'a whole number, 0 or more');
  const autoscaler = autoscalerManifest && readAutoscaler(autoscalerManifest);
  // The autoscaler owns replicas: a release starts from its minReplicas at the least.
  const replicas = autoscaler?.minReplicas ?? written;
  const minReadySeconds = spec.minReadySeconds ?? 0;
  if (!Number.isInteger(minReadySeconds) || minReadySeconds < 0) fail('spec.minReadySeconds', minReadySeconds, 'whole seconds, 0 or more');
  const strategy = spec.strategy ?? {};
  const type = strategy.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'Recreate') fail('spec.strategy.type', type, 'RollingUpdate or Recreate');
  let surge = Pods.count(0);
  let unavailable = Pods.count(0);
  if (type === 'RollingUpdate') {
    const rolling = strategy.rollingUpdate ?? {};
    const read = (key: string, fallback: string): Pods => {
      const value = rolling[key] ?? fallback;
      const parsed = parseIntOrPercent(value);
      if (!parsed || parsed.amount < 0) fail(`spec.strategy.rollingUpdate.${key}`, value, 'a whole number of pods or a percentage such as "25%"');
      if (key === 'maxUnavailable' && parsed!.percent && parsed!.amount > 100) fail(`spec.strategy.rollingUpdate.${key}`, value, 'at most 100%');
      return parsed!.percent ? Pods.percent(parsed!.amount) : Pods.count(parsed!.amount);
    };
    surge = read('maxSurge', '25%');
    unavailable = read('maxUnavailable', '25%');
    if (surge._isZero() && unavailable._isZero()) fail('spec.strategy.rollingUpdate', rolling, 'maxSurge and maxUnavailable may not both be 0 (the API server refuses it)');
  }
  const pod = spec.template?.spec ?? {};
  const podLabels = spec.template?.metadata?.labels ?? {};
  const main = (pod.containers ?? [])[0] ?? {};
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || grace < 0) fail('spec.template.spec.terminationGracePeriodSeconds', grace, 'whole seconds, 0 or more');
  const drainSeconds = Math.max(0, ...(pod.containers ?? []).map((c: any) => preStopSleepSeconds(c?.lifecycle?.preStop) ?? 0));
  return atReplicas({
    manifest,
    name: d.metadata?.name ?? '?',
    namespace: d.metadata?.namespace,
    labels: d.metadata?.labels ?? {},
    podLabels,
    replicas,
    autoscaler,
    recreate: type === 'Recreate',
    strategyText: 'Recreate',
    surge,
    unavailable,
    maxSurge: 0,
    maxUnavailable: 0,
    forced: false,
    minReadySeconds,
    secondsToReady: secondsToReady(main, timing.appStartSeconds ?? 1),
    // The kubelet runs preStop, then SIGTERM, and kills at the end of the grace period: plan for the
    // longest (a preStop that overruns the grace period gets a one-off 2 s).
    secondsToTerminate: drainSeconds > grace ? grace + 2 : grace,
    drainSeconds,
    placement: placementOf(pod, podLabels),
  }, replicas);
}

/** The Deployment at `replicas`, its rollout numbers resolved at that count as the controller does. */
export function atReplicas(d: DeploymentFacts, replicas: number): DeploymentFacts {
  if (d.recreate) return { ...d, replicas };
  const resolved = resolveRollout(replicas, d.surge, d.unavailable);
  // MaxUnavailable(): never more than replicas.
  const maxUnavailable = Math.min(resolved.maxUnavailable, replicas);
  const forced = resolved.forced ? ' (both resolved to 0: the controller forces 1)' : '';
  return {
    ...d,
    replicas,
    maxSurge: resolved.maxSurge,
    maxUnavailable,
    forced: resolved.forced,
    strategyText: `RollingUpdate maxSurge ${d.surge} = ${resolved.maxSurge}, maxUnavailable ${d.unavailable} = ${maxUnavailable}${forced}`,
  };
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
  const perRevision = (keys: unknown): boolean => Array.isArray(keys) && keys.includes(POD_TEMPLATE_HASH);
  for (const term of pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (term.topologyKey === HOSTNAME_KEY && labelSelectorSelects(term.labelSelector, podLabels, false)) {
      const scoped = perRevision(term.matchLabelKeys);
      return { perNode: 1, perRevision: scoped, description: `required anti-affinity on ${HOSTNAME_KEY}${scoped ? ' per revision' : ''}` };
    }
  }
  for (const c of pod.topologySpreadConstraints ?? []) {
    if (c.topologyKey === HOSTNAME_KEY && c.whenUnsatisfiable === 'DoNotSchedule' && c.minDomains > 1 && labelSelectorSelects(c.labelSelector, podLabels, false)) {
      const scoped = perRevision(c.matchLabelKeys);
      return {
        perNode: c.maxSkew ?? 1, belowNodes: c.minDomains, perRevision: scoped,
        description: `spread on ${HOSTNAME_KEY} (maxSkew ${c.maxSkew ?? 1}, minDomains ${c.minDomains})${scoped ? ' per revision' : ''}`,
      };
    }
  }
  return undefined;
}
