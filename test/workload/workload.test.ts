import { Testing } from 'cdk8s';
import { BlueGreenApp, BlueGreenAppProps, CanaryApp, IdleSlot, Pods, Probe, RolloutStrategy, SafeRollingDeployment, Slot } from '../../src';
import { Problems } from '../../src/core/problems';
import { synthError } from '../support/synth';

const image = 'registry.example.com/web:1.0.0';
const readiness = Probe.httpGet('/ready');
const blueGreen = (props: Partial<BlueGreenAppProps>) => synthError((chart) => new BlueGreenApp(chart, 'web', {
  readiness, activeSlot: Slot.BLUE, blue: { image }, green: { image: 'registry.example.com/web:1.1.0' }, ...props,
}));
const count = (text: string, part: string) => text.split(part).length - 1;

describe('shared options are checked once per app', () => {
  test('Problems keeps every message it is given (no dedupe to lean on)', () => {
    const chart = Testing.chart();
    const problems = new Problems('BlueGreenApp');
    problems.add('containerName', 'Bad_Name', 'x');
    problems.add('containerName', 'Bad_Name', 'x');
    problems.attachTo(chart);
    expect(chart.node.validate()).toHaveLength(2);
  });

  test('a bad shared prop of a BlueGreenApp with both slots is one error', () => {
    const message = blueGreen({ containerName: 'Bad_Name' });
    expect(count(message, 'BlueGreenApp: \'containerName\' is "Bad_Name"')).toBe(1);
  });

  test('a bad shared prop of a CanaryApp is one error for both tracks', () => {
    const message = synthError((chart) => new CanaryApp(chart, 'web', {
      readiness, stable: { image }, canary: { image: 'registry.example.com/web:1.1.0' }, revisionHistoryLimit: 0,
    }));
    expect(count(message, 'CanaryApp: \'revisionHistoryLimit\' is 0')).toBe(1);
  });

  test('what depends on a Deployment\'s size is judged once per size', () => {
    const strategy = RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.count(1) });
    // Both slots at 3 replicas: one verdict.
    const same = blueGreen({ strategy, replicas: 3 });
    expect(count(same, '\'strategy.maxUnavailable\' is "1"')).toBe(1);
    expect(same).toContain('maxUnavailable 1 resolves to 1 pod(s) at 3 replicas');
    // Slots of 3 and 4 replicas (both kept full): a verdict each.
    const two = blueGreen({ strategy, blue: { image, replicas: 3 }, green: { image: 'registry.example.com/web:1.1.0', replicas: 4 }, idleSlot: IdleSlot.keepFull() });
    expect(count(two, '\'strategy.maxUnavailable\' is "1"')).toBe(2);
    expect(two).toContain('at 3 replicas');
    expect(two).toContain('at 4 replicas');
  });
});

describe('the builder is a construct', () => {
  test('each Deployment is a child of the app\'s Workload, holding its Deployment and PodDisruptionBudget', () => {
    const chart = Testing.chart();
    const app = new BlueGreenApp(chart, 'web', { readiness, activeSlot: Slot.BLUE, blue: { image }, green: { image } });
    const rolling = new SafeRollingDeployment(chart, 'api', { readiness, image });
    const canary = new CanaryApp(chart, 'shop', { readiness, stable: { image } });
    const under = (o: { node: { path: string } }) => o.node.path.slice(chart.node.path.length + 1);
    expect(under(app.blueDeployment!)).toBe('web/Workload/Blue/Deployment');
    expect(under(app.greenDeployment!)).toBe('web/Workload/Green/Deployment');
    expect(under(rolling.deployment)).toBe('api/Workload/Default/Deployment');
    expect(under(rolling.disruptionBudget!)).toBe('api/Workload/Default/DisruptionBudget');
    expect(under(canary.stableDeployment)).toBe('shop/Workload/Stable/Deployment');
    expect(under(canary.canaryDeployment!)).toBe('shop/Workload/Canary/Deployment');
    // The app-wide objects stay where they were.
    expect(under(app.activeService!)).toBe('web/ActiveService');
    expect(under(rolling.service)).toBe('api/Service');
  });
});
