/**
 * Checks for what the API server refuses but a schema does not express: name, label and port formats,
 * a workload selector that does not select its own pods, rolling-update values, requests above limits,
 * two manifests for one object. (kubernetes `pkg/apis/<group>/validation`, apimachinery `validation.go`.)
 * The name and label formats are the project's own (src/core/names.ts), shared with the constructs.
 */
import { parseIntOrPercent } from '../core/pods';
import { parseQuantity } from '../core/quantity';
import { labelSelectorSelects } from '../core/selectors';
import {
  dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem, portNameProblem,
} from '../core/names';
import { Check, Report } from './context';
import { at, entries, isObject, Json, KubeObject, list, show } from './objects';
import { containers, PodTemplate, probeHandler } from './pods';
import { readWaivers } from './waivers';

// ---------------------------------------------------------------------------------------------
// Schema (RS101-RS104)
// ---------------------------------------------------------------------------------------------

export const checkSchema: Check = (context, report) => {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'checked') outcome.findings.filter((f) => !f.unknownField).forEach((f) => report(object, f.path, f.message));
  }
};

export const checkUnknownFields: Check = (context, report) => {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'checked') outcome.findings.filter((f) => f.unknownField).forEach((f) => report(object, f.path, f.message));
  }
};

export const checkUnknownKinds: Check = (context, report) => {
  for (const object of context.objects) {
    if (context.schema(object).status !== 'unknown') continue;
    report(object, 'kind', `no schema for ${object.apiVersion} ${object.kind} (neither a Kubernetes kind kubernetes-models knows nor one of the CRDs given): its fields are not checked`);
  }
};

export const checkRemovedApis: Check = (context, report) => {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'removed') report(object, 'apiVersion', outcome.message);
  }
};

// ---------------------------------------------------------------------------------------------
// Names (RS105)
// ---------------------------------------------------------------------------------------------

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** A CronJob's name plus the 11 characters of its Jobs' suffix must fit a 63-character label. */
const MAX_CRONJOB_NAME = 52;

/** What is wrong with an object's name for its kind ('' when nothing). */
function objectNameProblem(object: KubeObject, name: string): string {
  if (object.is('', 'Service')) return dns1035LabelProblem(name);
  if (object.is('', 'Namespace')) return dns1123LabelProblem(name);
  if (object.group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(object.kind)) {
    // RBAC names only need to be one URL path segment (system:controller:... is common).
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'must not be "." or ".." nor contain \'/\' or \'%\'' : '';
  }
  if (object.is('batch', 'CronJob') && name.length > MAX_CRONJOB_NAME) {
    return `is ${name.length} characters long; a CronJob name has at most ${MAX_CRONJOB_NAME} (its Jobs add a suffix)`;
  }
  return dns1123SubdomainProblem(name);
}

export const checkNames: Check = (context, report) => {
  for (const object of context.objects) {
    const name = object.metadata.name;
    if (typeof name !== 'string' || name === '') {
      if (name === undefined || name === '') report(object, 'metadata.name', '`kubectl apply` needs a name (generateName is not enough)');
    } else {
      const problem = objectNameProblem(object, name);
      if (problem) report(object, 'metadata.name', `${show(name)} ${problem}`);
    }
    const namespace = object.metadata.namespace;
    if (typeof namespace === 'string') {
      const problem = dns1123LabelProblem(namespace);
      if (problem) report(object, 'metadata.namespace', `${show(namespace)} ${problem}`);
    }
  }
  for (const template of context.templates) checkPodNames(template, report);
};

/** Container and volume names: DNS-1123 labels, each unique in the pod. */
function checkPodNames(template: PodTemplate, report: Report): void {
  const uniqueLabels = (items: { name: unknown; path: string }[], what: string) => {
    const seen = new Map<string, string>();
    for (const { name, path } of items) {
      if (typeof name !== 'string') continue; // missing or mistyped: the schema's finding
      const problem = dns1123LabelProblem(name);
      if (problem) report(template.owner, path, `${what} name ${show(name)} ${problem}`);
      const earlier = seen.get(name);
      if (earlier) report(template.owner, path, `${what} name ${show(name)} is already used at ${earlier}`);
      else seen.set(name, path);
    }
  };
  const containerFields = ['initContainers', 'containers', 'ephemeralContainers'];
  uniqueLabels(containerFields.flatMap((field) => list(template.spec[field]).map((c, i) => ({
    name: c?.name, path: at(at(at(template.specPath, field), i), 'name'),
  }))), 'container');
  uniqueLabels(list(template.spec.volumes).map((v, i) => ({ name: v?.name, path: at(at(at(template.specPath, 'volumes'), i), 'name') })), 'volume');
}

