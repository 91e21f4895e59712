import { Testing } from 'cdk8s';
import { BlueGreenApp, BlueGreenAppProps, IdleSlot, Probe, ServiceType, Slot } from '../../src';
import { GolangBlueGreenChart } from '../../examples/seed-000-golang-blue-green';
import { diffPaths } from '../support/diff';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const SLOT = 'release-strategies.cdk8s.io/slot';
const WAVE = 'argocd.argoproj.io/sync-wave';
const base: BlueGreenAppProps = {
  activeSlot: Slot.BLUE,
  blue: { image: 'registry.example.com/shop/web:1.4.2' },
  green: { image: 'registry.example.com/shop/web:1.5.0' },
  readiness: Probe.httpGet('/ready'),
};
const build = (props: Partial<BlueGreenAppProps> = {}) => synth((chart) => new BlueGreenApp(chart, 'web', { ...base, ...props }));
const errorOf = (props: Partial<BlueGreenAppProps>) => synthError((chart) => new BlueGreenApp(chart, 'web', { ...base, ...props } as BlueGreenAppProps));
const seed000 = (activeSlot: Slot) => Testing.synth(new GolangBlueGreenChart(Testing.app(), 'seed-000-golang-blue-green', { activeSlot }));

describe('BlueGreenApp', () => {
  const manifests = build();

  test('the minimal app is what a reviewer expects', () => {
    expect(toYaml(manifests)).toMatchSnapshot();
  });

  test('an API server and the linters accept both slots and both Services', () => {
    expectAccepted(manifests);
  });

  test('deterministic names: <name>-blue, <name>-green, <name>, <name>-preview', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/web-blue', 'PodDisruptionBudget/web-blue-pdb', 'Deployment/web-green', 'PodDisruptionBudget/web-green-pdb',
      'Service/web', 'Service/web-preview', 'NetworkPolicy/web',
    ]);
  });

  test('each slot is a safe Deployment of its own version, selected by app and slot', () => {
    for (const [slot, version] of [['blue', '1.4.2'], ['green', '1.5.0']]) {
      const deployment = find(manifests, 'Deployment', `web-${slot}`);
      expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': `web-${slot}`, [SLOT]: slot });
      expect(deployment.spec.template.metadata.labels).toMatchObject({ [SLOT]: slot, 'app.kubernetes.io/version': version });
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
      expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toBeDefined();
    }
  });

  test('the Services select app and slot only, so each covers its whole slot', () => {
    expect(find(manifests, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', [SLOT]: 'blue' });
  });

  test('the active Service selects the active slot, the preview Service the other', () => {
    expect(find(manifests, 'Service', 'web').spec.selector[SLOT]).toBe('blue');
    expect(find(manifests, 'Service', 'web-preview').spec.selector[SLOT]).toBe('green');
    expect(find(build({ activeSlot: Slot.GREEN }), 'Service', 'web-preview').spec.selector[SLOT]).toBe('blue');
  });

  test('anti-affinity keeps a slot\'s replicas apart but not blue from green', () => {
    const term = find(manifests, 'Deployment', 'web-blue').spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    expect(term.labelSelector.matchLabels[SLOT]).toBe('blue');
  });

  test('outputs name the Services and slots', () => {
    let app!: BlueGreenApp;
    synth((chart) => { app = new BlueGreenApp(chart, 'web', base); });
    expect(app.activeServiceName).toBe('web');
    expect(app.previewService?.name).toBe('web-preview');
    expect(app.idleSlot).toBe(Slot.GREEN);
    expect(app.blueDeployment?.name).toBe('web-blue');
  });
});

describe('flipping the active slot', () => {
  test('changes exactly one selector value on each Service, and which slot Argo CD applies before and after them', () => {
    expect(diffPaths(build({ activeSlot: Slot.BLUE }), build({ activeSlot: Slot.GREEN }))).toEqual([
      `Deployment/web-blue metadata.annotations.${WAVE}`,
      `Deployment/web-green metadata.annotations.${WAVE}`,
      `PodDisruptionBudget/web-blue-pdb metadata.annotations.${WAVE}`,
      `PodDisruptionBudget/web-green-pdb metadata.annotations.${WAVE}`,
      `Service/web spec.selector.${SLOT}`,
      `Service/web-preview spec.selector.${SLOT}`,
    ]);
  });

  test('without sync waves: exactly one selector value on each Service and nothing else', () => {
    expect(diffPaths(build({ activeSlot: Slot.BLUE, syncWaves: false }), build({ activeSlot: Slot.GREEN, syncWaves: false }))).toEqual([
      `Service/web spec.selector.${SLOT}`,
      `Service/web-preview spec.selector.${SLOT}`,
    ]);
  });

  test('seed 000 in both states: snapshots, and the same one-selector diff', () => {
    const blue = seed000(Slot.BLUE);
    const green = seed000(Slot.GREEN);
    expect(toYaml(green)).toMatchSnapshot();
    expectAccepted(green);
    expect(diffPaths(blue, green).filter((p) => !p.endsWith(WAVE))).toEqual([
      `Service/golang-test-01-app spec.selector.${SLOT}`,
      `Service/golang-test-01-app-preview spec.selector.${SLOT}`,
    ]);
  });
});

