/**
 * The best-practice rules: what Kubernetes accepts but what drops requests during a release or leaves
 * a workload fragile (kubernetes-rollout-facts.md). These look across objects: a Service and the pods
 * it selects, a Deployment and its disruption budget or autoscaler.
 */
import { Pods, resolveRollout } from '../core/pods';
import { parseIntOrPercent } from './api-rules';
import { Check } from './context';
import { at, isObject, Json, list, show } from './objects';
import {
  containers, ContainerEntry, declaredPorts, labelSelectorSelects, mapSelects, PodTemplate, probeHandler, replicaRange, servicesSelecting,
} from './pods';

// ---------------------------------------------------------------------------------------------
// RS201 readiness behind a Service
// ---------------------------------------------------------------------------------------------

/** Containers that run alongside the app (app containers and restartPolicy: Always sidecars). */
function longRunning(template: PodTemplate): ContainerEntry[] {
  return containers(template, { withInit: true }).filter((c) => !c.runsToCompletion);
}

export const checkReadinessBehindService: Check = (context, report) => {
  for (const template of context.templates) {
    const services = servicesSelecting(template, context.objects);
    if (services.length === 0) continue;
    const candidates = longRunning(template);
    // The containers serving the Services' target ports; when none can be told, all of them.
    const targets = services.flatMap((s) => list(s.spec.ports).map((p) => (p?.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p?.port : p.targetPort)));
    const serving = candidates.filter(({ container }) => {
      const ports = declaredPorts(container);
      return targets.some((t) => (typeof t === 'string' ? ports.byName.has(t) : ports.numbers.has(t)));
    });
    for (const { container, path, name } of serving.length > 0 ? serving : candidates) {
      if (isObject(container.readinessProbe)) continue;
      report(template.owner, at(path, 'readinessProbe'),
        `container ${show(name)} has no readiness probe, but ${services.map((s) => s.ref).join(' and ')} sends it traffic: requests reach pods still starting, and a rollout stops old pods before new ones can serve`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// RS202 liveness identical to readiness
// ---------------------------------------------------------------------------------------------

/** What a probe checks, with named ports resolved: two probes with the same key check the same thing. */
function probeKey(probe: unknown, container: Json): string | undefined {
  const found = probeHandler(probe);
  if (!found) return undefined;
  const { type, handler } = found;
  const ports = declaredPorts(container);
  const port = typeof handler.port === 'string' ? ports.byName.get(handler.port) ?? handler.port : handler.port;
  switch (type) {
    case 'httpGet':
      return JSON.stringify([type, port, handler.path ?? '/', handler.host ?? '', handler.scheme ?? 'HTTP', handler.httpHeaders ?? []]);
    case 'grpc':
      return JSON.stringify([type, port, handler.service ?? '']);
    case 'exec':
      return JSON.stringify([type, handler.command ?? []]);
    default:
      return JSON.stringify([type, port, handler.host ?? '']);
  }
}

export const checkDistinctLiveness: Check = (context, report) => {
  for (const template of context.templates) {
    for (const { container, path, name } of longRunning(template)) {
      const liveness = probeKey(container.livenessProbe, container);
      if (liveness === undefined || liveness !== probeKey(container.readinessProbe, container)) continue;
      report(template.owner, at(path, 'livenessProbe'),
        `container ${show(name)} uses the same check for liveness and readiness: when a dependency slows down, every pod fails both and Kubernetes restarts them all at once`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// RS203 grace period covering the preStop drain
// ---------------------------------------------------------------------------------------------

const DEFAULT_GRACE_SECONDS = 30;
const SLEEP_UNITS: Record<string, number> = { '': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400 };

/** How long a preStop hook sleeps: the native `sleep` action, or `sleep N` in an exec command (summed). */
export function preStopSleepSeconds(preStop: unknown): number | undefined {
  if (!isObject(preStop)) return undefined;
  if (isObject(preStop.sleep) && typeof preStop.sleep.seconds === 'number') return preStop.sleep.seconds;
  const command = list(preStop.exec?.command).map(String).join(' ');
  let total: number | undefined;
  for (const match of command.matchAll(/(?:^|[\s;&|(])sleep\s+([0-9]+(?:\.[0-9]+)?)([smhd]?)(?=$|[\s;&|)])/g)) {
    total = (total ?? 0) + Number(match[1]) * SLEEP_UNITS[match[2]];
  }
  return total;
}

export const checkGracePeriod: Check = (context, report) => {
  for (const template of context.templates) {
    const explicit = template.spec.terminationGracePeriodSeconds;
    if (explicit !== undefined && typeof explicit !== 'number') continue; // the schema's finding
    const grace = explicit ?? DEFAULT_GRACE_SECONDS;
    for (const { container, name } of longRunning(template)) {
      const sleep = preStopSleepSeconds(container.lifecycle?.preStop);
      if (sleep === undefined || grace > sleep) continue;
      report(template.owner, at(template.specPath, 'terminationGracePeriodSeconds'),
        `${grace} s${explicit === undefined ? ' (the default)' : ''} does not cover container ${show(name)}'s preStop sleep of ${sleep} s: the grace period counts from the start of the hook, so the kubelet kills the container before it has drained and finished its requests`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// RS204 a rollout that keeps capacity
// ---------------------------------------------------------------------------------------------

/** The highest replica count checked for an autoscaled Deployment (the arithmetic is per count). */
const MAX_CHECKED_REPLICAS = 10000;

export const checkRolloutCapacity: Check = (context, report) => {
  for (const deployment of context.objects.filter((o) => o.is('apps', 'Deployment'))) {
    const range = replicaRange(deployment, context.objects);
    if (range.max <= 0) continue; // nothing runs, nothing to lose
    const strategy: Json = isObject(deployment.spec.strategy) ? deployment.spec.strategy : {};
    const scaledBy = range.autoscaler ? ` (${range.autoscaler.ref} scales it from ${range.min} to ${range.max})` : '';
    if (strategy.type === 'Recreate') {
      report(deployment, 'spec.strategy.type', `Recreate stops every pod before new ones start: the app is down during every release${scaledBy}`);
      continue;
    }
    if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') continue;
    const rollingUpdate: Json = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const surgeValue = rollingUpdate.maxSurge ?? '25%';
    const unavailableValue = rollingUpdate.maxUnavailable ?? '25%';
    const surge = toPods(surgeValue);
    const unavailable = toPods(unavailableValue);
    if (!surge || !unavailable) continue; // an invalid value: RS109's finding
    for (let replicas = Math.max(range.min, 1); replicas <= Math.min(range.max, MAX_CHECKED_REPLICAS); replicas++) {
      const resolved = resolveRollout(replicas, surge, unavailable);
      if (resolved.maxUnavailable === 0) continue;
      const given = (field: string, value: unknown) => `${field} ${typeof value === 'string' ? value : show(value)}${rollingUpdate[field] === undefined ? ' (the default)' : ''}`;
      report(deployment, 'spec.strategy.rollingUpdate.maxUnavailable', resolved.forced
        ? `${given('maxSurge', surgeValue)} and ${given('maxUnavailable', unavailableValue)} both come to 0 at ${replicas} replicas, so the controller takes 1 pod down at a time: capacity drops to ${replicas - 1} during every rollout${scaledBy}`
        : `${given('maxUnavailable', unavailableValue)} comes to ${resolved.maxUnavailable} pod(s) at ${replicas} replicas (percentages round down): available pods drop to ${replicas - resolved.maxUnavailable} during every rollout${scaledBy}`);
      break;
    }
  }
};

export function toPods(value: unknown): Pods | undefined {
  const parsed = parseIntOrPercent(value);
  if (!parsed || parsed.amount < 0) return undefined;
  return parsed.percent ? Pods.percent(parsed.amount) : Pods.count(parsed.amount);
}

// ---------------------------------------------------------------------------------------------
// RS205 pinned images
// ---------------------------------------------------------------------------------------------

/** What is wrong with an image reference ('' when it is pinned by a tag other than latest, or by digest). */
export function imageProblem(image: unknown): string {
  if (typeof image !== 'string' || image.trim() === '') return 'has no image';
  if (image.includes('@')) return ''; // a digest pins the exact image
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return `image ${show(image)} has no tag, so it means :latest`;
  if (lastSegment.slice(colon + 1) === 'latest') return `image ${show(image)} uses the :latest tag`;
  return '';
}

export const checkPinnedImages: Check = (context, report) => {
  for (const template of context.templates) {
    for (const { container, path, name } of containers(template, { withInit: true })) {
      const problem = imageProblem(container.image);
      if (problem) report(template.owner, at(path, 'image'), `container ${show(name)} ${problem}: the tag moves under running pods, nodes run different builds, and a rollback cannot return to the previous one`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// RS206 probes on declared ports, RS207 Service target ports the pods declare
// ---------------------------------------------------------------------------------------------

export const checkProbePorts: Check = (context, report) => {
  for (const template of context.templates) {
    for (const { container, path, name } of longRunning(template)) {
      const ports = declaredPorts(container);
      for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const found = probeHandler(container[field]);
        if (!found || found.type === 'exec') continue;
        const port = found.handler.port;
        const declared = typeof port === 'string' ? ports.byName.has(port) : typeof port === 'number' ? ports.numbers.has(port) : true;
        if (declared) continue;
        report(template.owner, at(at(at(path, field), found.type), 'port'), typeof port === 'string'
          ? `container ${show(name)} has no port named ${show(port)}: the probe can never succeed`
          : `container ${show(name)} does not declare port ${port}: declare it in ports (and name it) so the probe checks the port the app serves on`);
      }
    }
  }
};

export const checkServiceTargetPorts: Check = (context, report) => {
  for (const service of context.objects.filter((o) => o.is('', 'Service') && o.spec.type !== 'ExternalName')) {
    const selected = context.templates.filter((t) => t.owner.namespace === service.namespace && mapSelects(service.spec.selector, t.labels));
    if (selected.length === 0) continue; // the pods are not part of this app
    list(service.spec.ports).forEach((port, i) => {
      if (typeof port?.targetPort !== 'string' || port.targetPort === '') return;
      for (const template of selected) {
        if (longRunning(template).some(({ container }) => declaredPorts(container).byName.has(port.targetPort))) continue;
        report(service, at(at('spec.ports', i), 'targetPort'),
          `no container of ${template.owner.ref} declares a port named ${show(port.targetPort)}: the Service gets no endpoints for this port on those pods`);
      }
    });
  }
};

// ---------------------------------------------------------------------------------------------
// Warnings: resources, Pod Security "restricted", disruption budget, spreading
// ---------------------------------------------------------------------------------------------

export const checkResources: Check = (context, report) => {
  for (const template of context.templates) {
    for (const { container, path, name } of containers(template, { withInit: true })) {
      const resources: Json = isObject(container.resources) ? container.resources : {};
      const missing = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]
        .filter(([kind, resource]) => !isObject(resources[kind]) || resources[kind][resource] === undefined)
        .map(([kind, resource]) => `${kind}.${resource}`);
      if (missing.length > 0) report(template.owner, at(path, 'resources'), `container ${show(name)} sets no ${missing.join(', ')}`);
    }
  }
};

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

export const checkRestrictedSecurity: Check = (context, report) => {
  for (const template of context.templates) {
    const owner = template.owner;
    const pod: Json = isObject(template.spec.securityContext) ? template.spec.securityContext : {};
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (template.spec[field] === true) report(owner, at(template.specPath, field), `${field} shares the node's namespace with the pod`);
    }
    list(template.spec.volumes).forEach((volume, i) => {
      if (isObject(volume?.hostPath)) report(owner, at(at(at(template.specPath, 'volumes'), i), 'hostPath'), `volume ${show(volume.name)} mounts a path of the node`);
    });
    if (pod.runAsUser === 0) report(owner, at(at(template.specPath, 'securityContext'), 'runAsUser'), 'runs as root (uid 0)');
    const allContainers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) =>
      list(template.spec[field]).map((container, i) => ({ container, path: at(at(template.specPath, field), i) })));
    for (const { container, path } of allContainers) {
      if (!isObject(container)) continue;
      const name = show(container.name);
      const security: Json = isObject(container.securityContext) ? container.securityContext : {};
      const securityPath = at(path, 'securityContext');
      if (security.privileged === true) report(owner, at(securityPath, 'privileged'), `container ${name} is privileged`);
      if (security.allowPrivilegeEscalation !== false) report(owner, at(securityPath, 'allowPrivilegeEscalation'), `container ${name} does not set allowPrivilegeEscalation: false`);
      const drop = list(security.capabilities?.drop);
      if (!drop.includes('ALL')) report(owner, at(at(securityPath, 'capabilities'), 'drop'), `container ${name} does not drop ALL capabilities`);
      const added = list(security.capabilities?.add).filter((c) => c !== 'NET_BIND_SERVICE');
      if (added.length > 0) report(owner, at(at(securityPath, 'capabilities'), 'add'), `container ${name} adds capabilities ${added.join(', ')} (only NET_BIND_SERVICE is allowed)`);
      if ((security.runAsNonRoot ?? pod.runAsNonRoot) !== true) report(owner, at(securityPath, 'runAsNonRoot'), `container ${name} may run as root: neither it nor the pod sets runAsNonRoot: true`);
      if (security.runAsUser === 0) report(owner, at(securityPath, 'runAsUser'), `container ${name} runs as root (uid 0)`);
      const seccomp = security.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (!SECCOMP_TYPES.includes(seccomp)) report(owner, at(at(securityPath, 'seccompProfile'), 'type'), `container ${name} has no seccomp profile RuntimeDefault or Localhost (neither it nor the pod sets one)`);
      list(container.ports).forEach((port, i) => {
        if (typeof port?.hostPort === 'number' && port.hostPort !== 0) report(owner, at(at(at(path, 'ports'), i), 'hostPort'), `container ${name} binds a port of the node`);
      });
    }
  }
};

/** Long-running replicated workloads that can have two or more pods: where disruption and spreading matter. */
function replicatedTemplates(context: Parameters<Check>[0]): { template: PodTemplate; max: number }[] {
  return context.templates
    .filter((t) => t.replicated)
    .map((template) => ({ template, max: replicaRange(template.owner, context.objects).max }))
    .filter(({ max }) => max >= 2);
}

export const checkDisruptionBudget: Check = (context, report) => {
  for (const { template, max } of replicatedTemplates(context)) {
    const covered = context.objects.some((o) => o.is('policy', 'PodDisruptionBudget') && o.namespace === template.owner.namespace
      && labelSelectorSelects(o.spec.selector, template.labels, true));
    if (!covered) report(template.owner, '', `no PodDisruptionBudget selects its pods: a node drain may evict all ${max} replicas at once`);
  }
};

const HOSTNAME = 'kubernetes.io/hostname';

/** Whether a term (anti-affinity or spread constraint) selects the workload's own pods. */
function selectsOwnPods(term: unknown, template: PodTemplate): boolean {
  return isObject(term) && (labelSelectorSelects(term.labelSelector, template.labels, false)
    || (list(term.matchLabelKeys).length > 0 && !isObject(term.labelSelector)));
}

export const checkHostAntiAffinity: Check = (context, report) => {
  for (const { template } of replicatedTemplates(context)) {
    const antiAffinity = template.spec.affinity?.podAntiAffinity;
    const terms = [
      ...list(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      ...list(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((p) => p?.podAffinityTerm),
      ...list(template.spec.topologySpreadConstraints),
    ];
    if (terms.some((term) => term?.topologyKey === HOSTNAME && selectsOwnPods(term, template))) continue;
    report(template.owner, at(at(template.specPath, 'affinity'), 'podAntiAffinity'),
      `nothing keeps its replicas on different nodes (anti-affinity or a spread constraint on ${HOSTNAME} selecting its own pods): one node failure can take them all`);
  }
};

export const checkTopologySpread: Check = (context, report) => {
  for (const { template } of replicatedTemplates(context)) {
    if (list(template.spec.topologySpreadConstraints).some((c) => selectsOwnPods(c, template))) continue;
    report(template.owner, at(template.specPath, 'topologySpreadConstraints'),
      'no topology spread constraint selects its own pods: replicas may pile up in one zone');
  }
};
