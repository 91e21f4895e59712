import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppRoute, CanaryApp, CanaryAppProps, CanaryMatch, FlaggerRouting, Probe, PrometheusAnalysisOptions, ReleaseController, RouteContext, TrafficRouter,
} from '../../src';
import { expectReferencesResolve } from '../support/references';
import { strictValidate } from '../support/strict-validate';
import { expectAccepted, find, synth, synthError } from '../support/synth';

const base: CanaryAppProps = {
  stable: { image: 'registry.example.com/shop/web:1.4.2' },
  canary: { image: 'registry.example.com/shop/web:1.5.0' },
  readiness: Probe.httpGet('/ready'),
};
const errorOf = (props: Partial<CanaryAppProps>) => synthError((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));

/**
 * A router defined outside the library, the way an app would add one: Traefik's weighted
 * TraefikService over the two track Services. It matches headers but not cookies, and says how
 * Argo Rollouts (its native Traefik support) and Flagger (its `traefik` provider) drive it; nothing
 * in src/ names it.
 */
class TraefikRouter extends TrafficRouter {
  public constructor(private readonly entryPoint: string) {
    super({ name: 'Traefik', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: false } });
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
    if (!/^[a-z][a-z0-9-]*$/.test(this.entryPoint)) context.addProblem('entryPoint', this.entryPoint, 'an entry point name is lower case letters, digits and \'-\'');
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

describe('a router defined in an app (one subclass)', () => {
  test('renders its own objects from the app it routes for, with exact weights', () => {
    let app: CanaryApp | undefined;
    const manifests = synth((chart) => {
      app = new CanaryApp(chart, 'web', { ...base, namespace: 'shop', trafficRouter: new TraefikRouter('websecure'), canaryWeight: 10, canaryReplicas: 1 });
    });
    const route = find(manifests, 'TraefikService', 'web');
    expect(route.metadata.namespace).toBe('shop');
    expect(route.metadata.labels['app.kubernetes.io/name']).toBe('web');
    // The Services' port is the container port 8080 by default; the weights are the canary weight and the rest.
    expect(route.spec.weighted.services).toEqual([
      { name: 'web-stable', port: 8080, weight: 90 },
      { name: 'web-canary', port: 8080, weight: 10 },
    ]);
    expect(app!.routingObjects.map((o) => o.kind)).toEqual(['TraefikService']);
    // Exact weights: the canary runs the replicas asked for, not a share of pods.
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(1);
    expect(find(manifests, 'Deployment', 'web-stable').spec.replicas).toBe(2);
    expect(app!.achievedCanaryWeight).toBe(10);
  });

  test('reports a bad option of its own as the app\'s problem', () => {
    expect(errorOf({ trafficRouter: new TraefikRouter('Web Secure') }))
      .toContain('CanaryApp: \'trafficRouter.entryPoint\' is "Web Secure"; an entry point name is lower case letters, digits and \'-\'');
  });

  test('gets the capability checks without writing them: no cookie match', () => {
    expect(errorOf({ trafficRouter: new TraefikRouter('websecure'), canaryReplicas: 1, canaryMatch: CanaryMatch.cookie('canary') }))
      .toContain('CanaryApp: \'canaryMatch\' is "cookie canary=always"; the Traefik has no cookie match; use CanaryMatch.header(), or the Istio or NGINX Ingress router');
  });
});

describe('what each router can do is declared, and checked in one place', () => {
  const gateway = TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] });
  test.each<[string, TrafficRouter, boolean, boolean, boolean, boolean | undefined]>([
    // README's router table: weights exact except the replica ratio; matches per router; the apex
    // Service selects every track with the replica ratio (it is the split) and Istio (its subsets).
    ['replica ratio', TrafficRouter.replicaRatio(), false, false, false, true],
    ['Gateway API', gateway, true, true, false, undefined],
    ['Istio', TrafficRouter.istio(), true, true, true, true],
    ['NGINX Ingress', TrafficRouter.nginxIngress({ host: 'shop.example.com' }), true, true, true, undefined],
  ])('%s', (name, router, exactWeights, headerMatch, cookieMatch, apexSelectsAllTracks) => {
    expect(router.name).toBe(name);
    expect(router.capabilities).toEqual({ exactWeights, headerMatch, cookieMatch, apexSelectsAllTracks });
    expect(router.isExact).toBe(exactWeights);
    for (const [match, able] of [[CanaryMatch.header('X-Canary', 'always'), headerMatch], [CanaryMatch.cookie('canary'), cookieMatch]] as const) {
      const build = () => synth((chart) => new CanaryApp(chart, 'web', { ...base, trafficRouter: router, canaryMatch: match }));
      if (able) expect(build).not.toThrow();
      else expect(build).toThrow(`CanaryApp: 'canaryMatch' is "${match}"; `);
    }
  });

  test('a router that matches cookies only is told to use a cookie, and which routers match headers', () => {
    class CookieOnly extends TrafficRouter {
      public constructor() {
        super({ name: 'cookie router', capabilities: { exactWeights: true, headerMatch: false, cookieMatch: true } });
      }
      protected renderObjects(): ApiObject[] {
        return [];
      }
    }
    expect(errorOf({ trafficRouter: new CookieOnly(), canaryReplicas: 1, canaryMatch: CanaryMatch.header('X-Canary', 'always') }))
      .toContain('CanaryApp: \'canaryMatch\' is "header X-Canary: always"; the cookie router has no header match; use CanaryMatch.cookie(), or the Gateway API, Istio or NGINX Ingress router');
  });

  test('a router without exact weights refuses canaryReplicas and any match, whoever defines it', () => {
    class PodCount extends TrafficRouter {
      public constructor() {
        super({ name: 'pod count', capabilities: { exactWeights: false, headerMatch: false, cookieMatch: false } });
      }
      protected renderObjects(): ApiObject[] {
        return [];
      }
    }
    const message = errorOf({ trafficRouter: new PodCount(), canaryReplicas: 1, canaryMatch: CanaryMatch.cookie('canary') });
    expect(message).toContain('CanaryApp: \'canaryReplicas\' is 1; with the pod count the weight decides the canary\'s pods; leave it unset, or choose a traffic router');
    expect(message).toContain('CanaryApp: \'canaryMatch\' is "cookie canary=always"; matching requests needs a traffic router (Gateway API, Istio or NGINX Ingress); the pod count cannot look at requests');
  });
});

