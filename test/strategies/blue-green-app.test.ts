import { Testing } from 'cdk8s';
import { BlueGreenApp, BlueGreenAppProps, HostSpreading, IdleSlot, KubernetesTarget, Pods, Probe, RolloutStrategy, ServiceType, Slot } from '../../src';
import { validateManifests } from '../../src/validation/validate';
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
      expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toBeDefined();
    }
  });

  test('both slots roll with the app\'s strategy, so a flip changes no Deployment', () => {
    for (const slot of ['blue', 'green']) {
      expect(find(manifests, 'Deployment', `web-${slot}`).spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    }
  });

  test('below 1.31 with required host spreading, the idle slot replaces its pods at once (its surge pod could not be placed)', () => {
    const spreading = { acrossHosts: HostSpreading.REQUIRED, nodes: 3 };
    const old = synth((chart) => { KubernetesTarget.set(chart, '1.30'); new BlueGreenApp(chart, 'web', { ...base, spreading }); });
    expect(find(old, 'Deployment', 'web-blue').spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    const idle = find(old, 'Deployment', 'web-green');
    expect(idle.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '100%' } });
    // Recorded as the plugin's RS204 waiver: a capacity drop on purpose, in a slot without live traffic.
    expect(idle.metadata.annotations['waive.release-strategies.cdk8s.io/RS204']).toMatch(/^idle blue\/green slot: serves no live traffic/);
    // Scoped to a revision (1.31+), the app's strategy fits the slot's nodes: no idle strategy.
    const current = synth((chart) => { new BlueGreenApp(chart, 'web', { ...base, spreading }); });
    expect(find(current, 'Deployment', 'web-green').spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    // An app on Recreate keeps Recreate in both slots.
    const recreate = build({ strategy: RolloutStrategy.recreate() });
    expect(find(recreate, 'Deployment', 'web-green').spec.strategy).toEqual({ type: 'Recreate' });
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

  test('seed 000 in both states: snapshots, and the same diff', () => {
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

describe('BlueGreenApp with autoscaling', () => {
  // A release in progress: green has the next version and is kept full, ready for the flip.
  const scaling = { minReplicas: 3, maxReplicas: 10 };
  const releasing = (activeSlot = Slot.BLUE) => build({ activeSlot, autoscaling: scaling, flipReplicas: 6 });
  const kinds = (manifests: any[]) => manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler');
  // Polaris wants `replicas` on every Deployment, kube-score none on an autoscaler's target: the
  // autoscaler owning the count is the correct side of that conflict, and the slots carry Polaris'
  // exemption saying so.

  test('one autoscaler per slot, each scaling its own Deployment, which has no replicas', () => {
    const manifests = releasing();
    expect(kinds(manifests).map((h) => [h.metadata.name, h.spec.scaleTargetRef])).toEqual([
      ['web-blue', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-blue' }],
      ['web-green', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-green' }],
    ]);
    for (const slot of ['blue', 'green']) expect(find(manifests, 'Deployment', `web-${slot}`).spec).not.toHaveProperty('replicas');
    expect(find(manifests, 'HorizontalPodAutoscaler', 'web-green').metadata.labels[SLOT]).toBe('green');
    expectAccepted(manifests);
  });

  test('while a flip may come, both slots keep at least flipReplicas, scaling on CPU up to maxReplicas', () => {
    for (const hpa of kinds(releasing())) {
      expect(hpa.spec).toMatchObject({
        minReplicas: 6, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
      expect(hpa.spec.behavior).toBeUndefined();
    }
  });

  test('the flip still changes one selector value on each Service and nothing else', () => {
    // Besides the Argo CD sync waves of the slots (which slot is applied before the Services: no pod change).
    expect(diffPaths(releasing(Slot.BLUE), releasing(Slot.GREEN)).filter((p) => !p.endsWith('argocd.argoproj.io/sync-wave'))).toEqual([
      `Service/web spec.selector.${SLOT}`,
      `Service/web-preview spec.selector.${SLOT}`,
    ]);
  });

  test('once the release is done, the idle slot has a fixed size and no autoscaler; the active slot\'s minimum returns', () => {
    const done = build({ autoscaling: scaling, idleSlot: IdleSlot.scaleToZero() });
    expect(kinds(done).map((h) => [h.metadata.name, h.spec.minReplicas, h.spec.maxReplicas])).toEqual([['web-blue', 3, 10]]);
    expect(find(done, 'Deployment', 'web-green').spec.replicas).toBe(0);
    expect(diffPaths(releasing(), done)).toEqual([
      'Deployment/web-green spec.replicas',
      'HorizontalPodAutoscaler/web-blue spec.minReplicas',
      'HorizontalPodAutoscaler/web-green (removed)',
    ]);
    const smaller = build({ autoscaling: scaling, idleSlot: IdleSlot.scaleTo(2) });
    expect(find(smaller, 'Deployment', 'web-green').spec.replicas).toBe(2);
    expect(kinds(smaller)).toHaveLength(1);
    // The preview Service selects the idle slot, scaled to zero on purpose.
    expectAccepted(done);
  });

  test('an empty idle slot needs no flipReplicas', () => {
    expect(kinds(build({ autoscaling: scaling, green: {} })).map((h) => h.spec.minReplicas)).toEqual([3]);
  });

  test('the rollout\'s capacity is judged across the autoscaler\'s range', () => {
    // 25% of 10 replicas is 2.5, rounded down to 2 pods unavailable.
    expect(errorOf({ autoscaling: scaling, flipReplicas: 6, strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: Pods.percent(25) }) }))
      .toContain('\'strategy.maxUnavailable\' is "25%"; maxUnavailable 25% resolves to 2 pod(s) at up to 10 replicas');
  });

  test('the validation plugin reads each slot\'s range from its own autoscaler', () => {
    const manifests = releasing();
    find(manifests, 'Deployment', 'web-green').spec.strategy.rollingUpdate.maxUnavailable = '25%';
    const found = validateManifests(manifests).filter((v) => v.ruleId === 'RS204');
    expect(found.map((v) => v.name)).toEqual(['web-green']);
    // 25% comes to 1 pod first at 4 replicas; the autoscaler runs it from 6.
    expect(found[0].message).toContain('at 6 replicas');
    expect(found[0].message).toContain('HorizontalPodAutoscaler/web-green');
  });

  test.each<[string, Partial<BlueGreenAppProps>, string]>([
    ['replicas with autoscaling', { autoscaling: scaling, flipReplicas: 6, replicas: 4 }, '\'replicas\' is 4; leave it unset with \'autoscaling\''],
    ['a slot\'s replicas with autoscaling', { autoscaling: scaling, flipReplicas: 6, green: { image: 'registry.example.com/shop/web:1.5.0', replicas: 4 } }, '\'green.replicas\' is 4; leave it unset with \'autoscaling\''],
    ['a kept-full idle slot without flipReplicas', { autoscaling: scaling }, '\'flipReplicas\' is missing; with \'autoscaling\' and IdleSlot.keepFull(), set it to at least the active slot\'s current replica count (`kubectl get hpa web-blue`)'],
    ['flipReplicas at maxReplicas', { autoscaling: scaling, flipReplicas: 10 }, '\'flipReplicas\' is 10; it must be a whole number from autoscaling.minReplicas (3) to below autoscaling.maxReplicas (10)'],
    ['flipReplicas below minReplicas', { autoscaling: scaling, flipReplicas: 2 }, '\'flipReplicas\' is 2; it must be a whole number from autoscaling.minReplicas (3)'],
    ['flipReplicas after the release', { autoscaling: scaling, flipReplicas: 6, idleSlot: IdleSlot.scaleToZero() }, '\'flipReplicas\' is 6; it applies only while the idle slot is kept full'],
    ['flipReplicas without autoscaling', { flipReplicas: 6 }, '\'flipReplicas\' is 6; it applies only with \'autoscaling\''],
    ['an idle size above maxReplicas', { autoscaling: scaling, idleSlot: IdleSlot.scaleTo(11) }, '\'idleSlot\' is 11; an idle slot runs at most its full size (10 replica(s) in the green slot, autoscaling.maxReplicas)'],
  ])('%s', (_name, props, message) => {
    expect(errorOf(props)).toContain(`BlueGreenApp: ${message}`);
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
