/**
 * A change of manifests, as applying it changes the cluster: which objects are created, changed or
 * deleted (pruned), which workloads roll (their pod template changed) or scale, and which pods are in
 * a Service's endpoints at the moment the change is applied. The transition rules and the transition
 * plan read the same facts from here.
 *
 * Kubernetes semantics used (EndpointSlice controller): a pod is an endpoint of a Service when the
 * Service's selector matches its labels and it is Ready; a named `targetPort` is resolved in each pod's
 * own container ports, and a pod without a port of that name is left out. Within one `kubectl apply`
 * every object changes at once, so right after the apply the only Ready pods are the ones that were
 * running before, with their old labels and ports, minus those of deleted or scaled-down workloads.
 */
import { isObject, Json, KubeObject, list, str } from './kube-object';
import { autoscalersByTarget, podTemplate, replicaRangeWith, scaleTarget } from './pod-templates';
import { labelKeys, mapSelectorKey, mapSelects } from './selectors';

/** `group/Kind/namespace/name`: the identity an object keeps across versions of the API. */
export function identity(object: KubeObject): string {
  return `${object.group}/${object.kind}/${object.namespace}/${object.name}`;
}

/** What happens to one object. */
export enum ChangeType {
  CREATED = 'created',
  CHANGED = 'changed',
  DELETED = 'deleted',
  UNCHANGED = 'unchanged',
}

/** One object before and after. */
export interface ObjectChange {
  readonly before?: KubeObject;
  readonly after?: KubeObject;
  readonly type: ChangeType;
}

/** The same JSON, key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameJson(a[k], b[k]));
}

/** A workload's pods at the moment the change is applied: the ones of before, as they were. */
export interface RunningPods {
  readonly workload: KubeObject;
  /** Ready pods right after the apply (before's count, less a scale-down; 0 when the workload is deleted). */
  readonly count: number;
  /** Ready pods before the change. */
  readonly countBefore: number;
  readonly labels: Json;
  /** Their containers' port names. */
  readonly portNames: ReadonlySet<string>;
}

/** `namespace\nkey=value` -> the items with that label pair: candidates for a map selector, in their order. */
type LabelIndex<T> = Map<string, T[]>;

function addToIndex<K, T>(index: Map<K, T[]>, key: K, item: T): void {
  const bucket = index.get(key);
  if (bucket) bucket.push(item); else index.set(key, [item]);
}

/**
 * The objects of two versions of the manifests, matched by identity. Lookups are indexed (identity,
 * autoscaler target, namespace and label pair) and memoized per object, so a change of thousands of
 * workloads and Services is read in time linear in their number.
 */
export class Transition {
  public readonly changes: readonly ObjectChange[];
  private readonly beforeByKey: Map<string, KubeObject>;
  private readonly afterByKey: Map<string, KubeObject>;
  private running?: RunningPods[];
  /** Running pods by namespace and each label pair; Services of after by namespace and their selector's first pair. */
  private podIndex?: LabelIndex<RunningPods>;
  private serviceIndex?: LabelIndex<KubeObject>;
  private readonly servicePosition = new Map<KubeObject, number>();
  private readonly autoscalers = new Map<readonly KubeObject[], Map<string, KubeObject>>();
  private readonly selected = new Map<KubeObject, RunningPods[]>();
  private readonly services = new Map<KubeObject, KubeObject[]>();
  private behind?: Map<KubeObject, KubeObject[]>;

  public constructor(
    public readonly before: readonly KubeObject[],
    public readonly after: readonly KubeObject[],
    /**
     * Whether the tool that applies the change honours Argo CD sync waves (Argo CD does; Flux's
     * kustomize-controller and kubectl apply do not): then a change the waves order is safe.
     */
    public readonly syncWaves = false,
  ) {
    this.beforeByKey = new Map(before.map((o) => [identity(o), o]));
    this.afterByKey = new Map(after.map((o) => [identity(o), o]));
    const changes: ObjectChange[] = [];
    for (const a of after) {
      const b = this.beforeByKey.get(identity(a));
      const type = !b ? ChangeType.CREATED : sameJson(b.manifest, a.manifest) ? ChangeType.UNCHANGED : ChangeType.CHANGED;
      changes.push({ before: b, after: a, type });
    }
    for (const b of before) if (!this.afterByKey.has(identity(b))) changes.push({ before: b, type: ChangeType.DELETED });
    this.changes = changes;
  }

