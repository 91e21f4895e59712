/**
 * The transition plan: what applying `after` over `before` does to the cluster, per app. Every
 * Deployment of an app moves at once (kubectl apply sends every object without waiting): one rolls
 * (its pod template changed), one scales, one is created or deleted, the others keep their pods; a
 * Service's new selection and a route's new weight take effect the moment the commit is applied.
 * "available" counts the pods the app's Service sends requests to (its name is the app's name), with
 * the selection of before in the first row and of after from then on.
 */
import { KubeObject } from '../core/kube-object';
import { LABEL_NAME } from '../core/labels';
import { canaryWeightOf, readRouteWeights, RouteWeight } from '../traffic/weights';
import { mapSelects } from '../core/selectors';
import { sameJson, Transition } from '../core/transition';
import { AppModel, AppPlan, idOf, timingNote, where, withAutoscaling } from './app-plan';
import { atReplicas, DeploymentFacts, TimingOptions } from './deployment';
import { Manifest } from './manifests';
import { APP_MODELS, OBJECT_MODELS, objectsOf, readDeployments } from './models';
import { planRolling, ROLLING_DEPLOYMENT } from './models/rolling-deployment';
import { PlanStep, simulateRollout } from './simulate';
import { nodesOf, rolloutInput, summarize } from './summary';

/** The objects a change creates, changes and deletes (`Kind/namespace/name`). */
export interface ObjectChanges {
  readonly created: string[];
  readonly changed: string[];
  /** Deleted when the tool prunes (kubectl apply --prune, Argo CD prune, Flux prune: true); left running otherwise. */
  readonly deleted: string[];
}

/** The plan of a change. */
export interface TransitionPlan {
  /** One plan per app whose pods, selection or weights change; none when nothing changes. */
  readonly apps: AppPlan[];
  readonly objects: ObjectChanges;
  /** The change, for the transition rules. */
  readonly transition: Transition;
}

/** One Deployment's own timeline in the change. */
interface Track {
  readonly name: string;
  readonly steps: PlanStep[];
  /** Whether the app's Service selects its old pods before, its old pods after, its new pods after. */
  readonly servedBefore: boolean;
  readonly servesOld: boolean;
  readonly servesNew: boolean;
  readonly completeAt?: number;
  readonly stalled?: string;
  readonly moves: boolean;
  readonly facts: DeploymentFacts;
  /** The nodes its part of the change needs under its own placement rule, when it has one. */
  readonly nodes?: { readonly needed: number; readonly note: string };
}

const key = (d: DeploymentFacts) => `${d.namespace ?? ''}/${d.name}`;

/** What every app's plan of a change reads, computed once per change. */
interface ChangeContext {
  readonly transition: Transition;
  readonly beforeFacts: ReadonlyMap<string, DeploymentFacts>;
  /** The routers' exact weights before and after (the replica ratio's follow the pods, which the tracks show). */
  readonly weightsBefore: readonly RouteWeight[];
  readonly weightsAfter: readonly RouteWeight[];
}

/** Options of a transition plan. */
export interface TransitionOptions extends TimingOptions {
  /**
   * Whether the tool that applies the change honours Argo CD sync waves (Argo CD does; Flux's
   * kustomize-controller and plain kubectl apply do not). With it, a change the waves order is safe.
   * @default false
   */
  readonly syncWaves?: boolean;
}