const analysis: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(http_requests_total{service="{{service}}",code!~"5.."}[{{interval}}])) / sum(rate(http_requests_total{service="{{service}}"}[{{interval}}])) * 100',
};
const build = (props: Partial<CanaryAppProps>) => synth((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));
/** Under a controller the template Deployment has no `replicas` (the Rollout or Flagger owns the count): kube-score and Polaris read one pod. */
const CONTROLLED_WAIVERS = ['kube-score/deployment-replicas', 'polaris/deploymentMissingReplicas'];
/** Everything but the TraefikService (whose CRD is not vendored) under strict validation. */
const withoutTraefik = (manifests: any[]) => manifests.filter((m) => m.kind !== 'TraefikService');

describe('a router defined in the test file, under each release mode', () => {
  test('plain manifests: its TraefikService at the weight of the commit', () => {
    const out = build({ trafficRouter: new TraefikRouter('websecure'), canaryWeight: 10, canaryReplicas: 2 });
    expect(find(out, 'TraefikService').spec.weighted.services.map((s: any) => s.weight)).toEqual([90, 10]);
    expectAccepted(withoutTraefik(out));
  });

  test('Argo Rollouts: the Rollout moves the TraefikService\'s weights, which start at 0', () => {
    const out = build({ trafficRouter: new TraefikRouter('websecure'), releaseController: ReleaseController.argoRollouts() });
    const canary = find(out, 'Rollout').spec.strategy.canary;
    expect(canary.trafficRouting).toEqual({ traefik: { weightedTraefikServiceName: 'web' } });
    expect(find(out, 'TraefikService', 'web').spec.weighted.services.map((s: any) => [s.name, s.weight])).toEqual([['web-stable', 100], ['web-canary', 0]]);
    expect(strictValidate(withoutTraefik(out))).toEqual([]);
    expectReferencesResolve(out);
  });

  test('Flagger: provider traefik, and the TraefikService left to Flagger', () => {
    const out = build({ trafficRouter: new TraefikRouter('websecure'), releaseController: ReleaseController.flagger({ analysis }) });
    expect(find(out, 'Canary').spec.provider).toBe('traefik');
    expect(out.filter((m) => m.kind === 'TraefikService')).toEqual([]);
    expectAccepted(out, CONTROLLED_WAIVERS);
    expectReferencesResolve(out);
  });

});