// ---------------------------------------------------------------------------------------------
// Labels, annotations and label selectors (RS106)
// ---------------------------------------------------------------------------------------------

const MAX_ANNOTATION_BYTES = 256 * 1024;
/** Subtrees whose matchExpressions are node selector requirements (Gt / Lt, numeric values), not label selectors. */
const NODE_SELECTOR_FIELDS = new Set(['nodeAffinity', 'nodeSelectorTerms']);

export const checkLabels: Check = (context, report) => {
  for (const object of context.objects) {
    checkLabelMap(object, object.metadata.labels, 'metadata.labels', 'label', report);
    checkAnnotations(object, report);
    if (object.is('', 'Service')) checkLabelMap(object, object.spec.selector, 'spec.selector', 'selector', report);
    walkSelectors(object, object.manifest, '', report);
  }
  for (const template of context.templates) {
    if (template.labelsPath !== 'metadata.labels') checkLabelMap(template.owner, template.labels, template.labelsPath, 'label', report);
  }
};

function checkLabelMap(object: KubeObject, labels: unknown, path: string, what: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) report(object, at(path, key), `${what} key ${show(key)}: ${keyProblem}`);
    if (typeof value !== 'string') continue; // the schema's finding
    const valueProblem = labelValueProblem(value);
    if (valueProblem) report(object, at(path, key), `${what} value ${show(value)} ${valueProblem}`);
  }
}

function checkAnnotations(object: KubeObject, report: Report): void {
  let bytes = 0;
  for (const [key, value] of entries(object.metadata.annotations)) {
    // The API server checks annotation keys in lower case.
    const problem = labelKeyProblem(key.toLowerCase());
    if (problem) report(object, at('metadata.annotations', key), `annotation key ${show(key)}: ${problem}`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (bytes > MAX_ANNOTATION_BYTES) report(object, 'metadata.annotations', `annotations take ${bytes} bytes; at most ${MAX_ANNOTATION_BYTES} are allowed`);
}

/** Every label selector in the manifest (`matchLabels`, `matchExpressions`), wherever it sits. */
function walkSelectors(object: KubeObject, value: unknown, path: string, report: Report): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkSelectors(object, item, at(path, i), report));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = at(path, key);
    if (NODE_SELECTOR_FIELDS.has(key)) continue;
    if (key === 'matchLabels' && isObject(child)) checkLabelMap(object, child, childPath, 'selector', report);
    else if (key === 'matchExpressions' && Array.isArray(child)) child.forEach((r, i) => checkRequirement(object, r, at(childPath, i), report));
    else walkSelectors(object, child, childPath, report);
  }
}

