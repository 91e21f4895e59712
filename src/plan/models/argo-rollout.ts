/**
 * An Argo Rollout whose pod template is a Deployment (`workloadRef`, how the library graduates an
 * app): the Rollout's steps, with the replica counts Argo Rollouts derives from them, its gates
 * (pauses, analyses) and its promotion. Numbers from argo-rollouts v1.9 (utils/replicaset/canary.go,
 * utils/defaults/defaults.go, analysis/analysis.go), cited where used.
 */
import { goDurationSeconds } from '../../core/go-duration';
import { isObject, KubeObject } from '../../core/kube-object';
import { replicaRange } from '../../core/pod-templates';
import { parseIntOrPercent, Pods, resolveRollout } from '../../core/rollout-arithmetic';
import { AppModel, AppPlan, idOf, timingNote } from '../app-plan';
import { ReleasePhase, runPhases } from '../controller-release';
import { DeploymentFacts } from '../deployment';
import { summarize } from '../summary';

/** Argo's defaults (utils/defaults/defaults.go): DefaultScaleDownDelaySeconds, DefaultMaxSurge, DefaultMaxUnavailable. */
const DEFAULT_SCALE_DOWN_DELAY = 30;
const DEFAULT_MAX_SURGE = '25%';
const DEFAULT_MAX_UNAVAILABLE = '25%';

/** The Rollout whose `workloadRef` is this Deployment. */
function rolloutOf(d: DeploymentFacts, objects: readonly KubeObject[]): KubeObject | undefined {
  return objects.find((o) => o.is('argoproj.io', 'Rollout') && o.namespace === (d.namespace ?? '') && isObject(o.spec.workloadRef)
    && (o.spec.workloadRef.kind ?? 'Deployment') === 'Deployment' && o.spec.workloadRef.name === d.name);
}

/**
 * Canary and stable pods with traffic routing at `weight` (CalculateReplicaCountsForTrafficRoutedCanary):
 * the canary `trafficWeightToReplicas` (weight × replicas / 100, rounded up); the stable stays at
 * the full count, or with dynamicStableScale the same of (100 − weight).
 */
export function trafficRoutedCounts(replicas: number, weight: number, dynamicStableScale: boolean): { canary: number; stable: number } {
  const toReplicas = (w: number) => Math.ceil(w * replicas / 100);
  return { canary: toReplicas(weight), stable: dynamicStableScale ? toReplicas(100 - weight) : replicas };
}

/**
 * Canary and stable pods without traffic routing (approximateWeightedCanaryStableReplicaCounts, as
 * CalculateReplicaCountsForBasicCanary aims at): of the floor and the ceiling of weight × replicas,
 * over replicas and, when maxSurge allows, replicas + 1, the split whose share is closest to the
 * weight (the first such option in Argo's order wins a tie); 0 canary (or stable) pods only at
 * weight 0 (100), or for one replica without surge.
 */
export function basicCanaryCounts(replicas: number, weight: number, maxSurge: number): { canary: number; stable: number } {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const exact = replicas * weight / 100;
  const ceil = Math.ceil(exact);
  const floor = Math.floor(exact);
  const tied = (total: number) => (total * weight / 100) % 1 === 0.5;
  const zeroAllowed = weight === 100 || weight === 0 || (replicas === 1 && maxSurge === 0);
  const options: { canary: number; total: number }[] = [];
  if (ceil < replicas || zeroAllowed) options.push({ canary: ceil, total: replicas });
  if (!tied(replicas) && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas });
  if (maxSurge > 0) {
    options.push({ canary: ceil, total: replicas + 1 });
    if (!tied(replicas + 1) && (floor !== 0 || zeroAllowed)) options.push({ canary: floor, total: replicas + 1 });
  }
  const delta = (o: { canary: number; total: number }) => Math.abs(o.canary * 100 / o.total - weight);
  const best = options.reduce((a, b) => (delta(b) < delta(a) ? b : a), options[0] ?? { canary: 0, total: replicas });
  return { canary: best.canary, stable: best.total - best.canary };
}

/**
 * Seconds an analysis run of these templates takes when every measurement passes: the first
 * measurement at once, then one every `interval` until `count` (analysis.go generateMetricTasks), so
 * (count − 1) × interval for the slowest metric; undefined for a metric without count (it runs until stopped).
 */
function analysisSeconds(run: any, objects: readonly KubeObject[], namespace: string): { seconds?: number; names: string[] } {
  const names = (Array.isArray(run?.templates) ? run.templates : []).map((t: any) => String(t?.templateName));
  let seconds: number | undefined = 0;
  for (const name of names) {
    const template = objects.find((o) => o.is('argoproj.io', 'AnalysisTemplate') && o.namespace === namespace && o.name === name);
    for (const metric of Array.isArray(template?.spec.metrics) ? template!.spec.metrics : []) {
      const count = Number.isInteger(metric?.count) ? metric.count : undefined;
      const interval = goDurationSeconds(metric?.interval) ?? 0;
      seconds = seconds === undefined || count === undefined ? undefined : Math.max(seconds, (count - 1) * interval);
    }
  }
  return { seconds, names };
}

