import { dns1123LabelProblem, portNameProblem } from '../../core/names';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, KubeObject, list, show } from '../objects';
import { containers, PodTemplate, probeHandler } from '../../core/pod-templates';

export const RS107: Rule = {
  id: 'RS107',
  severity: 'error',
  title: 'invalid port',
  why: 'Port numbers are 1 to 65535, node ports within 30000-32767 (the default range), port names IANA service names (1 to 15 lower case letters, digits and \'-\', at least one letter). The API server refuses others; a port name used twice in a pod makes Services and probes ambiguous.',
  fix: 'Use a port number in range, or the name of a declared container port; give each port of a pod a unique name and each port of a multi-port Service a name.',
  check: checkPorts,
};

const NODE_PORTS = { min: 30000, max: 32767 }; // the API server's default --service-node-port-range

function checkPorts(context: RuleContext, report: Report): void {
  for (const template of context.templates) checkPodPorts(template, report);
  for (const object of context.objects) {
    if (object.is('', 'Service')) checkServicePorts(object, report);
    if (object.is('networking.k8s.io', 'NetworkPolicy')) checkNetworkPolicyPorts(object, report);
    if (object.is('networking.k8s.io', 'Ingress')) checkIngressPorts(object, object.manifest, '', report);
  }
}

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
