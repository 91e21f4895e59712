/**
 * NetworkPolicy settings the API server checks beyond the schema. Source: kubernetes
 * pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec (policyTypes),
 * ValidateNetworkPolicyPort (protocol; port numbers: RS107), ValidateNetworkPolicyPeer, ValidateIPBlock
 * (IsValidCIDRForLegacyField, "must be a strict subset of `cidr`"). A missing podSelector is not an error:
 * the server defaults it to {} (all pods of the namespace).
 */
import { cidrContains, parseCidr } from '../addresses';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, list, show } from '../objects';

export const RS121: Rule = {
  id: 'RS121',
  severity: 'error',
  title: 'invalid NetworkPolicy setting',
  why: 'The API server refuses a NetworkPolicy peer that is empty or sets ipBlock together with a pod or namespace selector, an ipBlock cidr or except that is not a CIDR, an except that is not strictly inside its cidr, a port protocol other than TCP, UDP or SCTP, and policyTypes other than Ingress and Egress.',
  fix: 'Set the field as the message says: write CIDRs as `10.0.0.0/16`, each except a smaller block inside the cidr.',
  check: checkNetworkPolicies,
};

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function checkNetworkPolicies(context: RuleContext, report: Report): void {
  for (const policy of context.objects) {
    if (!policy.is('networking.k8s.io', 'NetworkPolicy')) continue;
    const say = (path: string, message: string) => report(policy, path, message);
    const types = list(policy.spec.policyTypes);
    if (types.length > 2) say('spec.policyTypes', 'may not specify more than two policyTypes');
    else types.forEach((type, i) => {
      if (typeof type === 'string' && !POLICY_TYPES.includes(type)) say(at('spec.policyTypes', i), `${show(type)} is not one of ${POLICY_TYPES.join(', ')}`);
    });
    for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']]) {
      list(policy.spec[direction]).forEach((rule, i) => {
        if (!isObject(rule)) return;
        const rulePath = at(at('spec', direction), i);
        list(rule.ports).forEach((port, j) => {
          const protocol = isObject(port) ? port.protocol : undefined;
          if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol)) say(at(at(at(rulePath, 'ports'), j), 'protocol'), `${show(protocol)} is not one of ${PROTOCOLS.join(', ')}`);
        });
        list(rule[peers]).forEach((peer, j) => checkPeer(peer, at(at(rulePath, peers), j), say));
      });
    }
  }
}

function checkPeer(peer: unknown, path: string, say: (path: string, message: string) => void): void {
  if (!isObject(peer)) return;
  const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((field) => peer[field] !== undefined && peer[field] !== null);
  if (set.length === 0) { say(path, 'must specify a peer'); return; }
  if (set.includes('ipBlock') && set.length > 1) { say(path, 'may not specify both ipBlock and another peer'); return; }
  const block = peer.ipBlock;
  if (!isObject(block) || typeof block.cidr !== 'string') return;
  const cidrPath = at(at(path, 'ipBlock'), 'cidr');
  if (block.cidr === '') { say(cidrPath, 'Required value'); return; }
  const cidr = parseCidr(block.cidr);
  if (!cidr) { say(cidrPath, `${show(block.cidr)} must be a valid CIDR value (e.g. 10.9.8.0/24 or 2001:db8::/64)`); return; }
  list(block.except).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const exceptPath = at(at(at(path, 'ipBlock'), 'except'), i);
    const except = parseCidr(text);
    if (!except) say(exceptPath, `${show(text)} must be a valid CIDR value (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
    else if (!(cidrContains(cidr, except) && except.bits > cidr.bits)) say(exceptPath, `${show(text)} must be a strict subset of \`cidr\` (${block.cidr})`);
  });
}
