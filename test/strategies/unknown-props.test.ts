import { Duration } from 'cdk8s';
import { BlueGreenApp, CanaryApp, Drain, Pods, Probe, RolloutStrategy, SafeRollingDeployment, Slot, TrafficRouter } from '../../src';
import { synthError } from '../support/synth';

// Apps synthesized without a type check (`cdk8s synth` runs transpile-only) and Python, Java, Go and
// .NET apps (dictionaries) can pass props TypeScript would refuse. They must fail, not be ignored.
const loose = (props: object): any => props;
const base = { image: 'registry.example.com/web:1.0.0', readiness: Probe.httpGet('/ready') };

describe('misspelled or unknown props are errors, with a suggestion', () => {
  test.each<[string, () => void, string]>([
    ['seed 004\'s maxSure', () => RolloutStrategy.rollingUpdate(loose({ maxSure: Pods.count(1), maxUnavailable: Pods.count(0) })),
      '\'strategy.maxSure\' is 1; RollingUpdateOptions has no prop \'maxSure\'; did you mean \'maxSurge\'?'],
  ])('%s', (_, makeStrategy, expected) => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', { ...base, strategy: makeStrategy() as any }));
    expect(message).toContain(`SafeRollingDeployment: ${expected}`);
  });

  test.each<[string, object, string]>([
    ['a top-level prop', { replica: 3 }, '\'replica\' is 3; SafeRollingDeploymentProps has no prop \'replica\'; did you mean \'replicas\'?'],
    ['a Kubernetes field name instead of the prop', { terminationGracePeriodSeconds: 60 },
      '\'terminationGracePeriodSeconds\' is 60; SafeRollingDeploymentProps has no prop \'terminationGracePeriodSeconds\'; its props are'],
    ['a port', { ports: [{ port: 8080, nam: 'http' }] }, '\'ports[0].nam\' is "http"; ContainerPort has no prop \'nam\'; did you mean \'name\'?'],
    ['resources', { resources: { cpuRequests: '1' } }, '\'resources.cpuRequests\' is "1"; ResourceOptions has no prop \'cpuRequests\'; did you mean \'cpuRequest\'?'],
    ['security', { security: { runAsUsr: 20000 } }, '\'security.runAsUsr\' is 20000; SecurityOptions has no prop \'runAsUsr\'; did you mean \'runAsUser\'?'],
    ['spreading', { spreading: { acrossHost: 'REQUIRED' } }, '\'spreading.acrossHost\' is "REQUIRED"; SpreadingOptions has no prop \'acrossHost\'; did you mean \'acrossHosts\'?'],
    ['the Service', { service: { targetPort: 'http' } }, '\'service.targetPort\' is "http"; ServiceOptions has no prop \'targetPort\''],
    ['autoscaling', { autoscaling: { maxReplicas: 4, minReplica: 2 } }, '\'autoscaling.minReplica\' is 2; AutoscalingOptions has no prop \'minReplica\'; did you mean \'minReplicas\'?'],
    ['a mount', { configMapMounts: [{ configMap: 'conf', mountPath: '/config' }] }, '\'configMapMounts[0].configMap\' is "conf"; ConfigMapMount has no prop \'configMap\''],
    ['probe timing', { readiness: Probe.httpGet('/ready', loose({ periodSeconds: 5 })) }, '\'readiness.periodSeconds\' is 5; HttpGetProbeOptions has no prop \'periodSeconds\''],
    ['an HTTP drain', { drain: Drain.httpGet('/drain', loose({ duration: Duration.seconds(5), portNumber: 8080 })) }, '\'drain.portNumber\' is 8080; HttpGetDrainOptions has no prop \'portNumber\''],
  ])('%s', (_, props, expected) => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', loose({ ...base, ...props })));
    expect(message).toContain(`SafeRollingDeployment: ${expected}`);
  });

  test('a blue/green slot', () => {
    const message = synthError((chart) => new BlueGreenApp(chart, 'web', loose({
      ...base, activeSlot: Slot.BLUE, blue: { image: base.image }, green: { imag: base.image },
    })));
    expect(message).toContain('BlueGreenApp: \'green.imag\' is "registry.example.com/web:1.0.0"; SlotOptions has no prop \'imag\'; did you mean \'image\'?');
  });

  test('a canary track and router options', () => {
    const message = synthError((chart) => new CanaryApp(chart, 'web', loose({
      ...base, stable: { image: base.image, versoin: '1' }, canaryWieght: 10,
      trafficRouter: TrafficRouter.gatewayApi(loose({ gatewayName: 'public', hostnames: ['shop.example.com'], hostname: 'x' })),
    })));
    expect(message).toContain('CanaryApp: \'stable.versoin\' is "1"; TrackOptions has no prop \'versoin\'; did you mean \'version\'?');
    expect(message).toContain('CanaryApp: \'canaryWieght\' is 10; CanaryAppProps has no prop \'canaryWieght\'; did you mean \'canaryWeight\'?');
    expect(message).toContain('CanaryApp: \'trafficRouter.hostname\' is "x"; GatewayApiRouterOptions has no prop \'hostname\'; did you mean \'hostnames\'?');
  });
});
