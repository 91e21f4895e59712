/**
 * Services, Ingresses and NetworkPolicies: pkg/apis/core/validation (validateService and below),
 * pkg/apis/networking/validation (ValidateIngressSpec, ValidateNetworkPolicySpec and below).
 */
import { ingress, Mutation, mutate, networkPolicy, service } from './base';

const R = 'refused';
const A = 'accepted';
type Verdict = 'refused' | 'accepted';
const s = (rule: string, what: string, change: (o: any) => void, verdict: Verdict, server: string) =>
  mutate(rule, what, service, change, verdict, server);
const i = (rule: string, what: string, change: (o: any) => void, verdict: Verdict, server: string) =>
  mutate(rule, what, ingress, change, verdict, server);
const n = (rule: string, what: string, change: (o: any) => void, verdict: Verdict, server: string) =>
  mutate(rule, what, networkPolicy, change, verdict, server);
const path = (o: any) => o.spec.rules[0].http.paths[0];
const peer = (o: any) => o.spec.ingress[0].from[0];

export const NETWORKING_MUTATIONS: readonly Mutation[] = [
  // validateService
  s('RS119', 'ClusterIP Service without ports', (o) => { delete o.spec.ports; }, R, 'spec.ports: Required value'),
  s('RS119', 'NodePort Service with an empty ports list', (o) => { o.spec.type = 'NodePort'; o.spec.ports = []; }, R, 'spec.ports: Required value'),
  s('', 'headless Service without ports', (o) => { delete o.spec.ports; o.spec.clusterIP = 'None'; }, A, 'isHeadlessService: no ports needed'),
  s('RS119', 'externalTrafficPolicy on a ClusterIP Service', (o) => { o.spec.externalTrafficPolicy = 'Local'; }, R, 'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'),
  s('', 'externalTrafficPolicy Local on a NodePort Service', (o) => { o.spec.type = 'NodePort'; o.spec.externalTrafficPolicy = 'Local'; }, A, 'ExternallyAccessible'),
  s('RS119', 'externalTrafficPolicy misspelt', (o) => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'Locale'; }, R, 'spec.externalTrafficPolicy: Unsupported value: "Locale": supported values: "Cluster", "Local"'),
  s('RS119', 'clusterIP that is not an IP', (o) => { o.spec.clusterIP = '10.0.0.300'; }, R, 'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address'),
  s('RS119', 'clusterIP None on a LoadBalancer', (o) => { o.spec.type = 'LoadBalancer'; o.spec.clusterIP = 'None'; }, R, "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"),
  s('RS119', 'ExternalName Service without externalName', (o) => { o.spec = { type: 'ExternalName' }; }, R, 'spec.externalName: Required value'),
  s('RS119', 'externalName with an underscore', (o) => { o.spec = { type: 'ExternalName', externalName: 'db_host.example.com' }; }, R, 'spec.externalName: Invalid value: "db_host.example.com": a lowercase RFC 1123 subdomain ...'),
  s('', 'externalName with a trailing dot', (o) => { o.spec = { type: 'ExternalName', externalName: 'db.example.com.' }; }, A, 'the trailing dot of a fully qualified name is trimmed first'),
  s('RS119', 'loadBalancerSourceRanges entry that is not a CIDR', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/33']; }, R, 'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value'),
  s('RS119', 'loadBalancerSourceRanges on a ClusterIP Service', (o) => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/8']; }, R, "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"),
  s('', 'loadBalancerSourceRanges with spaces around', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = [' 10.0.0.0/8 ']; }, A, 'values are allowed to be space-padded (historical accident)'),
  s('RS119', 'sessionAffinity timeout beyond a day', (o) => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } }; }, R, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than or equal to 86400'),
  s('RS119', 'port protocol in lower case', (o) => { o.spec.ports[0].protocol = 'tcp'; }, R, 'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'),
  s('RS107', 'nodePort on a ClusterIP Service', (o) => { o.spec.ports[0].nodePort = 30080; }, R, "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
  s('RS119', 'allocateLoadBalancerNodePorts on a NodePort Service', (o) => { o.spec.type = 'NodePort'; o.spec.allocateLoadBalancerNodePorts = false; }, R, "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"),
  s('RS105', 'a Service finalizer without a domain', (o) => { o.metadata.finalizers = ['cleanup']; }, R, 'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'),
  s('', 'a domain-qualified finalizer', (o) => { o.metadata.finalizers = ['example.com/cleanup']; }, A, 'a qualified name with a prefix'),
  // ValidateIngressSpec
  i('RS120', 'Ingress with neither rules nor a default backend', (o) => { delete o.spec.rules; }, R, 'spec: Invalid value: []: either `defaultBackend` or `rules` must be specified'),
  i('', 'Ingress with only a default backend', (o) => { o.spec.defaultBackend = { service: { name: 'web', port: { number: 80 } } }; delete o.spec.rules; }, A, 'a defaultBackend is enough'),
  i('RS120', 'Prefix path that is not absolute', (o) => { path(o).path = 'api'; }, R, 'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path'),
  i('RS120', 'Exact path with //', (o) => { path(o).pathType = 'Exact'; path(o).path = '/api//v1'; }, R, "spec.rules[0].http.paths[0].path: Invalid value: \"/api//v1\": must not contain '//'"),
  i('RS120', 'Prefix path ending in /..', (o) => { path(o).path = '/api/..'; }, R, "spec.rules[0].http.paths[0].path: Invalid value: \"/api/..\": cannot end with '/..'"),
  i('', 'ImplementationSpecific regex path', (o) => { path(o).pathType = 'ImplementationSpecific'; path(o).path = '/api(/|$)(.*)'; }, A, 'ImplementationSpecific only needs a leading /'),
  i('RS120', 'path without pathType', (o) => { delete path(o).pathType; }, R, 'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'),
  i('RS120', 'HTTP rule without paths', (o) => { o.spec.rules[0].http.paths = []; }, R, 'spec.rules[0].http.paths: Required value'),
  i('RS120', 'host with a port', (o) => { o.spec.rules[0].host = 'shop.example.com:8443'; }, R, 'spec.rules[0].host: Invalid value: "shop.example.com:8443": a lowercase RFC 1123 subdomain ...'),
  i('RS120', 'host that is an IP address', (o) => { o.spec.rules[0].host = '192.0.2.10'; }, R, 'spec.rules[0].host: Invalid value: "192.0.2.10": must be a DNS name, not an IP address'),
  i('', 'wildcard host', (o) => { o.spec.rules[0].host = '*.example.com'; }, A, 'IsWildcardDNS1123Subdomain'),
  i('RS120', 'backend with both service and resource', (o) => { path(o).backend.resource = { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' }; }, R, 'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends'),
  i('RS120', 'service backend without a port', (o) => { path(o).backend.service.port = {}; }, R, 'spec.rules[0].http.paths[0].backend: Required value: port name or number is required'),
  i('RS120', 'ingressClassName with upper case', (o) => { o.spec.ingressClassName = 'NGINX'; }, R, 'spec.ingressClassName: Invalid value: "NGINX": a lowercase RFC 1123 subdomain ...'),
  i('RS120', 'TLS secret name with an underscore', (o) => { o.spec.tls[0].secretName = 'shop_tls'; }, R, 'spec.tls[0].secretName: Invalid value: "shop_tls": a lowercase RFC 1123 subdomain ...'),
  i('RS120', 'backend Service name with a dot', (o) => { path(o).backend.service.name = 'web.v2'; }, R, 'spec.rules[0].http.paths[0].backend.service.name: Invalid value: "web.v2": a DNS-1035 label ...'),
  // ValidateNetworkPolicySpec / ValidateNetworkPolicyPeer / ValidateIPBlock
  n('', 'NetworkPolicy without podSelector', (o) => { delete o.spec.podSelector; }, A, 'podSelector is a struct: missing means {} (every pod of the namespace)'),
  n('RS121', 'ipBlock cidr that is not a CIDR', (o) => { peer(o).ipBlock = { cidr: '10.0.0.0' }; }, R, 'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value'),
  n('RS121', 'except outside the cidr', (o) => { peer(o).ipBlock.except = ['192.168.0.0/24']; }, R, 'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`'),
  n('RS121', 'except equal to the cidr', (o) => { peer(o).ipBlock.except = ['10.0.0.0/16']; }, R, 'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`'),
  n('RS121', 'ipBlock beside a podSelector', (o) => { peer(o).podSelector = {}; }, R, 'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'),
  n('RS121', 'an empty peer', (o) => { o.spec.ingress[0].from.push({}); }, R, 'spec.ingress[0].from[2]: Required value: must specify a peer'),
  n('RS121', 'policyTypes misspelt', (o) => { o.spec.policyTypes = ['Ingres']; }, R, 'spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Egress", "Ingress"'),
  n('RS121', 'port protocol in lower case', (o) => { o.spec.ingress[0].ports[0].protocol = 'udp'; }, R, 'spec.ingress[0].ports[0].protocol: Unsupported value: "udp"'),
  n('', 'IPv6 cidr with an except', (o) => { peer(o).ipBlock = { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] }; }, A, 'a strict subset'),
  n('RS107', 'endPort below port', (o) => { o.spec.ingress[0].ports[0].endPort = 8000; }, R, 'spec.ingress[0].ports[0].endPort: Invalid value: 8080: must be greater than or equal to `port`'),
];
