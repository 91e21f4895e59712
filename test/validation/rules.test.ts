import { RULES } from '../../src/validation/rules';
import { strictValidate } from '../support/strict-validate';
import { validateInputs } from '../../src/validation/validate';
import { badApp, container, goodApp, validate } from './fixtures';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string', default: 'blue' } } } } } },
    }],
  },
};
/**
 * The app's own CRD with CEL rules the vendored CRDs do not use: messageExpression, reason, fieldPath,
 * the Kubernetes lists library, escaping of a reserved word, and a function the plugin lacks (isURL).
 */
const gizmoCrd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gizmos.example.com' },
  spec: {
    group: 'example.com', names: { kind: 'Gizmo', plural: 'gizmos' }, scope: 'Namespaced',
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: {
        type: 'object',
        properties: { url: { type: 'string' }, ports: { type: 'array', items: { type: 'integer' } }, namespace: { type: 'string' }, home: { type: 'string' } },
        'x-kubernetes-validations': [
          { rule: "!has(self.url) || self.url.startsWith('https://')", messageExpression: "'url ' + self.url + ' must use https'", reason: 'FieldValueForbidden', fieldPath: '.url' },
          { rule: '!has(self.ports) || self.ports.isSorted()', message: 'ports must be sorted' },
          { rule: "!has(self.__namespace__) || self.__namespace__ != 'default'", message: 'not in default' },
          { rule: '!has(self.home) || isURL(self.home)', message: 'home must be a URL' },
        ],
      } } } },
    }],
  },
};
const gizmo = (spec: object) => ({ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g', namespace: 'shop' }, spec });
const widget = (spec: object) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec });

const route = (rule: object) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], hostnames: ['shop.example.com'], rules: [rule] },
});
/** A backendRef with every field the CRD would default written out. */
const backend = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 80, weight });
const EVERY_PATH = [{ path: { type: 'PathPrefix', value: '/' } }];
/** A VirtualService routing to `hosts`, for RS208. */
const virtualService = (...hosts: string[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' },
  spec: { hosts: ['web'], http: [{ name: 'weighted', route: hosts.map((host) => ({ destination: { host }, weight: 100 / hosts.length })) }] },
});

const ingress = (path: string) => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
  spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
});
const networkPolicy = (ipBlock: object) => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
  spec: { podSelector: {}, ingress: [{ from: [{ ipBlock }] }] },
});
const autoscaler = (target: object) => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4, metrics: [{ type: 'Resource', resource: { name: 'cpu', target } }] },
});

/** A Rollout (workloadRef to `web-blue`) with the given strategy. */
const argoRollout = (strategy: object) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-blue' }, strategy },
});

/** A Flagger Canary (target Deployment `web`) with the given analysis. */
const flaggerCanary = (analysis: object) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, service: { port: 80 }, analysis },
});

interface Case {
  /** What is broken. */
  readonly what: string;
  readonly manifests: any[];
  /** `Kind/ns/name` and field path of the expected finding. */
  readonly object: string;
  readonly path: string;
  readonly message?: RegExp;
}