/** Plans what applying `after` over `before` does. */
export function planTransition(before: readonly Manifest[], after: readonly Manifest[], options: TransitionOptions = {}): TransitionPlan {
  const timing = options;
  const beforeObjects = objectsOf(before);
  const afterObjects = objectsOf(after);
  const transition = new Transition(beforeObjects, afterObjects, options.syncWaves ?? false);
  const objects: ObjectChanges = { created: [], changed: [], deleted: [] };
  for (const c of transition.changes) {
    if (c.type !== 'unchanged') objects[c.type].push((c.after ?? c.before)!.ref);
  }
  if (transition.empty) return { apps: [], objects, transition };
  const beforeFacts = new Map(readDeployments(beforeObjects, timing).map((d) => [key(d), d]));
  const afterFacts = readDeployments(afterObjects, timing);
  const afterKeys = new Set(afterFacts.map(key));
  const goneFacts = [...beforeFacts.values()].filter((b) => !afterKeys.has(key(b)));
  const context = { objects: afterObjects, timing };
  const exactWeights = (objects: readonly KubeObject[]) => readRouteWeights(objects.map((o) => o.manifest)).filter((w) => w.exact);
  const change: ChangeContext = { transition, beforeFacts, weightsBefore: exactWeights(beforeObjects), weightsAfter: exactWeights(afterObjects) };
  const claimed = new Set<DeploymentFacts>();
  const consumed = new Set<string>();
  const apps: AppPlan[] = [];
  for (const model of APP_MODELS) {
    for (const group of model.group(afterFacts.filter((d) => !claimed.has(d)), context)) {
      group.forEach((d) => claimed.add(d));
      const appName = model !== ROLLING_DEPLOYMENT ? group[0].podLabels[LABEL_NAME] : undefined;
      const gone = appName === undefined ? []
        : goneFacts.filter((b) => b.namespace === group[0].namespace && b.podLabels[LABEL_NAME] === appName);
      gone.forEach((b) => consumed.add(key(b)));
      const plan = planAppChange(model, appName, group, gone, change);
      if (plan) apps.push(plan);
    }
  }
  // StatefulSets and DaemonSets whose pods the change replaces (a new template, or an update strategy
  // that moves a partition): each is released by its own controller, as its object model plans it.
  for (const model of OBJECT_MODELS) {
    for (const c of transition.changes) {
      if (c.type !== 'changed' || !c.after!.is('apps', model.kind)) continue;
      const [b, a] = [c.before!.spec, c.after!.spec];
      if (sameJson(b.template, a.template) && sameJson(b.updateStrategy, a.updateStrategy)) continue;
      apps.push(model.plan({ file: c.after!.file ?? '', object: c.after!.manifest }, timing));
    }
  }
  // Deployments deleted with no app left: their pods stop.
  for (const b of beforeFacts.values()) {
    if (afterKeys.has(key(b)) || consumed.has(key(b))) continue;
    apps.push(planAppChange(ROLLING_DEPLOYMENT, undefined, [], [b], change)!);
  }
  return { apps, objects, transition };
}

