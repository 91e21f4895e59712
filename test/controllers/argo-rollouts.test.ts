import { Duration } from 'cdk8s';
import {
  BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, CanaryMatch, IdleSlot, Probe, PrometheusAnalysisOptions, ReleaseController,
  RolloutStep, Slot, TrafficRouter,
} from '../../src';
import { diffPaths } from '../support/diff';
import { expectReferencesResolve } from '../support/references';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const SLOT = 'release-strategies.cdk8s.io/slot';
const TRACK = 'release-strategies.cdk8s.io/track';
export const analysis: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(http_requests_total{service="{{service}}",namespace="{{namespace}}",code!~"5.."}[{{interval}}])) / sum(rate(http_requests_total{service="{{service}}",namespace="{{namespace}}"}[{{interval}}])) * 100',
  latencyQuery: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{service="{{service}}",namespace="{{namespace}}"}[{{interval}}])) by (le)) * 1000',
  maxLatencyMs: 500,
};
const blueGreen: BlueGreenAppProps = { activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 }, readiness: Probe.httpGet('/ready') };
const canary: CanaryAppProps = { stable: { image: V1 }, readiness: Probe.httpGet('/ready'), trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }) };
const bg = (props: Partial<BlueGreenAppProps> = {}) => synth((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, ...props }));
const cn = (props: Partial<CanaryAppProps> = {}) => synth((chart) => new CanaryApp(chart, 'web', { ...canary, ...props }));
const bgError = (props: Partial<BlueGreenAppProps>) => synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, ...props }));
const cnError = (props: Partial<CanaryAppProps>) => synthError((chart) => new CanaryApp(chart, 'web', { ...canary, ...props }));
const names = (manifests: any[]) => manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
const argo = ReleaseController.argoRollouts;
/**
 * The template Deployment has no `replicas`: the Rollout owns the count and Argo scales the
 * Deployment to 0 once its own pods serve (docs/controllers.md). kube-score and
 * Polaris read a Deployment without replicas as one pod (they do not know workloadRef): it carries
 * their exemptions (src/workload/linters.ts).
 */
const accepted = (manifests: any[]) => expectAccepted(manifests);

