import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppRoute, CanaryApp, CanaryAppProps, CanaryMatch, FlaggerRouting, Probe, PrometheusAnalysisOptions, ReleaseController, RouteContext, TrafficRouter,
} from '../../src';
import { readRouteWeights } from '../../src/traffic';
import { expectReferencesResolve } from '../support/references';
import { strictValidate } from '../support/strict-validate';
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

/**
 * A router defined here, outside the library, the way an app adds one: Traefik's weighted
 * TraefikService over the two track Services. It says how Argo Rollouts (its native Traefik
 * support) and Flagger (its `traefik` provider) drive it, and nothing in src/ names it.
 */
class TraefikRouter extends TrafficRouter {
  public constructor() {
    super({ name: 'Traefik', capabilities: { exactWeights: true, headerMatch: false, cookieMatch: false } });
  }

  public argoRolloutsTrafficRouting(route: AppRoute): any {
    // Argo Rollouts sets the two weights of the TraefikService.
    return { traefik: { weightedTraefikServiceName: route.context.name } };
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting {
    // Flagger writes the TraefikService itself (to `<name>-primary` and `<name>-canary`).
    route.objects.forEach((o) => o.node.scope?.node.tryRemoveChild(o.node.id));
    return { provider: 'traefik' };
  }

  protected renderObjects(scope: Construct, context: RouteContext): ApiObject[] {
    return [new ApiObject(scope, 'TraefikService', {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TraefikService',
      metadata: { name: context.name, namespace: context.namespace, labels: context.labels },
      spec: {
        weighted: {
          services: [
            { name: context.stableServiceName, port: context.servicePort, weight: 100 - context.weight },
            { name: context.canaryServiceName, port: context.servicePort, weight: context.weight },
          ],
        },
      },
    })];
  }
}

/** A router that renders its objects but says nothing about controllers. */
class PlainRouter extends TrafficRouter {
  public constructor() {
    super({ name: 'Plain', capabilities: { exactWeights: true, headerMatch: false, cookieMatch: false } });
  }

  protected renderObjects(): ApiObject[] {
    return [];
  }
}

/** Everything but the TraefikService (whose CRD is not vendored) under strict validation. */
const withoutTraefik = (manifests: any[]) => manifests.filter((m) => m.kind !== 'TraefikService');

describe('a router defined in the test file, under each release mode', () => {
  test('plain manifests: its TraefikService at the weight of the commit', () => {
    const out = build({ trafficRouter: new TraefikRouter(), canaryWeight: 10, canaryReplicas: 2 });
    expect(find(out, 'TraefikService').spec.weighted.services.map((s: any) => s.weight)).toEqual([90, 10]);
    expectAccepted(withoutTraefik(out));
  });

  test('Argo Rollouts: the Rollout moves the TraefikService\'s weights, which start at 0', () => {
    const out = build({ trafficRouter: new TraefikRouter(), releaseController: ReleaseController.argoRollouts() });
    const canary = find(out, 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ traefik: { weightedTraefikServiceName: 'web' } });
    expect(find(out, 'TraefikService', 'web').spec.weighted.services.map((s: any) => [s.name, s.weight])).toEqual([['web-stable', 100], ['web-canary', 0]]);
    expect(strictValidate(withoutTraefik(out))).toEqual([]);
    expectReferencesResolve(out);
  });

  test('Flagger: provider traefik, and the TraefikService left to Flagger', () => {
    const out = build({ trafficRouter: new TraefikRouter(), releaseController: ReleaseController.flagger({ analysis }) });
    expect(find(out, 'Canary').spec.provider).toBe('traefik');
    expect(out.filter((m) => m.kind === 'TraefikService')).toEqual([]);
    expectAccepted(out, CONTROLLED_WAIVERS);
    expectReferencesResolve(out);
  });

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
