import { ApiObject } from 'cdk8s';
import { CanaryApp, CanaryAppProps, CanaryMatch, Probe, PrometheusAnalysisOptions, ReleaseController, TrafficRouter } from '../../src';
import { readRouteWeights } from '../../src/traffic/weights';
import { expectReferencesResolve } from '../support/references';
import { expectAccepted, find, synth, synthError } from '../support/synth';

const base: CanaryAppProps = {
  stable: { image: 'registry.example.com/shop/web:1.4.2' },
  canary: { image: 'registry.example.com/shop/web:1.5.0' },
  readiness: Probe.httpGet('/ready'),
};
const analysis: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(http_requests_total{service="{{service}}",code!~"5.."}[{{interval}}])) / sum(rate(http_requests_total{service="{{service}}"}[{{interval}}])) * 100',
};
const build = (props: Partial<CanaryAppProps>) => synth((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));
const errorOf = (props: Partial<CanaryAppProps>) => synthError((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));
/**
 * Under a controller the template Deployment has no `replicas` (the Rollout owns the count; Flagger
 * scales its target): kube-score and Polaris read that as one pod.
 */
const CONTROLLED_WAIVERS = ['kube-score/deployment-replicas', 'polaris/deploymentMissingReplicas'];
/** Polaris wants host names on an HTTPRoute; a mesh route has none: its parent Service's name is what callers use. */
const MESH_WAIVERS = [...CONTROLLED_WAIVERS, 'polaris/httpRouteWildcardOrEmptyHost'];

/** A router that renders its objects but says nothing about controllers. */
class PlainRouter extends TrafficRouter {
  public constructor() {
    super({ name: 'Plain', capabilities: { exactWeights: true, headerMatch: false, cookieMatch: false } });
  }

  protected renderObjects(): ApiObject[] {
    return [];
  }
}

describe('a router that does not say how a controller drives it', () => {
  test('a router that does not say how a controller drives it is refused, naming the missing method', () => {
    expect(errorOf({ trafficRouter: new PlainRouter(), releaseController: ReleaseController.argoRollouts() }))
      .toContain('CanaryApp: \'trafficRouter\' is "Plain"; the Plain router cannot be driven by Argo Rollouts: it does not implement argoRolloutsTrafficRouting()');
    expect(errorOf({ trafficRouter: new PlainRouter(), releaseController: ReleaseController.flagger({ analysis }) }))
      .toContain('CanaryApp: \'trafficRouter\' is "Plain"; the Plain router cannot be driven by Flagger: it does not implement flaggerRouting()');
  });
});

describe('TrafficRouter.gatewayApiMesh() under each controller', () => {
  const match = CanaryMatch.header('X-Canary', 'always');

  test('Argo Rollouts: the Gateway API plugin moves the mesh route\'s weights; the route stays on the apex Service', () => {
    const out = build({ trafficRouter: TrafficRouter.gatewayApiMesh(), canaryMatch: match, releaseController: ReleaseController.argoRollouts() });
    const canary = find(out, 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } });
    const route = find(out, 'HTTPRoute', 'web');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
    // The plugin edits the weighted rule's backends: the Rollout's stable and canary Services.
    expect(route.spec.rules.find((r: any) => r.name === 'weighted').backendRefs.map((b: any) => b.name)).toEqual([canary.stableService, canary.canaryService]);
    expectAccepted(out, MESH_WAIVERS);
    expectReferencesResolve(out);
  });

  test('Flagger: the gatewayapi provider, its HTTPRoute attached to the apex Service Flagger creates', () => {
    const releaseController = ReleaseController.flagger({ analysis });
    const out = build({ trafficRouter: TrafficRouter.gatewayApiMesh(), canaryMatch: match, releaseController });
    const spec = find(out, 'Canary').spec;
    expect(spec.provider).toBe('gatewayapi:v1');
    expect(spec.service).toEqual({ name: 'web', port: 8080, targetPort: 'http', gatewayRefs: [{ group: '', kind: 'Service', name: 'web' }] });
    expect(spec.analysis.match).toEqual([{ headers: { 'x-canary': { exact: 'always' } } }]);
    expect(out.filter((m) => m.kind === 'HTTPRoute' || m.kind === 'Service')).toEqual([]);
    expectAccepted(out, CONTROLLED_WAIVERS);
    expectReferencesResolve(out);
  });
});

describe('each router reads its weight back from the manifests it synthesized', () => {
  // 4 replicas at weight 25: the replica ratio gives the canary 1 pod of 4, 25%.
  test.each<[string, TrafficRouter, { service: string; subset?: string; weight: number; exact: boolean }]>([
    ['replica ratio', TrafficRouter.replicaRatio(), { service: 'web', subset: 'canary', weight: 25, exact: false }],
    ['Gateway API', TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }), { service: 'web-canary', weight: 25, exact: true }],
    ['Gateway API mesh', TrafficRouter.gatewayApiMesh(), { service: 'web-canary', weight: 25, exact: true }],
    ['Istio', TrafficRouter.istio(), { service: 'web', subset: 'canary', weight: 25, exact: true }],
    ['NGINX Ingress', TrafficRouter.nginxIngress({ host: 'shop.example.com' }), { service: 'web-canary', weight: 25, exact: true }],
  ])('%s', (_name, router, expected) => {
    const out = build({ trafficRouter: router, canaryWeight: 25, replicas: 4, ...(router.isExact ? { canaryReplicas: 1 } : {}), namespace: 'shop' });
    // A round trip through YAML's plain objects: what a tool reading the files sees.
    const weights = readRouteWeights(JSON.parse(JSON.stringify(out)));
    expect(weights).toContainEqual(expect.objectContaining({ namespace: 'shop', ...expected }));
  });

  test('the stable backend\'s share is the rest', () => {
    const out = build({ trafficRouter: TrafficRouter.istio(), canaryWeight: 10, canaryReplicas: 1 });
    expect(readRouteWeights(out).map((w) => [w.subset, w.weight])).toEqual([['stable', 90], ['canary', 10]]);
  });
});