function checkRequirement(object: KubeObject, requirement: unknown, path: string, report: Report): void {
  if (!isObject(requirement)) return;
  if (typeof requirement.key === 'string') {
    const problem = labelKeyProblem(requirement.key);
    if (problem) report(object, at(path, 'key'), `selector key ${show(requirement.key)}: ${problem}`);
  }
  const values = list(requirement.values);
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) report(object, at(path, 'values'), `operator ${requirement.operator} needs at least one value`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) report(object, at(path, 'values'), `operator ${requirement.operator} takes no values`);
      break;
    default:
      report(object, at(path, 'operator'), `${show(requirement.operator)} is not a selector operator (In, NotIn, Exists, DoesNotExist)`);
  }
  values.forEach((value, i) => {
    const problem = typeof value === 'string' ? labelValueProblem(value) : '';
    if (problem) report(object, at(at(path, 'values'), i), `selector value ${show(value)} ${problem}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Ports (RS107)
// ---------------------------------------------------------------------------------------------

const NODE_PORTS = { min: 30000, max: 32767 }; // the API server's default --service-node-port-range

function portNumberProblem(value: unknown): string {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? '' : `${show(value)} is not a port number (1 to 65535)`;
}

/** A port given as a number or as the name of a container port. */
function portReferenceProblem(value: unknown): string {
  if (typeof value === 'string') {
    const problem = portNameProblem(value);
    return problem ? `port name ${show(value)} ${problem}` : '';
  }
  return typeof value === 'number' ? portNumberProblem(value) : '';
}

export const checkPorts: Check = (context, report) => {
  for (const template of context.templates) checkPodPorts(template, report);
  for (const object of context.objects) {
    if (object.is('', 'Service')) checkServicePorts(object, report);
    if (object.is('networking.k8s.io', 'NetworkPolicy')) checkNetworkPolicyPorts(object, report);
    if (object.is('networking.k8s.io', 'Ingress')) checkIngressPorts(object, object.manifest, '', report);
  }
};

function checkPodPorts(template: PodTemplate, report: Report): void {
  const names = new Map<string, string>();
  for (const { container, path } of containers(template, { withInit: true })) {
    list(container.ports).forEach((port, i) => {
      if (!isObject(port)) return;
      const portPath = at(at(path, 'ports'), i);
      if (typeof port.containerPort === 'number') {
        const problem = portNumberProblem(port.containerPort);
        if (problem) report(template.owner, at(portPath, 'containerPort'), problem);
      }
      if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
        const problem = portNumberProblem(port.hostPort);
        if (problem) report(template.owner, at(portPath, 'hostPort'), problem);
      }
      if (typeof port.name === 'string') {
        const problem = portNameProblem(port.name);
        if (problem) report(template.owner, at(portPath, 'name'), `port name ${show(port.name)} ${problem}`);
        const earlier = names.get(port.name);
        if (earlier) report(template.owner, at(portPath, 'name'), `port name ${show(port.name)} is already used at ${earlier}: Services and probes could not tell them apart`);
        else names.set(port.name, at(portPath, 'name'));
      }
    });
    for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const handler = probeHandler(container[field]);
      if (handler && handler.type !== 'exec') checkPortReference(template.owner, handler.handler.port, at(at(at(path, field), handler.type), 'port'), report);
    }
    for (const hook of ['postStart', 'preStop']) {
      const action = container.lifecycle?.[hook];
      for (const type of ['httpGet', 'tcpSocket']) {
        if (isObject(action?.[type])) checkPortReference(template.owner, action[type].port, at(at(at(at(path, 'lifecycle'), hook), type), 'port'), report);
      }
    }
  }
}

function checkPortReference(object: KubeObject, value: unknown, path: string, report: Report): void {
  const problem = portReferenceProblem(value);
  if (problem) report(object, path, problem);
}

function checkServicePorts(service: KubeObject, report: Report): void {
  const type = service.spec.type ?? 'ClusterIP';
  const ports = list(service.spec.ports);
  const names = new Set<string>();
  const numbers = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const path = at('spec.ports', i);
    if (typeof port.port === 'number') {
      const problem = portNumberProblem(port.port);
      if (problem) report(service, at(path, 'port'), problem);
      const key = `${port.port}/${port.protocol ?? 'TCP'}`;
      if (numbers.has(key)) report(service, at(path, 'port'), `port ${key} is listed twice`);
      numbers.add(key);
    }
    // targetPort 0 or '' means "same as port".
    if (port.targetPort !== 0 && port.targetPort !== '') checkPortReference(service, port.targetPort, at(path, 'targetPort'), report);
    if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        report(service, at(path, 'nodePort'), `a ${type} Service has no node ports`);
      } else if (!Number.isInteger(port.nodePort) || port.nodePort < NODE_PORTS.min || port.nodePort > NODE_PORTS.max) {
        report(service, at(path, 'nodePort'), `${port.nodePort} is outside the node port range ${NODE_PORTS.min}-${NODE_PORTS.max} (the API server's default)`);
      }
    }
    if (typeof port.name === 'string' && port.name !== '') {
      const problem = dns1123LabelProblem(port.name);
      if (problem) report(service, at(path, 'name'), `port name ${show(port.name)} ${problem}`);
      if (names.has(port.name)) report(service, at(path, 'name'), `port name ${show(port.name)} is used twice`);
      names.add(port.name);
    } else if (ports.length > 1) {
      report(service, at(path, 'name'), 'every port of a Service with several ports needs a name');
    }
  });
}

