import { Duration } from 'cdk8s';
import {
  BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, CanaryMatch, IdleSlot, Probe, PrometheusAnalysisOptions, ReleaseController, ServiceType,
  Slot, TrafficRouter,
} from '../../src';
import { expectReferencesResolve } from '../support/references';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const analysis: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(http_requests_total{service="{{service}}",namespace="{{namespace}}",code!~"5.."}[{{interval}}])) / sum(rate(http_requests_total{service="{{service}}"}[{{interval}}])) * 100',
  latencyQuery: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service="{{service}}"}[{{interval}}])) by (le)) * 1000',
  maxLatencyMs: 500,
};
const flagger = ReleaseController.flagger;
const blueGreen: BlueGreenAppProps = { activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready') };
const canary: CanaryAppProps = { stable: { image: V1 }, canary: { image: V2 }, replicas: 4, readiness: Probe.httpGet('/ready') };
const bg = (props: Partial<BlueGreenAppProps> = {}) => synth((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, releaseController: flagger({ analysis }), ...props }));
const cn = (props: Partial<CanaryAppProps> = {}) => synth((chart) => new CanaryApp(chart, 'web', { ...canary, releaseController: flagger({ analysis }), ...props }));
const bgError = (props: Partial<BlueGreenAppProps>) => synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, ...props }));
const cnError = (props: Partial<CanaryAppProps>) => synthError((chart) => new CanaryApp(chart, 'web', { ...canary, trafficRouter: TrafficRouter.istio(), ...props }));
const names = (manifests: any[]) => manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
/** The target Deployment has no `replicas` (Flagger scales it; its maintainers' advice for GitOps): it carries both linters' exemptions. */
const accepted = (manifests: any[]) => expectAccepted(manifests, [
  // NGINX: the Ingress routes to the apex Service `web`, which Flagger creates when it initializes the Canary.
  ...(manifests.some((m) => m.kind === 'Ingress') ? ['kube-score/ingress-targets-service'] : []),
]);

describe('BlueGreenApp under Flagger', () => {
  const out = bg();

  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('valid against the pinned CRDs (strict), accepted by the linters; every reference resolves', () => {
    accepted(out);
    expectReferencesResolve(out);
  });

  test('a Canary on the active slot\'s Deployment; Flagger\'s Services are not emitted; a budget for the primary\'s pods', () => {
    expect(names(out)).toEqual(['Canary/web', 'Deployment/web-blue', 'MetricTemplate/web-latency', 'MetricTemplate/web-success-rate', 'NetworkPolicy/web',
      'PodDisruptionBudget/web-blue-pdb', 'PodDisruptionBudget/web-blue-primary-pdb']);
    const spec = find(out, 'Canary').spec;
    expect(spec).toMatchObject({ provider: 'kubernetes', targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-blue' }, service: { name: 'web', port: 8080 } });
    expect(spec.analysis).toMatchObject({ interval: '1m', threshold: 2, iterations: 10 });
    expect(spec.analysis.stepWeight).toBeUndefined();
    expect(spec.analysis.metrics).toEqual([
      { name: 'success-rate', templateRef: { name: 'web-success-rate' }, thresholdRange: { min: 99 }, interval: '1m' },
      { name: 'latency', templateRef: { name: 'web-latency' }, thresholdRange: { max: 500 }, interval: '1m' },
    ]);
    expect(find(out, 'PodDisruptionBudget', 'web-blue-primary-pdb').spec.selector.matchLabels['app.kubernetes.io/name']).toBe('web-primary');
    expect(find(out, 'Deployment').spec.replicas).toBeUndefined();
  });

  test('the MetricTemplates use Flagger\'s template functions, on the canary Service', () => {
    const query = find(out, 'MetricTemplate', 'web-success-rate').spec;
    expect(query.provider).toEqual({ type: 'prometheus', address: 'http://prometheus.monitoring:9090' });
    expect(query.query).toContain('service="{{ service }}-canary",namespace="{{ namespace }}"');
    expect(query.query).toContain('[{{ interval }}]');
  });

  test('refuses what it cannot honour, naming the prop', () => {
    expect(bgError({ releaseController: flagger({ analysis, stepWeight: 10 }) })).toMatch(/'releaseController.stepWeight' is 10; a blue\/green release has no weights/);
    expect(bgError({ preview: false, releaseController: flagger({ analysis }) })).toMatch(/'preview' is false; under Flagger the controller always creates its own preview Service \(web-canary\)/);
    expect(bgError({ releaseController: flagger({ analysis: { ...analysis, interval: Duration.seconds(5) } }) })).toMatch(/'releaseController.analysis.interval' is "5s"; Flagger checks at most every 10 seconds/);
    expect(bgError({ releaseController: flagger({} as any) })).toMatch(/'releaseController.analysis' is missing; Flagger promotes on its metrics/);
  });
});

const routers: Record<string, TrafficRouter> = {
  'Gateway API': TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }),
  'Istio': TrafficRouter.istio({ hosts: ['shop.example.com'], gateways: ['istio-system/public'] }),
  'NGINX Ingress': TrafficRouter.nginxIngress({ host: 'shop.example.com', tlsSecretName: 'shop-tls' }),
};

