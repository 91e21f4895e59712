/**
 * Plans per app: the library's BlueGreenApp (pods labelled with a slot, an active Service selecting
 * one) and CanaryApp (pods labelled with a track; weights from the router or the replica ratio) get
 * their release phases; every other Deployment gets the plain rolling (or Recreate) plan.
 */
import { OWN_PREFIX } from '../core/labels';
import { KubeObject } from '../validation/objects';
import { replicaRange } from '../validation/pods';
import { atReplicas, DeploymentFacts, readDeployment, TimingOptions } from './deployment';
import { Manifest } from './manifests';
import { PlanStep, simulateRollout } from './simulate';
import { planStatefulSet } from './stateful-set';
import { planDaemonSet } from './daemon-set';
import { nodesOf, PlanSummary, rolloutInput, summarize } from './summary';

const SLOT_LABEL = `${OWN_PREFIX}/slot`;
const TRACK_LABEL = `${OWN_PREFIX}/track`;
const ACHIEVED_WEIGHT = `${OWN_PREFIX}/achieved-canary-weight`;
const APP_LABEL = 'app.kubernetes.io/name';

/** The plan of one app. */
export interface AppPlan {
  /** `Deployment shop/web`, `BlueGreenApp shop/web`, `CanaryApp blog/blog`. */
  readonly title: string;
  /** A file-name-safe id: `deployment-shop-web`. */
  readonly id: string;
  readonly file: string;
  /** The replica line of the picture: pods the app serves with at full size. */
  readonly replicas: number;
  readonly steps: PlanStep[];
  /** Facts of the Deployments and the strategy, one line each. */
  readonly notes: string[];
  /** Phase boundaries (`flip`, `promote`) at a step index, for the picture. */
  readonly marks: { step: number; label: string }[];
  readonly summary: PlanSummary;
}

/** Plans every Deployment of the manifests, grouped into the library's apps where they are one. */
export function planApps(manifests: readonly Manifest[], timing: TimingOptions & { targetVersion?: string; nodes?: number } = {}): AppPlan[] {
  const objects = manifests.map((m, i) => new KubeObject(m.object, i, m.file));
  const deployments = objects.filter((o) => o.kind === 'Deployment').map((o) => {
    const autoscaler = replicaRange(o, objects).autoscaler;
    return readDeployment(manifests[o.index], timing, autoscaler && manifests[autoscaler.index]);
  });
  const services = manifests.filter((m) => m.object.kind === 'Service').map((m) => m.object);
  const used = new Set<DeploymentFacts>();
  const plans: AppPlan[] = [];
  const groupBy = (label: string) => {
    const groups = new Map<string, DeploymentFacts[]>();
    for (const d of deployments) {
      if (used.has(d) || !d.podLabels[label] || !d.podLabels[APP_LABEL]) continue;
      const key = `${d.namespace ?? ''}/${d.podLabels[APP_LABEL]}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    return groups;
  };
  for (const group of groupBy(SLOT_LABEL).values()) {
    const plan = withAutoscaling(group, (slots) => planBlueGreen(slots, services));
    if (plan) { plans.push(plan); group.forEach((d) => used.add(d)); }
  }
  for (const group of groupBy(TRACK_LABEL).values()) {
    const plan = withAutoscaling(group, (tracks) => planCanary(tracks, manifests.map((m) => m.object)));
    if (plan) { plans.push(plan); group.forEach((d) => used.add(d)); }
  }
  for (const d of deployments) if (!used.has(d)) plans.push(withAutoscaling([d], ([one]) => planRolling(one))!);
  plans.push(...manifests.filter((m) => m.object.kind === 'StatefulSet').map((m) => planStatefulSet(m, timing)));
  plans.push(...manifests.filter((m) => m.object.kind === 'DaemonSet').map((m) => planDaemonSet(m, timing)));
  return plans;
}

/**
 * Plans an app at its autoscalers' minReplicas, the count a release starts from at the least; with an
 * autoscaler, the peak pods and the nodes needed come from the same plan at their maxReplicas too.
 */
function withAutoscaling(group: DeploymentFacts[], plan: (group: DeploymentFacts[]) => AppPlan | undefined): AppPlan | undefined {
  const atMin = plan(group);
  const scaled = group.filter((d) => d.autoscaler);
  if (!atMin || scaled.length === 0) return atMin;
  const atMax = plan(group.map((d) => (d.autoscaler ? atReplicas(d, d.autoscaler.maxReplicas) : d)))!;
  const nodes = atMax.summary.nodesNeeded === undefined ? {} : {
    nodesNeeded: atMax.summary.nodesNeeded,
    nodesNote: `with every autoscaler at maxReplicas, ${atMax.replicas} replicas (${atMin.summary.nodesNeeded} at ${atMin.replicas}); ${atMax.summary.nodesNote}`,
  };
  return {
    ...atMin,
    notes: [
      ...scaled.map((d) => `\`${d.name}\`: ${d.autoscaler!.ref} scales it from ${d.autoscaler!.minReplicas} to ${d.autoscaler!.maxReplicas} replicas: `
        + `planned at ${d.autoscaler!.minReplicas}, the count a release starts from at the least; the autoscaler may run it higher (scaling mid-release is not modelled)`),
      ...atMin.notes,
    ],
    summary: { ...atMin.summary, ...nodes, replicasAtMax: atMax.replicas, peakPodsAtMax: atMax.summary.peakPods },
  };
}