  /** Whether the change does anything at all. */
  public get empty(): boolean {
    return this.changes.every((c) => c.type === ChangeType.UNCHANGED);
  }

  /** The object of before with this identity (`group/Kind/namespace/name`). */
  public beforeWith(id: string): KubeObject | undefined {
    return this.beforeByKey.get(id);
  }

  /** The object of after with this identity. */
  public afterWith(id: string): KubeObject | undefined {
    return this.afterByKey.get(id);
  }

  public beforeOf(object: KubeObject): KubeObject | undefined {
    return this.beforeByKey.get(identity(object));
  }

  public afterOf(object: KubeObject): KubeObject | undefined {
    return this.afterByKey.get(identity(object));
  }

  /** The objects of one kind, before and after, paired. */
  public ofKind(group: string, kind: string): ObjectChange[] {
    return this.changes.filter((c) => (c.after ?? c.before)!.is(group, kind));
  }

  /** Whether a workload's pod template changes (it rolls), or it is created. */
  public starts(workload: KubeObject): boolean {
    const b = this.beforeOf(workload);
    if (!b) return true;
    const tb = podTemplate(b);
    const ta = podTemplate(workload);
    return !sameJson(tb && { labels: tb.labels, spec: tb.spec }, ta && { labels: ta.labels, spec: ta.spec })
      || (this.replicasBefore(b) === 0 && this.replicasAfter(workload) > 0);
  }

  /** The replicas a workload of before runs at (its own, or its autoscaler's minReplicas). */
  public replicasBefore(workload: KubeObject): number {
    return this.replicasIn(workload, this.before);
  }

  /** The replicas a workload of after runs at. */
  public replicasAfter(workload: KubeObject): number {
    return this.replicasIn(workload, this.after);
  }

  private replicasIn(workload: KubeObject, objects: readonly KubeObject[]): number {
    let byTarget = this.autoscalers.get(objects);
    if (!byTarget) {
      byTarget = autoscalersByTarget(objects);
      this.autoscalers.set(objects, byTarget);
    }
    return replicaRangeWith(workload, byTarget.get(scaleTarget(workload))).min;
  }

  /** The pods running before the change, per workload of before, and how many of them are Ready right after the apply. */
  public runningPods(): RunningPods[] {
    if (this.running) return this.running;
    const found: RunningPods[] = [];
    for (const b of this.before) {
      const template = podTemplate(b);
      if (!template || !template.replicated) continue;
      const countBefore = this.replicasBefore(b);
      const a = this.afterOf(b);
      const count = a ? Math.min(countBefore, this.replicasAfter(a)) : 0;
      const portNames = new Set<string>();
      for (const c of list(template.spec.containers)) {
        for (const p of list(isObject(c) ? c.ports : undefined)) if (isObject(p) && typeof p.name === 'string') portNames.add(p.name);
      }
      found.push({ workload: b, count, countBefore, labels: template.labels, portNames });
    }
    this.running = found;
    return found;
  }

  /** The running pods (of before) that `service` selects and reaches (its labels match, its named targetPort resolves). */
  public selectedPods(service: KubeObject): RunningPods[] {
    if (service.spec.type === 'ExternalName' || !isObject(service.spec.selector)) return [];
    let found = this.selected.get(service);
    if (!found) {
      if (!this.podIndex) {
        this.podIndex = new Map();
        for (const r of this.runningPods()) for (const pair of labelKeys(r.labels)) addToIndex(this.podIndex, `${r.workload.namespace}\n${pair}`, r);
      }
      const pair = mapSelectorKey(service.spec.selector);
      const candidates = pair === undefined ? [] : this.podIndex.get(`${service.namespace}\n${pair}`) ?? [];
      found = candidates.filter((r) => servesPorts(service, r) && mapSelects(service.spec.selector, r.labels as Record<string, string>));
      this.selected.set(service, found);
    }
    return found;
  }

  /** The Services of after that select a workload's (after) pods, in file order (as servicesSelecting finds them). */
  public servicesOf(workload: KubeObject): KubeObject[] {
    let found = this.services.get(workload);
    if (!found) {
      const template = podTemplate(workload);
      found = template ? this.servicesSelectingLabels(template.owner.namespace, template.labels) : [];
      this.services.set(workload, found);
    }
    return found;
  }

