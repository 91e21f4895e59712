/**
 * The rules that depend on the Kubernetes version the app targets (the plugin's `targetVersion`
 * property, default 1.31; src/core/target-version.ts knows which version serves which field):
 *
 *  - RS113: a field the target does not serve on a default cluster (newer than it, or alpha).
 *  - RS216: required hostname anti-affinity that is not scoped to a revision, under a rolling update
 *    that surges: the release needs replicas + surge nodes.
 */
import { resolveRollout } from '../core/pods';
import { FIELD_SINCE, serves, Target } from '../core/target-version';
import { Check } from './context';
import { at, isObject, Json, list } from './objects';
import { containers, labelSelectorSelects, replicaRange } from './pods';
import { toPods } from './practice-rules';

const HOSTNAME = 'kubernetes.io/hostname';
const POD_TEMPLATE_HASH = 'pod-template-hash';

/** What the target does not serve: the field, why, and from which version it is on by default. */
function notServed(target: Target, since: number | undefined, field: string): string | undefined {
  if (serves(target, since)) return undefined;
  return since === undefined
    ? `${field} is alpha (off by default) at every Kubernetes version up to 1.37: the API server of a default cluster drops it, so the setting never takes effect`
    : `${field} is on by default from Kubernetes 1.${since}, above the target ${target.text}: its API server drops it (feature off) or refuses the object`;
}

/** RS113: fields above the target version, in pod templates and Services. */
export const checkFieldsAboveTarget: Check = (context, report) => {
  const { target } = context;
  for (const template of context.templates) {
    const owner = template.owner;
    const check = (path: string, since: number | undefined, field: string) => {
      const problem = notServed(target, since, field);
      if (problem) report(owner, path, problem);
    };
    for (const { container, path, runsToCompletion } of containers(template, { withInit: true })) {
      if (!runsToCompletion && path.includes('initContainers')) {
        check(at(path, 'restartPolicy'), FIELD_SINCE.sidecarContainers, 'a native sidecar (an init container with restartPolicy: Always)');
      }
      const lifecycle: Json = isObject(container.lifecycle) ? container.lifecycle : {};
      for (const hook of ['preStop', 'postStart']) {
        const sleep = isObject(lifecycle[hook]) ? lifecycle[hook].sleep : undefined;
        if (sleep === undefined) continue;
        const sleepPath = at(at(at(path, 'lifecycle'), hook), 'sleep');
        check(sleepPath, FIELD_SINCE.sleepAction, `the ${hook} sleep action`);
        if (isObject(sleep) && sleep.seconds === 0) check(at(sleepPath, 'seconds'), FIELD_SINCE.zeroSleep, 'a sleep action of 0 seconds');
      }
      if (lifecycle.stopSignal !== undefined) check(at(at(path, 'lifecycle'), 'stopSignal'), FIELD_SINCE.stopSignal, 'lifecycle.stopSignal');
    }
    for (const { term, path } of affinityTerms(template.spec, template.specPath)) {
      for (const key of ['matchLabelKeys', 'mismatchLabelKeys']) {
        if (term[key] !== undefined) check(at(path, key), FIELD_SINCE.affinityMatchLabelKeys, `${key} on a pod affinity term`);
      }
    }
  }
  for (const service of context.objects.filter((o) => o.is('', 'Service'))) {
    const value = service.spec.trafficDistribution;
    if (value === undefined) continue;
    const since = value === 'PreferSameZone' || value === 'PreferSameNode' ? FIELD_SINCE.preferSame : FIELD_SINCE.trafficDistribution;
    const problem = notServed(target, since, `trafficDistribution ${JSON.stringify(value)}`);
    if (problem) report(service, 'spec.trafficDistribution', problem);
  }
};

/** Every pod (anti-)affinity term of a pod spec, required and preferred, with its path. */
function affinityTerms(spec: Json, specPath: string): { term: Json; path: string; required: boolean; anti: boolean }[] {
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

/** RS216: required hostname anti-affinity on the Deployment's own pods, not per revision, under a surge. */
export const checkUnscopedRequiredAntiAffinity: Check = (context, report) => {
  const scopable = serves(context.target, FIELD_SINCE.affinityMatchLabelKeys);
  for (const template of context.templates) {
    const deployment = template.owner;
    if (!deployment.is('apps', 'Deployment')) continue;
    const strategy: Json = isObject(deployment.spec.strategy) ? deployment.spec.strategy : {};
    if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') continue;
    const rollingUpdate: Json = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const surge = toPods(rollingUpdate.maxSurge ?? '25%');
    const unavailable = toPods(rollingUpdate.maxUnavailable ?? '25%');
    const replicas = replicaRange(deployment, context.objects).max;
    if (!surge || !unavailable || replicas < 1) continue; // invalid values are RS109's finding
    const surgePods = resolveRollout(replicas, surge, unavailable).maxSurge;
    if (surgePods === 0) continue;
    for (const { term, path, required, anti } of affinityTerms(template.spec, template.specPath)) {
      if (!required || !anti || term.topologyKey !== HOSTNAME) continue;
      if (!labelSelectorSelects(term.labelSelector, template.labels, false)) continue;
      if (list(term.matchLabelKeys).includes(POD_TEMPLATE_HASH)) continue;
      const need = replicas + surgePods;
      report(deployment, path, `required anti-affinity on ${HOSTNAME} over the Deployment's own pods, for every revision at once: each surge pod of a rolling update matches every running pod and needs a node with none, so a release needs ${replicas} replicas + ${surgePods} surge = ${need} nodes and waits on a Pending pod forever on fewer; `
        + (scopable
          ? `add matchLabelKeys: [${POD_TEMPLATE_HASH}] (one pod per node per revision, Kubernetes 1.${FIELD_SINCE.affinityMatchLabelKeys}+): ${replicas} nodes suffice`
          : `at target ${context.target.text} it cannot be scoped to a revision (1.${FIELD_SINCE.affinityMatchLabelKeys}+): run ${need} or more nodes and waive RS216 stating the node count, use preferred anti-affinity, or maxSurge 0`));
    }
  }
};

/** The rules of this file, for the registry (src/validation/rules.ts), each at its id's place. */
export const RS113_RULE = {
  id: 'RS113',
  severity: 'error' as const,
  title: 'field not served at the target Kubernetes version',
  why: 'A field newer than the cluster (the plugin\'s targetVersion, default 1.31), or alpha and off by default, is dropped by its API server or makes it refuse the object: a native sleep preStop below 1.30 leaves no drain, matchLabelKeys on an affinity term below 1.31 makes the term apply across revisions.',
  fix: 'Use the older form the message names (an exec sleep, no matchLabelKeys), or raise targetVersion in cdk8s.yaml to the version your clusters run.',
  check: checkFieldsAboveTarget,
};
export const RS216_RULE = {
  id: 'RS216',
  severity: 'error' as const,
  title: 'required host anti-affinity blocks a surging rollout',
  why: 'A required podAntiAffinity term on kubernetes.io/hostname that selects the Deployment\'s own pods of every revision allows one pod per node in total: the surge pod of a rolling update needs a node with no pod of the app, so the release needs replicas + maxSurge nodes and stalls (Pending, then ProgressDeadlineExceeded) with as many nodes as replicas.',
  fix: 'Add matchLabelKeys: [pod-template-hash] to the term (Kubernetes 1.31+): one pod per node per revision. Below 1.31, make sure the cluster has replicas + maxSurge nodes and waive RS216 with the node count, or use a preferred term.',
  check: checkUnscopedRequiredAntiAffinity,
};