describe('BlueGreenApp under Argo Rollouts', () => {
  const out = bg({ releaseController: argo({ analysis, previewAnalysis: true, antiAffinityWeight: 50 }) });

  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('an API server with the pinned CRDs (strict) and the linters accept it; every reference resolves', () => {
    accepted(out);
    expectReferencesResolve(out);
  });

  test('one Rollout on the active slot\'s Deployment, which has no replicas; both Services select that template', () => {
    expect(names(out)).toEqual(['AnalysisTemplate/web-analysis', 'Deployment/web-blue', 'NetworkPolicy/web', 'PodDisruptionBudget/web-blue-pdb',
      'Rollout/web', 'Service/web', 'Service/web-preview']);
    const rollout = find(out, 'Rollout');
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(rollout.spec.replicas).toBe(2);
    expect(rollout.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-blue', scaleDown: 'progressively' });
    expect(rollout.spec.template).toBeUndefined();
    expect(find(out, 'Deployment').spec.replicas).toBeUndefined();
    const deployment = find(out, 'Deployment');
    expect(rollout.spec.minReadySeconds).toBe(deployment.spec.minReadySeconds);
    expect(rollout.spec.progressDeadlineSeconds).toBe(deployment.spec.progressDeadlineSeconds);
    for (const name of ['web', 'web-preview']) expect(find(out, 'Service', name).spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', [SLOT]: 'blue' });
    expect(rollout.spec.strategy.blueGreen).toMatchObject({
      activeService: 'web', previewService: 'web-preview', autoPromotionEnabled: true, scaleDownDelaySeconds: 30,
      antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 } },
      prePromotionAnalysis: { templates: [{ templateName: 'web-analysis' }], args: [{ name: 'service', value: 'web-preview' }, expect.anything()] },
      postPromotionAnalysis: { args: [{ name: 'service', value: 'web' }, expect.anything()] },
    });
  });

  test('the analysis: thresholds as success conditions, placeholders as template args', () => {
    const template = find(out, 'AnalysisTemplate');
    expect(template.spec.args).toEqual([{ name: 'service' }, { name: 'namespace' }]);
    expect(template.spec.metrics.map((m: any) => [m.name, m.successCondition, m.interval, m.count, m.failureLimit])).toEqual([
      ['success-rate', 'result[0] >= 99', '1m', 5, 1],
      ['latency', 'result[0] <= 500', '1m', 5, 1],
    ]);
    const query = template.spec.metrics[0].provider.prometheus.query;
    expect(query).toContain('service="{{args.service}}",namespace="{{args.namespace}}"');
    expect(query).toContain('[1m]');
    expect(query).not.toMatch(/\{\{(service|namespace|interval)\}\}/);
  });

  test('without analysis a person promotes; releasing is giving the active slot the new image', () => {
    const before = bg({ idleSlot: IdleSlot.scaleToZero(), releaseController: argo() });
    expect(find(before, 'Rollout').spec.strategy.blueGreen.autoPromotionEnabled).toBe(false);
    const after = bg({ blue: { image: V2 }, idleSlot: IdleSlot.scaleToZero(), releaseController: argo() });
    accepted(after);
    expect(diffPaths(before, after).every((p) => p.startsWith('Deployment/web-blue '))).toBe(true);
  });

  test('refuses what it cannot honour, naming the prop', () => {
    expect(bgError({ green: { image: V2 }, releaseController: argo() })).toMatch(/'idleSlot' is "IdleSlot.keepFull\(\)"; under Argo Rollouts the controller runs the preview/);
    expect(bgError({ releaseController: argo({ steps: [RolloutStep.pause()] }) })).toMatch(/'releaseController.steps' is .*a BlueGreenApp has no steps/);
    expect(bgError({ releaseController: argo({ previewAnalysis: true }) })).toMatch(/'releaseController.previewAnalysis' is true; it runs the 'analysis'/);
    expect(bgError({ releaseController: argo({ previewReplicas: 3 }) })).toMatch(/'releaseController.previewReplicas' is 3; a whole number from 1 to the app's replicas \(2\)/);
    expect(bgError({ releaseController: argo({ autoPromotion: true, autoPromotionDelay: Duration.minutes(5) }) })).toMatch(/'releaseController.autoPromotionDelay' is "300s"/);
    expect(bgError({ releaseController: argo({ antiAffinityWeight: 0 }) })).toMatch(/'releaseController.antiAffinityWeight' is 0; Argo Rollouts takes a whole weight from 1 to 100/);
    expect(bgError({ releaseController: argo({ analysis: { ...analysis, successRateQuery: 'up{job="{{app}}"}' } }) }))
      .toMatch(/'releaseController.analysis.successRateQuery' is .*'\{\{app\}\}' is not a placeholder/);
  });

  test('an idle slot scaled to zero keeps its version out of the output', () => {
    const out2 = bg({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.scaleToZero(), releaseController: argo() });
    expect(names(out2).filter((n) => n.startsWith('Deployment'))).toEqual(['Deployment/web-green']);
  });
});

const routers: Record<string, TrafficRouter> = {
  'Gateway API': TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }),
  'Istio': TrafficRouter.istio(),
  'NGINX Ingress': TrafficRouter.nginxIngress({ host: 'shop.example.com', tlsSecretName: 'shop-tls' }),
};

describe.each(Object.keys(routers))('CanaryApp under Argo Rollouts with %s', (mode) => {
  const trafficRouter = routers[mode];
  const out = cn({ trafficRouter, canary: { image: V2 }, canaryMatch: CanaryMatch.header('X-Canary', 'always'), replicas: 4, releaseController: argo({ analysis }) });

  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(out)).toMatchSnapshot();
  });

  test('an API server with the pinned CRDs (strict) and the linters accept it; every reference resolves', () => {
    accepted(out);
    expectReferencesResolve(out);
  });

  test('one Rollout on the stable track\'s Deployment (the version to release); Services select that template', () => {
    const rollout = find(out, 'Rollout');
    expect(rollout.spec.workloadRef.name).toBe('web-stable');
    expect(rollout.spec.replicas).toBe(4);
    const deployment = find(out, 'Deployment');
    expect(deployment.metadata.name).toBe('web-stable');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.spec.containers[0].image).toBe(V2);
    for (const name of ['web-stable', 'web-canary']) expect(find(out, 'Service', name).spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', [TRACK]: 'stable' });
    const c = rollout.spec.strategy.canary;
    expect(c).toMatchObject({ stableService: 'web-stable', canaryService: 'web-canary', maxSurge: '25%', maxUnavailable: 0 });
    expect(c.steps).toEqual([
      { setWeight: 10 }, { analysis: expect.objectContaining({ templates: [{ templateName: 'web-analysis' }] }) },
      { setWeight: 50 }, { analysis: expect.objectContaining({ args: [{ name: 'service', value: 'web-canary' }, expect.anything()] }) },
    ]);
  });
});

