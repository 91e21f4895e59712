/**
 * Pod spec settings the API server checks beyond the schema. Source: kubernetes
 * pkg/apis/core/validation/validation.go ValidatePodSpec, validateRestartPolicy, validateDNSPolicy, validatePodDNSConfig,
 * ValidateTolerations, validateAffinity (validateWeightedPodAffinityTerms, validatePodAffinityTerm,
 * validatePreferredSchedulingTerms), validateTopologySpreadConstraints (validateMinDomains),
 * ValidateServiceAccountName; pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet
 * (restartPolicy Always, no activeDeadlineSeconds in a replicated template).
 */
import { dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from '../../core/names';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, list, show } from '../objects';
import { PodTemplate, serverValidatedTemplates } from '../../core/pod-templates';

export const RS115: Rule = {
  id: 'RS115',
  severity: 'error',
  title: 'invalid pod spec setting',
  why: 'The API server refuses a pod template whose restartPolicy its workload cannot run (a Deployment\'s pods are always restarted), a service account name that is not a DNS subdomain, a toleration with `operator: Exists` and a value, affinity weights outside 1-100, and topology spread constraints with maxSkew below 1, minDomains without DoNotSchedule or a repeated topologyKey.',
  fix: 'Use the value the message names; remove restartPolicy from a Deployment\'s template (it defaults to Always).',
  check: checkPodSpecs,
};

/**
 * Kinds whose pods must restart forever (apps ValidatePodTemplateSpecForReplicaSet / ForStatefulSet / DaemonSet,
 * core ValidateReplicationControllerSpec).
 */
const ALWAYS_RESTART = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', '/ReplicationController']);
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];

