import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';

/** Built-in kinds with a `/scale` subresource (kubernetes pkg/registry: deployments, replicasets, statefulsets). */
const SCALABLE_BUILT_IN = ['apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet'];

let scalable: string[] | undefined;

/** `apiVersion/Kind` of every kind an autoscaler can scale: the built-in ones and the vendored CRDs' versions with a scale subresource. */
function scalableKinds(): string[] {
  if (scalable) return scalable;
  const dir = resolve(__dirname, '../../crds');
  const found = [...SCALABLE_BUILT_IN];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(resolve(dir, file), 'utf8'))) {
      const crd: any = 'toJS' in document ? document.toJS({ maxAliasCount: -1 }) : undefined;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions ?? []) {
        if (version.served && version.subresources?.scale) found.push(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`);
      }
    }
  }
  scalable = found;
  return found;
}

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
  // An HTTPRoute's backends, and a mesh route's Service parent, are Services of the output.
  for (const route of manifests.filter((m) => m.kind === 'HTTPRoute')) {
    for (const rule of route.spec.rules ?? []) for (const ref of rule.backendRefs ?? []) expect(has('Service', ref.name)).toBe(true);
    for (const parent of route.spec.parentRefs ?? []) if (parent.kind === 'Service') expect(has('Service', parent.name)).toBe(true);
  }
  // An autoscaler's target exists in the output, with the same apiVersion, and its kind has a /scale subresource.
  for (const hpa of manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec.scaleTargetRef;
    expect(manifests.filter((m) => m.apiVersion === ref.apiVersion && m.kind === ref.kind && m.metadata.name === ref.name
      && m.metadata.namespace === hpa.metadata.namespace).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([`${ref.kind}/${ref.name}`]);
    expect(scalableKinds()).toContain(`${ref.apiVersion}/${ref.kind}`);
  }
  for (const canary of manifests.filter((m) => m.kind === 'Canary')) {
    const { spec } = canary;
    expect(has(spec.targetRef.kind, spec.targetRef.name)).toBe(true);
    if (spec.autoscalerRef) expect(has(spec.autoscalerRef.kind, spec.autoscalerRef.name)).toBe(true);
    // A Service parent of Flagger's HTTPRoute is the apex Service Flagger itself creates (`service.name`).
    for (const parent of spec.service.gatewayRefs ?? []) if (parent.kind === 'Service') expect(parent.name).toBe(spec.service.name);
    if (spec.ingressRef) expect(has('Ingress', spec.ingressRef.name)).toBe(true);
    for (const metric of spec.analysis.metrics ?? []) if (metric.templateRef) expect(has('MetricTemplate', metric.templateRef.name)).toBe(true);
  }
}
