import { capacityDrop } from '../../core/rollout-arithmetic';
import { Report, Rule, RuleContext } from '../context';
import { isObject, Json, show } from '../objects';
import { replicaRange, toPods } from '../../core/pod-templates';
import { ROLLOUT_CAPACITY_RULE } from '../../core/rule-ids';

export const RS204: Rule = {
  id: ROLLOUT_CAPACITY_RULE,
  severity: 'error',
  title: 'rollout lets available pods drop',
  why: 'Kubernetes resolves maxUnavailable rounding down and maxSurge rounding up against replicas, and forces 1 unavailable pod when both come to 0: the default 25%/25% already takes a pod down from 4 replicas on. Recreate stops all pods. Capacity then drops during every release.',
  fix: 'Set maxUnavailable: 0 and maxSurge to at least 1 pod (a percentage above 0 rounds up to one). If a dip or downtime is acceptable for this workload, waive RS204 on it and say why.',
  check: checkRolloutCapacity,
};

function checkRolloutCapacity(context: RuleContext, report: Report): void {
  for (const deployment of context.objects.filter((o) => o.is('apps', 'Deployment'))) {
    const range = replicaRange(deployment, context.objects);
    if (range.max <= 0) continue; // nothing runs, nothing to lose
    const strategy: Json = isObject(deployment.spec.strategy) ? deployment.spec.strategy : {};
    const scaledBy = range.autoscaler ? ` (${range.autoscaler.ref} scales it from ${range.min} to ${range.max})` : '';
    if (strategy.type === 'Recreate') {
      report(deployment, 'spec.strategy.type', `Recreate stops every pod before new ones start: the app is down during every release${scaledBy}`);
      continue;
    }
    if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') continue;
    const rollingUpdate: Json = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const surgeValue = rollingUpdate.maxSurge ?? '25%';
    const unavailableValue = rollingUpdate.maxUnavailable ?? '25%';
    const surge = toPods(surgeValue);
    const unavailable = toPods(unavailableValue);
    if (!surge || !unavailable) continue; // an invalid value: RS109's finding
    const drop = capacityDrop(range.min, range.max, surge, unavailable);
    if (drop) {
      const { replicas, first: resolved } = drop;
      const given = (field: string, value: unknown) => `${field} ${typeof value === 'string' ? value : show(value)}${rollingUpdate[field] === undefined ? ' (the default)' : ''}`;
      report(deployment, 'spec.strategy.rollingUpdate.maxUnavailable', resolved.forced
        ? `${given('maxSurge', surgeValue)} and ${given('maxUnavailable', unavailableValue)} both come to 0 at ${replicas} replicas, so the controller takes 1 pod down at a time: capacity drops to ${replicas - 1} during every rollout${scaledBy}`
        : `${given('maxUnavailable', unavailableValue)} comes to ${resolved.maxUnavailable} pod(s) at ${replicas} replicas (percentages round down): available pods drop to ${replicas - resolved.maxUnavailable} during every rollout${scaledBy}`);
    }
  }
}