function checkPodSpecs(context: RuleContext, report: Report): void {
  for (const template of serverValidatedTemplates(context)) {
    const { spec, specPath, owner } = template;
    const say = (field: string, message: string) => report(owner, field, message);
    const replicated = ALWAYS_RESTART.has(`${owner.group}/${owner.kind}`);
    const restart = spec.restartPolicy;
    if (typeof restart === 'string' && !RESTART_POLICIES.includes(restart)) {
      say(at(specPath, 'restartPolicy'), `${show(restart)} is not a restart policy (${RESTART_POLICIES.join(', ')})`);
    } else if (replicated && typeof restart === 'string' && restart !== 'Always') {
      say(at(specPath, 'restartPolicy'), `Unsupported value ${show(restart)}: a ${owner.kind}'s pods only support "Always"`);
    } else if (owner.group === 'batch' && restart === 'Always') {
      say(at(specPath, 'restartPolicy'), 'Unsupported value "Always": a Job\'s pods support "OnFailure" and "Never"');
    }
    if (replicated && spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
      say(at(specPath, 'activeDeadlineSeconds'), `activeDeadlineSeconds is forbidden in a ${owner.kind}'s pod template`);
    } else if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds < 1) {
      say(at(specPath, 'activeDeadlineSeconds'), `${spec.activeDeadlineSeconds} must be at least 1`);
    }
    // A negative terminationGracePeriodSeconds is accepted (with a warning; the kubelet uses 1): not checked.
    if (typeof spec.dnsPolicy === 'string') {
      if (!DNS_POLICIES.includes(spec.dnsPolicy)) say(at(specPath, 'dnsPolicy'), `${show(spec.dnsPolicy)} is not a DNS policy (${DNS_POLICIES.join(', ')})`);
      else if (spec.dnsPolicy === 'None' && !isObject(spec.dnsConfig)) say(at(specPath, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None');
      else if (spec.dnsPolicy === 'None' && list(spec.dnsConfig.nameservers).length === 0) say(at(at(specPath, 'dnsConfig'), 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None');
    }
    for (const field of ['serviceAccountName', 'serviceAccount']) {
      const name = spec[field];
      const problem = typeof name === 'string' && name !== '' ? dns1123SubdomainProblem(name) : '';
      if (problem) say(at(specPath, field), `${show(name)} ${problem}`);
    }
    checkTolerations(template, say);
    checkAffinityWeights(template, say);
    checkSpreadConstraints(template, say);
  }
}

function checkTolerations({ spec, specPath }: PodTemplate, say: (path: string, message: string) => void): void {
  list(spec.tolerations).forEach((toleration, i) => {
    if (!isObject(toleration)) return;
    const path = at(at(specPath, 'tolerations'), i);
    const key = typeof toleration.key === 'string' ? toleration.key : '';
    const operator = toleration.operator ?? 'Equal';
    if (key !== '') {
      const problem = labelKeyProblem(key);
      if (problem) say(at(path, 'key'), `toleration key ${show(key)}: ${problem}`);
    } else if (operator !== 'Exists') {
      say(at(path, 'operator'), 'a toleration without a key must use operator "Exists"');
    }
    if (operator === 'Exists' && typeof toleration.value === 'string' && toleration.value !== '') {
      say(at(path, 'operator'), `value ${show(toleration.value)} must be empty when operator is "Exists"`);
    } else if (operator === 'Equal' && typeof toleration.value === 'string') {
      const problem = labelValueProblem(toleration.value);
      if (problem) say(at(path, 'value'), `${show(toleration.value)} ${problem}`);
    } else if (operator !== 'Exists' && operator !== 'Equal') {
      say(at(path, 'operator'), `${show(operator)} is not a toleration operator (Equal, Exists)`);
    }
    const effect = toleration.effect;
    if (typeof effect === 'string' && effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      say(at(path, 'effect'), `${show(effect)} is not a taint effect (${TAINT_EFFECTS.join(', ')})`);
    }
    if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null && effect !== 'NoExecute') {
      say(at(path, 'effect'), 'effect must be "NoExecute" when tolerationSeconds is set');
    }
  });
}

function checkAffinityWeights({ spec, specPath }: PodTemplate, say: (path: string, message: string) => void): void {
  const affinity = isObject(spec.affinity) ? spec.affinity : {};
  const affinityPath = at(specPath, 'affinity');
  for (const kind of ['nodeAffinity', 'podAffinity', 'podAntiAffinity']) {
    const section = affinity[kind];
    if (!isObject(section)) continue;
    const preferredPath = at(at(affinityPath, kind), 'preferredDuringSchedulingIgnoredDuringExecution');
    list(section.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (!isObject(term)) return;
      if (typeof term.weight === 'number' && (term.weight < 1 || term.weight > 100)) {
        say(at(at(preferredPath, i), 'weight'), `weight ${term.weight} must be in the range 1-100`);
      }
      if (kind !== 'nodeAffinity') checkPodAffinityTerm(term.podAffinityTerm, at(at(preferredPath, i), 'podAffinityTerm'), say);
    });
    if (kind !== 'nodeAffinity') {
      const requiredPath = at(at(affinityPath, kind), 'requiredDuringSchedulingIgnoredDuringExecution');
      list(section.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => checkPodAffinityTerm(term, at(requiredPath, i), say));
    }
  }
}

function checkPodAffinityTerm(term: unknown, path: string, say: (path: string, message: string) => void): void {
  if (!isObject(term)) return;
  const key = term.topologyKey;
  if (key === undefined || key === '') say(at(path, 'topologyKey'), 'topologyKey can not be empty');
  else if (typeof key === 'string' && labelKeyProblem(key)) say(at(path, 'topologyKey'), `${show(key)}: ${labelKeyProblem(key)}`);
}

function checkSpreadConstraints({ spec, specPath }: PodTemplate, say: (path: string, message: string) => void): void {
  const seen = new Set<string>();
  list(spec.topologySpreadConstraints).forEach((constraint, i) => {
    if (!isObject(constraint)) return;
    const path = at(at(specPath, 'topologySpreadConstraints'), i);
    if (typeof constraint.maxSkew === 'number' && constraint.maxSkew < 1) say(at(path, 'maxSkew'), `${constraint.maxSkew} must be greater than zero`);
    const when = constraint.whenUnsatisfiable;
    if (typeof when === 'string' && !UNSATISFIABLE.includes(when)) say(at(path, 'whenUnsatisfiable'), `${show(when)} is not one of ${UNSATISFIABLE.join(', ')}`);
    if (typeof constraint.minDomains === 'number') {
      if (constraint.minDomains < 1) say(at(path, 'minDomains'), `${constraint.minDomains} must be greater than 0`);
      else if (when !== 'DoNotSchedule') say(at(path, 'minDomains'), `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`);
    }
    const key = constraint.topologyKey;
    if (key === '') say(at(path, 'topologyKey'), 'can not be empty');
    else if (typeof key === 'string' && labelKeyProblem(key)) say(at(path, 'topologyKey'), `${show(key)}: ${labelKeyProblem(key)}`);
    const pair = `${key}\n${when}`;
    if (seen.has(pair)) say(path, `duplicate constraint for topologyKey ${show(key)} and whenUnsatisfiable ${show(when)}`);
    seen.add(pair);
  });
}
