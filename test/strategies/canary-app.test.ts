import { CanaryApp, CanaryAppProps, CanaryMatch, Pods, Probe, RolloutStrategy, TrafficRouter } from '../../src';
import { diffPaths } from '../support/diff';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const TRACK = 'release-strategies.cdk8s.io/track';
const base: CanaryAppProps = {
  stable: { image: 'registry.example.com/shop/web:1.4.2' },
  canary: { image: 'registry.example.com/shop/web:1.5.0' },
  readiness: Probe.httpGet('/ready'),
};
const build = (props: Partial<CanaryAppProps> = {}) => synth((chart) => new CanaryApp(chart, 'web', { ...base, ...props }));
const errorOf = (props: Partial<CanaryAppProps>) => synthError((chart) => new CanaryApp(chart, 'web', { ...base, ...props } as CanaryAppProps));
const names = (manifests: any[]) => manifests.map((m) => `${m.kind}/${m.metadata.name}`);

const routers: Record<string, TrafficRouter> = {
  'replica ratio': TrafficRouter.replicaRatio(),
  'Gateway API': TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }),
  'Istio': TrafficRouter.istio(),
  'NGINX Ingress': TrafficRouter.nginxIngress({ host: 'shop.example.com', tlsSecretName: 'shop-tls' }),
};

describe.each(Object.keys(routers))('CanaryApp with %s', (mode) => {
  const trafficRouter = routers[mode];
  const exact = trafficRouter.isExact;
  const at = (canaryWeight: number) => build({ trafficRouter, canaryWeight, replicas: 8, canaryReplicas: exact ? 2 : undefined });

  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(at(25))).toMatchSnapshot();
  });

  test('an API server (with the pinned CRDs) and the linters accept it', () => {
    expectAccepted(at(25));
  });

  test(exact ? 'moving the weight changes only weights' : 'moving the weight changes only the two replica counts (and the recorded achieved weight)', () => {
    const diff = diffPaths(at(10), at(50));
    if (!exact) {
      expect(diff).toEqual([
        'Deployment/web-canary spec.replicas',
        'Deployment/web-stable spec.replicas',
        'Service/web metadata.annotations.release-strategies.cdk8s.io/achieved-canary-weight',
      ]);
    } else {
      expect(diff.length).toBeGreaterThan(0);
      for (const path of diff) expect(path).toMatch(/weight/);
    }
  });

  test('Services as Flagger names them: the apex selects the stable track behind a router (both with the replica ratio and Istio), the others one each', () => {
    const manifests = at(25);
    // Behind NGINX or a Gateway, a client in the cluster calling the apex Service stays on stable: the
    // canary gets only the router's share. The replica ratio splits through the apex Service itself;
    // Istio's subsets are subsets of its endpoints.
    const allTracks = mode === 'replica ratio' || mode === 'Istio';
    expect(find(manifests, 'Service', 'web').spec.selector).toEqual(allTracks ? { 'app.kubernetes.io/name': 'web' } : { 'app.kubernetes.io/name': 'web', [TRACK]: 'stable' });
    expect(find(manifests, 'Service', 'web-stable').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', [TRACK]: 'stable' });
    expect(find(manifests, 'Service', 'web-canary').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', [TRACK]: 'canary' });
    for (const track of ['stable', 'canary']) {
      expect(find(manifests, 'Deployment', `web-${track}`).spec.template.metadata.labels[TRACK]).toBe(track);
    }
  });
});

describe('replica ratio', () => {
  test('the canary gets the pod count closest to the weight; the total is kept; the achieved weight is reported', () => {
    let app!: CanaryApp;
    const manifests = synth((chart) => { app = new CanaryApp(chart, 'web', { ...base, replicas: 3, canaryWeight: 25 }); });
    expect(find(manifests, 'Deployment', 'web-stable').spec.replicas).toBe(2);
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(1);
    expect(app.achievedCanaryWeight).toBe(33.33);
    expect(find(manifests, 'Service', 'web').metadata.annotations['release-strategies.cdk8s.io/achieved-canary-weight']).toBe('33.33');
    expect(names(manifests)).not.toContain('HTTPRoute/web');
  });

  test('weight 100 moves every pod to the canary', () => {
    const manifests = build({ replicas: 3, canaryWeight: 100 });
    expect(find(manifests, 'Deployment', 'web-stable').spec.replicas).toBe(0);
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(3);
  });
});

