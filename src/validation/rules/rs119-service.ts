/**
 * Service settings the API server checks beyond the schema. Source: kubernetes
 * pkg/apis/core/validation/validation.go validateService (ports required, clusterIP(s), externalName,
 * sessionAffinity, loadBalancerSourceRanges via IsValidCIDRForLegacyField, allocateLoadBalancerNodePorts),
 * validateServiceExternalTrafficPolicy / validateServiceInternalTrafficPolicy, validateClientIPAffinityConfig,
 * validateServicePort (protocol); pkg/api/service ExternallyAccessible.
 */
import { dns1123SubdomainProblem } from '../../core/names';
import { parseCidr, parseIp } from '../addresses';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, KubeObject, list, show } from '../objects';

export const RS119: Rule = {
  id: 'RS119',
  severity: 'error',
  title: 'invalid Service setting',
  why: 'The API server refuses a ClusterIP, NodePort or LoadBalancer Service without ports (a headless one may have none), an ExternalName Service without a DNS name, a clusterIP that is neither an IP nor "None" (and "None" on a NodePort or LoadBalancer), externalTrafficPolicy on a Service reachable only inside the cluster, loadBalancerSourceRanges that are not CIDRs or on a Service that is not a LoadBalancer, a session affinity timeout outside 1-86400 and a port protocol other than TCP, UDP and SCTP.',
  fix: 'Set the field as the message says, or remove it for this type of Service.',
  check: checkServices,
};

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function checkServices(context: RuleContext, report: Report): void {
  for (const service of context.objects) if (service.is('', 'Service')) checkService(service, (path, message) => report(service, path, message));
}

function checkService(service: KubeObject, say: (path: string, message: string) => void): void {
  const spec = service.spec;
  const type = spec.type ?? 'ClusterIP';
  if (typeof type === 'string' && !TYPES.includes(type)) {
    say('spec.type', `${show(type)} is not a Service type (${TYPES.join(', ')})`);
    return;
  }
  const ports = list(spec.ports);
  const headless = spec.clusterIP === 'None' || list(spec.clusterIPs)[0] === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') say('spec.ports', 'Required value: a Service other than a headless or ExternalName one needs at least one port');
  if (type === 'ExternalName') {
    const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
    if (name === '') say('spec.externalName', 'Required value: an ExternalName Service needs externalName');
    else if (dns1123SubdomainProblem(name)) say('spec.externalName', `${show(spec.externalName)} ${dns1123SubdomainProblem(name)}`);
    if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '') say('spec.clusterIP', 'may not be set for ExternalName services');
  } else {
    const ips = [spec.clusterIP, ...list(spec.clusterIPs)].filter((ip) => typeof ip === 'string' && ip !== '');
    for (const ip of ips) {
      if (ip === 'None') {
        if (type === 'NodePort' || type === 'LoadBalancer') say('spec.clusterIP', `may not be set to 'None' for ${type} services`);
      } else if (!parseIp(ip)) say('spec.clusterIP', `${show(ip)} must be a valid IP address (or "None")`);
    }
  }
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && list(spec.externalIPs).length > 0);
  const policy = spec.externalTrafficPolicy;
  if (typeof policy === 'string' && policy !== '') {
    if (!external) say('spec.externalTrafficPolicy', `may only be set for externally-accessible services (NodePort, LoadBalancer, or with externalIPs), not ${show(type)}`);
    else if (!TRAFFIC_POLICIES.includes(policy)) say('spec.externalTrafficPolicy', `${show(policy)} is not one of ${TRAFFIC_POLICIES.join(', ')}`);
  }
  if (typeof spec.internalTrafficPolicy === 'string' && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    say('spec.internalTrafficPolicy', `${show(spec.internalTrafficPolicy)} is not one of ${TRAFFIC_POLICIES.join(', ')}`);
  }
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && policy === 'Local')) {
    say('spec.healthCheckNodePort', 'may only be set when type is LoadBalancer and externalTrafficPolicy is Local');
  }
  const ranges = list(spec.loadBalancerSourceRanges);
  if (ranges.length > 0 && type !== 'LoadBalancer') say('spec.loadBalancerSourceRanges', 'may only be used when `type` is \'LoadBalancer\'');
  ranges.forEach((range, i) => {
    if (typeof range === 'string' && !parseCidr(range.trim())) say(at('spec.loadBalancerSourceRanges', i), `${show(range)} must be a valid CIDR value (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
  });
  list(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && !parseIp(ip)) say(at('spec.externalIPs', i), `${show(ip)} must be a valid IP address`);
  });
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    say('spec.allocateLoadBalancerNodePorts', 'may only be used when `type` is \'LoadBalancer\'');
  }
  const affinity = spec.sessionAffinity;
  if (typeof affinity === 'string' && affinity !== 'None' && affinity !== 'ClientIP') say('spec.sessionAffinity', `${show(affinity)} is not one of ClientIP, None`);
  if (isObject(spec.sessionAffinityConfig) && affinity !== 'ClientIP') say('spec.sessionAffinityConfig', 'must not be set when session affinity is None');
  const timeout = isObject(spec.sessionAffinityConfig) && isObject(spec.sessionAffinityConfig.clientIP)
    ? spec.sessionAffinityConfig.clientIP.timeoutSeconds
    : undefined;
  if (typeof timeout === 'number' && (timeout < 1 || timeout > 86400)) say('spec.sessionAffinityConfig.clientIP.timeoutSeconds', `${timeout} must be greater than 0 and less than or equal to 86400`);
  ports.forEach((port, i) => {
    // Port numbers, names and duplicates: RS107.
    const protocol = isObject(port) ? port.protocol : undefined;
    if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol)) say(at(at('spec.ports', i), 'protocol'), `${show(protocol)} is not one of ${PROTOCOLS.join(', ')}`);
  });
}
