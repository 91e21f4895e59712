/**
 * The linters' exemptions (src/workload/linters.ts): written on a workload only where the library
 * decided on purpose what a linter check reads as a mistake, on the workload's own metadata (never
 * the pod template, so no pod rolls), the same on every step of a release; and a check worth reading
 * keeps firing.
 */
import { BlueGreenApp, BlueGreenAppProps, DisruptionBudget, IdleSlot, Probe, SafeDaemonSet, SafeRollingDeployment, SafeRollingDeploymentProps, Slot } from '../../src';
import { lint } from '../support/linters';
import { expectAccepted, find, synth } from '../support/synth';

const readiness = Probe.httpGet('/ready');
const image = 'registry.example.com/shop/web:1.4.2';
const REPLICAS = ['polaris.fairwinds.com/deploymentMissingReplicas-exempt', 'kube-score/ignore'];
const PRIORITY = 'polaris.fairwinds.com/priorityClassNotSet-exempt';
const rolling = (props: Partial<SafeRollingDeploymentProps> = {}) => synth((chart) => new SafeRollingDeployment(chart, 'web', { image, readiness, ...props }));
const blueGreen = (props: Partial<BlueGreenAppProps> = {}) => synth((chart) => new BlueGreenApp(chart, 'web', {
  readiness, activeSlot: Slot.BLUE, blue: { image }, green: { image: 'registry.example.com/shop/web:1.5.0' }, ...props,
}));
const annotations = (manifests: any[], kind: string, name?: string) => find(manifests, kind, name).metadata.annotations ?? {};
const linterKeys = (object: Record<string, string>) => Object.keys(object).filter((k) => k.startsWith('polaris.fairwinds.com/') || k.startsWith('kube-score/'));

describe('linter exemptions', () => {
  test('a pod without a priority class runs at the cluster\'s default: exempted on the workload, never on the pod template', () => {
    const manifests = rolling();
    const deployment = find(manifests, 'Deployment');
    expect(deployment.metadata.annotations[PRIORITY]).toBe('true');
    expect(linterKeys(deployment.spec.template.metadata.annotations ?? {})).toEqual([]);
    // Two fixed replicas: nothing about the replica count to exempt.
    for (const key of REPLICAS) expect(deployment.metadata.annotations[key]).toBeUndefined();
    expectAccepted(manifests);
  });

  test('with priorityClassName the exemption goes, and Polaris has nothing to say', () => {
    const manifests = rolling({ priorityClassName: 'shop-critical' });
    expect(annotations(manifests, 'Deployment')[PRIORITY]).toBeUndefined();
    expectAccepted(manifests);
  });

  test('an autoscaler owns the count: the Deployment without replicas is exempted from both replica checks', () => {
    const manifests = rolling({ autoscaling: { minReplicas: 3, maxReplicas: 10 } });
    expect(annotations(manifests, 'Deployment')).toMatchObject({ [REPLICAS[0]]: 'true', 'kube-score/ignore': 'deployment-replicas' });
    expectAccepted(manifests);
  });

  test('one replica asked for by the app is not exempted: the warning is worth reading', () => {
    const manifests = rolling({ replicas: 1, disruptionBudget: DisruptionBudget.none() });
    for (const key of REPLICAS) expect(annotations(manifests, 'Deployment')[key]).toBeUndefined();
    expect(lint(manifests).map((f) => `${f.linter}/${f.rule}`)).toContain('polaris/deploymentMissingReplicas');
  });

  test('blue/green slots are sized by the release: exempted on every step alike, so a step\'s diff never toggles it', () => {
    const steps = [
      blueGreen({ idleSlot: IdleSlot.scaleToZero() }),
      blueGreen({ idleSlot: IdleSlot.keepFull() }),
      blueGreen({ activeSlot: Slot.GREEN, idleSlot: IdleSlot.keepFull() }),
      blueGreen({ activeSlot: Slot.GREEN, idleSlot: IdleSlot.scaleToZero() }),
    ];
    for (const manifests of steps) {
      for (const slot of ['web-blue', 'web-green']) expect(annotations(manifests, 'Deployment', slot)).toMatchObject({ [REPLICAS[0]]: 'true', [PRIORITY]: 'true' });
      expectAccepted(manifests);
    }
  });

  test('a DaemonSet has one pod per node: exempted from Polaris\' topology spread check', () => {
    const manifests = synth((chart) => new SafeDaemonSet(chart, 'agent', {
      image: 'registry.example.com/infra/node-agent:3.2.0', readiness, ports: [{ port: 9100, name: 'metrics' }],
    }));
    expect(annotations(manifests, 'DaemonSet')['polaris.fairwinds.com/topologySpreadConstraint-exempt']).toBe('true');
    expectAccepted(manifests);
  });
});