function checkNetworkPolicyPorts(policy: KubeObject, report: Report): void {
  for (const direction of ['ingress', 'egress']) {
    list(policy.spec[direction]).forEach((rule, i) => list(rule?.ports).forEach((port, j) => {
      if (!isObject(port)) return;
      const path = at(at(at(at('spec', direction), i), 'ports'), j);
      checkPortReference(policy, port.port, at(path, 'port'), report);
      if (port.endPort === undefined) return;
      checkPortReference(policy, port.endPort, at(path, 'endPort'), report);
      if (typeof port.port !== 'number') report(policy, at(path, 'endPort'), 'endPort needs a numeric port');
      else if (typeof port.endPort === 'number' && port.endPort < port.port) report(policy, at(path, 'endPort'), `endPort ${port.endPort} is below port ${port.port}`);
    }));
  }
}

/** Every `service.port` of an Ingress backend (default backend and rules). */
function checkIngressPorts(ingress: KubeObject, value: unknown, path: string, report: Report): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkIngressPorts(ingress, item, at(path, i), report));
    return;
  }
  if (!isObject(value)) return;
  if (isObject(value.service) && isObject(value.service.port)) {
    const port = value.service.port;
    const portPath = at(at(path, 'service'), 'port');
    if (port.number !== undefined) checkPortReference(ingress, port.number, at(portPath, 'number'), report);
    if (port.name !== undefined) checkPortReference(ingress, port.name, at(portPath, 'name'), report);
    if (port.number !== undefined && port.name !== undefined) report(ingress, portPath, 'set either the port number or its name, not both');
  }
  for (const [key, child] of Object.entries(value)) if (key !== 'service') checkIngressPorts(ingress, child, at(path, key), report);
}

// ---------------------------------------------------------------------------------------------
// Workload selectors (RS108)
// ---------------------------------------------------------------------------------------------

/** Kinds whose controller adopts pods by `spec.selector`, so their own pods must match it. */
const SELECTOR_OWNERS = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'argoproj.io/Rollout'];

