/**
 * HorizontalPodAutoscaler settings (replica bounds of every version; metrics and behavior of autoscaling/v2) the API
 * server checks beyond the schema. Source:
 * kubernetes pkg/apis/autoscaling/validation/validation.go ValidateHorizontalPodAutoscalerSpec (replica
 * bounds), ValidateCrossVersionObjectReference, validateMetrics / validateMetricSpec (one source per type),
 * validateObjectSource, validateExternalSource, validatePodsSource, validateResourceSource,
 * validateContainerResourceSource, validateMetricTarget, validateBehavior, validateScalingRules,
 * validateScalingPolicy (MaxPeriodSeconds 1800, MaxStabilizationWindowSeconds 3600).
 */
import { quantityValue } from '../../core/quantity';
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, Json, list, show } from '../objects';

export const RS122: Rule = {
  id: 'RS122',
  severity: 'error',
  title: 'invalid HorizontalPodAutoscaler setting',
  why: 'The API server refuses an autoscaler whose minReplicas is below 1 or maxReplicas below minReplicas, a metric whose type has no matching source (or another source set too), a target type other than Utilization, Value or AverageValue, a target the source cannot use (a Pods metric needs averageValue, a Resource metric averageUtilization or averageValue), a utilization of 0 or a value that is not positive, and behavior rules with no policy, a policy type other than Pods or Percent, values below 1, periodSeconds above 1800 or stabilizationWindowSeconds outside 0-3600.',
  fix: 'Set the field as the message says.',
  check: checkAutoscalers,
};

const SOURCES: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];

function checkAutoscalers(context: RuleContext, report: Report): void {
  for (const hpa of context.objects) {
    if (!hpa.is('autoscaling', 'HorizontalPodAutoscaler')) continue;
    const say = (path: string, message: string) => report(hpa, path, message);
    const { minReplicas, maxReplicas } = hpa.spec;
    if (typeof minReplicas === 'number' && minReplicas < 1) say('spec.minReplicas', `${minReplicas} must be greater than or equal to 1`);
    if (typeof maxReplicas === 'number') {
      if (maxReplicas < 1) say('spec.maxReplicas', `${maxReplicas} must be greater than or equal to 1`);
      else if (maxReplicas < (typeof minReplicas === 'number' ? minReplicas : 1)) say('spec.maxReplicas', `${maxReplicas} must be greater than or equal to \`minReplicas\``);
    }
    const ref = isObject(hpa.spec.scaleTargetRef) ? hpa.spec.scaleTargetRef : {};
    for (const field of ['kind', 'name']) if (ref[field] === '') say(at('spec.scaleTargetRef', field), 'Required value');
    if (hpa.version !== 'v2') continue; // autoscaling/v1: targetCPUUtilizationPercentage only (the schema's)
    list(hpa.spec.metrics).forEach((metric, i) => checkMetric(metric, at('spec.metrics', i), say));
    const behavior = isObject(hpa.spec.behavior) ? hpa.spec.behavior : {};
    for (const direction of ['scaleUp', 'scaleDown']) {
      if (isObject(behavior[direction])) checkScalingRules(behavior[direction], at('spec.behavior', direction), say);
    }
  }
}

function checkMetric(metric: unknown, path: string, say: (path: string, message: string) => void): void {
  if (!isObject(metric)) return;
  const type = metric.type;
  if (typeof type !== 'string') return;
  const field = SOURCES[type];
  if (!field) { say(at(path, 'type'), `${show(type)} is not a metric source type (${Object.keys(SOURCES).join(', ')})`); return; }
  for (const other of Object.values(SOURCES)) {
    if (other !== field && metric[other] !== undefined && metric[other] !== null) say(at(path, other), 'must populate the given metric source only');
  }
  const source = metric[field];
  const sourcePath = at(path, field);
  if (!isObject(source)) { say(sourcePath, 'must populate information for the given metric source'); return; }
  const target: Json = isObject(source.target) ? source.target : {};
  const targetPath = at(sourcePath, 'target');
  if (typeof target.type === 'string' && !TARGET_TYPES.includes(target.type)) say(at(targetPath, 'type'), `${show(target.type)}: must be either Utilization, Value, or AverageValue`);
  const has = (key: string) => target[key] !== undefined && target[key] !== null;
  switch (type) {
    case 'Object':
    case 'External':
      if (!has('value') && !has('averageValue')) say(at(targetPath, 'averageValue'), 'must set either a target value or averageValue');
      else if (type === 'External' && has('value') && has('averageValue')) say(at(targetPath, 'value'), 'may not set both a target value for metric and a per-pod target');
      break;
    case 'Pods':
      if (!has('averageValue')) say(at(targetPath, 'averageValue'), 'must specify a positive target averageValue');
      break;
    default: // Resource, ContainerResource
      if (source.name === '' ) say(at(sourcePath, 'name'), 'must specify a resource name');
      if (type === 'ContainerResource' && (source.container === '' || source.container === undefined)) say(at(sourcePath, 'container'), 'must specify a container');
      if (!has('averageUtilization') && !has('averageValue')) say(at(targetPath, 'averageUtilization'), 'must set either a target raw value or a target utilization');
      else if (has('averageUtilization') && has('averageValue')) say(at(targetPath, 'averageValue'), 'may not set both a target raw value and a target utilization');
  }
  for (const key of ['value', 'averageValue']) {
    const value = has(key) ? quantityValue(String(target[key])) : undefined;
    if (value !== undefined && value <= 0) say(at(targetPath, key), `${show(target[key])} must be positive`);
  }
  if (typeof target.averageUtilization === 'number' && target.averageUtilization < 1) say(at(targetPath, 'averageUtilization'), `${target.averageUtilization} must be greater than 0`);
}

function checkScalingRules(rules: Json, path: string, say: (path: string, message: string) => void): void {
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && (window < 0 || window > 3600)) say(at(path, 'stabilizationWindowSeconds'), `${window} must be between 0 and 3600`);
  if (typeof rules.selectPolicy === 'string' && !SELECT_POLICIES.includes(rules.selectPolicy)) say(at(path, 'selectPolicy'), `${show(rules.selectPolicy)} is not one of ${SELECT_POLICIES.join(', ')}`);
  const policies = list(rules.policies);
  // SetDefaults_HorizontalPodAutoscalerBehavior fills policies only when the field is absent.
  if (Array.isArray(rules.policies) && policies.length === 0) say(at(path, 'policies'), 'must specify at least one Policy');
  policies.forEach((policy, i) => {
    if (!isObject(policy)) return;
    const policyPath = at(at(path, 'policies'), i);
    if (typeof policy.type === 'string' && policy.type !== 'Pods' && policy.type !== 'Percent') say(at(policyPath, 'type'), `${show(policy.type)} is not one of Percent, Pods`);
    if (typeof policy.value === 'number' && policy.value <= 0) say(at(policyPath, 'value'), `${policy.value} must be greater than zero`);
    if (typeof policy.periodSeconds === 'number') {
      if (policy.periodSeconds <= 0) say(at(policyPath, 'periodSeconds'), `${policy.periodSeconds} must be greater than zero`);
      else if (policy.periodSeconds > 1800) say(at(policyPath, 'periodSeconds'), `${policy.periodSeconds} must be less than or equal to 1800`);
    }
  });
}