function planCanary(rollout: KubeObject, replicas: number, objects: readonly KubeObject[]): { phases: ReleasePhase[]; notes: string[] } {
  const canary = rollout.spec.strategy.canary;
  const routed = isObject(canary.trafficRouting);
  const dynamic = canary.dynamicStableScale === true;
  const pods = (value: unknown, fallback: string) => {
    const parsed = parseIntOrPercent(value ?? fallback)!;
    return parsed.percent ? Pods.percent(parsed.amount) : Pods.count(parsed.amount);
  };
  // MaxSurge / MaxUnavailable (utils/replicaset): the Deployment controller's rounding.
  const { maxSurge, maxUnavailable } = resolveRollout(replicas, pods(canary.maxSurge, DEFAULT_MAX_SURGE),
    pods(canary.maxUnavailable, DEFAULT_MAX_UNAVAILABLE));
  const notes = [routed
    ? `traffic routing: each weight is exact; the canary runs weight × ${replicas} pods rounded up, the stable ${dynamic ? '(100 − weight) × ' + replicas + ' rounded up (dynamicStableScale)' : `stays at ${replicas}`} (CalculateReplicaCountsForTrafficRoutedCanary)`
    : `no traffic routing: the weight is approximated by pod counts (approximateWeightedCanaryStableReplicaCounts), within maxSurge ${maxSurge} and maxUnavailable ${maxUnavailable}`];
  const phases: ReleasePhase[] = [];
  let weight = 0;
  let scale: number | undefined;
  let at = { old: replicas, new: 0 };
  let n = 0;
  const move = (label: string) => {
    const counts = routed ? trafficRoutedCounts(replicas, weight, dynamic) : basicCanaryCounts(replicas, weight, maxSurge);
    const next = { old: counts.stable, new: scale ?? counts.canary };
    const serving = weight > 0 ? 'both' : 'old';
    const action = `${++n}. ${label}: canary ${next.new} pod(s), stable ${next.old}`;
    // The canary scales first; the stable gives up pods once the canary's are available (with
    // routing, only once the traffic has moved to them; without, within maxUnavailable).
    if (next.old < at.old && next.new > at.new) {
      phases.push({ action, old: at.old, new: next.new, serving });
      phases.push({ action: `${n}. stable scaled to ${next.old}`, old: next.old, new: next.new, serving });
    } else {
      phases.push({ action, old: next.old, new: next.new, serving });
    }
    at = next;
  };
  const hold = (action: string, seconds: number) => phases.push({ action: `${++n}. ${action}`, old: at.old, new: at.new, serving: weight > 0 ? 'both' : 'old', holdSeconds: seconds });
  for (const step of Array.isArray(canary.steps) ? canary.steps : []) {
    if (step.setWeight !== undefined) {
      weight = step.setWeight;
      move(`setWeight ${weight}`);
    } else if (step.setCanaryScale !== undefined) {
      const s = step.setCanaryScale;
      scale = s.matchTrafficWeight ? undefined : s.replicas ?? (s.weight !== undefined ? Math.ceil(s.weight * replicas / 100) : undefined);
      move(`setCanaryScale ${s.matchTrafficWeight ? 'matchTrafficWeight' : s.replicas !== undefined ? `replicas ${s.replicas}` : `weight ${s.weight}`}`);
    } else if (step.pause !== undefined) {
      const seconds = goDurationSeconds(step.pause?.duration);
      hold(seconds === undefined ? 'pause: **gate**, waits for a person (`kubectl argo rollouts promote`)' : `pause ${seconds} s`, seconds ?? 0);
    } else if (step.analysis !== undefined) {
      const run = analysisSeconds(step.analysis, objects, rollout.namespace);
      hold(`analysis ${run.names.join(', ')}: **gate**, waits on the analysis (${run.seconds === undefined ? 'no count: until it is stopped' : `~${run.seconds} s when every measurement passes`})`, run.seconds ?? 0);
    } else {
      hold(`${Object.keys(step)[0]}: not modelled`, 0);
    }
  }
  // Full promotion: the canary ReplicaSet becomes the stable at full size, takes all traffic, and the
  // previous stable is scaled down after scaleDownDelaySeconds (with traffic routing; at once without).
  const delay = routed ? canary.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY : 0;
  phases.push({ action: `${++n}. promoted: the canary is the stable at ${replicas} pod(s), all traffic${delay ? `; the previous stable kept ${delay} s (scaleDownDelaySeconds)` : ''}`,
    old: at.old, new: replicas, serving: 'new', holdSeconds: delay });
  if (at.old > 0) phases.push({ action: `${++n}. previous stable scaled to 0`, old: 0, new: replicas, serving: 'new' });
  return { phases, notes };
}