/** At least one bad manifest per rule, and where the rule must report it. */
const CASES: Record<string, Case[]> = {
  RS101: [
    { what: 'replicas as a string', manifests: badApp((d) => { d.spec.replicas = 'three'; }), object: 'Deployment/shop/web', path: 'spec.replicas', message: /must be an integer/ },
    { what: 'a quantity that is not one', manifests: badApp((d) => { container(d).resources.limits.memory = '256 MB'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].resources.limits.memory', message: /not a Kubernetes quantity/ },
    { what: 'no kind', manifests: [{ apiVersion: 'v1', metadata: { name: 'x' } }], object: '<no kind>/x', path: 'kind' },
    { what: 'a custom resource missing a required field', manifests: [crd, widget({})], object: 'Widget/shop/w', path: 'spec.size', message: /is required/ },
    { what: 'a custom resource version the CRD does not serve', manifests: [crd, { ...widget({ size: 1 }), apiVersion: 'example.com/v2' }], object: 'Widget/shop/w', path: 'apiVersion' },
    { what: 'a CEL rule of the app\'s CRD, with messageExpression, reason and fieldPath', manifests: [gizmoCrd, gizmo({ url: 'http://a.example.com' })], object: 'Gizmo/shop/g', path: 'spec.url', message: /^Forbidden: url http:\/\/a\.example\.com must use https$/ },
    { what: 'a CEL rule with the lists library', manifests: [gizmoCrd, gizmo({ ports: [443, 80] })], object: 'Gizmo/shop/g', path: 'spec', message: /^Invalid value: ports must be sorted$/ },
    { what: 'a CEL rule on a field named like a reserved word', manifests: [gizmoCrd, gizmo({ namespace: 'default' })], object: 'Gizmo/shop/g', path: 'spec', message: /not in default/ },
    { what: 'an HTTPRoute weight below 0', manifests: [route({ backendRefs: [{ name: 'web', port: 80, weight: -1 }] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].weight' },
  ],
  RS102: [
    { what: 'seed 004\'s maxSure', manifests: badApp((d) => { d.spec.strategy.rollingUpdate = { maxSure: '25%', maxUnavailable: 0 }; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxSure', message: /unknown field/ },
    { what: 'a misspelled metadata field', manifests: badApp((_d, s) => { s.metadata.label = { a: 'b' }; }), object: 'Service/shop/web', path: 'metadata.label' },
    { what: 'a misspelled HTTPRoute field', manifests: [route({ backendRefs: [{ name: 'web', port: 80, wieght: 10 }] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].wieght' },
    { what: 'a field the app\'s own CRD does not declare', manifests: [crd, widget({ size: 1, colour: 'red' })], object: 'Widget/shop/w', path: 'spec.colour' },
  ],
  RS103: [
    { what: 'a custom resource without its CRD', manifests: [{ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }], object: 'Gadget/g', path: 'kind' },
  ],
  RS104: [
    { what: 'a misspelled built-in kind', manifests: badApp((_d, svc) => { svc.kind = 'Serviice'; }), object: 'Serviice/shop/web', path: 'kind', message: /no matches for kind/ },
    { what: 'a version the group never served', manifests: [{ ...networkPolicy({ cidr: '10.0.0.0/8' }), apiVersion: 'networking.k8s.io/v2' }], object: 'NetworkPolicy/shop/web', path: 'kind', message: /use networking.k8s.io\/v1/ },
    { what: 'policy/v1beta1', manifests: badApp((_d, _s, p) => { p.apiVersion = 'policy/v1beta1'; }), object: 'PodDisruptionBudget/shop/web', path: 'apiVersion', message: /Kubernetes 1\.25: use policy\/v1/ },
  ],
  RS105: [
    { what: 'a Service name with an underscore', manifests: badApp((_d, s) => { s.metadata.name = 'web_api'; }), object: 'Service/shop/web_api', path: 'metadata.name' },
    { what: 'a name of 254 characters', manifests: badApp((d) => { d.metadata.name = 'a'.repeat(254); }), object: `Deployment/shop/${'a'.repeat(254)}`, path: 'metadata.name', message: /254 characters/ },
    { what: 'a Service name of 64 characters', manifests: badApp((_d, s) => { s.metadata.name = 'a'.repeat(64); }), object: `Service/shop/${'a'.repeat(64)}`, path: 'metadata.name', message: /at most 63/ },
    { what: 'a namespace with capitals', manifests: badApp((_d, s) => { s.metadata.namespace = 'Shop'; }), object: 'Service/Shop/web', path: 'metadata.namespace' },
    { what: 'two containers named alike', manifests: badApp((d) => { d.spec.template.spec.containers.push({ ...container(d), ports: [] }); }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[1].name', message: /already used/ },
  ],
  RS106: [
    { what: 'a label value of 64 characters', manifests: badApp((d) => { d.metadata.labels = { ...d.metadata.labels, team: 'x'.repeat(64) }; }), object: 'Deployment/shop/web', path: 'metadata.labels.team' },
    { what: 'a label key with two slashes', manifests: badApp((d) => { d.spec.template.metadata.labels['a/b/c'] = 'x'; }), object: 'Deployment/shop/web', path: 'spec.template.metadata.labels["a/b/c"]' },
    { what: 'a label value with a space', manifests: badApp((_d, s) => { s.spec.selector = { app: 'my web' }; }), object: 'Service/shop/web', path: 'spec.selector.app' },
    { what: 'an unknown selector operator', manifests: badApp((_d, _s, p) => { p.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }; }), object: 'PodDisruptionBudget/shop/web', path: 'spec.selector.matchExpressions[0].operator' },
    { what: 'an annotation key with a space', manifests: badApp((d) => { d.metadata.annotations = { 'owner team': 'shop' }; }), object: 'Deployment/shop/web', path: 'metadata.annotations["owner team"]' },
  ],
  RS107: [
    { what: 'a container port above 65535', manifests: badApp((d) => { container(d).ports[0].containerPort = 80800; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].ports[0].containerPort' },
    { what: 'a Service port of 0', manifests: badApp((_d, s) => { s.spec.ports[0].port = 0; }), object: 'Service/shop/web', path: 'spec.ports[0].port' },
    { what: 'a node port outside the range', manifests: badApp((_d, s) => { s.spec.type = 'NodePort'; s.spec.ports[0].nodePort = 8080; }), object: 'Service/shop/web', path: 'spec.ports[0].nodePort' },
    { what: 'a port name of 16 characters', manifests: badApp((d) => { container(d).ports[0].name = 'http-management1'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].ports[0].name' },
    { what: 'a probe on port 0', manifests: badApp((d) => { container(d).livenessProbe = { tcpSocket: { port: 0 } }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port' },
  ],
  RS108: [
    { what: 'a selector the template does not match', manifests: badApp((d) => { d.spec.selector = { matchLabels: { app: 'api' } }; }), object: 'Deployment/shop/web', path: 'spec.selector' },
    { what: 'an empty selector', manifests: badApp((d) => { d.spec.selector = {}; }), object: 'Deployment/shop/web', path: 'spec.selector' },
  ],
  RS109: [
    { what: 'maxSurge and maxUnavailable both 0', manifests: badApp((d) => { d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxUnavailable', message: /both 0/ },
    { what: 'maxUnavailable above 100%', manifests: badApp((d) => { d.spec.strategy.rollingUpdate.maxUnavailable = '150%'; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxUnavailable' },
    { what: 'a number as a string', manifests: badApp((d) => { d.spec.strategy.rollingUpdate.maxSurge = '1'; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxSurge' },
    { what: 'a progress deadline under minReadySeconds', manifests: badApp((d) => { d.spec.minReadySeconds = 60; d.spec.progressDeadlineSeconds = 30; }), object: 'Deployment/shop/web', path: 'spec.progressDeadlineSeconds' },
    { what: 'a PDB with both fields', manifests: badApp((_d, _s, p) => { p.spec.minAvailable = 1; }), object: 'PodDisruptionBudget/shop/web', path: 'spec' },
  ],
  RS110: [
    { what: 'a cpu request above its limit', manifests: badApp((d) => { container(d).resources.requests.cpu = '1'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].resources.requests.cpu' },
  ],
  RS111: [
    { what: 'two different Services of one name', manifests: [...goodApp(), { ...goodApp()[1], spec: { ...goodApp()[1].spec, type: 'NodePort' } }], object: 'Service/shop/web', path: 'metadata.name' },
  ],
  RS301: [
    { what: 'a waiver without a reason', manifests: badApp((d) => { d.metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS211': '' }; }), object: 'Deployment/shop/web', path: 'metadata.annotations["waive.release-strategies.cdk8s.io/RS211"]', message: /without a reason/ },
    { what: 'a waiver of an unknown rule', manifests: badApp((d) => { d.metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS999': 'why not' }; }), object: 'Deployment/shop/web', path: 'metadata.annotations["waive.release-strategies.cdk8s.io/RS999"]', message: /not a rule id/ },
  ],
  RS113: [
    // The case without a file: a string no YAML text can carry (the text checks: test/yaml/kubectl-readback.test.ts).
    { what: 'an env value with a lone surrogate', manifests: badApp((d) => { container(d).env = [{ name: 'X', value: 'a\uD800' }]; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].env[0].value', message: /lone UTF-16 surrogate/ },
  ],
  RS114: [
    { what: 'lifecycle.stopSignal (alpha, off by default)', manifests: badApp((d) => { container(d).lifecycle.stopSignal = 'SIGTERM'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].lifecycle.stopSignal', message: /alpha \(off by default\)/ },
    { what: 'trafficDistribution PreferSameZone at the default target 1.31', manifests: badApp((_d, s) => { s.spec.trafficDistribution = 'PreferSameZone'; }), object: 'Service/shop/web', path: 'spec.trafficDistribution', message: /on by default from Kubernetes 1\.34, above the target 1\.31/ },
  ],
  RS216: [
    // The HTTPRoute the issue reports: written without the defaults the API server stores.
    {
      what: 'an HTTPRoute without its defaults: backendRef weight, group and kind; no matches',
      manifests: [...goodApp(), route({ backendRefs: [{ name: 'web', port: 80 }] })],
      object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].weight', message: /stores its CRD default 1/,
    },
    { what: 'a rule without matches', manifests: [...goodApp(), route({ backendRefs: [backend('web', 1)] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].matches', message: /"PathPrefix"/ },
    { what: 'a custom resource of the app\'s own CRD without its default', manifests: [crd, widget({ size: 2 })], object: 'Widget/shop/w', path: 'spec.color', message: /default "blue"/ },
    { what: 'a null the API server replaces by the default', manifests: [crd, widget({ size: 2, color: null })], object: 'Widget/shop/w', path: 'spec.color', message: /is null: the API server stores its CRD default "blue"/ },
    { what: 'a header match without its type', manifests: [...goodApp(), route({ matches: [{ ...EVERY_PATH[0], headers: [{ name: 'X-Canary', value: 'always' }] }], backendRefs: [backend('web', 1)] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].matches[0].headers[0].type', message: /"Exact"/ },
  ],
  RS115: [
    { what: 'restartPolicy Never in a Deployment\'s template', manifests: badApp((d) => { d.spec.template.spec.restartPolicy = 'Never'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.restartPolicy', message: /only support "Always"/ },
    { what: 'a toleration Exists with a value', manifests: badApp((d) => { d.spec.template.spec.tolerations = [{ key: 'gpu', operator: 'Exists', value: 'yes' }]; }), object: 'Deployment/shop/web', path: 'spec.template.spec.tolerations[0].operator' },
  ],
  RS116: [
    { what: 'a probe with two handlers', manifests: badApp((d) => { container(d).readinessProbe.tcpSocket = { port: 'http' }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].readinessProbe.tcpSocket', message: /more than 1 handler/ },
    { what: 'a liveness successThreshold of 2', manifests: badApp((d) => { container(d).livenessProbe.successThreshold = 2; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].livenessProbe.successThreshold', message: /must be 1/ },
  ],
  RS117: [
    { what: 'a container without an image', manifests: badApp((d) => { delete container(d).image; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].image' },
    { what: 'privileged without privilege escalation', manifests: badApp((d) => { container(d).securityContext.privileged = true; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].securityContext', message: /allowPrivilegeEscalation/ },
  ],
  RS118: [
    { what: 'an extended resource requested below its limit', manifests: badApp((d) => { container(d).resources.requests['nvidia.com/gpu'] = '1'; container(d).resources.limits['nvidia.com/gpu'] = '2'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].resources.requests["nvidia.com/gpu"]', message: /must be equal/ },
  ],
  RS119: [
    { what: 'a ClusterIP Service without ports', manifests: badApp((_d, svc) => { delete svc.spec.ports; }), object: 'Service/shop/web', path: 'spec.ports' },
  ],
  RS120: [
    { what: 'an Ingress path that is not absolute', manifests: [ingress('api')], object: 'Ingress/shop/web', path: 'spec.rules[0].http.paths[0].path', message: /absolute/ },
  ],
  RS121: [
    { what: 'an except outside its cidr', manifests: [networkPolicy({ cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] })], object: 'NetworkPolicy/shop/web', path: 'spec.ingress[0].from[0].ipBlock.except[0]', message: /strict subset/ },
  ],
  RS122: [
    { what: 'a target utilization of 0', manifests: [autoscaler({ type: 'Utilization', averageUtilization: 0 })], object: 'HorizontalPodAutoscaler/shop/web', path: 'spec.metrics[0].resource.target.averageUtilization' },
  ],
  RS123: [
    { what: 'a blue/green Rollout with one Service as active and preview', manifests: [argoRollout({ blueGreen: { activeService: 'web', previewService: 'web' } })], object: 'Rollout/shop/web', path: 'spec.strategy.blueGreen.activeService' },
    { what: 'a canary step with two actions', manifests: [argoRollout({ canary: { steps: [{ setWeight: 10, pause: {} }] } })], object: 'Rollout/shop/web', path: 'spec.strategy.canary.steps[0]', message: /one action/ },
    { what: 'setWeight above 100', manifests: [argoRollout({ canary: { steps: [{ setWeight: 120 }] } })], object: 'Rollout/shop/web', path: 'spec.strategy.canary.steps[0].setWeight' },
    { what: 'setCanaryScale without trafficRouting', manifests: [argoRollout({ canary: { steps: [{ setCanaryScale: { replicas: 1 } }] } })], object: 'Rollout/shop/web', path: 'spec.strategy.canary.steps[0].setCanaryScale' },
    { what: 'a header route on NGINX', manifests: [argoRollout({ canary: { stableService: 'a', canaryService: 'b', trafficRouting: { nginx: { stableIngress: 'web' }, managedRoutes: [{ name: 'h' }] }, steps: [{ setHeaderRoute: { name: 'h' } }] } })], object: 'Rollout/shop/web', path: 'spec.strategy.canary.steps[0].setHeaderRoute' },
    { what: 'both strategies', manifests: [argoRollout({ canary: {}, blueGreen: { activeService: 'a' } })], object: 'Rollout/shop/web', path: 'spec.strategy' },
  ],
  RS124: [
    { what: 'a workloadRef to a missing Deployment', manifests: [argoRollout({ blueGreen: { activeService: 'web', previewService: 'web-preview' } })], object: 'Rollout/shop/web', path: 'spec.workloadRef.name', message: /no Deployment 'web-blue'/ },
    { what: 'a Flagger Canary whose target is missing', manifests: [flaggerCanary({})], object: 'Canary/shop/web', path: 'spec.targetRef.name', message: /no Deployment 'web'/ },
    { what: 'a missing AnalysisTemplate', manifests: [argoRollout({ canary: { steps: [{ analysis: { templates: [{ templateName: 'gone' }] } }] } })], object: 'Rollout/shop/web', path: 'spec.strategy.canary.steps[0].analysis.templates[0].templateName' },
  ],
  RS125: [
    { what: 'stepWeight and stepWeights together', manifests: [flaggerCanary({ stepWeight: 10, stepWeights: [10, 20] })], object: 'Canary/shop/web', path: 'spec.analysis.stepWeight' },
    { what: 'stepWeights not ascending', manifests: [flaggerCanary({ stepWeights: [20, 10] })], object: 'Canary/shop/web', path: 'spec.analysis.stepWeights[1]' },
    { what: 'a match without iterations', manifests: [flaggerCanary({ match: [{ headers: { 'x-canary': { exact: 'always' } } }] })], object: 'Canary/shop/web', path: 'spec.analysis.match' },
    { what: 'an interval of 5s', manifests: [flaggerCanary({ interval: '5s' })], object: 'Canary/shop/web', path: 'spec.analysis.interval' },
    { what: 'a MetricTemplate in another namespace', manifests: [flaggerCanary({ metrics: [{ name: 'm', templateRef: { name: 'm', namespace: 'monitoring' } }] })], object: 'Canary/shop/web', path: 'spec.analysis.metrics[0].templateRef.namespace' },
  ],
  RS126: [
    { what: 'a CEL rule calling isURL()', manifests: [gizmoCrd, gizmo({ home: 'https://a.example.com' })], object: 'Gizmo/shop/g', path: 'spec', message: /isURL\(\), which the plugin's CEL environment does not implement/ },
  ],
  RS201: [
    { what: 'a Service in front of pods without readiness', manifests: badApp((d) => { delete container(d).readinessProbe; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].readinessProbe', message: /Service\/shop\/web sends it traffic/ },
  ],
  RS202: [
    { what: 'liveness checking what readiness checks', manifests: badApp((d) => { container(d).livenessProbe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 20 }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].livenessProbe' },
  ],
  RS203: [
    { what: 'seed 002: a 90 s preStop sleep under the default 30 s', manifests: badApp((d) => { delete d.spec.template.spec.terminationGracePeriodSeconds; container(d).lifecycle.preStop.exec.command = ['sh', '-c', 'sleep 90']; }), object: 'Deployment/shop/web', path: 'spec.template.spec.terminationGracePeriodSeconds', message: /30 s \(the default\) does not cover .* 90 s/ },
    { what: 'a grace period equal to the native sleep action', manifests: badApp((d) => { container(d).lifecycle.preStop = { sleep: { seconds: 30 } }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.terminationGracePeriodSeconds' },
    { what: 'sleep by its path, /bin/sleep 1m, under 30 s', manifests: badApp((d) => { container(d).lifecycle.preStop = { exec: { command: ['/bin/sleep', '1m'] } }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.terminationGracePeriodSeconds' },
  ],
  RS204: [
    { what: 'seed 004: the default 25%/25% at 4 replicas', manifests: badApp((d) => { delete d.spec.strategy; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxUnavailable', message: /maxUnavailable 25% \(the default\) comes to 1 pod\(s\) at 4 replicas/ },
    { what: 'maxSurge 0% and maxUnavailable 10% at 5 replicas (forced to 1)', manifests: badApp((d) => { d.spec.replicas = 5; d.spec.strategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: '10%' }; }), object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxUnavailable', message: /both come to 0 at 5 replicas/ },
    { what: 'Recreate', manifests: badApp((d) => { d.spec.strategy = { type: 'Recreate' }; }), object: 'Deployment/shop/web', path: 'spec.strategy.type' },
    {
      what: '25% under an autoscaler growing to 4',
      manifests: [...badApp((d) => { delete d.spec.replicas; d.spec.strategy.rollingUpdate.maxUnavailable = '25%'; }), {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6 },
      }],
      object: 'Deployment/shop/web', path: 'spec.strategy.rollingUpdate.maxUnavailable', message: /at 4 replicas .*HorizontalPodAutoscaler\/shop\/web scales it from 2 to 6/,
    },
  ],
  RS205: [
    { what: 'the :latest tag', manifests: badApp((d) => { container(d).image = 'registry.example.com/shop/web:latest'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].image', message: /:latest/ },
    { what: 'no tag (a registry port is not a tag)', manifests: badApp((d) => { container(d).image = 'registry.example.com:5000/shop/web'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].image', message: /no tag/ },
  ],
  RS206: [
    { what: 'a probe on an undeclared port name', manifests: badApp((d) => { container(d).readinessProbe.httpGet.port = 'metrics'; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port', message: /no port named "metrics"/ },
    { what: 'a probe on an undeclared port number', manifests: badApp((d) => { container(d).livenessProbe = { tcpSocket: { port: 9090 } }; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port' },
  ],
  RS207: [
    { what: 'a targetPort name the pods do not declare', manifests: badApp((_d, s) => { s.spec.ports[0].targetPort = 'web'; }), object: 'Service/shop/web', path: 'spec.ports[0].targetPort' },
  ],
  RS208: [
    { what: 'a weighted backendRef to a Service not in the output', manifests: [...goodApp(), route({ matches: EVERY_PATH, backendRefs: [backend('web', 90), backend('web-canary', 10)] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[1].name', message: /weight 10: that share of requests fails with HTTP 500.*"web-canary" in namespace "shop"/ },
    { what: 'a backendRef to a Service of another namespace', manifests: [...goodApp(), route({ matches: EVERY_PATH, backendRefs: [{ ...backend('web', 1), namespace: 'other' }] })], object: 'HTTPRoute/shop/web', path: 'spec.rules[0].backendRefs[0].name', message: /"web" in namespace "other"/ },
    { what: 'an Istio destination host naming no Service (short name)', manifests: [...goodApp(), virtualService('web', 'web-canary')], object: 'VirtualService/shop/web', path: 'spec.http[0].route[1].destination.host' },
    { what: 'an Istio destination host naming no Service (cluster name)', manifests: [...goodApp(), virtualService('web.shop.svc.cluster.local', 'web.other.svc.cluster.local')], object: 'VirtualService/shop/web', path: 'spec.http[0].route[1].destination.host', message: /"web" in namespace "other"/ },
    {
      what: 'a mesh route whose parent Service is not in the output',
      manifests: [...goodApp(), { ...route({ matches: EVERY_PATH, backendRefs: [backend('web', 1)] }), spec: { parentRefs: [{ group: '', kind: 'Service', name: 'api' }], rules: [{ matches: EVERY_PATH, backendRefs: [backend('web', 1)] }] } }],
      object: 'HTTPRoute/shop/web', path: 'spec.parentRefs[0].name', message: /mesh route attaches to Service "api"/,
    },
  ],
  RS211: [
    { what: 'no resources', manifests: badApp((d) => { delete container(d).resources; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].resources', message: /requests.cpu, requests.memory, limits.cpu, limits.memory/ },
  ],
  RS212: [
    { what: 'no security context', manifests: badApp((d) => { delete container(d).securityContext; delete d.spec.template.spec.securityContext; }), object: 'Deployment/shop/web', path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot' },
    { what: 'a hostPath volume', manifests: badApp((d) => { d.spec.template.spec.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]; }), object: 'Deployment/shop/web', path: 'spec.template.spec.volumes[0].hostPath' },
  ],
  RS213: [
    { what: 'no PodDisruptionBudget', manifests: goodApp().slice(0, 2), object: 'Deployment/shop/web', path: '' },
  ],
  RS214: [
    { what: 'no anti-affinity', manifests: badApp((d) => { delete d.spec.template.spec.affinity; }), object: 'Deployment/shop/web', path: 'spec.template.spec.affinity.podAntiAffinity' },
  ],
  RS209: [
    {
      what: 'seed 000: required hostname anti-affinity on every revision, 4 replicas, surge 25%',
      manifests: badApp((d) => {
        d.spec.template.spec.affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: d.spec.selector.matchLabels } }] };
      }),
      object: 'Deployment/shop/web',
      path: 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]',
      // 25% of 4 rounds up to 1 surge pod.
      message: /4 replicas \+ 1 surge = 5 nodes .*add matchLabelKeys: \[pod-template-hash\]/,
    },
  ],
  RS215: [
    { what: 'no topology spread', manifests: badApp((d) => { delete d.spec.template.spec.topologySpreadConstraints; }), object: 'Deployment/shop/web', path: 'spec.template.spec.topologySpreadConstraints' },
  ],
};

/** A StatefulSet of the good app's pods, with `spec` merged in, and its headless Service. */
const statefulSet = (spec: object, headless: object | null = { clusterIP: 'None' }) => {
  const d = goodApp()[0];
  return [
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' },
      spec: { replicas: 3, serviceName: 'db-headless', selector: d.spec.selector, template: d.spec.template, ...spec } },
    ...(headless ? [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db-headless', namespace: 'shop' },
      spec: { selector: d.spec.selector.matchLabels, ports: [{ port: 8080, targetPort: 'http' }], ...headless } }] : []),
  ];
};
/** A DaemonSet of the good app's pods with `updateStrategy`, changed by `change`. */
const daemonSet = (updateStrategy: object, change: (pod: any) => void = () => {}) => {
  const d = goodApp()[0];
  const template = JSON.parse(JSON.stringify(d.spec.template));
  change(template.spec);
  return [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'shop' }, spec: { selector: d.spec.selector, template, updateStrategy } }];
};
const STATEFUL_CASES: Record<string, { what: string; manifests: any[]; object: string; path: string; message?: RegExp }[]> = {
  RS127: [
    { what: 'a StatefulSet partition below 0', manifests: statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }),
      object: 'StatefulSet/shop/db', path: 'spec.updateStrategy.rollingUpdate.partition' },
    { what: 'a StatefulSet maxUnavailable of 0', manifests: statefulSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } }),
      object: 'StatefulSet/shop/db', path: 'spec.updateStrategy.rollingUpdate.maxUnavailable', message: /must be greater than 0/ },
    { what: 'a DaemonSet with maxSurge and maxUnavailable both 0', manifests: daemonSet({ rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }),
      object: 'DaemonSet/shop/agent', path: 'spec.updateStrategy.rollingUpdate.maxUnavailable' },
    { what: 'a DaemonSet with both above 0', manifests: daemonSet({ rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }),
      object: 'DaemonSet/shop/agent', path: 'spec.updateStrategy.rollingUpdate.maxSurge' },
  ],
  RS217: [
    { what: 'a surging DaemonSet with a host port', manifests: daemonSet({ rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, (pod) => { pod.containers[0].ports[0].hostPort = 8080; }),
      object: 'DaemonSet/shop/agent', path: 'spec.updateStrategy.rollingUpdate.maxSurge', message: /maxSurge 1 with hostPort 8080.*maxSurge 0 with maxUnavailable 1/ },
    { what: 'a surging DaemonSet on the node\'s network', manifests: daemonSet({ rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } }, (pod) => { pod.hostNetwork = true; }),
      object: 'DaemonSet/shop/agent', path: 'spec.updateStrategy.rollingUpdate.maxSurge', message: /hostNetwork: true/ },
  ],
  RS218: [
    { what: 'a StatefulSet whose serviceName names no Service', manifests: statefulSet({}, null), object: 'StatefulSet/shop/db', path: 'spec.serviceName', message: /names no Service/ },
    { what: 'a StatefulSet whose Service is not headless', manifests: statefulSet({}, { type: 'ClusterIP' }), object: 'StatefulSet/shop/db', path: 'spec.serviceName', message: /not headless/ },
  ],
  RS219: [
    { what: 'maxUnavailable 2 at the default target 1.31', manifests: statefulSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 2 } } }),
      object: 'StatefulSet/shop/db', path: 'spec.updateStrategy.rollingUpdate.maxUnavailable', message: /ignored at Kubernetes 1\.31/ },
  ],
};
Object.assign(CASES, STATEFUL_CASES);

describe('the rule registry', () => {
  test('ids are unique, stable in form, and every rule has a title, why and fix', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^RS[1234][0-9]{2}$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  test('every rule of one snapshot has a failing case here (the transition rules, RS4xx, have theirs in test/plan/transition.test.ts)', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.filter((r) => !r.transition).map((r) => r.id).sort());
  });
});

describe('the good app', () => {
  test('has no violation of any rule', () => {
    expect(validate(goodApp())).toEqual([]);
  });

  test('its custom resources pass too (an HTTPRoute, a Widget with the app\'s own CRD)', () => {
    const okRoute = route({ matches: EVERY_PATH, backendRefs: [backend('web', 90)] });
    // Only the rule that calls isURL() is named as not checked (RS126).
    expect(validate([gizmoCrd, gizmo({ url: 'https://a.example.com', ports: [80, 443], namespace: 'shop' })]).map((v) => v.ruleId)).toEqual(['RS126']);
    expect(validate([...goodApp(), okRoute, crd, widget({ size: 2, color: 'blue' })])).toEqual([]);
  });
});

describe.each(Object.entries(CASES))('%s', (ruleId, cases) => {
  const rule = RULES.find((r) => r.id === ruleId)!;

  test.each(cases.map((c) => [c.what, c] as const))('reports %s', (_what, c) => {
    const violations = validate(c.manifests);
    const ofRule = violations.filter((v) => v.ruleId === ruleId);
    expect(ofRule.map((v) => `${v.object} ${v.path}`)).toContain(`${c.object} ${c.path}`);
    const finding = ofRule.find((v) => v.object === c.object && v.path === c.path)!;
    expect(finding.severity).toBe(rule.severity);
    expect(finding.fix).toBe(rule.fix);
    if (c.message) expect(finding.message).toMatch(c.message);
  });
});

describe('what must stay silent', () => {
  const rulesOf = (manifests: any[]) => validate(manifests).map((v) => v.ruleId);

  test('RS208: routes to the app\'s own Services, Istio hosts of other meshes\' registries, a waived route', () => {
    const canaryService = { ...goodApp()[1], metadata: { ...goodApp()[1].metadata, name: 'web-canary' } };
    expect(rulesOf([...goodApp(), canaryService, route({ matches: EVERY_PATH, backendRefs: [backend('web', 90), backend('web-canary', 10)] })])).toEqual([]);
    // A ServiceEntry's external host, a wildcard and a name Istio does not expand are not Service names.
    expect(rulesOf([...goodApp(), virtualService('web', 'api.example.com', '*.example.com', 'web.shop')])).toEqual([]);
    const waived = route({ matches: EVERY_PATH, backendRefs: [backend('payments', 1)] });
    waived.metadata = { ...waived.metadata, annotations: { 'waive.release-strategies.cdk8s.io/RS208': 'payments is deployed by the payments team' } } as any;
    expect(rulesOf([...goodApp(), waived])).toEqual([]);
  });

  test('RS216: custom resources with every default written out (HTTPRoute, the app\'s own CRD)', () => {
    const complete = route({ matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Canary', value: 'always' }] }], backendRefs: [backend('web', 1)] });
    expect(rulesOf([...goodApp(), complete])).toEqual([]);
    expect(rulesOf([...goodApp(), crd, widget({ size: 2, color: 'green' })])).toEqual([]);
  });

  test('25%/25% at 3 replicas resolves to surge 1, unavailable 0', () => {
    expect(rulesOf(badApp((d) => { d.spec.replicas = 3; delete d.spec.strategy; }))).toEqual([]);
  });

  test('a Deployment scaled to 0 loses no capacity', () => {
    expect(rulesOf(badApp((d) => { d.spec.replicas = 0; d.spec.strategy = { type: 'Recreate' }; }))).toEqual([]);
  });

  test('an image pinned by digest, a grace period longer than the drain', () => {
    expect(rulesOf(badApp((d) => {
      container(d).image = 'registry.example.com/shop/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
      d.spec.template.spec.terminationGracePeriodSeconds = 110;
      container(d).lifecycle.preStop.exec.command = ['sleep', '90'];
    }))).toEqual([]);
  });

  test('a single replica needs no budget or spreading; an identical duplicate is harmless', () => {
    const app = badApp((d) => { d.spec.replicas = 1; delete d.spec.template.spec.affinity; delete d.spec.template.spec.topologySpreadConstraints; });
    expect(rulesOf([app[0], app[1], goodApp()[1]])).toEqual([]);
  });

  test('objects of one name in two files that leave the namespace to kubectl may go to different namespaces', () => {
    const service = (type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type, ports: [{ port: 80 }] } });
    const inFiles = (namespace?: string) => validateInputs([
      { manifest: { ...service('ClusterIP'), metadata: { name: 'web', namespace } }, file: 'dist/blue-green.k8s.yaml' },
      { manifest: { ...service('NodePort'), metadata: { name: 'web', namespace } }, file: 'dist/canary.k8s.yaml' },
    ]).map((v) => v.ruleId);
    expect(inFiles()).toEqual([]);
    expect(inFiles('shop')).toEqual(['RS111']);
  });

  test('a field of the wrong type is reported once, by the schema', () => {
    expect(rulesOf(badApp((d) => { container(d).ports[0].containerPort = '8080'; }))).toEqual(['RS101']);
  });
});

describe('agreement with the tests\' API-server oracle (test/support/strict-validate.ts)', () => {
  const apiServerRules = Object.entries(CASES).filter(([id]) => id >= 'RS101' && id <= 'RS111');

  test.each(apiServerRules.flatMap(([id, cases]) => cases.map((c) => [id, c.what, c] as const)))('%s: the oracle refuses %s too', (_id, _what, c) => {
    expect(strictValidate(c.manifests).length).toBeGreaterThan(0);
  });

  test('both accept the good app', () => {
    expect(strictValidate(goodApp())).toEqual([]);
  });
});
