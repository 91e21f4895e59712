import * as path from 'path';
import { CanaryApp, CanaryAppProps, CanaryMatch, Probe, TrafficRouter } from '../../src';
import { CrdRegistry } from '../../src/validation/crd/registry';
import { validateManifests } from '../../src/validation';
import { expectAccepted, find, synth, synthError } from '../support/synth';

const base: CanaryAppProps = {
  namespace: 'shop',
  stable: { image: 'registry.example.com/shop/web:1.4.2' },
  canary: { image: 'registry.example.com/shop/web:1.5.0' },
  canaryWeight: 10,
  readiness: Probe.httpGet('/ready'),
};
const build = (props: Partial<CanaryAppProps>) => synth((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));

const ROUTERS: [string, () => TrafficRouter, CanaryMatch][] = [
  ['Gateway API', () => TrafficRouter.gatewayApi({ gatewayName: 'gw', hostnames: ['shop.example.com'], sectionName: 'https' }), CanaryMatch.header('X-Canary', 'always')],
  ['Gateway API mesh', () => TrafficRouter.gatewayApiMesh(), CanaryMatch.header('X-Canary', 'always')],
  ['Istio (header)', () => TrafficRouter.istio(), CanaryMatch.header('X-Canary', 'always')],
  ['Istio (cookie)', () => TrafficRouter.istio({ gateways: ['shop/public'], hosts: ['web', 'shop.example.com'] }), CanaryMatch.cookie('canary')],
];

describe.each(ROUTERS)('%s: the custom resources round-trip through their CRD\'s defaulting', (_name, router, match) => {
  const variants = [
    build({ trafficRouter: router() }),
    build({ trafficRouter: router(), canaryMatch: match }),
    build({ trafficRouter: router(), canaryWeight: 0, canaryReplicas: 0, canary: undefined }),
  ];
  // The plugin's defaulting (what an API server with the CRD stores), from the vendored CRDs.
  const crds = CrdRegistry.fromFiles(['crds/*.yaml'], path.join(__dirname, '../..'));

  test('every custom resource is stored exactly as written', () => {
    for (const manifests of variants) {
      const custom = manifests.filter((m) => m.kind === 'HTTPRoute' || m.kind === 'VirtualService' || m.kind === 'DestinationRule');
      expect(custom.length).toBeGreaterThan(0);
      for (const object of custom) expect(crds.defaulted(object)).toEqual(object);
    }
  });

  test('the plugin finds no drift (RS216) and no route to a missing Service (RS208)', () => {
    for (const manifests of variants) {
      expect(validateManifests(manifests).filter((v) => v.ruleId === 'RS216' || v.ruleId === 'RS208')).toEqual([]);
    }
  });

  test('valid under the strict API server emulation (v1.6.1 HTTPRoute, Istio 1.26 CRDs) and the linters', () => {
    // Polaris' httpRouteWildcardOrEmptyHost wants host names, which a mesh route does not have: its
    // parent Service's name is what callers use. (The variant without a canary has 0 canary pods,
    // which the linters flag as too few replicas: it is only checked for the round trip.)
    const waive = _name === 'Gateway API mesh' ? ['polaris/httpRouteWildcardOrEmptyHost'] : [];
    variants.slice(0, 2).forEach((manifests) => expectAccepted(manifests, waive));
  });
});

describe('a hand-written HTTPRoute without the defaults', () => {
  test('changes under the CRD\'s defaulting, and the drift rule (RS216) names each defaulted field', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gw' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'web-stable', port: 8080 }] }] },
    };
    const manifests = [...build({ trafficRouter: TrafficRouter.replicaRatio() }), route];
    expect(CrdRegistry.fromFiles([], process.cwd()).defaulted(route)).not.toEqual(route);
    expect(validateManifests(manifests).filter((v) => v.ruleId === 'RS216').map((v) => `${v.severity} ${v.path}`)).toEqual([
      'warning spec.parentRefs[0].group', 'warning spec.parentRefs[0].kind',
      'warning spec.rules[0].backendRefs[0].group', 'warning spec.rules[0].backendRefs[0].kind', 'warning spec.rules[0].backendRefs[0].weight',
      'warning spec.rules[0].matches',
    ]);
  });
});

describe('the Gateway API HTTPRoute', () => {
  test('writes the defaults: group and kind of parent and backends, weights, a PathPrefix / match, Exact header matches; named rules', () => {
    const route = find(build({ trafficRouter: ROUTERS[0][1](), canaryMatch: CanaryMatch.header('X-Canary', 'always') }), 'HTTPRoute');
    const every = { type: 'PathPrefix', value: '/' };
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [
        { name: 'canary-match', matches: [{ path: every, headers: [{ type: 'Exact', name: 'X-Canary', value: 'always' }] }], backendRefs: [{ group: '', kind: 'Service', name: 'web-canary', port: 8080, weight: 1 }] },
        { name: 'weighted', matches: [{ path: every }], backendRefs: [
          { group: '', kind: 'Service', name: 'web-stable', port: 8080, weight: 90 },
          { group: '', kind: 'Service', name: 'web-canary', port: 8080, weight: 10 },
        ] },
      ],
    });
  });
});

describe('TrafficRouter.gatewayApiMesh(): an east-west (GAMMA) canary', () => {
  const manifests = build({ trafficRouter: TrafficRouter.gatewayApiMesh(), canaryMatch: CanaryMatch.header('X-Canary', 'always') });
  const route = find(manifests, 'HTTPRoute');

  test('the HTTPRoute\'s parent is the apex Service (core group, kind Service), with no host names', () => {
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
    expect(route.spec.hostnames).toBeUndefined();
    // The mesh routes its callers by the route; a caller outside the mesh reaches the apex Service's
    // endpoints: the stable track's only.
    expect(find(manifests, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'release-strategies.cdk8s.io/track': 'stable' });
  });

  test('it splits callers of the apex Service between the track Services by the exact weight', () => {
    const weighted = route.spec.rules.find((r: any) => r.name === 'weighted');
    expect(weighted.backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['web-stable', 90], ['web-canary', 10]]);
  });

  test('declares what the Gateway API can do: exact weights, headers, no cookies', () => {
    const mesh = TrafficRouter.gatewayApiMesh();
    expect(mesh.capabilities).toEqual({ exactWeights: true, headerMatch: true, cookieMatch: false });
    expect(synthError((chart) => new CanaryApp(chart, 'web', { ...base, trafficRouter: mesh, canaryMatch: CanaryMatch.cookie('canary') })))
      .toMatch(/'canaryMatch' is "cookie canary=always"; the Gateway API mesh has no cookie match/);
  });
});