function planAppChange(
  model: AppModel, appName: string | undefined, group: DeploymentFacts[], gone: DeploymentFacts[], change: ChangeContext,
): AppPlan | undefined {
  const { transition, beforeFacts } = change;
  const kind = model.kind;
  const first = group[0] ?? gone[0];
  const ns = first.namespace;
  const name = appName ?? first.name;
  const serviceId = `/Service/${ns ?? ''}/${name}`;
  const serviceBefore = transition.beforeWith(serviceId);
  const serviceAfter = transition.afterWith(serviceId);
  // Without the Service (a Deployment alone), every pod counts as serving.
  const selects = (s: KubeObject | undefined, labels: Record<string, string> | undefined) =>
    labels !== undefined && (s === undefined || mapSelects(s.spec.selector, labels));
  const tracks: Track[] = [];
  for (const d of group) {
    const b = beforeFacts.get(key(d));
    tracks.push(trackOf(d, b, {
      servedBefore: selects(serviceBefore, b?.podLabels),
      servesOld: selects(serviceAfter, b?.podLabels),
      servesNew: selects(serviceAfter, d.podLabels),
    }));
  }
  for (const b of gone) tracks.push(goneTrack(b, selects(serviceBefore, b.podLabels)));
  const selectionChanged = serviceBefore !== undefined && serviceAfter !== undefined
    && !sameJson(serviceBefore.spec.selector, serviceAfter.spec.selector);
  const weights = group.map((d) => {
    const trackService = transition.servicesOf(afterObject(transition, d)!).find((s) => s.name !== name);
    if (!trackService) return undefined;
    const services = { namespace: ns, canaryService: trackService.name, apexService: name };
    const was = canaryWeightOf(change.weightsBefore, services);
    const now = canaryWeightOf(change.weightsAfter, services);
    return now && was?.weight !== now.weight ? `${now.source}: weight of \`${trackService.name}\` ${was?.weight ?? 0}% → ${now.weight}%` : undefined;
  }).filter((w): w is string => w !== undefined);
  if (!tracks.some((t) => t.moves) && !selectionChanged && weights.length === 0) return undefined;

  // An image bump of one Deployment: exactly the plan of its release.
  const only = tracks.length === 1 ? tracks[0] : undefined;
  const b = only && beforeFacts.get(key(only.facts));
  const oneRoll = only && group.length === 1 && b && b.replicas === only.facts.replicas && only.moves && isRoll(only);
  if (only && oneRoll && !selectionChanged && weights.length === 0) {
    const plan = withAutoscaling([only.facts], ([d]) => planRolling(d))!;
    return kind === 'Deployment' ? plan : { ...plan, title: `${kind} ${where(only.facts)}` };
  }

  const steps = compose(tracks, tracks.length > 1);
  const events: string[] = [];
  if (selectionChanged) events.push(`Service \`${name}\` selects ${JSON.stringify(serviceAfter!.spec.selector)} (was ${JSON.stringify(serviceBefore!.spec.selector)})`);
  events.push(...weights);
  if (events.length > 0) {
    const at = steps.findIndex((s) => s.time > 0 || !s.action.startsWith('release starts'));
    const state = steps[Math.max(0, (at < 0 ? steps.length : at) - 1)];
    steps.splice(at < 0 ? steps.length : at, 0, { ...state, action: `commit applied: ${events.join('; ')}`, available: availableAfter(tracks, stateOf(tracks, state)) });
  }
  const replicas = Math.max(1, steps[steps.length - 1].available, steps[0].available);
  const stalled = tracks.find((t) => t.stalled)?.stalled;
  const completeAt = stalled ? undefined : Math.max(0, ...tracks.map((t) => t.completeAt ?? 0));
  // Each Deployment's rule scopes its own pods (the library's terms select one Deployment): the
  // change needs the nodes of its most demanding Deployment, as a plan of one app does.
  const placed = tracks.filter((t) => t.nodes !== undefined && t.nodes.needed > 0);
  const nodes = placed.length === 0 ? { nodesNote: 'no required anti-affinity or hostname spread: any number of nodes' } : {
    nodesNeeded: Math.max(...placed.map((t) => t.nodes!.needed)),
    nodesNote: `per Deployment (no anti-affinity between them): ${placed.map((t) => `\`${t.name}\` ${t.nodes!.note}`).join('; ')}`,
  };
  const notes = [
    ...tracks.map((t) => describe(t, beforeFacts.get(key(t.facts)))),
    ...events,
    ...tracks.filter((t) => t.moves && t.steps.length > 1 && group.includes(t.facts)).map((t) => timingNote(t.facts)),
  ];
  return {
    title: `${kind} ${ns ? `${ns}/` : ''}${name}`,
    id: idOf(model.slug, first, name),
    file: first.manifest.file,
    replicas,
    steps,
    notes,
    marks: [],
    summary: summarize(steps, replicas, { completeAt, stalled }, nodes),
  };
}

function afterObject(transition: Transition, d: DeploymentFacts): KubeObject | undefined {
  return transition.afterWith(`apps/Deployment/${d.namespace ?? ''}/${d.name}`);
}

function isRoll(t: Track): boolean {
  return t.steps.some((s) => s.action.includes('ReplicaSet'));
}

/** What happens to one Deployment, in a line. */
function describe(t: Track, b: DeploymentFacts | undefined): string {
  const d = t.facts;
  if (!t.moves) return `\`${d.name}\`: unchanged, ${d.replicas} pod(s)`;
  if (t.steps[0].action.includes('deleted')) return `\`${d.name}\` is deleted (pruned): its ${d.replicas} pod(s) stop`;
  if (!b) return `\`${d.name}\` is created with ${d.replicas} pod(s)`;
  if (isRoll(t)) return `\`${d.name}\`: pod template changed: rolls${b.replicas !== d.replicas ? `, replicas ${b.replicas} → ${d.replicas}` : ''}`;
  return `\`${d.name}\`: replicas ${b.replicas} → ${d.replicas}`;
}

/** One Deployment's timeline: a roll, a scale, or its pods as they are. */
function trackOf(
  d: DeploymentFacts, b: DeploymentFacts | undefined, served: { servedBefore: boolean; servesOld: boolean; servesNew: boolean },
): Track {
  const templateChanged = !b || !sameJson(d.manifest.object.spec?.template, b.manifest.object.spec?.template);
  const base = { name: d.name, facts: d, ...served };
  // With an autoscaler the nodes are counted at its maxReplicas, as in a plan of one app.
  const top = d.autoscaler ? atReplicas(d, d.autoscaler.maxReplicas) : d;
  const atMax = d.autoscaler ? ` at its autoscaler's maxReplicas ${top.replicas}` : '';
  if (templateChanged && d.replicas > 0) {
    // From 0 the new ReplicaSet starts at full size; from n > 0 a replica change is first a scaling
    // event of the old ReplicaSet (the controller's isScalingEvent), then the roll.
    const fromZero = !b || b.replicas === 0;
    const sim = simulateRollout(rolloutInput(d, { replicas: d.replicas, fromReplicas: fromZero ? 0 : d.replicas }));
    const rolled = nodesOf(top, { replicas: top.replicas, fromReplicas: fromZero ? 0 : top.replicas });
    const nodes = rolled.nodesNeeded === undefined ? undefined : { needed: rolled.nodesNeeded, note: `rolls${atMax}: ${rolled.nodesNote}` };
    return { ...base, steps: sim.steps, completeAt: sim.completeAt, stalled: sim.stalled, moves: true, nodes };
  }
  const from = b?.replicas ?? 0;
  const to = d.replicas;
  const nodes = podsNodes(top, atMax);
  const row = (time: number, action: string, old: number, terminating: number, starting: number, ready: number): PlanStep => ({
    time, action, oldReady: old, oldTerminating: terminating, newStarting: starting, newPending: 0, newReady: ready,
    total: old + starting + ready, available: old + ready,
  });
  if (from === to) return { ...base, steps: [row(0, 'release starts', to, 0, 0, 0)], completeAt: 0, moves: false, nodes };
  if (to > from) {
    const ready = (b ?? d).secondsToReady + (b ?? d).minReadySeconds;
    return { ...base, servesNew: served.servesOld, moves: true, completeAt: ready, nodes, steps: [
      row(0, 'release starts', from, 0, 0, 0),
      row(0, `scaled up to ${to}`, from, 0, to - from, 0),
      row(ready, `${to - from} new pod(s) available`, from, 0, 0, to - from),
    ] };
  }
  const gone = (b ?? d).secondsToTerminate;
  return { ...base, moves: true, completeAt: 0, nodes, steps: [
    row(0, 'release starts', from, 0, 0, 0),
    row(0, `scaled down to ${to}`, to, from - to, 0, 0),
    row(gone, `${from - to} old pod(s) gone`, to, 0, 0, 0),
  ] };
}