function planBlueGreen(rollout: KubeObject, replicas: number, objects: readonly KubeObject[]): { phases: ReleasePhase[]; notes: string[] } {
  const bg = rollout.spec.strategy.blueGreen;
  const preview = Number.isInteger(bg.previewReplicaCount) ? Math.min(bg.previewReplicaCount, replicas) : replicas;
  const phases: ReleasePhase[] = [{ action: `1. preview ReplicaSet scaled to ${preview}${preview < replicas ? ' (previewReplicaCount)' : ''}; Service ${bg.previewService ?? '(no preview Service)'} selects it`, old: replicas, new: preview, serving: 'old' }];
  let n = 1;
  if (bg.prePromotionAnalysis) {
    const run = analysisSeconds(bg.prePromotionAnalysis, objects, rollout.namespace);
    phases.push({ action: `${++n}. prePromotionAnalysis ${run.names.join(', ')}: **gate** (~${run.seconds ?? '?'} s when every measurement passes)`, old: replicas, new: preview, serving: 'old', holdSeconds: run.seconds ?? 0 });
  }
  // autoPromotionEnabled defaults to true (a Rollout promotes once the preview is ready).
  if (bg.autoPromotionEnabled === false) {
    const seconds = Number.isInteger(bg.autoPromotionSeconds) ? bg.autoPromotionSeconds : undefined;
    phases.push({ action: seconds === undefined ? `${++n}. **gate**: waits for a person to promote (autoPromotionEnabled: false; \`kubectl argo rollouts promote\`)`
      : `${++n}. promotes ${seconds} s after the preview is ready (autoPromotionSeconds)`, old: replicas, new: preview, serving: 'old', holdSeconds: seconds ?? 0 });
  }
  if (preview < replicas) phases.push({ action: `${++n}. preview scaled to ${replicas} before the switch`, old: replicas, new: replicas, serving: 'old' });
  const delay = bg.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY;
  const post = bg.postPromotionAnalysis ? analysisSeconds(bg.postPromotionAnalysis, objects, rollout.namespace) : undefined;
  phases.push({
    action: `${++n}. switch: Service ${bg.activeService} selects the new ReplicaSet${post ? `; postPromotionAnalysis ${post.names.join(', ')}: **gate** (~${post.seconds ?? '?'} s)` : ''}; the previous kept ${delay} s (scaleDownDelaySeconds)`,
    old: replicas, new: replicas, serving: 'new', holdSeconds: Math.max(delay, post?.seconds ?? 0),
  });
  phases.push({ action: `${n + 1}. previous ReplicaSet scaled to 0`, old: 0, new: replicas, serving: 'new' });
  return { phases, notes: [`preview at ${preview} of ${replicas} pod(s); autoPromotionEnabled ${bg.autoPromotionEnabled !== false}`] };
}

function planRollout(d: DeploymentFacts, rollout: KubeObject, objects: readonly KubeObject[]): AppPlan | undefined {
  const strategy = isObject(rollout.spec.strategy) ? rollout.spec.strategy : {};
  if (!isObject(strategy.canary) && !isObject(strategy.blueGreen)) return undefined;
  // The Rollout's replicas (its autoscaler's minimum when one scales it): Argo owns the Deployment's.
  const range = replicaRange(rollout, objects);
  const replicas = range.min;
  const { phases, notes } = isObject(strategy.canary) ? planCanary(rollout, replicas, objects) : planBlueGreen(rollout, replicas, objects);
  const release = runPhases(replicas, phases, { secondsToAvailable: d.secondsToReady + d.minReadySeconds, secondsToTerminate: d.secondsToTerminate });
  const ns = d.namespace;
  return {
    title: `Rollout ${ns ? `${ns}/` : ''}${rollout.name} (Argo Rollouts, ${isObject(strategy.canary) ? 'canary' : 'blue/green'})`,
    id: idOf(ARGO_ROLLOUT.slug, d, rollout.name),
    file: d.manifest.file,
    replicas,
    steps: release.steps,
    notes: [
      `pod template from Deployment \`${d.name}\` (workloadRef); ${replicas} replicas${range.autoscaler ? ` (${range.autoscaler.ref}'s minReplicas; up to ${range.max})` : ''}`,
      ...notes,
      'estimated duration: pod start-up, timed pauses and analyses when every measurement passes; a **gate** waiting for a person adds their time',
      timingNote(d),
    ],
    marks: phases.map((p, i) => ({ p, i })).filter(({ p }) => /gate/.test(p.action)).map(({ p }) => ({
      step: release.steps.findIndex((s) => s.action === p.action), label: /analysis/i.test(p.action) ? 'analysis' : 'gate',
    })),
    summary: summarize(release.steps, replicas, { completeAt: release.completeAt }),
  };
}

export const ARGO_ROLLOUT: AppModel = {
  kind: 'Rollout (Argo Rollouts)',
  slug: 'argo-rollout',
  group: (deployments, context) => deployments.filter((d) => rolloutOf(d, context.objects)).map((d) => [d]),
  plan: ([d], context) => planRollout(d, rolloutOf(d, context.objects)!, context.objects),
};