describe('routers', () => {
  test('Gateway API: weighted backendRefs on an HTTPRoute attached to the named Gateway, with a header match', () => {
    const route = find(build({ trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', gatewayNamespace: 'gateways', sectionName: 'https', hostnames: ['shop.example.com'] }), canaryWeight: 20, canaryMatch: CanaryMatch.header('X-Canary', 'always') }), 'HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    // Every default of the CRD written out (no drift under GitOps), rules named.
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }]);
    const every = { type: 'PathPrefix', value: '/' };
    const service = { group: '', kind: 'Service', port: 8080 };
    expect(route.spec.rules).toEqual([
      { name: 'canary-match', matches: [{ path: every, headers: [{ type: 'Exact', name: 'X-Canary', value: 'always' }] }], backendRefs: [{ ...service, name: 'web-canary', weight: 1 }] },
      { name: 'weighted', matches: [{ path: every }], backendRefs: [{ ...service, name: 'web-stable', weight: 80 }, { ...service, name: 'web-canary', weight: 20 }] },
    ]);
  });

  test('Istio: weighted subsets of the apex host, subsets by track label, lower-case header match', () => {
    const manifests = build({ trafficRouter: TrafficRouter.istio(), canaryWeight: 30, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    const vs = find(manifests, 'VirtualService');
    expect(vs.spec.hosts).toEqual(['web']);
    expect(vs.spec.http).toEqual([
      { name: 'canary-match', match: [{ headers: { 'x-canary': { exact: 'always' } } }], route: [{ destination: { host: 'web', subset: 'canary', port: { number: 8080 } } }] },
      { name: 'weighted', route: [
        { destination: { host: 'web', subset: 'stable', port: { number: 8080 } }, weight: 70 },
        { destination: { host: 'web', subset: 'canary', port: { number: 8080 } }, weight: 30 },
      ] },
    ]);
    expect(find(manifests, 'DestinationRule').spec).toEqual({
      host: 'web', subsets: [{ name: 'stable', labels: { [TRACK]: 'stable' } }, { name: 'canary', labels: { [TRACK]: 'canary' } }],
    });
  });

  test('Istio: a cookie match is a regular expression on the Cookie header', () => {
    const vs = find(build({ trafficRouter: TrafficRouter.istio(), canaryMatch: CanaryMatch.cookie('canary') }), 'VirtualService');
    const regex = new RegExp(vs.spec.http[0].match[0].headers.cookie.regex);
    expect(regex.test('session=abc; canary=always')).toBe(true);
    expect(regex.test('canary=always')).toBe(true);
    expect(regex.test('canary=never')).toBe(false);
    expect(regex.test('xcanary=always')).toBe(false);
  });

  test('NGINX Ingress: the primary Ingress to stable, a canary Ingress with weight and header', () => {
    const manifests = build({ trafficRouter: TrafficRouter.nginxIngress({ host: 'shop.example.com', tlsSecretName: 'shop-tls' }), canaryWeight: 15, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    const primary = find(manifests, 'Ingress', 'web');
    const canary = find(manifests, 'Ingress', 'web-canary');
    expect(primary.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' }); // no canary annotation
    expect(primary.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'web-stable', port: { number: 8080 } });
    expect(canary.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'web-canary', port: { number: 8080 } });
    expect(canary.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '1',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '15',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'always',
    });
    expect(canary.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
  });

  test('NGINX Ingress: a cookie match', () => {
    const canary = find(build({ trafficRouter: TrafficRouter.nginxIngress({ host: 'shop.example.com' }), canaryMatch: CanaryMatch.cookie('canary') }), 'Ingress', 'web-canary');
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-cookie']).toBe('canary');
  });

  test('with a router the canary replica count is its own', () => {
    const manifests = build({ trafficRouter: TrafficRouter.istio(), replicas: 5, canaryReplicas: 2, canaryWeight: 1 });
    expect(find(manifests, 'Deployment', 'web-stable').spec.replicas).toBe(5);
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(2);
  });
});

describe('the release as a sequence of diffs', () => {
  const router = TrafficRouter.istio();
  test('with a router, a canary of another version gets two pods by default', () => {
    expect(find(build({ trafficRouter: router, canaryWeight: 5 }), 'Deployment', 'web-canary').spec.replicas).toBe(2);
  });

  test('start: the canary runs the stable image at weight 0 and, with a router, no pods', () => {
    const manifests = build({ trafficRouter: router, canary: undefined });
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(0);
    expect(find(manifests, 'Deployment', 'web-canary').spec.template.spec.containers[0].image).toBe('registry.example.com/shop/web:1.4.2');
  });

  test('promote: stable takes the canary image, the weight returns to 0, the canary scales to zero', () => {
    const during = build({ trafficRouter: router, canaryWeight: 50 });
    const promoted = build({ trafficRouter: router, stable: { image: 'registry.example.com/shop/web:1.5.0' }, canary: undefined, canaryWeight: 0 });
    expect(find(promoted, 'Deployment', 'web-stable').spec.template.spec.containers[0].image).toBe('registry.example.com/shop/web:1.5.0');
    expect(find(promoted, 'Deployment', 'web-canary').spec.replicas).toBe(0);
    expect(diffPaths(during, promoted)).toEqual(expect.arrayContaining([
      'Deployment/web-canary spec.replicas',
      'Deployment/web-stable spec.template.spec.containers.0.image',
      'VirtualService/web spec.http.0.route.0.weight',
      'VirtualService/web spec.http.0.route.1.weight',
    ]));
  });

  test('abort: weight 0 sends nothing to the canary', () => {
    const vs = find(build({ trafficRouter: router, canaryWeight: 0 }), 'VirtualService');
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([100, 0]);
  });
});

describe('CanaryApp with autoscaling', () => {
  const trafficRouter = TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] });
  const autoscaling = { minReplicas: 6, maxReplicas: 20 };
  const at = (canaryWeight: number, props: Partial<CanaryAppProps> = {}) => build({ trafficRouter, autoscaling, canaryWeight, ...props });
  const hpa = (manifests: any[], track: string) => find(manifests, 'HorizontalPodAutoscaler', `web-${track}`);

  test('one autoscaler per track, each scaling its own Deployment, which has no replicas', () => {
    const manifests = at(50);
    for (const track of ['stable', 'canary']) {
      expect(hpa(manifests, track).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: `web-${track}` });
      expect(hpa(manifests, track).metadata.labels[TRACK]).toBe(track);
      expect(find(manifests, 'Deployment', `web-${track}`).spec).not.toHaveProperty('replicas');
    }
    expectAccepted(manifests);
  });

  test('the stable track is sized for all traffic and does not scale down while the canary runs', () => {
    expect(hpa(at(50), 'stable').spec).toMatchObject({
      minReplicas: 6, maxReplicas: 20, behavior: { scaleDown: { selectPolicy: 'Disabled' } },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test('the canary\'s range is the app\'s scaled by its weight, never below canaryReplicas', () => {
    // 50% of 6..20 is 3..10; at 10%, 0.6..2 rounds up to 1..2, raised to the floor of 2 and one above it.
    expect(hpa(at(50), 'canary').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(hpa(at(10), 'canary').spec).toMatchObject({ minReplicas: 2, maxReplicas: 3 });
    expect(hpa(at(10, { canaryReplicas: 4 }), 'canary').spec).toMatchObject({ minReplicas: 4, maxReplicas: 5 });
    expect(hpa(at(50), 'canary').spec.behavior).toBeUndefined();
  });

  test('with nothing to release: the stable scales both ways, the canary has no pods and no autoscaler', () => {
    const manifests = at(0, { canary: undefined });
    expect(hpa(manifests, 'stable').spec.behavior).toBeUndefined();
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(0);
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler').map((m) => m.metadata.name)).toEqual(['web-stable']);
  });

  test('a weight step changes the weights and the canary\'s range only (its autoscaler, and the annotation stating it)', () => {
    expect(diffPaths(at(10), at(25))).toEqual([
      // The Deployment's metadata, not its pod template: no rollout.
      'Deployment/web-canary metadata.annotations.release-strategies.cdk8s.io/rollout',
      'HTTPRoute/web spec.rules.0.backendRefs.0.weight',
      'HTTPRoute/web spec.rules.0.backendRefs.1.weight',
      'HorizontalPodAutoscaler/web-canary spec.maxReplicas',
    ]);
  });

  test('the canary\'s rollout annotation states its own autoscaler\'s range, while its rollout is judged up to the app\'s', () => {
    const out = at(10);
    // The canary's autoscaler at 10%: min max(2, ceil(6 x 0.1)) = 2, max max(2 + 1, ceil(20 x 0.1)) = 3.
    expect(find(out, 'HorizontalPodAutoscaler', 'web-canary').spec).toMatchObject({ minReplicas: 2, maxReplicas: 3 });
    // maxSurge 25% of 3 rounds up to 1 pod.
    expect(find(out, 'Deployment', 'web-canary').metadata.annotations['release-strategies.cdk8s.io/rollout'])
      .toBe('maxSurge 25% = 1 pod(s), maxUnavailable 0 = 0 pod(s) at up to 3 replicas');
    // A capacity-dropping strategy is judged at the app's size (20), which the canary may reach when promoted.
    expect(synthError((chart) => new CanaryApp(chart, 'web', { ...base, trafficRouter, autoscaling, canaryWeight: 10,
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.percent(10) }) })))
      .toContain('maxUnavailable 10% resolves to 2 pod(s) at up to 20 replicas');
  });

  test.each<[string, Partial<CanaryAppProps>, string]>([
    ['the replica ratio', { trafficRouter: TrafficRouter.replicaRatio() }, '\'autoscaling\' is {"minReplicas":6,"maxReplicas":20}; the replica ratio splits traffic by pod counts, and an autoscaler changes them'],
    ['replicas with autoscaling', { replicas: 4 }, '\'replicas\' is 4; leave it unset with \'autoscaling\''],
  ])('%s is refused', (_name, props, message) => {
    expect(synthError((chart) => new CanaryApp(chart, 'web', { ...base, trafficRouter, autoscaling, canaryWeight: 10, ...props } as CanaryAppProps)))
      .toContain(`CanaryApp: ${message}`);
  });
});

describe('CanaryApp: a weight left in the commit that promotes the canary', () => {
  const istio = TrafficRouter.istio();
  const promoted = { image: 'registry.example.com/shop/web:2.1.0' };

  test('stable and canary at the same image with canaryWeight 50: names canaryWeight, the prop the user set, not canaryReplicas', () => {
    const message = errorOf({ trafficRouter: istio, stable: promoted, canary: promoted, canaryWeight: 50 });
    expect(message).toContain('CanaryApp: \'canaryWeight\' is 50; there is no canary version (canary is unset or runs the stable version), '
      + 'so the canary track has no pod (canaryReplicas defaults to 0) and the 50% of requests the router sends it would reach none; '
      + 'set canaryWeight: 0 and remove canary in the commit that promotes the canary');
    expect(message).not.toContain('\'canaryReplicas\'');
    // The fix the message names synthesizes.
    expect(() => build({ trafficRouter: istio, stable: promoted, canary: undefined, canaryWeight: 0 })).not.toThrow();
  });

  test('canary unset: the same, without "remove canary"; a match left in too is named as well', () => {
    const message = errorOf({ trafficRouter: istio, stable: promoted, canary: undefined, canaryWeight: 20, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    expect(message).toContain('CanaryApp: \'canaryWeight\' is 20; there is no canary version (canary is unset or runs the stable version), '
      + 'so the canary track has no pod (canaryReplicas defaults to 0) and the 20% of requests the router sends it would reach none; '
      + 'set canaryWeight: 0 in the commit that promotes the canary\n');
    expect(message).toContain('CanaryApp: \'canaryMatch\' is "header X-Canary: always"; there is no canary version (canary is unset or runs the stable version), '
      + 'so matching requests would reach no pod; remove canaryMatch in the commit that promotes the canary, and add it back with the next canary');
    expect(message).not.toContain('\'canaryReplicas\'');
  });

  test('canaryReplicas: 0 set with a weight keeps its own message, with or without a canary version', () => {
    const expected = 'CanaryApp: \'canaryReplicas\' is 0; the router sends 50% of requests to the canary, which would have no pod to serve them; run at least 1 canary replica';
    for (const canary of [base.canary, promoted]) {
      const message = errorOf({ trafficRouter: istio, stable: promoted, canary, canaryWeight: 50, canaryReplicas: 0 });
      expect(message).toContain(expected);
      expect(message).not.toContain('\'canaryWeight\'');
    }
  });
});

describe('CanaryApp bad input', () => {
  test.each<[string, Partial<CanaryAppProps>, string]>([
    ['weight above 100', { canaryWeight: 101 }, '\'canaryWeight\' is 101; it must be a whole number from 0 to 100'],
    ['negative weight', { canaryWeight: -5 }, '\'canaryWeight\' is -5; it must be a whole number from 0 to 100'],
    ['fractional weight', { canaryWeight: 12.5 }, '\'canaryWeight\' is 12.5; it must be a whole number from 0 to 100'],
    ['canaryReplicas with the replica ratio', { canaryReplicas: 2 }, '\'canaryReplicas\' is 2; with the replica ratio the weight decides the canary\'s pods'],
    ['a match without a router', { canaryMatch: CanaryMatch.header('X-Canary', 'always') }, '\'canaryMatch\' is "header X-Canary: always"; matching requests needs a traffic router'],
    ['a cookie match on the Gateway API', { trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }), canaryMatch: CanaryMatch.cookie('canary') },
      '\'canaryMatch\' is "cookie canary=always"; the Gateway API has no cookie match'],
    ['a missing Gateway reference', { trafficRouter: TrafficRouter.gatewayApi({ gatewayName: '', hostnames: ['shop.example.com'] }) }, '\'trafficRouter.gatewayName\' is ""; the HTTPRoute must attach to a Gateway'],
    ['traffic to a canary without pods', { trafficRouter: TrafficRouter.istio(), canaryWeight: 10, canaryReplicas: 0 }, '\'canaryReplicas\' is 0; the router sends 10% of requests to the canary, which would have no pod'],
    ['a route without host names', { trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: [] }) }, '\'trafficRouter.hostnames\' is []; name 1 to 16 hosts'],
    ['a bad route host name', { trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['Shop_Example'] }) }, '\'trafficRouter.hostnames[0]\' is "Shop_Example"; a host name is a DNS name'],
    ['no stable image', { stable: {} }, '\'stable.image\' is missing; the stable track needs a version to serve'],
    ['a bad header name', { trafficRouter: TrafficRouter.istio(), canaryMatch: CanaryMatch.header('X Canary', 'always') }, '\'canaryMatch.name\' is "X Canary"; a header name is an HTTP token'],
    ['a match left in the commit that promotes the canary', { canary: undefined, trafficRouter: TrafficRouter.istio(), canaryMatch: CanaryMatch.header('X-Canary', 'always') },
      '\'canaryMatch\' is "header X-Canary: always"; there is no canary version (canary is unset or runs the stable version), so matching requests would reach no pod; remove canaryMatch in the commit that promotes the canary'],
    ['a bad Ingress host', { trafficRouter: TrafficRouter.nginxIngress({ host: 'Shop Example' }) }, '\'trafficRouter.host\' is "Shop Example"; an Ingress host is a DNS name'],
    ['a mutable canary image', { canary: { image: 'registry.example.com/shop/web:latest' } }, '\'canary.image\' is "registry.example.com/shop/web:latest"'],
  ])('%s', (_, props, expected) => {
    expect(errorOf(props)).toContain(`CanaryApp: ${expected}`);
  });
});
