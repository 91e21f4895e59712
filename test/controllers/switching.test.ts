import { BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, IdleSlot, Probe, ReleaseController, Slot, TrafficRouter } from '../../src';
import { diffPaths } from '../support/diff';
import { synth } from '../support/synth';

/**
 * docs/controllers.md ("Graduating to a controller") lists what switching an app at rest to Argo Rollouts,
 * and to Flagger, changes; switching back reverses exactly that. The expected lists are the page's, path by path.
 */
const V1 = 'registry.example.com/shop/web:1.4.2';

const back = (change: string) => change.replace(/\((added|removed)\)$/, (_, what) => (what === 'added' ? '(removed)' : '(added)'));

describe('switching an app at rest to Argo Rollouts and back', () => {
  test('BlueGreenApp: a Rollout appears, the active Deployment loses replicas, the idle one goes, the preview selects the active slot', () => {
    const props: BlueGreenAppProps = { activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready') };
    const plain = synth((chart) => new BlueGreenApp(chart, 'web', props));
    const argo = synth((chart) => new BlueGreenApp(chart, 'web', { ...props, releaseController: ReleaseController.argoRollouts() }));
    const changes = [
      'Deployment/web-blue spec.replicas',
      'Deployment/web-green (removed)',
      'PodDisruptionBudget/web-green-pdb (removed)',
      'Rollout/web (added)',
      'Service/web-preview spec.selector.release-strategies.cdk8s.io/slot',
    ];
    expect(diffPaths(plain, argo)).toEqual(changes);
    expect(diffPaths(argo, plain)).toEqual(changes.map(back));
  });

  test('CanaryApp: a Rollout appears, the stable Deployment loses replicas, the canary one goes, the canary Service selects the template', () => {
    const props: CanaryAppProps = { stable: { image: V1 }, readiness: Probe.httpGet('/ready'), trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }) };
    const plain = synth((chart) => new CanaryApp(chart, 'web', props));
    const argo = synth((chart) => new CanaryApp(chart, 'web', { ...props, releaseController: ReleaseController.argoRollouts() }));
    const changes = [
      'Deployment/web-canary (removed)',
      'Deployment/web-stable spec.replicas',
      'PodDisruptionBudget/web-canary-pdb (removed)',
      'Rollout/web (added)',
      'Service/web-canary spec.selector.release-strategies.cdk8s.io/track',
    ];
    expect(diffPaths(plain, argo)).toEqual(changes);
    expect(diffPaths(argo, plain)).toEqual(changes.map(back));
  });
});

describe('switching an app at rest to Flagger and back', () => {
  const releaseController = () => ReleaseController.flagger({ analysis: { address: 'http://prometheus.monitoring:9090', successRateQuery: 'ok{service="{{service}}"}' } });
  // The NetworkPolicy widens to the primary's pods: the instance label, and the name in [web, web-primary].
  const policy = [
    'NetworkPolicy/web spec.podSelector.matchExpressions',
    'NetworkPolicy/web spec.podSelector.matchLabels.app.kubernetes.io/instance',
    'NetworkPolicy/web spec.podSelector.matchLabels.app.kubernetes.io/name',
  ];

  test('BlueGreenApp: a Canary and its MetricTemplate appear, the active Deployment loses replicas, the idle one goes, the Services go, the primary gets a budget', () => {
    const props: BlueGreenAppProps = { activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready') };
    const plain = synth((chart) => new BlueGreenApp(chart, 'web', props));
    const flagger = synth((chart) => new BlueGreenApp(chart, 'web', { ...props, releaseController: releaseController() }));
    const changes = [
      'Canary/web (added)',
      'Deployment/web-blue spec.replicas',
      'Deployment/web-green (removed)',
      'MetricTemplate/web-success-rate (added)',
      ...policy,
      'PodDisruptionBudget/web-blue-primary-pdb (added)',
      'PodDisruptionBudget/web-green-pdb (removed)',
      'Service/web (removed)',
      'Service/web-preview (removed)',
    ];
    expect(diffPaths(plain, flagger)).toEqual(changes);
    expect(diffPaths(flagger, plain)).toEqual(changes.map(back));
  });

  test('CanaryApp: a Canary and its MetricTemplate appear, the stable Deployment loses replicas, the canary one goes, the Services and the route go', () => {
    const props: CanaryAppProps = { stable: { image: V1 }, readiness: Probe.httpGet('/ready'), trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }) };
    const plain = synth((chart) => new CanaryApp(chart, 'web', props));
    const flagger = synth((chart) => new CanaryApp(chart, 'web', { ...props, releaseController: releaseController() }));
    const changes = [
      'Canary/web (added)',
      'Deployment/web-canary (removed)',
      'Deployment/web-stable spec.replicas',
      'HTTPRoute/web (removed)',
      'MetricTemplate/web-success-rate (added)',
      ...policy,
      'PodDisruptionBudget/web-canary-pdb (removed)',
      'PodDisruptionBudget/web-stable-primary-pdb (added)',
      'Service/web (removed)',
      'Service/web-canary (removed)',
      'Service/web-stable (removed)',
    ];
    expect(diffPaths(plain, flagger)).toEqual(changes);
    expect(diffPaths(flagger, plain)).toEqual(changes.map(back));
  });
});