  /** The replicated workloads of after whose pods `service` (of after) selects, in file order. */
  public workloadsBehind(service: KubeObject): KubeObject[] {
    if (!this.behind) {
      this.behind = new Map();
      for (const w of this.after) {
        if (!podTemplate(w)?.replicated) continue;
        for (const s of this.servicesOf(w)) addToIndex(this.behind, s, w);
      }
    }
    return this.behind.get(service) ?? [];
  }

  private servicesSelectingLabels(namespace: string, labels: Json): KubeObject[] {
    if (!this.serviceIndex) {
      this.serviceIndex = new Map();
      this.after.forEach((o, position) => {
        if (!o.is('', 'Service') || o.spec.type === 'ExternalName') return;
        this.servicePosition.set(o, position);
        const pair = mapSelectorKey(o.spec.selector);
        if (pair !== undefined) addToIndex(this.serviceIndex!, `${o.namespace}\n${pair}`, o);
      });
    }
    const candidates = new Set(labelKeys(labels).flatMap((pair) => this.serviceIndex!.get(`${namespace}\n${pair}`) ?? []));
    const position = (s: KubeObject) => this.servicePosition.get(s)!;
    return [...candidates].filter((s) => mapSelects(s.spec.selector, labels)).sort((a, b) => position(a) - position(b));
  }
}

/** Whether every port of the Service resolves in these pods (a named targetPort needs a container port of that name). */
function servesPorts(service: KubeObject, pods: RunningPods): boolean {
  const ports = list(service.spec.ports).filter(isObject);
  return ports.length === 0 || ports.some((p) => {
    const target = p.targetPort ?? p.port;
    return typeof target !== 'string' || pods.portNames.has(target);
  });
}

/** A named targetPort of a Service's ports, with its index, for messages. */
export function targetPorts(service: KubeObject): string[] {
  return list(service.spec.ports).filter(isObject).map((p) => String(p.targetPort ?? p.port ?? '?') + (str(p.name) ? ` (${p.name})` : ''));
}

/** What a Service's endpoints go through when the change is applied. */
export interface ServiceLoss {
  readonly service: KubeObject;
  /** Ready endpoints before the change. */
  readonly before: number;
  /** Ready endpoints right after the apply. */
  readonly atApply: number;
  /** Right after the apply if no workload were scaled down or deleted: less than `before` means the selection or port changed. */
  readonly withoutScaleDown: number;
  /** Workloads of after the Service selects whose pods start (created, template changed, or from 0) in this change. */
  readonly starting: readonly KubeObject[];
}

/** The Argo CD sync wave of an object (0 without the annotation). */
function syncWave(object: KubeObject): number {
  const wave = Number(object.annotations['argocd.argoproj.io/sync-wave'] ?? 0);
  return Number.isFinite(wave) ? wave : 0;
}

/** Whether the applying tool honours sync waves and they put every one of `first` in a lower wave than `then`. */
export function orderedByWaves(transition: Transition, first: readonly KubeObject[], then: KubeObject): boolean {
  return transition.syncWaves && wavesOrder(first, then);
}

/** Whether the objects' Argo CD sync waves put every one of `first` before `then`, whoever applies them. */
export function wavesOrder(first: readonly KubeObject[], then: KubeObject): boolean {
  return first.length > 0 && first.every((o) => syncWave(o) < syncWave(then));
}

/** Each Service present before and after, with its endpoints before and right after the apply. */
export function serviceLosses(transition: Transition): ServiceLoss[] {
  const found: ServiceLoss[] = [];
  for (const change of transition.ofKind('', 'Service')) {
    const { before: b, after: a } = change;
    if (!b || !a) continue;
    const sum = (pods: RunningPods[], count: (r: RunningPods) => number) => pods.reduce((n, r) => n + count(r), 0);
    const before = sum(transition.selectedPods(b), (r) => r.countBefore);
    const selected = transition.selectedPods(a);
    const atApply = sum(selected, (r) => r.count);
    const withoutScaleDown = sum(selected, (r) => (transition.afterOf(r.workload) ? r.countBefore : 0));
    const starting = transition.workloadsBehind(a).filter((w) => transition.starts(w));
    found.push({ service: a, before, atApply, withoutScaleDown, starting });
  }
  return found;
}
