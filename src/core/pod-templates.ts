/**
 * Pod templates in manifests: which objects carry one, its containers, which Services, disruption
 * budgets and autoscalers select or scale its pods. Shared by the validation rules and the plan so
 * that "these pods" means the same thing everywhere.
 */
import { at, isObject, Json, KubeObject, list, str } from './kube-object';
import { parseIntOrPercent, Pods } from './rollout-arithmetic';
import { labelSelectorSelects, mapSelects } from './selectors';

/** The manifests a reader looks across: every object, and those that carry a pod template. */
export interface TemplatedObjects {
  readonly objects: readonly KubeObject[];
  readonly templates: readonly PodTemplate[];
}

/** A pod template inside a manifest. */
export interface PodTemplate {
  readonly owner: KubeObject;
  /** The pod spec, and its field path in the manifest. */
  readonly spec: Json;
  readonly specPath: string;
  /** The pods' labels, and their field path. */
  readonly labels: Json;
  readonly labelsPath: string;
  /** A long-running set of interchangeable replicas (Deployment, StatefulSet, ReplicaSet, Rollout). */
  readonly replicated: boolean;
}

/** apiGroup/kind -> where the pod template is, and whether its pods are interchangeable replicas. */
const TEMPLATE_OWNERS: Record<string, { readonly path: readonly string[]; readonly replicated: boolean }> = {
  'apps/Deployment': { path: ['spec', 'template'], replicated: true },
  'apps/StatefulSet': { path: ['spec', 'template'], replicated: true },
  'apps/ReplicaSet': { path: ['spec', 'template'], replicated: true },
  'apps/DaemonSet': { path: ['spec', 'template'], replicated: false },
  '/ReplicationController': { path: ['spec', 'template'], replicated: true },
  'batch/Job': { path: ['spec', 'template'], replicated: false },
  'batch/CronJob': { path: ['spec', 'jobTemplate', 'spec', 'template'], replicated: false },
  'argoproj.io/Rollout': { path: ['spec', 'template'], replicated: true },
};

/** The pod template of a workload (or the pod itself for a Pod); undefined for other kinds. */
export function podTemplate(object: KubeObject): PodTemplate | undefined {
  if (object.is('', 'Pod')) {
    return { owner: object, spec: object.spec, specPath: 'spec', labels: object.labels, labelsPath: 'metadata.labels', replicated: false };
  }
  const owner = TEMPLATE_OWNERS[`${object.group}/${object.kind}`];
  if (!owner) return undefined;
  let template: unknown = object.manifest;
  let path = '';
  for (const key of owner.path) {
    template = isObject(template) ? template[key] : undefined;
    path = at(path, key);
  }
  if (!isObject(template)) return undefined; // e.g. an Argo Rollout with a workloadRef
  const metadata = isObject(template.metadata) ? template.metadata : {};
  return {
    owner: object,
    spec: isObject(template.spec) ? template.spec : {},
    specPath: at(path, 'spec'),
    labels: isObject(metadata.labels) ? metadata.labels : {},
    labelsPath: at(at(path, 'metadata'), 'labels'),
    replicated: owner.replicated,
  };
}

/** One container of a pod spec. */
export interface ContainerEntry {
  readonly container: Json;
  readonly path: string;
  readonly name: string;
  /** An init container that runs to completion (not a restartPolicy: Always sidecar). */
  readonly runsToCompletion: boolean;
}

/** The init containers, then the app containers, of a pod spec (entries that are not objects skipped). */
export function containers(template: PodTemplate, options: { withInit?: boolean } = {}): ContainerEntry[] {
  const found: ContainerEntry[] = [];
  const add = (field: string, init: boolean) => list(template.spec[field]).forEach((container, i) => {
    if (!isObject(container)) return;
    const runsToCompletion = init && container.restartPolicy !== 'Always';
    found.push({ container, path: at(at(template.specPath, field), i), name: str(container.name) ?? `#${i}`, runsToCompletion });
  });
  if (options.withInit) add('initContainers', true);
  add('containers', false);
  return found;
}

/** The Services of the same namespace whose selector picks these pods. */
export function servicesSelecting(template: PodTemplate, objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.is('', 'Service') && o.namespace === template.owner.namespace
    && o.spec.type !== 'ExternalName' && mapSelects(o.spec.selector, template.labels));
}

/** The replica counts a workload can run at: its `replicas` (default 1), or its autoscaler's range. */
export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
  /** The autoscaler that sets the range, if any. */
  readonly autoscaler?: KubeObject;
}

/** replicaRange's autoscaler index of each object list it was asked about (rules ask once per workload: linear, not quadratic). */
const autoscalerIndexes = new WeakMap<readonly KubeObject[], Map<string, KubeObject>>();

/** The replica range of a workload among `objects`: its autoscaler's (the first that scales it), or its own count. */
export function replicaRange(workload: KubeObject, objects: readonly KubeObject[]): ReplicaRange {
  let byTarget = autoscalerIndexes.get(objects);
  if (!byTarget) autoscalerIndexes.set(objects, byTarget = autoscalersByTarget(objects));
  return replicaRangeWith(workload, byTarget.get(scaleTarget(workload)));
}

