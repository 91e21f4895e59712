import { Chart, Duration, Testing } from 'cdk8s';
import {
  BlueGreenApp, CanaryApp, Drain, HostSpreading, KubernetesTarget, Pods, Probe, RolloutStrategy, SafeRollingDeployment,
  SafeRollingDeploymentProps, Slot, TrafficDistribution,
} from '../../src';
import { planManifests } from '../../src/plan';
import { simulateRollout } from '../../src/plan/simulate';
import { expectAccepted, find } from '../support/synth';
import { buildExamples } from '../../examples/main';

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const DISTROLESS = 'gcr.io/distroless/static:nonroot';
const readiness = Probe.httpGet('/ready');

/** A chart at `target` (unset: the default) with one SafeRollingDeployment. */
function chartAt(target: string | undefined, build: (chart: Chart) => void): Chart {
  const chart = Testing.chart();
  if (target !== undefined) KubernetesTarget.set(chart, target);
  build(chart);
  return chart;
}
function rolling(target: string | undefined, props: Partial<SafeRollingDeploymentProps> = {}): any[] {
  return Testing.synth(chartAt(target, (c) => new SafeRollingDeployment(c, 'web', { image: IMAGE, readiness, ...props })));
}
function rollingError(target: unknown, props: Partial<SafeRollingDeploymentProps> = {}): string {
  const chart = Testing.chart();
  if (target !== undefined) chart.node.setContext(KubernetesTarget.CONTEXT_KEY, target);
  new SafeRollingDeployment(chart, 'web', { image: IMAGE, readiness, ...props });
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail');
}
const podOf = (manifests: any[]) => find(manifests, 'Deployment').spec.template.spec;
const REQUIRED = { acrossHosts: HostSpreading.REQUIRED };

describe('the target Kubernetes version', () => {
  test('defaults to 1.31, set once on an App reaches every chart below it', () => {
    expect(KubernetesTarget.DEFAULT_VERSION).toBe('1.31');
    const app = Testing.app();
    KubernetesTarget.set(app, '1.29');
    const chart = new Chart(app, 'shop');
    new SafeRollingDeployment(chart, 'web', { image: IMAGE, readiness });
    expect(podOf(Testing.synth(chart)).containers[0].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
  });

  test.each<[unknown, string]>([
    ['1.26', 'Kubernetes 1.26 is older than the 1.27 schema'],
    ['1.38', 'knows Kubernetes up to 1.37'],
    ['one-thirty', 'it must be a Kubernetes version "1.27" to "1.37"'],
    [1.3, 'the number 1.3 loses trailing zeros (1.30 is 1.3); quote it'],
  ])('%p is an error naming the construct and the context key', (value, expected) => {
    const message = rollingError(value);
    expect(message).toContain(`SafeRollingDeployment: 'target version (context "release-strategies.cdk8s.io/target-version")' is ${JSON.stringify(value)}`);
    expect(message).toContain(expected);
  });
});

describe('Drain.sleep by target', () => {
  test('1.30 and later: the native sleep action, which reaches the YAML through the 1.27 bindings', () => {
    for (const target of ['1.30', undefined, '1.37']) {
      const manifests = rolling(target, { drain: Drain.sleep(Duration.seconds(12)) });
      expect(podOf(manifests).containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 12 } } });
      expect(podOf(manifests).terminationGracePeriodSeconds).toBe(32);
      expectAccepted(manifests);
    }
  });

  test('the native action needs nothing in the image: distroless is fine', () => {
    expect(podOf(rolling('1.30', { image: DISTROLESS })).containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
  });

  test('below 1.30: `sleep N` in the container', () => {
    const manifests = rolling('1.29');
    expect(podOf(manifests).containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
    expectAccepted(manifests);
  });

  test.each([
    DISTROLESS,
    'gcr.io/distroless/base-debian12@sha256:' + 'a'.repeat(64),
    'registry.example.com/scratch:1.0',
    'cgr.dev/chainguard/static:1.0',
    'registry.example.com/base/static-debian12:1',
  ])('below 1.30, an image without a shell (%s) is an error with the fixes', (image) => {
    const message = rollingError('1.29', { image });
    expect(message).toContain(`SafeRollingDeployment: 'image' is "${image}"; it has no shell or \`sleep\` binary`);
    expect(message).toContain('Drain.httpGet(path, { duration })');
    expect(message).toContain('target Kubernetes 1.30 or later');
    expect(message).toContain('{ imageHasSleep: true }');
  });

  test('below 1.30, images with a shell pass: distroless :debug (busybox), ordinary names, or the user\'s word', () => {
    for (const image of ['gcr.io/distroless/base:debug-nonroot', 'registry.example.com/staticsite:2.0', IMAGE]) {
      expect(podOf(rolling('1.29', { image })).containers[0].lifecycle.preStop.exec).toBeDefined();
    }
    expect(podOf(rolling('1.29', { image: DISTROLESS, drain: Drain.sleep(Duration.seconds(5), { imageHasSleep: true }) })).containers[0].lifecycle.preStop)
      .toEqual({ exec: { command: ['sleep', '5'] } });
    // An HTTP drain never needs the binary.
    expect(podOf(rolling('1.29', { image: DISTROLESS, drain: Drain.httpGet('/drain', { duration: Duration.seconds(5) }) })).containers[0].lifecycle.preStop.httpGet).toBeDefined();
  });

  test('each slot\'s image is checked', () => {
    const chart = Testing.chart();
    KubernetesTarget.set(chart, '1.29');
    new BlueGreenApp(chart, 'web', { readiness, activeSlot: Slot.BLUE, blue: { image: IMAGE }, green: { image: DISTROLESS } });
    expect(() => Testing.synth(chart)).toThrow(/BlueGreenApp: 'green.image' is "gcr.io\/distroless\/static:nonroot"; it has no shell/);
  });
});

