import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenApp, CanaryApp, IdleSlot, IReleaseController, Probe, PrometheusAnalysisOptions, ReleaseController, ReleasedApp, ReleaseShape,
  SafeRollingDeployment, Slot, TrafficRouter,
} from '../../src';
import { expectAccepted, find, synth, synthError } from '../support/synth';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const readiness = Probe.httpGet('/ready');
const analysis: PrometheusAnalysisOptions = { address: 'http://prometheus.monitoring:9090', successRateQuery: 'sum(rate(http_requests_total{service="{{service}}"}[{{interval}}]))' };

/**
 * A release controller defined here, outside the library, the way an app adds one: it records the
 * release it is asked to run in a ConfigMap that a release tool (a pipeline, a chat bot) reads. It
 * binds to the app's one description, whatever the strategy, and refuses an option it cannot honour.
 */
class ReleaseRecorder implements IReleaseController {
  public readonly name = 'Release recorder';
  public readonly ownsServices = false;
  public readonly bound: ReleasedApp[] = [];

  public constructor(private readonly channel: string) {}

  public bind(scope: Construct, app: ReleasedApp): ApiObject[] {
    this.bound.push(app);
    if (!/^#[a-z0-9-]+$/.test(this.channel)) app.addProblem('channel', this.channel, 'a channel is \'#\' and lower case letters, digits and \'-\'');
    return [new ApiObject(scope, 'ReleaseRecord', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${app.name}-release`, namespace: app.namespace, labels: app.labels },
      data: {
        channel: this.channel,
        shape: app.shape,
        template: app.deployment.name,
        services: [app.serviceName, app.secondServiceName].filter(Boolean).join(','),
        router: app.route?.router.name ?? 'none',
      },
    })];
  }
}

describe('a release controller defined in the test file, against the three strategies', () => {
  const cases: [string, (scope: Construct, controller: IReleaseController) => void, Record<string, string>][] = [
    ['SafeRollingDeployment', (scope, releaseController) => new SafeRollingDeployment(scope, 'web', { image: V2, readiness, releaseController }),
      { shape: ReleaseShape.ROLLING, template: 'web', services: 'web', router: 'none' }],
    ['BlueGreenApp', (scope, releaseController) => new BlueGreenApp(scope, 'web', {
      activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness, releaseController,
    }), { shape: ReleaseShape.SLOTS, template: 'web-blue', services: 'web,web-preview', router: 'none' }],
    ['CanaryApp', (scope, releaseController) => new CanaryApp(scope, 'web', {
      stable: { image: V1 }, canary: { image: V2 }, readiness, trafficRouter: TrafficRouter.istio(), releaseController,
    }), { shape: ReleaseShape.TRACKS, template: 'web-stable', services: 'web-stable,web-canary', router: 'Istio' }],
  ];

  test.each(cases)('%s: the controller binds to the app\'s description and its objects are emitted', (_name, build, expected) => {
    const recorder = new ReleaseRecorder('#releases');
    const out = synth((chart) => build(chart, recorder));
    expect(recorder.bound).toHaveLength(1);
    expect(find(out, 'ConfigMap', 'web-release').data).toEqual({ channel: '#releases', ...expected });
    // The template Deployment is one the app emitted, and the controller's Services exist.
    expect(find(out, 'Deployment', expected.template)).toBeDefined();
    for (const service of expected.services.split(',')) expect(find(out, 'Service', service)).toBeDefined();
    expectAccepted(out);
  });

  test.each(cases)('%s: a bad option of the controller is the app\'s problem, at synth', (name, build) => {
    expect(synthError((chart) => build(chart, new ReleaseRecorder('releases'))))
      .toContain(`${name}: 'releaseController.channel' is "releases"; a channel is '#' and lower case letters, digits and '-'`);
  });
});

describe('the built-in controllers and a SafeRollingDeployment', () => {
  test.each([
    ['Argo Rollouts', ReleaseController.argoRollouts()],
    ['Flagger', ReleaseController.flagger({ analysis })],
  ])('%s refuses it, saying what it releases', (name, releaseController) => {
    expect(synthError((chart) => new SafeRollingDeployment(chart, 'web', { image: V2, readiness, releaseController })))
      .toContain(`SafeRollingDeployment: 'releaseController' is "${name}"; ${name} cannot release a SafeRollingDeployment: it releases a BlueGreenApp (blue/green) or a CanaryApp (canary)`);
  });
});