describe('the idle slot', () => {
  test('is kept at full size by default, for an instant rollback', () => {
    expect(find(build(), 'Deployment', 'web-green').spec.replicas).toBe(2);
  });

  test('can be scaled down or to zero once the release is done; the active slot keeps its size', () => {
    const smaller = build({ replicas: 4, idleSlot: IdleSlot.scaleTo(1) });
    expect(find(smaller, 'Deployment', 'web-blue').spec.replicas).toBe(4);
    expect(find(smaller, 'Deployment', 'web-green').spec.replicas).toBe(1);
    const zero = build({ idleSlot: IdleSlot.scaleToZero() });
    expect(find(zero, 'Deployment', 'web-green').spec.replicas).toBe(0);
    // Its budget stays valid for when it is scaled back up.
    expect(find(zero, 'PodDisruptionBudget', 'web-green-pdb').spec.maxUnavailable).toBe(1);
  });

  test('an empty idle slot has no Deployment and no preview Service', () => {
    const manifests = build({ green: {} });
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Deployment/web-blue', 'PodDisruptionBudget/web-blue-pdb', 'Service/web', 'NetworkPolicy/web']);
    expectAccepted(manifests);
  });

  test('a NodePort app exposes the active Service on the node port; the preview stays ClusterIP without it', () => {
    const manifests = build({ service: { type: ServiceType.NODE_PORT, nodePort: 30080 } });
    expect(find(manifests, 'Service', 'web').spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30080 }] });
    expect(find(manifests, 'Service', 'web-preview').spec.type).toBe('ClusterIP');
    expect(find(manifests, 'Service', 'web-preview').spec.ports[0].nodePort).toBeUndefined();
    expectAccepted(manifests, ['kube-score/service-type']);
  });

  test('the preview Service can be switched off', () => {
    expect(build({ preview: false }).some((m) => m.metadata.name === 'web-preview')).toBe(false);
  });

  test('each slot may run its own replica count', () => {
    expect(find(build({ green: { image: 'registry.example.com/shop/web:1.5.0', replicas: 3 } }), 'Deployment', 'web-green').spec.replicas).toBe(3);
  });
});

describe('BlueGreenApp bad input', () => {
  test.each<[string, Partial<BlueGreenAppProps>, string]>([
    ['active slot without an image', { activeSlot: Slot.GREEN, green: {} }, '\'green.image\' is missing; the active slot needs a version to serve'],
    ['active slot with zero replicas', { blue: { image: 'registry.example.com/shop/web:1.4.2', replicas: 0 } }, '\'blue.replicas\' is 0; the active slot serves all traffic'],
    ['mutable tag in a slot', { green: { image: 'registry.example.com/shop/web:latest' } }, '\'green.image\' is "registry.example.com/shop/web:latest"'],
    ['negative idle size', { idleSlot: IdleSlot.scaleTo(-1) }, '\'idleSlot\' is -1; an idle slot runs a whole number of replicas'],
    ['unknown slot', { activeSlot: 'red' as Slot }, '\'activeSlot\' is "red"; it must be Slot.BLUE or Slot.GREEN'],
    ['name too long for the derived names', { name: 'a'.repeat(56) }, `'name' is "${'a'.repeat(56)}"; '${'a'.repeat(56)}-preview', the longest name derived from it, is 64 characters long; at most 63 are allowed; choose a name of at most 55 characters`],
    ['missing readiness', { readiness: undefined }, '\'readiness\' is missing'],
  ])('%s', (_, props, expected) => {
    expect(errorOf(props)).toContain(`BlueGreenApp: ${expected}`);
  });

  test('a problem with the shared options is reported once, not once per slot', () => {
    const message = errorOf({ readiness: undefined });
    expect(message.split('\'readiness\' is missing').length - 1).toBe(1);
  });
});
