import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem } from '../../core/names';
import { Report, Rule, RuleContext } from '../context';
import { at, KubeObject, list, show } from '../objects';
import { PodTemplate } from '../../core/pod-templates';

export const RS105: Rule = {
  id: 'RS105',
  severity: 'error',
  title: 'invalid name',
  why: 'Object names are DNS subdomains (at most 253 characters), Service names DNS-1035 labels and namespace, container and volume names DNS-1123 labels (at most 63 characters); the API server refuses any other, duplicate container or volume names in one pod, and finalizers that are not qualified names (`example.com/cleanup`; built-in kinds accept only kubernetes, orphan and foregroundDeletion without a domain). A PodDisruptionBudget\'s name, like an RBAC object\'s, need only be one URL path segment.',
  fix: 'Use lower case letters, digits and \'-\' (and \'.\' in subdomains), starting and ending with a letter or digit (a Service name starts with a letter), within the length limit; keep container and volume names unique in the pod.',
  check: checkNames,
};

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** A CronJob's name plus the 11 characters of its Jobs' suffix must fit a 63-character label. */
const MAX_CRONJOB_NAME = 52;

function checkNames(context: RuleContext, report: Report): void {
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
  for (const object of context.objects) checkFinalizers(object, report);
}

/** Finalizers that need no domain (pkg/apis/core/helper IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * Finalizer names: qualified names (apimachinery ValidateFinalizerName); for built-in kinds also
 * domain-prefixed unless standard (core ValidateObjectMeta, validateKubeFinalizerName).
 */
function checkFinalizers(object: KubeObject, report: Report): void {
  const builtin = !object.group.includes('.') || object.group.endsWith('.k8s.io');
  list(object.metadata.finalizers).forEach((name, i) => {
    if (typeof name !== 'string') return;
    const path = at('metadata.finalizers', i);
    const problem = labelKeyProblem(name);
    if (problem) report(object, path, `finalizer ${show(name)}: ${problem}`);
    else if (builtin && !object.is('policy', 'PodDisruptionBudget') && !name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      report(object, path, `finalizer ${show(name)}: name is neither a standard finalizer name nor is it fully qualified (domain/name)`);
    }
  });
}

/** What is wrong with an object's name for its kind ('' when nothing). */
function objectNameProblem(object: KubeObject, name: string): string {
  if (object.is('', 'Service')) return dns1035LabelProblem(name);
  if (object.is('', 'Namespace')) return dns1123LabelProblem(name);
  // RBAC names only need to be one URL path segment (system:controller:... is common); a
  // PodDisruptionBudget's name is never checked beyond that (ValidatePodDisruptionBudget validates
  // no ObjectMeta; the generic registry checks path segments only).
  if ((object.group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(object.kind)) || object.is('policy', 'PodDisruptionBudget')) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'must not be "." or ".." nor contain \'/\' or \'%\'' : '';
  }
  if (object.is('batch', 'CronJob') && name.length > MAX_CRONJOB_NAME) {
    return `is ${name.length} characters long; a CronJob name has at most ${MAX_CRONJOB_NAME} (its Jobs add a suffix)`;
  }
  return dns1123SubdomainProblem(name);
}

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