describe('CanaryApp under Argo Rollouts: routers', () => {
  const of = (trafficRouter: TrafficRouter, canaryMatch?: CanaryMatch) => cn({ trafficRouter, canaryMatch, releaseController: argo() });

  test('Gateway API: the plugin form names the HTTPRoute; the route\'s weights start at 100/0', () => {
    const out = cn({ namespace: 'shop', releaseController: argo() });
    expect(find(out, 'Rollout').spec.strategy.canary.trafficRouting).toEqual({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web', namespace: 'shop' } } });
    expect(find(out, 'HTTPRoute').spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([100, 0]);
  });

  test('Istio: subset-level routing; both subsets select the template\'s track (Argo adds the hash)', () => {
    const out = of(routers.Istio, CanaryMatch.cookie('canary'));
    expect(find(out, 'Rollout').spec.strategy.canary.trafficRouting).toEqual({
      istio: { virtualService: { name: 'web', routes: ['weighted'] }, destinationRule: { name: 'web', stableSubsetName: 'stable', canarySubsetName: 'canary' } },
    });
    expect(find(out, 'DestinationRule').spec.subsets).toEqual([{ name: 'stable', labels: { [TRACK]: 'stable' } }, { name: 'canary', labels: { [TRACK]: 'stable' } }]);
    expect(find(out, 'VirtualService').spec.http.map((h: any) => h.name)).toEqual(['canary-match', 'weighted']);
  });

  test('NGINX: Argo writes the canary Ingress, so the router\'s is not emitted; the match becomes its annotations', () => {
    const out = of(routers['NGINX Ingress'], CanaryMatch.cookie('canary'));
    expect(names(out).filter((n) => n.startsWith('Ingress'))).toEqual(['Ingress/web']);
    expect(find(out, 'Rollout').spec.strategy.canary.trafficRouting).toEqual({ nginx: { stableIngress: 'web', additionalIngressAnnotations: { 'canary-by-cookie': 'canary' } } });
  });

  test('refuses what it cannot honour, naming the prop', () => {
    expect(cnError({ trafficRouter: TrafficRouter.replicaRatio(), releaseController: argo() })).toMatch(/'trafficRouter' is "?TrafficRouter.replicaRatio\(\)"?; Argo Rollouts drives a Gateway API, Istio or NGINX Ingress router/);
    expect(cnError({ canaryWeight: 20, releaseController: argo() })).toMatch(/'canaryWeight' is 20; under Argo Rollouts the controller moves the weight/);
    expect(cnError({ canaryReplicas: 2, releaseController: argo() })).toMatch(/'canaryReplicas' is 2; under Argo Rollouts the controller scales the canary/);
    expect(cnError({ releaseController: argo({ steps: [RolloutStep.analysis()] }) })).toMatch(/'releaseController.steps\[0\]' is .*needs the controller's 'analysis'/);
    expect(cnError({ releaseController: argo({ steps: [RolloutStep.weight(101)] }) })).toMatch(/'releaseController.steps\[0\]' is 101; setWeight takes a whole percent from 0 to 100/);
    expect(cnError({ releaseController: argo({ steps: [] }) })).toMatch(/'releaseController.steps' is \[\]; give at least one step/);
    expect(cnError({ releaseController: argo({ scaleDownDelay: Duration.seconds(5) }) })).toMatch(/'releaseController.scaleDownDelay' is .*a blue\/green option/);
  });

  test('custom steps: pauses with and without a duration, setCanaryScale', () => {
    const steps = [
      RolloutStep.canaryScale(1), RolloutStep.weight(5), RolloutStep.pause(Duration.minutes(10)), RolloutStep.weight(25), RolloutStep.pause(),
    ];
    const out = cn({ releaseController: argo({ steps }) });
    accepted(out);
    expect(find(out, 'Rollout').spec.strategy.canary.steps).toEqual([
      { setCanaryScale: { replicas: 1 } }, { setWeight: 5 }, { pause: { duration: '600s' } }, { setWeight: 25 }, { pause: {} },
    ]);
  });
});
