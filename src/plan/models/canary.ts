/**
 * CanaryApp: pods labelled with a track (stable, canary); the weight comes from the router's objects
 * or from the replica ratio (annotated on the apex Service). A release starts the canary, holds it at
 * its weight, then promotes: stable takes the canary's version and the canary scales to 0.
 */
import { LABEL_NAME, TRACK_LABEL } from '../../core/labels';
import { AppModel, AppPlan, idOf, timingNote, withSteady } from '../app-plan';
import { DeploymentFacts } from '../deployment';
import { canaryWeightOf, readRouteWeights } from '../../traffic/weights';
import { simulateRollout } from '../simulate';
import { nodesOf, rolloutInput, summarize } from '../summary';
import { groupByAppLabel } from './grouping';

function planCanary(tracks: DeploymentFacts[], objects: readonly any[]): AppPlan | undefined {
  const stable = tracks.find((d) => d.podLabels[TRACK_LABEL] === 'stable');
  const canary = tracks.find((d) => d.podLabels[TRACK_LABEL] === 'canary');
  if (!stable || !canary) return undefined;
  const appName = stable.podLabels[LABEL_NAME];
  const ns = stable.namespace;
  const read = canaryWeightOf(readRouteWeights(objects), { namespace: ns, canaryService: canary.name, apexService: appName });
  // Without exact weights the split is the replica ratio's, achieved through the apex Service.
  const ratio = read?.exact === false;
  const achieved = ratio ? read.weight : undefined;
  const routed = ratio ? undefined : read;
  // With the replica ratio the app's pods are shared between the tracks; with a router the stable
  // track keeps its size and the canary's pods come on top.
  const full = ratio ? stable.replicas + canary.replicas : stable.replicas;
  const c = canary.replicas;
  const notes = [
    ratio
      ? `replica ratio: ${stable.replicas} stable + ${c} canary pods, achieved weight ${achieved}% (of connections, through the apex Service)`
      : `router ${routed?.source ?? '(none found)'}: canary weight ${routed?.weight ?? '?'}% exactly, stable keeps ${stable.replicas} pods, the canary's ${c} come on top`,
  ];
  const marks: { step: number; label: string }[] = [];
  // 1. The canary starts: its Deployment goes from 0 to c pods; with the ratio the stable track gives up c pods at once.
  const up = simulateRollout(rolloutInput(canary, { replicas: c, fromReplicas: 0 }));
  const steps = withSteady(up.steps, 0, '1. canary starts', { ready: stable.replicas, serving: false });
  if (ratio && c > 0) {
    for (const s of steps) if (s.time < stable.secondsToTerminate) Object.assign(s, { oldTerminating: s.oldTerminating + c });
    const gone = stable.secondsToTerminate;
    steps.push({ ...steps.filter((s) => s.time <= gone).pop()!, time: gone, action: `${c} stable pod(s) given to the canary gone`, oldTerminating: 0 });
    steps.sort((a, b) => a.time - b.time);
  }
  let t = up.completeAt ?? 0;
  const weight = ratio ? `${achieved}% (replica ratio)` : `${routed?.weight ?? '?'}%`;
  marks.push({ step: steps.filter((s) => s.time <= t).length, label: `weight ${ratio ? achieved : routed?.weight ?? '?'}%` });
  const atWeight = steps.filter((s) => s.time <= t).pop()!;
  steps.splice(steps.findIndex((s) => s === atWeight) + 1, 0, { ...atWeight, time: t, action: `2. canary at weight ${weight}` });
  // 3. Promotion: the stable Deployment takes the canary's version at full size; the canary goes to 0.
  const promote = simulateRollout(rolloutInput(stable, { replicas: full, fromReplicas: full }));
  const start = Math.max(t, ...steps.map((s) => s.time));
  marks.push({ step: steps.length, label: 'promote' });
  steps.push(...withSteady(promote.steps, start, '3. promote', { ready: 0, serving: false })
    .map((s) => ({ ...s, oldTerminating: s.oldTerminating + (s.time - start < canary.secondsToTerminate ? c : 0) })));
  t = promote.completeAt === undefined ? NaN : start + promote.completeAt;
  notes.push('promotion: `stable` takes the canary\'s image, `canaryWeight` returns to 0 and the canary scales to 0 in one commit');
  if (ratio) notes.push(`promotion sets the stable track back to ${full} replicas together with its new image: the controller first scales the old ReplicaSet to ${full} (a scaling event), then rolls; the table starts at that roll`);
  const stalled = up.stalled ?? promote.stalled;
  const nodesStable = nodesOf(stable, { replicas: full });
  return {
    title: `CanaryApp ${ns ? `${ns}/` : ''}${appName}`,
    id: idOf(CANARY.slug, stable, appName),
    file: stable.manifest.file,
    replicas: full,
    steps,
    notes: [...notes, timingNote(canary), timingNote(stable)],
    marks,
    summary: summarize(steps, full, { completeAt: Number.isNaN(t) ? undefined : t, stalled }, nodesStable),
  };
}

export const CANARY: AppModel = {
  kind: 'CanaryApp',
  slug: 'canary',
  group: (deployments) => groupByAppLabel(deployments, TRACK_LABEL),
  plan: (tracks, context) => planCanary(tracks, context.objects.map((o) => o.manifest)),
};