describe.each(Object.keys(routers))('CanaryApp under Flagger with %s', (mode) => {
  const trafficRouter = routers[mode];
  const out = cn({ trafficRouter });

  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('valid against the pinned CRDs (strict), accepted by the linters; every reference resolves', () => {
    accepted(out);
    expectReferencesResolve(out);
  });

  test('a Canary on the stable track\'s Deployment; no Service, and no route object but NGINX\'s Ingress (to the apex)', () => {
    const kinds = names(out).filter((n) => /^(Service|HTTPRoute|VirtualService|DestinationRule|Ingress)\//.test(n));
    expect(kinds).toEqual(mode === 'NGINX Ingress' ? ['Ingress/web'] : []);
    const spec = find(out, 'Canary').spec;
    expect(spec.targetRef.name).toBe('web-stable');
    expect(spec.analysis).toMatchObject({ maxWeight: 50, stepWeight: 10 });
    expect(find(out, 'Deployment').spec.template.spec.containers[0].image).toBe(V2);
  });
});

describe('CanaryApp under Flagger: providers', () => {
  test('Gateway API: provider gatewayapi:v1, the HTTPRoute\'s Gateway and host names on the Canary\'s service', () => {
    const spec = find(cn({ trafficRouter: routers['Gateway API'] }), 'Canary').spec;
    expect(spec.provider).toBe('gatewayapi:v1');
    expect(spec.service).toMatchObject({ name: 'web', hosts: ['shop.example.com'], gatewayRefs: [{ name: 'public' }] });
  });

  test('Istio: provider istio, hosts and gateways', () => {
    const spec = find(cn({ trafficRouter: routers.Istio }), 'Canary').spec;
    expect(spec.provider).toBe('istio');
    expect(spec.service).toMatchObject({ hosts: ['shop.example.com'], gateways: ['istio-system/public'] });
  });

  test('NGINX: ingressRef to the app\'s Ingress, which routes to the apex Service Flagger creates', () => {
    const out = cn({ trafficRouter: routers['NGINX Ingress'] });
    expect(find(out, 'Canary').spec).toMatchObject({ provider: 'nginx', ingressRef: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' } });
    expect(find(out, 'Ingress').spec.rules[0].http.paths[0].backend.service.name).toBe('web');
  });

  test('a match is A/B testing: iterations and match, no weights', () => {
    const header = find(cn({ trafficRouter: routers.Istio, canaryMatch: CanaryMatch.header('X-Canary', 'always') }), 'Canary').spec.analysis;
    expect(header).toMatchObject({ iterations: 10, match: [{ headers: { 'x-canary': { exact: 'always' } } }] });
    expect(header.stepWeight).toBeUndefined();
    const cookie = find(cn({ trafficRouter: routers['NGINX Ingress'], canaryMatch: CanaryMatch.cookie('canary') }), 'Canary').spec.analysis;
    expect(cookie.match).toEqual([{ headers: { cookie: { exact: 'canary' } } }]);
    accepted(cn({ trafficRouter: routers.Istio, canaryMatch: CanaryMatch.cookie('canary') }));
  });

  test('stepWeights instead of stepWeight', () => {
    const out = cn({ trafficRouter: routers.Istio, releaseController: flagger({ analysis, stepWeights: [1, 5, 20, 50] }) });
    accepted(out);
    expect(find(out, 'Canary').spec.analysis).toMatchObject({ stepWeights: [1, 5, 20, 50] });
  });

  test('refuses what it cannot honour, naming the prop', () => {
    expect(cnError({ trafficRouter: TrafficRouter.replicaRatio(), releaseController: flagger({ analysis }) })).toMatch(/'trafficRouter' is .*Flagger drives a Gateway API, Istio or NGINX Ingress router/);
    expect(cnError({ canaryMatch: CanaryMatch.header('X-Canary', 'always'), releaseController: flagger({ analysis, stepWeight: 5 }) })).toMatch(/'releaseController.stepWeight' is 5; with canaryMatch Flagger runs A\/B testing/);
    expect(cnError({ releaseController: flagger({ analysis, iterations: 5 }) })).toMatch(/'releaseController.iterations' is 5; a weighted canary moves by stepWeight/);
    expect(cnError({ releaseController: flagger({ analysis, stepWeights: [20, 10] }) })).toMatch(/'releaseController.stepWeights' is \[20,10\]; whole percents from 1 to 100, in ascending order/);
    expect(cnError({ releaseController: flagger({ analysis, stepWeight: 60 }) })).toMatch(/'releaseController.stepWeight' is 60; a whole percent from 1 to maxWeight \(50\)/);
    expect(cnError({ canaryWeight: 10, releaseController: flagger({ analysis }) })).toMatch(/'canaryWeight' is 10; under Flagger the controller moves the weight/);
    expect(cnError({ service: { type: ServiceType.LOAD_BALANCER }, releaseController: flagger({ analysis }) })).toMatch(/'service.type' is "LoadBalancer"; under Flagger/);
  });
});