function where(d: DeploymentFacts): string {
  return d.namespace ? `${d.namespace}/${d.name}` : d.name;
}

function idOf(kind: string, d: DeploymentFacts, name: string): string {
  return `${kind}-${d.namespace ? `${d.namespace}-` : ''}${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

function timingNote(d: DeploymentFacts): string {
  return `\`${d.name}\`: ${d.strategyText}; a new pod available about ${d.secondsToReady + d.minReadySeconds} s after it starts (ready ~${d.secondsToReady} s from its probes + minReadySeconds ${d.minReadySeconds}); an old pod terminates for up to ${d.secondsToTerminate} s (preStop drain ${d.drainSeconds} s, grace period)`;
}

/** A hand-written Deployment, or a SafeRollingDeployment: its pod template changes, the controller rolls. */
export function planRolling(d: DeploymentFacts): AppPlan {
  const sim = simulateRollout(rolloutInput(d));
  return {
    title: `Deployment ${where(d)}`,
    id: idOf('deployment', d, d.name),
    file: d.manifest.file,
    replicas: d.replicas,
    steps: sim.steps,
    notes: [timingNote(d)],
    marks: [],
    summary: summarize(sim.steps, d.replicas, sim, nodesOf(d)),
  };
}

/** Pods that stay as they are while another Deployment rolls: added to every step of that roll. */
function withSteady(
  steps: readonly PlanStep[], offset: number, prefix: string, steady: { ready: number; serving: boolean; terminating?: number },
): PlanStep[] {
  return steps.map((s) => ({
    ...s,
    time: s.time + offset,
    action: `${prefix}: ${s.action}`,
    oldReady: s.oldReady + steady.ready,
    oldTerminating: s.oldTerminating + (steady.terminating ?? 0),
    total: s.total + steady.ready,
    available: steady.serving ? steady.ready : s.available + steady.ready,
  }));
}