describe('required host anti-affinity by target', () => {
  test('1.31 and later: scoped to one revision, which reaches the YAML through the 1.27 bindings', () => {
    const manifests = rolling(undefined, { replicas: 3, spreading: REQUIRED });
    expect(podOf(manifests).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys).toEqual(['pod-template-hash']);
    expectAccepted(manifests);
  });

  test('below 1.31 with a surging rolling update: refused with the arithmetic (3 replicas + 1 surge = 4 nodes)', () => {
    const message = rollingError('1.30', { replicas: 3, spreading: REQUIRED });
    expect(message).toContain('SafeRollingDeployment: \'spreading.acrossHosts\' is "REQUIRED"; at Kubernetes 1.30');
    expect(message).toContain('3 replicas + 1 surge = 4 nodes');
    expect(message).toContain('\'spreading.nodes\' (at least 4)');
    // maxSurge 50% of 3 rounds up to 2.
    expect(rollingError('1.30', { replicas: 3, spreading: REQUIRED, strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.percent(50) }) }))
      .toContain('3 replicas + 2 surge = 5 nodes');
  });

  test('below 1.31: a stated node count that fits is accepted and recorded as the plugin\'s waiver; one that does not is an error', () => {
    const manifests = rolling('1.30', { replicas: 3, spreading: { ...REQUIRED, nodes: 4 } });
    const deployment = find(manifests, 'Deployment');
    expect(deployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys).toBeUndefined();
    expect(deployment.metadata.annotations['waive.release-strategies.cdk8s.io/RS209']).toBe('spreading.nodes: 4 stated in code: 3 replicas + 1 surge pod(s) fit, one per node');
    expect(rollingError('1.30', { replicas: 3, spreading: { ...REQUIRED, nodes: 3 } })).toContain('\'spreading.nodes\' is 3; it is too few for HostSpreading.REQUIRED');
  });

  test('a node count below the replicas is an error at any target', () => {
    expect(rollingError(undefined, { replicas: 3, spreading: { ...REQUIRED, nodes: 2 } })).toContain('3 replicas need 3 nodes, or the rest stay Pending');
  });

  test('Recreate and preferred spreading need no statement', () => {
    expect(() => rolling('1.30', { replicas: 3, spreading: { acrossHosts: HostSpreading.PREFERRED } })).not.toThrow();
  });

  test('the controller\'s arithmetic: 3 replicas, surge 1, nodes = replicas: stalls unscoped, completes per revision', () => {
    // Worked out from the rules: total pods <= replicas + surge = 4; the surge pod of an unscoped term needs a 4th node.
    const input = {
      replicas: 3, fromReplicas: 3, recreate: false, maxSurge: 1, maxUnavailable: 0, secondsToAvailable: 10, secondsToTerminate: 30, nodes: 3,
    };
    const placement = (perRevision: boolean) => ({ perNode: 1, perRevision, description: 'required hostname anti-affinity' });
    expect(simulateRollout({ ...input, placement: placement(false) }).stalled).toBeDefined();
    expect(simulateRollout({ ...input, placement: placement(false), nodes: 4 }).completeAt).toBeDefined();
    expect(simulateRollout({ ...input, placement: placement(true) }).completeAt).toBeDefined();
  });
});

