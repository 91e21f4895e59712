/**
 * RS114: a field the target Kubernetes version (the plugin's `targetVersion`, default 1.31) does not
 * serve on a default cluster: newer than it, or alpha. Which version serves which field:
 * src/core/target-version.ts, shared with the constructs.
 */
import { FIELD_SINCE, serves, Target } from '../../core/target-version';
import { Check, Rule } from '../context';
import { at, isObject, Json } from '../objects';
import { affinityTerms, containers } from '../../core/pod-templates';

export const RS114: Rule = {
  id: 'RS114',
  severity: 'error',
  title: 'field not served at the target Kubernetes version',
  why: 'A field newer than the cluster (the plugin\'s targetVersion, default 1.31), or alpha and off by default, is dropped by its API server or makes it refuse the object: a native sleep preStop below 1.30 leaves no drain, matchLabelKeys on an affinity term below 1.31 makes the term apply across revisions.',
  fix: 'Give the app and the plugin the version your clusters run: `KubernetesTarget.set(app, \'1.M\')` in the app (the constructs then write the form that version serves; a Fleet: its `targetVersion` prop or a ring\'s or cluster\'s override) and `targetVersion` in cdk8s.yaml; or use the older form the message names (an exec sleep, no matchLabelKeys).',
  check: (context, report) => checkFieldsAboveTarget(context, report),
};

/** What the target does not serve: the field, why, and from which version it is on by default. */
function notServed(target: Target, since: number | undefined, field: string): string | undefined {
  if (serves(target, since)) return undefined;
  return since === undefined
    ? `${field} is alpha (off by default) at every Kubernetes version up to 1.37: the API server of a default cluster drops it, so the setting never takes effect`
    : `${field} is on by default from Kubernetes 1.${since}, above the target ${target.text}: its API server drops it (feature off) or refuses the object`;
}

/** Fields above the target version, in pod templates and Services. */
const checkFieldsAboveTarget: Check = (context, report) => {
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