function planBlueGreen(slots: DeploymentFacts[], services: any[]): AppPlan | undefined {
  const appName = slots[0].podLabels[APP_LABEL];
  const ns = slots[0].namespace;
  const active = services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === appName && s.spec?.selector?.[SLOT_LABEL]);
  if (!active) return undefined;
  const activeSlot = active.spec.selector[SLOT_LABEL];
  const live = slots.find((d) => d.podLabels[SLOT_LABEL] === activeSlot);
  const idle = slots.find((d) => d.podLabels[SLOT_LABEL] !== activeSlot);
  if (!live) return undefined;
  const full = live.replicas;
  const notes = [`active slot **${activeSlot}** (Service \`${appName}\` selects it), ${full} replicas`];
  if (!idle) {
    notes.push('the idle slot is empty: nothing to release; give it an image to plan the next release');
    return { ...planRolling(live), title: `BlueGreenApp ${ns ? `${ns}/` : ''}${appName}`, notes: [...notes, timingNote(live)] };
  }
  const idleSlot = idle.podLabels[SLOT_LABEL];
  const idleNow = idle.replicas;
  // Deploying to the idle slot sets its template and its full size at once. From 0 the new
  // ReplicaSet is created at full size; from n > 0 the controller first scales the old ReplicaSet
  // to the new size (a scaling event), then rolls: the plan starts that roll from the full size.
  const from = idleNow === 0 ? 0 : full;
  const deploy = simulateRollout(rolloutInput(idle, { replicas: full, fromReplicas: from }));
  const policy = idleNow === full ? 'IdleSlot.keepFull(): the old slot stays at full size, a rollback is one flip'
    : idleNow === 0 ? 'IdleSlot.scaleToZero(): the old slot stops once the release is done'
      : `IdleSlot.scaleTo(${idleNow}): the old slot keeps ${idleNow} pod(s)`;
  notes.push(`idle slot **${idleSlot}** holds ${idleNow} pod(s) now; ${policy}`);
  if (idleNow > 0 && idleNow < full) notes.push(`deploying to ${idleSlot} first scales its old ReplicaSet from ${idleNow} to ${full} (a scaling event), then rolls: the table starts at that roll`);
  const steps = withSteady(deploy.steps, 0, `1. deploy to idle slot ${idleSlot}`, { ready: full, serving: true });
  const marks: { step: number; label: string }[] = [];
  let complete: number | undefined;
  if (deploy.completeAt !== undefined) {
    // The flip happens once the idle slot is fully available; then the idle-slot policy applies to the old slot.
    const flipAt = deploy.completeAt;
    const dropped = full - idleNow;
    const goneAt = flipAt + live.secondsToTerminate;
    const idleAt = (time: number) => deploy.steps.filter((s) => s.time <= time).pop()!;
    const after = (s: PlanStep, time: number, action: string): PlanStep => ({
      ...s, time, action,
      oldReady: s.oldReady + idleNow,
      oldTerminating: s.oldTerminating + (time < goneAt ? dropped : 0),
      total: s.total + idleNow,
      available: s.newReady,
    });
    const flipStep = idleAt(flipAt);
    const phase = steps.filter((s) => s.time <= flipAt);
    marks.push({ step: phase.length, label: `flip to ${idleSlot}` });
    phase.push({ ...withSteady([flipStep], 0, '', { ready: full, serving: false })[0], action: `2. flip: Service ${appName} selects ${idleSlot}`, available: flipStep.newReady });
    if (dropped > 0) phase.push(after(flipStep, flipAt, `3. idle-slot policy: ${activeSlot} scaled to ${idleNow}`));
    const tail = deploy.steps.filter((s) => s.time > flipAt).map((s) => after(s, s.time, `1. idle slot ${idleSlot}: ${s.action}`));
    if (dropped > 0) tail.push(after(idleAt(goneAt), goneAt, `${dropped} pod(s) of ${activeSlot} gone`));
    steps.splice(0, steps.length, ...phase, ...tail.sort((a, b) => a.time - b.time));
    complete = flipAt;
  }
  const nodes = nodesOf(idle, { replicas: full, fromReplicas: from });
  return {
    title: `BlueGreenApp ${ns ? `${ns}/` : ''}${appName}`,
    id: idOf('blue-green', idle, appName),
    file: idle.manifest.file,
    replicas: full,
    steps,
    notes: [...notes, timingNote(idle)],
    marks,
    summary: summarize(steps, full, { completeAt: complete, stalled: deploy.stalled }, {
      nodesNeeded: nodes.nodesNeeded === undefined ? undefined : Math.max(full, nodes.nodesNeeded),
      nodesNote: nodes.nodesNote && `per slot (no anti-affinity between slots): ${nodes.nodesNote}`,
    }),
  };
}

