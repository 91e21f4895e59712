/**
 * RS219: a StatefulSet maxUnavailable above one pod at a target where the MaxUnavailableStatefulSet
 * feature is off by default: the controller replaces one pod at a time, and the plan and the user
 * expect more.
 */
import { FIELD_SINCE, serves } from '../../core/target-version';
import { Report, Rule, RuleContext } from '../context';
import { isObject } from '../objects';
import { toPods } from '../../core/pod-templates';

export const RS219: Rule = {
  id: 'RS219',
  severity: 'warning',
  title: 'StatefulSet maxUnavailable not served at the target version',
  why: `StatefulSet rollingUpdate.maxUnavailable needs the MaxUnavailableStatefulSet feature: on by default in 1.35.0 to 1.35.3, off again from 1.35.4 and in 1.36 after a regression with Parallel pod management, on from 1.${FIELD_SINCE.statefulSetMaxUnavailable}. Where it is off, the API server drops the field from a new object and the controller replaces one pod at a time.`,
  fix: `Remove maxUnavailable (one pod at a time), or target Kubernetes 1.${FIELD_SINCE.statefulSetMaxUnavailable} or later.`,
  check: checkMaxUnavailable,
};

function checkMaxUnavailable(context: RuleContext, report: Report): void {
  if (serves(context.target, FIELD_SINCE.statefulSetMaxUnavailable)) return;
  for (const set of context.objects) {
    if (!set.is('apps', 'StatefulSet')) continue;
    const rolling = isObject(set.spec.updateStrategy) && isObject(set.spec.updateStrategy.rollingUpdate) ? set.spec.updateStrategy.rollingUpdate : {};
    const pods = rolling.maxUnavailable === undefined ? undefined : toPods(rolling.maxUnavailable);
    if (!pods || (!pods.isPercent && pods.amount <= 1)) continue;
    report(set, 'spec.updateStrategy.rollingUpdate.maxUnavailable', `${pods} is ignored at Kubernetes ${context.target.text} (MaxUnavailableStatefulSet off by default before 1.${FIELD_SINCE.statefulSetMaxUnavailable}): the controller replaces one pod at a time`);
  }
}
