/** HorizontalPodAutoscalers and PodDisruptionBudgets: pkg/apis/autoscaling/validation, pkg/apis/policy/validation. */
import { autoscaler, Mutation, mutate, pdb } from './base';

const R = 'refused';
const A = 'accepted';
type Verdict = 'refused' | 'accepted';
const h = (rule: string, what: string, change: (o: any) => void, verdict: Verdict, server: string) =>
  mutate(rule, what, autoscaler, change, verdict, server);
const p = (rule: string, what: string, change: (o: any) => void, verdict: Verdict, server: string) =>
  mutate(rule, what, pdb, change, verdict, server);
const target = (o: any) => o.spec.metrics[0].resource.target;
const policy = (o: any) => o.spec.behavior.scaleDown.policies[0];

export const AUTOSCALING_MUTATIONS: readonly Mutation[] = [
  // ValidateHorizontalPodAutoscalerSpec
  h('RS122', 'minReplicas 0', (o) => { o.spec.minReplicas = 0; }, R, 'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'),
  h('RS122', 'maxReplicas below minReplicas', (o) => { o.spec.maxReplicas = 1; }, R, 'spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`'),
  h('RS122', 'maxReplicas 0', (o) => { o.spec.maxReplicas = 0; delete o.spec.minReplicas; }, R, 'spec.maxReplicas: Invalid value: 0: must be greater than or equal to 1'),
  h('', 'minReplicas equal to maxReplicas', (o) => { o.spec.minReplicas = 6; }, A, 'maxReplicas >= minReplicas'),
  // validateMetricSpec / validateResourceSource / validateMetricTarget
  h('RS122', 'metric type misspelt', (o) => { o.spec.metrics[0].type = 'Resources'; }, R, 'spec.metrics[0].type: Unsupported value: "Resources"'),
  h('RS122', 'metric type Pods with a resource source', (o) => { o.spec.metrics[0].type = 'Pods'; }, R, 'spec.metrics[0].pods: Required value: must populate information for the given metric source'),
  h('RS122', 'target type misspelt', (o) => { target(o).type = 'Utilisation'; }, R, 'spec.metrics[0].resource.target.type: Invalid value: "Utilisation": must be either Utilization, Value, or AverageValue'),
  h('RS122', 'utilization 0', (o) => { target(o).averageUtilization = 0; }, R, 'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0'),
  h('', 'utilization above 100', (o) => { target(o).averageUtilization = 150; }, A, 'utilization is relative to requests and may exceed 100'),
  h('RS122', 'resource target without a value', (o) => { o.spec.metrics[0].resource.target = { type: 'Utilization' }; }, R, 'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization'),
  h('RS122', 'resource target with utilization and averageValue', (o) => { target(o).averageValue = '500m'; }, R, 'spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization'),
  h('RS122', 'Pods metric with a value target', (o) => { o.spec.metrics = [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Value', value: '100' } } }]; }, R, 'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue'),
  h('RS122', 'Object metric with a negative value', (o) => { o.spec.metrics = [{ type: 'Object', object: { metric: { name: 'rps' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, target: { type: 'Value', value: '-1' } } }]; }, R, 'spec.metrics[0].object.target.value: Invalid value: "-1": must be positive'),
  // validateBehavior / validateScalingRules / validateScalingPolicy
  h('RS122', 'scaling policy type misspelt', (o) => { policy(o).type = 'Pod'; }, R, 'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Pod": supported values: "Percent", "Pods"'),
  h('RS122', 'scaling policy value 0', (o) => { policy(o).value = 0; }, R, 'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero'),
  h('RS122', 'scaling policy period beyond 30 minutes', (o) => { policy(o).periodSeconds = 1801; }, R, 'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800'),
  h('RS122', 'stabilization window beyond an hour', (o) => { o.spec.behavior.scaleDown.stabilizationWindowSeconds = 3601; }, R, 'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600'),
  h('RS122', 'selectPolicy misspelt', (o) => { o.spec.behavior.scaleDown.selectPolicy = 'Maximum'; }, R, 'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Maximum": supported values: "Disabled", "Max", "Min"'),
  h('RS122', 'empty policies list', (o) => { o.spec.behavior.scaleDown.policies = []; }, R, 'spec.behavior.scaleDown.policies: Required value: must specify at least one Policy'),
  h('', 'selectPolicy Disabled without policies field', (o) => { o.spec.behavior.scaleDown = { selectPolicy: 'Disabled' }; }, A, 'SetDefaults_HorizontalPodAutoscalerBehavior fills the policies'),
  // ValidatePodDisruptionBudget (and the lack of ObjectMeta name checks)
  p('', 'PDB name starting with a dash', (o) => { o.metadata.name = '-x'; }, A, 'ValidatePodDisruptionBudget validates no ObjectMeta; the registry checks path segments only'),
  p('', 'PDB name of 260 characters', (o) => { o.metadata.name = 'a'.repeat(260); }, A, 'no length check for PDB names'),
  p('RS105', 'PDB name with a slash', (o) => { o.metadata.name = 'web/v2'; }, R, 'metadata.name: Invalid value: "web/v2": may not contain \'/\''),
  p('RS109', 'PDB with minAvailable and maxUnavailable', (o) => { o.spec.minAvailable = 1; }, R, 'spec: Invalid value: ...: minAvailable and maxUnavailable cannot be both set'),
  p('RS109', 'PDB maxUnavailable above 100%', (o) => { o.spec.maxUnavailable = '120%'; }, R, 'spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%'),
  p('', 'PDB unhealthyPodEvictionPolicy null', (o) => { o.spec.unhealthyPodEvictionPolicy = null; }, A, 'null on an optional enum field is unset'),
];
