/**
 * A Flagger Canary and its target Deployment: Flagger scales the target (the canary) up, moves the
 * weight (or counts iterations) once per `interval` while the analysis passes, copies the target's
 * spec to `<target>-primary` (which rolls), routes everything back to the primary and scales the
 * canary to 0. From Flagger v1.44 (pkg/controller/scheduler.go: advanceCanary, runCanary, runAB,
 * runBlueGreen, maxWeight, nextStepWeight; pkg/canary/deployment_controller.go: ScaleFromZero).
 */
import { goDurationSeconds } from '../../core/go-duration';
import { isObject, KubeObject } from '../../core/kube-object';
import { AppModel, AppPlan, idOf, timingNote } from '../app-plan';
import { ReleasePhase, runPhases } from '../controller-release';
import { atReplicas, DeploymentFacts } from '../deployment';
import { simulateRollout } from '../simulate';
import { rolloutInput, summarize } from '../summary';

/** The Canary whose `targetRef` is this Deployment. */
function canaryOf(d: DeploymentFacts, objects: readonly KubeObject[]): KubeObject | undefined {
  return objects.find((o) => o.is('flagger.app', 'Canary') && o.namespace === (d.namespace ?? '') && isObject(o.spec.targetRef)
    && o.spec.targetRef.kind === 'Deployment' && o.spec.targetRef.name === d.name);
}

/**
 * The weights a weighted canary goes through (runCanary with nextStepWeight): `stepWeight` added
 * each interval until maxWeight (capped at 100), or the `stepWeights` in turn; maxWeight is the last
 * step weight with stepWeights (maxWeight()).
 */
export function flaggerWeights(analysis: any): number[] {
  const stepWeights: number[] = Array.isArray(analysis.stepWeights) ? analysis.stepWeights : [];
  if (stepWeights.length > 0) return stepWeights.filter((w) => w <= 100);
  const max = analysis.maxWeight > 0 ? analysis.maxWeight : 100;
  const step = analysis.stepWeight;
  if (!(step > 0)) return [];
  const weights: number[] = [];
  for (let w = step; ; w += step) {
    weights.push(Math.min(w, 100));
    if (w >= max || w >= 100) break;
  }
  return weights;
}

/** The canary's pods for a release (ScaleFromZero): its autoscaler's minReplicas above 1, else the target's count, else 1. */
function releaseReplicas(d: DeploymentFacts, canary: KubeObject, objects: readonly KubeObject[]): { replicas: number; note: string } {
  const ref = canary.spec.autoscalerRef;
  if (isObject(ref) && ref.kind === 'HorizontalPodAutoscaler') {
    const hpa = objects.find((o) => o.is('autoscaling', 'HorizontalPodAutoscaler') && o.namespace === canary.namespace && o.name === ref.name);
    const min = hpa?.spec.minReplicas;
    return { replicas: Number.isInteger(min) && min > 1 ? min : 1, note: `${ref.name}'s minReplicas${Number.isInteger(hpa?.spec.maxReplicas) ? ` (it scales up to ${hpa!.spec.maxReplicas})` : ''}` };
  }
  const written = d.manifest.object.spec?.replicas;
  if (Number.isInteger(written) && written > 0) return { replicas: written, note: 'the target\'s replicas' };
  return { replicas: 1, note: 'the manifest holds no count: Flagger copies the target\'s live count to the primary at initialization; planned at 1' };
}