/** The canary's router weight: HTTPRoute backendRefs, VirtualService routes, NGINX canary Ingress. */
function routerWeight(objects: any[], ns: string | undefined, canaryService: string): { weight: number; router: string } | undefined {
  for (const o of objects) {
    if (o.metadata?.namespace !== ns) continue;
    if (o.kind === 'HTTPRoute' || o.kind === 'VirtualService') {
      const rules = o.kind === 'HTTPRoute' ? o.spec?.rules ?? [] : o.spec?.http ?? [];
      // The last rule is the weighted default; earlier ones are header/cookie matches.
      const rule = rules[rules.length - 1];
      const refs: any[] = o.kind === 'HTTPRoute' ? rule?.backendRefs ?? [] : rule?.route ?? [];
      const isCanary = (r: any) => (o.kind === 'HTTPRoute' ? r.name === canaryService : r.destination?.subset === 'canary');
      if (!refs.some(isCanary)) continue;
      const sum = refs.reduce((n, r) => n + (r.weight ?? (o.kind === 'HTTPRoute' ? 1 : 0)), 0);
      const canary = refs.filter(isCanary).reduce((n, r) => n + (r.weight ?? (o.kind === 'HTTPRoute' ? 1 : 0)), 0);
      return { weight: sum > 0 ? Math.round((canary / sum) * 10000) / 100 : 0, router: `${o.kind} ${o.metadata?.name}` };
    }
    const annotations = o.metadata?.annotations ?? {};
    if (o.kind === 'Ingress' && annotations['nginx.ingress.kubernetes.io/canary'] === 'true') {
      return { weight: Number(annotations['nginx.ingress.kubernetes.io/canary-weight'] ?? 0), router: `Ingress ${o.metadata?.name}` };
    }
  }
  return undefined;
}

function planCanary(tracks: DeploymentFacts[], objects: any[]): AppPlan | undefined {
  const stable = tracks.find((d) => d.podLabels[TRACK_LABEL] === 'stable');
  const canary = tracks.find((d) => d.podLabels[TRACK_LABEL] === 'canary');
  if (!stable || !canary) return undefined;
  const appName = stable.podLabels[APP_LABEL];
  const ns = stable.namespace;
  const apex = objects.find((o) => o.kind === 'Service' && o.metadata?.namespace === ns && o.metadata?.name === appName);
  const achieved = apex?.metadata?.annotations?.[ACHIEVED_WEIGHT];
  const routed = achieved === undefined ? routerWeight(objects, ns, canary.name) : undefined;
  const ratio = achieved !== undefined;
  // With the replica ratio the app's pods are shared between the tracks; with a router the stable
  // track keeps its size and the canary's pods come on top.
  const full = ratio ? stable.replicas + canary.replicas : stable.replicas;
  const c = canary.replicas;
  const notes = [
    ratio
      ? `replica ratio: ${stable.replicas} stable + ${c} canary pods, achieved weight ${achieved}% (of connections, through the apex Service)`
      : `router ${routed?.router ?? '(none found)'}: canary weight ${routed?.weight ?? '?'}% exactly, stable keeps ${stable.replicas} pods, the canary's ${c} come on top`,
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
    id: idOf('canary', stable, appName),
    file: stable.manifest.file,
    replicas: full,
    steps,
    notes: [...notes, timingNote(canary), timingNote(stable)],
    marks,
    summary: summarize(steps, full, { completeAt: Number.isNaN(t) ? undefined : t, stalled }, nodesStable),
  };
}
