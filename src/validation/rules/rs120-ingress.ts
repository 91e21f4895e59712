/**
 * Ingress settings the API server checks beyond the schema. Source: kubernetes
 * pkg/apis/networking/validation/validation.go ValidateIngressSpec, validateIngressRules,
 * validateHTTPIngressRuleValue, validateHTTPIngressPath (invalidPathSequences, invalidPathSuffixes),
 * validateIngressBackend, validateIngressTLS, ValidateIngressClassName.
 */
import { dns1035LabelProblem, dns1123SubdomainProblem } from '../../core/names';
import { parseIp } from '../addresses';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, list, show } from '../objects';

export const RS120: Rule = {
  id: 'RS120',
  severity: 'error',
  title: 'invalid Ingress setting',
  why: 'The API server refuses an Ingress with neither rules nor a default backend, a host that is an IP address or not a DNS name (a port included), an HTTP rule without paths, a path without pathType, an Exact or Prefix path that is not absolute or contains //, /./, /../ or %2f, a backend with both a service and a resource (or neither), and an ingressClassName or TLS secret name that is not a DNS subdomain.',
  fix: 'Set the field as the message says: hosts are DNS names (`*.example.com` allowed), paths start with \'/\'.',
  check: checkIngresses,
};

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];

function hostProblem(host: string): string {
  if (parseIp(host)) return 'must be a DNS name, not an IP address';
  const name = host.startsWith('*.') ? host.slice(2) : host;
  const problem = dns1123SubdomainProblem(name);
  return problem ? (host.startsWith('*.') ? `is not a wildcard DNS name ("*." and a DNS subdomain): the rest ${problem}` : problem) : '';
}

function checkIngresses(context: RuleContext, report: Report): void {
  for (const ingress of context.objects) {
    if (!ingress.is('networking.k8s.io', 'Ingress')) continue;
    const say = (path: string, message: string) => report(ingress, path, message);
    const spec = ingress.spec;
    const rules = list(spec.rules);
    if (rules.length === 0 && !isObject(spec.defaultBackend)) say('spec', 'either `defaultBackend` or `rules` must be specified');
    if (isObject(spec.defaultBackend)) checkBackend(spec.defaultBackend, 'spec.defaultBackend', say);
    if (typeof spec.ingressClassName === 'string') {
      const problem = dns1123SubdomainProblem(spec.ingressClassName);
      if (problem) say('spec.ingressClassName', `${show(spec.ingressClassName)} ${problem}`);
    }
    rules.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const rulePath = at('spec.rules', i);
      if (typeof rule.host === 'string' && rule.host !== '') {
        const problem = hostProblem(rule.host);
        if (problem) say(at(rulePath, 'host'), `${show(rule.host)} ${problem}`);
      }
      if (!isObject(rule.http)) return;
      const paths = list(rule.http.paths);
      if (paths.length === 0) say(at(at(rulePath, 'http'), 'paths'), 'Required value: an HTTP rule needs at least one path');
      paths.forEach((entry, j) => {
        if (!isObject(entry)) return;
        const entryPath = at(at(at(rulePath, 'http'), 'paths'), j);
        checkPath(entry.path, entry.pathType, entryPath, say);
        if (isObject(entry.backend)) checkBackend(entry.backend, at(entryPath, 'backend'), say);
      });
    });
    list(spec.tls).forEach((tls, i) => {
      if (!isObject(tls)) return;
      list(tls.hosts).forEach((host, j) => {
        const problem = typeof host === 'string' && host !== '' ? hostProblem(host) : '';
        if (problem) say(at(at(at('spec.tls', i), 'hosts'), j), `${show(host)} ${problem}`);
      });
      const problem = typeof tls.secretName === 'string' && tls.secretName !== '' ? dns1123SubdomainProblem(tls.secretName) : '';
      if (problem) say(at(at('spec.tls', i), 'secretName'), `${show(tls.secretName)} ${problem}`);
    });
  }
}

function checkPath(path: unknown, pathType: unknown, entryPath: string, say: (path: string, message: string) => void): void {
  if (pathType === undefined || pathType === null) { say(at(entryPath, 'pathType'), 'pathType must be specified'); return; }
  if (typeof pathType !== 'string') return;
  if (!PATH_TYPES.includes(pathType)) { say(at(entryPath, 'pathType'), `${show(pathType)} is not one of ${PATH_TYPES.join(', ')}`); return; }
  const text = typeof path === 'string' ? path : '';
  if (pathType === 'ImplementationSpecific') {
    if (text !== '' && !text.startsWith('/')) say(at(entryPath, 'path'), `${show(text)} must be an absolute path`);
    return;
  }
  if (!text.startsWith('/')) say(at(entryPath, 'path'), `${show(text)} must be an absolute path`);
  for (const sequence of BAD_SEQUENCES) if (text.includes(sequence)) say(at(entryPath, 'path'), `${show(text)} must not contain '${sequence}'`);
  for (const suffix of BAD_SUFFIXES) if (text.endsWith(suffix)) say(at(entryPath, 'path'), `${show(text)} cannot end with '${suffix}'`);
}

function checkBackend(backend: Record<string, any>, path: string, say: (path: string, message: string) => void): void {
  const service = backend.service;
  const hasService = isObject(service);
  const hasResource = isObject(backend.resource);
  if (hasService && hasResource) { say(path, 'cannot set both resource and service backends'); return; }
  if (!hasService && !hasResource) { say(path, 'resource or service backend is required'); return; }
  if (!hasService) return;
  if (typeof service.name === 'string') {
    const problem = service.name === '' ? 'is required' : dns1035LabelProblem(service.name);
    if (problem) say(at(at(path, 'service'), 'name'), `${show(service.name)} ${problem}`);
  }
  const port = isObject(service.port) ? service.port : {};
  const hasName = typeof port.name === 'string' && port.name !== '';
  const hasNumber = typeof port.number === 'number' && port.number !== 0;
  if (!hasName && !hasNumber) say(at(at(path, 'service'), 'port'), 'port name or number is required');
}