/** `namespace/Kind/name` of the workload an autoscaler scales, or undefined for any other object. */
export function autoscalerTarget(object: KubeObject): string | undefined {
  if (!object.is('autoscaling', 'HorizontalPodAutoscaler') || !isObject(object.spec.scaleTargetRef)) return undefined;
  return `${object.namespace}/${object.spec.scaleTargetRef.kind}/${object.spec.scaleTargetRef.name}`;
}

/** A workload's `namespace/Kind/name`, as `autoscalerTarget` spells it. */
export function scaleTarget(workload: KubeObject): string {
  return `${workload.namespace}/${workload.kind}/${workload.name}`;
}

/** Each workload's autoscaler (the first that scales it) by `scaleTarget`: replicaRange's lookup, indexed once for many workloads. */
export function autoscalersByTarget(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const found = new Map<string, KubeObject>();
  for (const o of objects) {
    const target = autoscalerTarget(o);
    if (target !== undefined && !found.has(target)) found.set(target, o);
  }
  return found;
}

/** The replica range of a workload with `autoscaler` (the first that scales it), or none. */
export function replicaRangeWith(workload: KubeObject, autoscaler: KubeObject | undefined): ReplicaRange {
  if (autoscaler) {
    const min = Number.isInteger(autoscaler.spec.minReplicas) ? autoscaler.spec.minReplicas : 1;
    const max = Number.isInteger(autoscaler.spec.maxReplicas) ? autoscaler.spec.maxReplicas : min;
    return { min, max: Math.max(min, max), autoscaler };
  }
  const replicas = Number.isInteger(workload.spec.replicas) ? workload.spec.replicas : 1;
  return { min: replicas, max: replicas };
}

/** A container's declared ports: name -> number (undefined when mistyped), and the set of numbers. */
export function declaredPorts(container: Json): { byName: Map<string, number | undefined>; numbers: Set<number> } {
  const byName = new Map<string, number | undefined>();
  const numbers = new Set<number>();
  for (const port of list(container.ports)) {
    if (!isObject(port)) continue;
    const number = typeof port.containerPort === 'number' ? port.containerPort : undefined;
    if (number !== undefined) numbers.add(number);
    if (typeof port.name === 'string') byName.set(port.name, number);
  }
  return { byName, numbers };
}

/** The probe handler field (httpGet, tcpSocket, grpc or exec) a probe uses, if any. */
export function probeHandler(probe: unknown): { type: string; handler: Json } | undefined {
  if (!isObject(probe)) return undefined;
  for (const type of ['httpGet', 'tcpSocket', 'grpc', 'exec']) {
    if (isObject(probe[type])) return { type, handler: probe[type] };
  }
  return undefined;
}

/** Containers that run alongside the app (app containers and restartPolicy: Always sidecars). */
export function longRunning(template: PodTemplate): ContainerEntry[] {
  return containers(template, { withInit: true }).filter((c) => !c.runsToCompletion);
}

/** Long-running replicated workloads that can have two or more pods: where disruption and spreading matter. */
export function replicatedTemplates(context: TemplatedObjects): { template: PodTemplate; max: number }[] {
  return context.templates
    .filter((t) => t.replicated)
    .map((template) => ({ template, max: replicaRange(template.owner, context.objects).max }))
    .filter(({ max }) => max >= 2);
}

/** Whether a term (anti-affinity or spread constraint) selects the workload's own pods. */
export function selectsOwnPods(term: unknown, template: PodTemplate): boolean {
  return isObject(term) && (labelSelectorSelects(term.labelSelector, template.labels, false)
    || (list(term.matchLabelKeys).length > 0 && !isObject(term.labelSelector)));
}

/** Every pod (anti-)affinity term of a pod spec, required and preferred, with its path. */
export function affinityTerms(spec: Json, specPath: string): { term: Json; path: string; required: boolean; anti: boolean }[] {
  const found: { term: Json; path: string; required: boolean; anti: boolean }[] = [];
  const affinity: Json = isObject(spec.affinity) ? spec.affinity : {};
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const rules: Json = isObject(affinity[kind]) ? affinity[kind] : {};
    const base = at(at(specPath, 'affinity'), kind);
    list(rules.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (isObject(term)) found.push({ term, path: at(at(base, 'requiredDuringSchedulingIgnoredDuringExecution'), i), required: true, anti: kind === 'podAntiAffinity' });
    });
    list(rules.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, i) => {
      if (isObject(weighted) && isObject(weighted.podAffinityTerm)) {
        found.push({ term: weighted.podAffinityTerm, path: at(at(at(base, 'preferredDuringSchedulingIgnoredDuringExecution'), i), 'podAffinityTerm'), required: false, anti: kind === 'podAntiAffinity' });
      }
    });
  }
  return found;
}

/** A maxSurge / maxUnavailable value as Pods; undefined when invalid (RS109 reports it). */
export function toPods(value: unknown): Pods | undefined {
  const parsed = parseIntOrPercent(value);
  if (!parsed || parsed.amount < 0) return undefined;
  return parsed.percent ? Pods.percent(parsed.amount) : Pods.count(parsed.amount);
}

/** The pod templates of built-in kinds: those the API server validates as pod specs (a custom resource's template only meets its CRD schema). */
export function serverValidatedTemplates(context: TemplatedObjects): PodTemplate[] {
  return context.templates.filter((t) => t.owner.group === '' || t.owner.group === 'apps' || t.owner.group === 'batch');
}