describe('Service trafficDistribution', () => {
  const at = (target: string | undefined, trafficDistribution: TrafficDistribution) =>
    rolling(target, { service: { trafficDistribution } });

  test('unset by default: every ready endpoint alike', () => {
    expect(find(rolling(undefined), 'Service').spec.trafficDistribution).toBeUndefined();
  });

  test('PREFER_SAME_ZONE: PreferSameZone from 1.34, its former name PreferClose at 1.31 to 1.33, on every Service of the app', () => {
    const manifests = at('1.34', TrafficDistribution.PREFER_SAME_ZONE);
    expect(find(manifests, 'Service').spec.trafficDistribution).toBe('PreferSameZone');
    expectAccepted(manifests);
    expect(find(at(undefined, TrafficDistribution.PREFER_SAME_ZONE), 'Service').spec.trafficDistribution).toBe('PreferClose');
    const chart = chartAt('1.35', (c) => new CanaryApp(c, 'web', {
      readiness, stable: { image: IMAGE }, canary: { image: 'registry.example.com/shop/web:1.5.0' }, service: { trafficDistribution: TrafficDistribution.PREFER_SAME_ZONE },
    }));
    expect(Testing.synth(chart).filter((m) => m.kind === 'Service').map((m) => m.spec.trafficDistribution)).toEqual(['PreferSameZone', 'PreferSameZone', 'PreferSameZone']);
  });

  test('PREFER_SAME_NODE from 1.34; below the version that serves a value, an error', () => {
    expect(find(at('1.34', TrafficDistribution.PREFER_SAME_NODE), 'Service').spec.trafficDistribution).toBe('PreferSameNode');
    expect(rollingError('1.33', { service: { trafficDistribution: TrafficDistribution.PREFER_SAME_NODE } }))
      .toContain('\'service.trafficDistribution\' is "PREFER_SAME_NODE"; Kubernetes 1.33 does not serve it');
    expect(rollingError('1.30', { service: { trafficDistribution: TrafficDistribution.PREFER_SAME_ZONE } }))
      .toContain('trafficDistribution is on by default from 1.31');
  });
});

describe('every example\'s release finishes on as many nodes as its largest Deployment has replicas', () => {
  // Through the Deployment controller's rules (src/plan): the plan replays a new image per app. At the
  // default target, required anti-affinity is per revision, so a rolling update's surge pod shares a
  // node with an old pod; an idle blue/green slot replaces its pods at once on its own nodes.
  const app = Testing.app();
  buildExamples(app);
  const charts = app.charts.map((chart) => [chart.node.id, Testing.synth(chart)] as const);
  test.each(charts)('%s', (_name, manifests) => {
    // A StatefulSet counts like a Deployment; a DaemonSet-only chart is planned on 3 nodes.
    const counts = manifests.filter((m: any) => m.kind === 'Deployment' || m.kind === 'StatefulSet').map((m: any) => m.spec.replicas ?? 1);
    const largest = counts.length ? Math.max(...counts) : 3;
    const plan = planManifests(manifests.map((object: any) => ({ file: 'x.yaml', object })), { nodes: largest });
    expect(plan.errors).toEqual([]);
    for (const app of plan.apps) expect(app.summary.stalled).toBeUndefined();
  });
});