function planFlagger(d: DeploymentFacts, canary: KubeObject, objects: readonly KubeObject[]): AppPlan | undefined {
  const analysis = isObject(canary.spec.analysis) ? canary.spec.analysis : {};
  // The schedule interval (default 60s); Flagger raises one under 10s to 10s.
  const interval = Math.max(10, goDurationSeconds(analysis.interval) ?? 60);
  const { replicas, note } = releaseReplicas(d, canary, objects);
  const target = atReplicas(d, replicas);
  const available = d.secondsToReady + d.minReadySeconds;
  const primary = `${d.name}-primary`;
  const match = Array.isArray(analysis.match) && analysis.match.length > 0;
  const iterations = Number.isInteger(analysis.iterations) && analysis.iterations > 0 ? analysis.iterations : undefined;
  const provider = canary.spec.provider ?? 'kubernetes';
  const weights = flaggerWeights(analysis);
  // Which scheduler runs it (advanceCanary): A/B with a match and iterations, blue/green with
  // iterations (or the kubernetes provider, which cannot split traffic), else weights.
  const mode = match && iterations ? 'A/B testing' : iterations || provider === 'kubernetes' || weights.length === 0 ? 'blue/green' : 'canary';
  // A tick every interval; the first that finds the canary ready moves the release on.
  const tick = (k: number) => (Math.max(1, Math.ceil(available / interval)) + k - 1) * interval;
  const phases: ReleasePhase[] = [{ action: `1. new revision: canary \`${d.name}\` scaled from 0 to ${replicas} (ScaleFromZero)`, old: replicas, new: replicas, serving: 'old' }];
  let ticks: number;
  if (mode === 'canary') {
    weights.forEach((w, i) => phases.push({ action: `${i + 2}. weight ${w}%: after a passing check (**gate**: analysis every ${interval} s)`, old: replicas, new: replicas, serving: 'both', at: tick(i + 1) }));
    ticks = weights.length;
  } else {
    const count = iterations ?? 10;
    for (let i = 1; i <= count; i++) {
      phases.push({ action: `${i + 1}. iteration ${i}/${count}: after a passing check (**gate**: analysis every ${interval} s)${mode === 'A/B testing' ? '; matching requests to the canary' : ''}`,
        old: replicas, new: replicas, serving: mode === 'A/B testing' ? 'both' : 'old', at: tick(i) });
    }
    ticks = count;
  }
  // In the tick that reaches maxWeight (or the last iteration) Flagger copies the canary's spec to the primary, which rolls.
  const roll = simulateRollout(rolloutInput(target, { replicas, fromReplicas: replicas }));
  let n = phases.length;
  phases.push({ action: `${++n}. promote: the spec copied to \`${primary}\`, which rolls`, old: replicas, new: replicas,
    serving: mode === 'blue/green' ? 'old' : 'both', at: tick(ticks), roll: { ...roll, replicas } });
  // Promoting: the next tick after the primary is ready routes all traffic back to it (Finalising); the next scales the canary to 0.
  const promoted = tick(ticks) + (roll.completeAt ?? 0);
  const routeBack = Math.max(tick(ticks) + interval, Math.ceil(promoted / interval) * interval);
  phases.push({ action: `${++n}. all traffic to \`${primary}\` (Finalising)`, old: 0, new: 2 * replicas, serving: 'new', at: routeBack });
  phases.push({ action: `${n + 1}. canary \`${d.name}\` scaled to 0 (Succeeded)`, old: 0, new: replicas, serving: 'new', at: routeBack + interval });
  const release = runPhases(replicas, phases, { secondsToAvailable: available, secondsToTerminate: d.secondsToTerminate });
  const ns = d.namespace;
  return {
    title: `Canary ${ns ? `${ns}/` : ''}${canary.name} (Flagger, ${mode})`,
    id: idOf(FLAGGER_CANARY.slug, d, canary.name),
    file: d.manifest.file,
    replicas,
    steps: release.steps,
    notes: [
      `target \`${d.name}\`, primary \`${primary}\`; ${replicas} replicas (${note})`,
      mode === 'canary'
        ? `weights ${weights.join(', ')}% one per interval (${interval} s): at least interval × steps = ${interval * weights.length} s of analysis before promotion`
        : `${iterations ?? 10} iterations of ${interval} s: at least interval × iterations = ${interval * (iterations ?? 10)} s of analysis before promotion`,
      `a failing check counts toward threshold ${analysis.threshold ?? '?'}: at that many Flagger rolls back (about interval × threshold)`,
      timingNote(target),
    ],
    marks: [{ step: release.steps.findIndex((s) => /promote/.test(s.action)), label: 'promote' }],
    summary: summarize(release.steps, replicas, { completeAt: release.completeAt }),
  };
}

export const FLAGGER_CANARY: AppModel = {
  kind: 'Canary (Flagger)',
  slug: 'flagger',
  group: (deployments, context) => deployments.filter((d) => canaryOf(d, context.objects)).map((d) => [d]),
  plan: ([d], context) => planFlagger(d, canaryOf(d, context.objects)!, context.objects),
};