export const checkWorkloadSelectors: Check = (context, report) => {
  for (const template of context.templates) {
    const owner = template.owner;
    if (!SELECTOR_OWNERS.includes(`${owner.group}/${owner.kind}`)) continue;
    const selector = owner.spec.selector;
    if (!isObject(selector)) continue; // missing: the schema's finding
    if (entries(selector.matchLabels).length === 0 && list(selector.matchExpressions).length === 0) {
      report(owner, 'spec.selector', 'an empty selector would select every pod of the namespace; the API server refuses it');
    } else if (!labelSelectorSelects(selector, template.labels, false)) {
      report(owner, 'spec.selector', `does not select the pod template's labels ${JSON.stringify(template.labels)}: the controller would never see its own pods (the API server refuses it)`);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Rolling update and disruption budget arithmetic (RS109)
// ---------------------------------------------------------------------------------------------

/** Reports an int-or-percent value the API server refuses; returns the parsed value when it is usable. */
function checkIntOrPercent(object: KubeObject, value: unknown, path: string, report: Report, atMost100 = true): { amount: number; percent: boolean } | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIntOrPercent(value);
  if (!parsed) {
    // A number as a string ("1") is neither form.
    if (typeof value === 'string' || typeof value === 'number') report(object, path, `${show(value)} must be a whole number of pods or a percentage such as "25%"`);
    return undefined;
  }
  if (parsed.amount < 0) report(object, path, `${show(value)} must not be negative`);
  if (atMost100 && parsed.percent && parsed.amount > 100) report(object, path, `${show(value)} must not exceed 100%`);
  return parsed;
}

export const checkReplicaArithmetic: Check = (context, report) => {
  for (const object of context.objects) {
    if (object.is('apps', 'Deployment')) checkDeploymentArithmetic(object, report);
    if (object.is('policy', 'PodDisruptionBudget')) {
      const { minAvailable, maxUnavailable } = object.spec;
      if (minAvailable !== undefined && maxUnavailable !== undefined) report(object, 'spec', 'set minAvailable or maxUnavailable, not both');
      checkIntOrPercent(object, minAvailable, 'spec.minAvailable', report);
      checkIntOrPercent(object, maxUnavailable, 'spec.maxUnavailable', report);
    }
  }
};

function checkDeploymentArithmetic(deployment: KubeObject, report: Report): void {
  const spec = deployment.spec;
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) {
    if (typeof spec[field] === 'number' && spec[field] < 0) report(deployment, at('spec', field), `${spec[field]} must not be negative`);
  }
  if (typeof spec.progressDeadlineSeconds === 'number') {
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      report(deployment, 'spec.progressDeadlineSeconds', `${spec.progressDeadlineSeconds} must be greater than minReadySeconds (${minReady})`);
    }
  }
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) report(deployment, 'spec.strategy.rollingUpdate', 'a Recreate strategy takes no rollingUpdate settings');
    return;
  }
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') {
    report(deployment, 'spec.strategy.type', `${show(strategy.type)} is not a Deployment strategy (RollingUpdate, Recreate)`);
    return;
  }
  const rollingUpdate = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  // A surge above 100% is allowed: it only adds pods.
  const surge = checkIntOrPercent(deployment, rollingUpdate.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', report, false);
  const unavailable = checkIntOrPercent(deployment, rollingUpdate.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', report);
  if (surge?.amount === 0 && unavailable?.amount === 0) {
    report(deployment, 'spec.strategy.rollingUpdate.maxUnavailable', 'maxSurge and maxUnavailable are both 0: the rollout could neither add nor remove a pod (the API server refuses it)');
  }
}

// ---------------------------------------------------------------------------------------------
// Requests above limits (RS110)
// ---------------------------------------------------------------------------------------------

export const checkRequestsWithinLimits: Check = (context, report) => {
  for (const template of context.templates) {
    for (const { container, path } of containers(template, { withInit: true })) {
      const resources: Json = isObject(container.resources) ? container.resources : {};
      for (const [resource, request] of entries(resources.requests)) {
        const limit = isObject(resources.limits) ? resources.limits[resource] : undefined;
        if (limit === undefined) continue;
        const requested = parseQuantity(String(request));
        const allowed = parseQuantity(String(limit));
        if (requested !== undefined && allowed !== undefined && requested > allowed) {
          report(template.owner, at(at(at(path, 'resources'), 'requests'), resource), `request ${show(request)} is above the limit ${show(limit)}`);
        }
      }
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Duplicates (RS111) and waivers (RS112)
// ---------------------------------------------------------------------------------------------

/** Built-in kinds without a namespace: two of one name collide wherever they are applied. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass',
  'StorageClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService',
]);

export const checkDuplicates: Check = (context, report) => {
  const seen = new Map<string, KubeObject[]>();
  for (const object of context.objects) {
    if (!object.name || !object.kind) continue;
    // The version does not matter: apps/v1 and apps/v1beta2 Deployments are the same object.
    const identity = [object.group, object.kind, object.namespace, object.name].join('\n');
    const earlier = seen.get(identity) ?? [];
    seen.set(identity, [...earlier, object]);
    // Objects of two files that leave the namespace to kubectl may well go to different namespaces.
    const collides = (other: KubeObject) => other.file === object.file || object.namespace !== '' || CLUSTER_SCOPED.has(object.kind);
    // The same object twice, identical (a Namespace two charts share), is harmless.
    const conflicting = earlier.find((other) => collides(other) && canonicalJson(other.manifest) !== canonicalJson(object.manifest));
    if (conflicting) {
      report(object, 'metadata.name', `the app already has a different ${conflicting.ref} (manifest #${conflicting.index + 1}${conflicting.file ? ` in ${conflicting.file}` : ''}): whichever is applied last overwrites the other`);
    }
  }
};

/** JSON with object keys sorted, to compare manifests regardless of key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

export const checkWaivers: Check = (context, report) => {
  for (const object of context.objects) {
    for (const problem of readWaivers(object, context.ruleIds).problems) report(object, problem.path, problem.message);
  }
};
