/**
 * RS127: a StatefulSet's or DaemonSet's update strategy the API server refuses. Source: kubernetes
 * pkg/apis/apps/validation/validation.go (ValidateStatefulSetUpdateStrategy, ValidateRollingUpdateDaemonSet).
 */
import { Report, Rule, RuleContext } from '../context';
import { isObject, KubeObject, show } from '../objects';
import { toPods } from '../../core/pod-templates';

export const RS127: Rule = {
  id: 'RS127',
  severity: 'error',
  title: 'invalid StatefulSet or DaemonSet update strategy',
  why: 'The API server refuses an update strategy type other than RollingUpdate and OnDelete, a rollingUpdate block with OnDelete, a negative or fractional StatefulSet partition, a StatefulSet maxUnavailable of 0 or above 100%, and a DaemonSet whose maxSurge and maxUnavailable are both 0 or both above 0.',
  fix: 'Use RollingUpdate with a partition of 0 or more; give a StatefulSet maxUnavailable of at least 1; give a DaemonSet exactly one of maxSurge and maxUnavailable above 0 (maxSurge 1 keeps every node served).',
  check: checkUpdateStrategies,
};

function checkUpdateStrategies(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const set = object.is('apps', 'StatefulSet');
    if (!set && !object.is('apps', 'DaemonSet')) continue;
    const strategy = object.spec.updateStrategy;
    if (!isObject(strategy)) continue;
    const say = (path: string, message: string) => report(object, `spec.updateStrategy.${path}`, message);
    const type = strategy.type ?? 'RollingUpdate';
    if (type !== 'RollingUpdate' && type !== 'OnDelete') say('type', `${show(type)} is not an update strategy (RollingUpdate, OnDelete)`);
    const rolling = strategy.rollingUpdate;
    if (rolling === undefined) continue;
    if (type !== 'RollingUpdate') { say('rollingUpdate', `only allowed with type RollingUpdate, not ${show(type)}`); continue; }
    if (!isObject(rolling)) continue;
    if (set) checkStatefulSet(rolling, say); else checkDaemonSet(object, rolling, say);
  }
}

function checkStatefulSet(rolling: Record<string, any>, say: (path: string, message: string) => void): void {
  const partition = rolling.partition;
  if (partition !== undefined && !(Number.isInteger(partition) && partition >= 0)) say('rollingUpdate.partition', `${show(partition)}: a whole number, 0 or more`);
  if (rolling.maxUnavailable === undefined) return;
  const pods = toPods(rolling.maxUnavailable);
  if (!pods || pods.amount < 1 || (pods.isPercent && pods.amount > 100)) {
    say('rollingUpdate.maxUnavailable', `${show(rolling.maxUnavailable)}: must be greater than 0 (a count of at least 1, or a percentage from 1% to 100%)`);
  }
}

function checkDaemonSet(_object: KubeObject, rolling: Record<string, any>, say: (path: string, message: string) => void): void {
  const surge = toPods(rolling.maxSurge ?? 0);
  const unavailable = toPods(rolling.maxUnavailable ?? 1);
  if (!surge || (surge.isPercent && surge.amount > 100)) { say('rollingUpdate.maxSurge', `${show(rolling.maxSurge)}: a count of 0 or more, or a percentage up to 100%`); return; }
  if (!unavailable || (unavailable.isPercent && unavailable.amount > 100)) {
    say('rollingUpdate.maxUnavailable', `${show(rolling.maxUnavailable)}: a count of 0 or more, or a percentage up to 100%`);
    return;
  }
  if (surge._isZero() && unavailable._isZero()) say('rollingUpdate.maxUnavailable', 'may not be 0 when maxSurge is 0');
  if (!surge._isZero() && !unavailable._isZero()) say('rollingUpdate.maxSurge', `${surge}: may not be set when maxUnavailable (${unavailable}) is not 0`);
}