/**
 * The nodes a Deployment's pods of one revision need under its placement rule (a scale or pods left as
 * they are: no surge, nothing of another revision): `perNode` on each, or any number once the cluster
 * has a spread's minDomains nodes.
 */
function podsNodes(d: DeploymentFacts, atMax: string): Track['nodes'] {
  const placement = d.placement;
  if (!placement || d.replicas === 0) return undefined;
  const needed = Math.min(Math.ceil(d.replicas / placement.perNode), placement.belowNodes ?? Infinity);
  return { needed, note: `${d.replicas} pod(s)${atMax}, ${placement.description}: ${needed} node(s)` };
}

/** A deleted Deployment: every pod terminates at once. */
function goneTrack(b: DeploymentFacts, servedBefore: boolean): Track {
  const row = (time: number, action: string, old: number, terminating: number): PlanStep => ({
    time, action, oldReady: old, oldTerminating: terminating, newStarting: 0, newPending: 0, newReady: 0, total: old, available: old,
  });
  return {
    name: b.name, facts: b, servedBefore, servesOld: false, servesNew: false, moves: true, completeAt: 0,
    steps: [row(0, 'release starts', b.replicas, 0), row(0, 'deleted (pruned)', 0, b.replicas), row(b.secondsToTerminate, `${b.replicas} pod(s) gone`, 0, 0)],
  };
}

/** The step each track is at when `row` was emitted. */
function stateOf(tracks: Track[], row: PlanStep): PlanStep[] {
  return (row as any)[STATES] ?? tracks.map((t) => t.steps[0]);
}

const STATES = Symbol('track states');

function availableAfter(tracks: Track[], states: PlanStep[]): number {
  return tracks.reduce((n, t, i) => n + (t.servesOld ? states[i].oldReady : 0) + (t.servesNew ? states[i].newReady : 0), 0);
}

/** The tracks' events in time order (ties in track order), one row each, summed over the tracks. */
function compose(tracks: Track[], prefix: boolean): PlanStep[] {
  const events: { time: number; track: number; step: number }[] = [];
  tracks.forEach((t, i) => t.steps.forEach((s, j) => { if (j > 0) events.push({ time: s.time, track: i, step: j }); }));
  events.sort((a, b) => a.time - b.time || a.track - b.track || a.step - b.step);
  const states = tracks.map((t) => t.steps[0]);
  const sum = (action: string, time: number, available: number): PlanStep => {
    const row: PlanStep = {
      time, action,
      oldReady: states.reduce((n, s) => n + s.oldReady, 0),
      oldTerminating: states.reduce((n, s) => n + s.oldTerminating, 0),
      newStarting: states.reduce((n, s) => n + s.newStarting, 0),
      newPending: states.reduce((n, s) => n + s.newPending, 0),
      newReady: states.reduce((n, s) => n + s.newReady, 0),
      total: states.reduce((n, s) => n + s.total, 0),
      available,
    };
    Object.defineProperty(row, STATES, { value: [...states], enumerable: false });
    return row;
  };
  const rows = [sum('release starts', 0, tracks.reduce((n, t, i) => n + (t.servedBefore ? states[i].oldReady : 0), 0))];
  for (const e of events) {
    states[e.track] = tracks[e.track].steps[e.step];
    rows.push(sum(prefix ? `\`${tracks[e.track].name}\`: ${states[e.track].action}` : states[e.track].action, e.time, availableAfter(tracks, states)));
  }
  return rows;
}
