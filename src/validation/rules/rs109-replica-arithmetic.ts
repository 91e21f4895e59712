import { parseIntOrPercent } from '../../core/rollout-arithmetic';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, KubeObject, show } from '../objects';

export const RS109: Rule = {
  id: 'RS109',
  severity: 'error',
  title: 'invalid rollout or disruption budget values',
  why: 'The API server refuses: maxSurge / maxUnavailable / minAvailable that are neither whole numbers nor percentages ("5" as a string), negative or above 100% (maxUnavailable), maxSurge and maxUnavailable both 0, progressDeadlineSeconds not above minReadySeconds, a Recreate strategy with rollingUpdate settings, a PodDisruptionBudget with both minAvailable and maxUnavailable.',
  fix: 'Write a whole number or a percentage string such as "25%"; give maxSurge at least 1; keep progressDeadlineSeconds above minReadySeconds; set only one of minAvailable and maxUnavailable.',
  check: checkReplicaArithmetic,
};

function checkReplicaArithmetic(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    if (object.is('apps', 'Deployment')) checkDeploymentArithmetic(object, report);
    if (object.is('policy', 'PodDisruptionBudget')) {
      const { minAvailable, maxUnavailable } = object.spec;
      if (minAvailable !== undefined && maxUnavailable !== undefined) report(object, 'spec', 'set minAvailable or maxUnavailable, not both');
      checkIntOrPercent(object, minAvailable, 'spec.minAvailable', report);
      checkIntOrPercent(object, maxUnavailable, 'spec.maxUnavailable', report);
    }
  }
}

/** Reports an int-or-percent value the API server refuses; returns the parsed value when it is usable. */
function checkIntOrPercent(
  object: KubeObject, value: unknown, path: string, report: Report, atMost100 = true,
): { amount: number; percent: boolean } | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIntOrPercent(value);
  if (!parsed) {
    // A number as a string ("1") is neither form.
    if (typeof value === 'string' || typeof value === 'number') report(object, path, `${show(value)} must be a whole number of pods or a percentage such as "25%"`);
    return undefined;
  }
  if (parsed.amount < 0) report(object, path, `${show(value)} must not be negative`);
  if (atMost100 && parsed.percent && parsed.amount > 100) report(object, path, `${show(value)} must not exceed 100%`);
  return parsed;
}

function checkDeploymentArithmetic(deployment: KubeObject, report: Report): void {
  const spec = deployment.spec;
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) {
    if (typeof spec[field] === 'number' && spec[field] < 0) report(deployment, at('spec', field), `${spec[field]} must not be negative`);
  }
  if (typeof spec.progressDeadlineSeconds === 'number') {
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      report(deployment, 'spec.progressDeadlineSeconds', `${spec.progressDeadlineSeconds} must be greater than minReadySeconds (${minReady})`);
    }
  }
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) report(deployment, 'spec.strategy.rollingUpdate', 'a Recreate strategy takes no rollingUpdate settings');
    return;
  }
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') {
    report(deployment, 'spec.strategy.type', `${show(strategy.type)} is not a Deployment strategy (RollingUpdate, Recreate)`);
    return;
  }
  const rollingUpdate = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  // A surge above 100% is allowed: it only adds pods.
  const surge = checkIntOrPercent(deployment, rollingUpdate.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', report, false);
  const unavailable = checkIntOrPercent(deployment, rollingUpdate.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', report);
  if (surge?.amount === 0 && unavailable?.amount === 0) {
    report(deployment, 'spec.strategy.rollingUpdate.maxUnavailable', 'maxSurge and maxUnavailable are both 0: the rollout could neither add nor remove a pod (the API server refuses it)');
  }
}
