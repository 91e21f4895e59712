import { Report, Rule, RuleContext } from '../context';
import { isObject, KubeObject, list } from '../objects';

export const RS124: Rule = {
  id: 'RS124',
  severity: 'error',
  title: 'a release controller\'s resource names an object the app does not have',
  why: 'An Argo Rollout refers to its workload (workloadRef), its Services (active/preview, stable/canary), its AnalysisTemplates and its router\'s objects (VirtualService, DestinationRule, stable Ingress, HTTPRoute) by name in its own namespace; a Flagger Canary to its target, its autoscaler (autoscalerRef), its Ingress (ingressRef) and its MetricTemplates. When one is missing, the controller stops the release with an error at runtime; nothing checks it when the manifests are applied.',
  fix: 'Synthesize the named object with the app, or correct the name (ClusterAnalysisTemplates are cluster-wide and not checked).',
  check: checkReferences,
};

function checkReferences(context: RuleContext, report: Report): void {
  const has = (kind: string, namespace: string, name: unknown) =>
    context.objects.some((o) => o.kind === kind && o.namespace === namespace && o.name === name);
  for (const rollout of context.objects.filter((o) => o.is('argoproj.io', 'Rollout'))) {
    const expect = (kind: string, name: unknown, path: string) => {
      if (typeof name === 'string' && !has(kind, rollout.namespace, name)) report(rollout, path, `no ${kind} '${name}' in namespace '${rollout.namespace}'`);
    };
    const spec = rollout.spec;
    if (isObject(spec.workloadRef)) expect(String(spec.workloadRef.kind ?? 'Deployment'), spec.workloadRef.name, 'spec.workloadRef.name');
    const strategy = isObject(spec.strategy) ? spec.strategy : {};
    for (const [name, s] of [['blueGreen', strategy.blueGreen], ['canary', strategy.canary]] as const) {
      if (!isObject(s)) continue;
      const path = `spec.strategy.${name}`;
      for (const key of ['activeService', 'previewService', 'stableService', 'canaryService']) expect('Service', s[key], `${path}.${key}`);
      const runs: [any, string][] = [[s.prePromotionAnalysis, `${path}.prePromotionAnalysis`], [s.postPromotionAnalysis, `${path}.postPromotionAnalysis`], [s.analysis, `${path}.analysis`],
        ...list(s.steps).map((step, i): [any, string] => [step?.analysis, `${path}.steps[${i}].analysis`])];
      for (const [run, runPath] of runs) {
        list(run?.templates).forEach((t, i) => { if (!t?.clusterScope) expect('AnalysisTemplate', t?.templateName, `${runPath}.templates[${i}].templateName`); });
      }
      checkRouting(rollout, s.trafficRouting, `${path}.trafficRouting`, expect);
    }
  }
  for (const canary of context.objects.filter((o) => o.is('flagger.app', 'Canary'))) {
    const expect = (kind: string, name: unknown, path: string, namespace = canary.namespace) => {
      if (typeof name === 'string' && !has(kind, namespace, name)) report(canary, path, `no ${kind} '${name}' in namespace '${namespace}'`);
    };
    const spec = canary.spec;
    if (isObject(spec.targetRef)) expect(String(spec.targetRef.kind), spec.targetRef.name, 'spec.targetRef.name');
    if (isObject(spec.autoscalerRef)) expect(String(spec.autoscalerRef.kind), spec.autoscalerRef.name, 'spec.autoscalerRef.name');
    if (isObject(spec.ingressRef)) expect('Ingress', spec.ingressRef.name, 'spec.ingressRef.name');
    list(spec.analysis?.metrics).forEach((m, i) => {
      if (isObject(m?.templateRef)) expect('MetricTemplate', m.templateRef.name, `spec.analysis.metrics[${i}].templateRef.name`, m.templateRef.namespace ?? canary.namespace);
    });
  }
}

function checkRouting(rollout: KubeObject, routing: unknown, path: string, expect: (kind: string, name: unknown, path: string) => void): void {
  if (!isObject(routing)) return;
  const istio = routing.istio;
  if (isObject(istio)) {
    if (isObject(istio.virtualService)) expect('VirtualService', istio.virtualService.name, `${path}.istio.virtualService.name`);
    if (isObject(istio.destinationRule)) expect('DestinationRule', istio.destinationRule.name, `${path}.istio.destinationRule.name`);
  }
  if (isObject(routing.nginx)) expect('Ingress', routing.nginx.stableIngress, `${path}.nginx.stableIngress`);
  const gateway = isObject(routing.plugins) ? routing.plugins['argoproj-labs/gatewayAPI'] : undefined;
  if (isObject(gateway) && (gateway.namespace === undefined || gateway.namespace === rollout.namespace)) {
    expect('HTTPRoute', gateway.httpRoute, `${path}.plugins["argoproj-labs/gatewayAPI"].httpRoute`);
  }
}
