/** Every name a Rollout or a Flagger Canary refers to exists in the output, as the kind it must be. */
export function expectReferencesResolve(manifests: any[]): void {
  const has = (kind: string, name: string) => manifests.some((m) => m.kind === kind && m.metadata.name === name);
  for (const rollout of manifests.filter((m) => m.kind === 'Rollout')) {
    const { spec } = rollout;
    expect(has('Deployment', spec.workloadRef.name)).toBe(true);
    const s = spec.strategy.blueGreen ?? spec.strategy.canary;
    for (const service of [s.activeService, s.previewService, s.stableService, s.canaryService].filter(Boolean)) expect(has('Service', service)).toBe(true);
    const runs = [s.prePromotionAnalysis, s.postPromotionAnalysis, ...(s.steps ?? []).map((step: any) => step.analysis)].filter(Boolean);
    for (const run of runs) for (const t of run.templates) expect(has('AnalysisTemplate', t.templateName)).toBe(true);
    const routing = s.trafficRouting ?? {};
    if (routing.istio) {
      expect(has('VirtualService', routing.istio.virtualService.name)).toBe(true);
      expect(has('DestinationRule', routing.istio.destinationRule.name)).toBe(true);
    }
    if (routing.nginx) expect(has('Ingress', routing.nginx.stableIngress)).toBe(true);
    if (routing.plugins) expect(has('HTTPRoute', routing.plugins['argoproj-labs/gatewayAPI'].httpRoute)).toBe(true);
  }
  for (const canary of manifests.filter((m) => m.kind === 'Canary')) {
    const { spec } = canary;
    expect(has(spec.targetRef.kind, spec.targetRef.name)).toBe(true);
    if (spec.ingressRef) expect(has('Ingress', spec.ingressRef.name)).toBe(true);
    for (const metric of spec.analysis.metrics ?? []) if (metric.templateRef) expect(has('MetricTemplate', metric.templateRef.name)).toBe(true);
  }
}
