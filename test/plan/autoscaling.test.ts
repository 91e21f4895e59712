/**
 * Deployments scaled by a HorizontalPodAutoscaler have no `replicas`: the plan starts them at the
 * autoscaler's minReplicas (what a release starts from at the least) and gives the peak pods and the
 * nodes needed at its maxReplicas too. Expected values from the Deployment controller's rounding
 * (maxSurge up, maxUnavailable down, against the replicas of the moment).
 */
import { Testing } from 'cdk8s';
import { AutoscalingBlueGreenChart } from '../../examples/autoscaling-blue-green';
import { AutoscalingCanaryChart } from '../../examples/autoscaling-canary';
import { planManifests, PlanError } from '../../src/plan';

const FILE = 'dist/app.k8s.yaml';

function deployment(replicas?: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }],
            },
          },
          containers: [{ name: 'app', image: 'web:1' }],
        },
      },
    },
  };
}

function hpa(spec: Record<string, unknown>, namespace = 'shop', targetKind = 'Deployment') {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: targetKind, name: 'web' }, ...spec },
  };
}

const plan = (objects: any[], nodes?: number) => planManifests(objects.map((object) => ({ file: FILE, object })), { nodes });

describe('HPA min 4 / max 10 on a 25% / 0 Deployment under required hostname anti-affinity', () => {
  const output = plan([deployment(), hpa({ minReplicas: 4, maxReplicas: 10 })]);
  const app = output.apps[0];

  test('planned at minReplicas 4: maxSurge ceil(25% of 4) = 1, so a peak of 5 pods and never below 4 available', () => {
    expect(app.replicas).toBe(4);
    expect(app.summary.peakPods).toBe(5);
    expect(app.summary.lowestAvailable).toBe(4);
  });

  test('at maxReplicas 10: maxSurge ceil(2.5) = 3, a peak of 13 pods', () => {
    expect(app.summary.replicasAtMax).toBe(10);
    expect(app.summary.peakPodsAtMax).toBe(13);
    expect(output.files['plan.md']).toContain('**13** with every autoscaler at maxReplicas (10 replicas)');
  });

  test('nodes at maxReplicas: a new pod needs a node with none of the 10 old pods, which stay until it is available: 11', () => {
    expect(app.summary.nodesNeeded).toBe(11);
    // At 4 replicas it is 5; scoped per revision, 10 old pods on 10 nodes leave room for every new pod.
    expect(app.summary.nodesNote).toMatch(/^with every autoscaler at maxReplicas, 10 replicas \(5 at 4\); .*: 11 node\(s\); with .* it would be 10$/);
    expect(plan([deployment(), hpa({ minReplicas: 4, maxReplicas: 10 })], 10).errors).toEqual([
      expect.stringMatching(/Deployment shop\/web .*needs 11 nodes to finish, the cluster has 10/),
    ]);
    expect(plan([deployment(), hpa({ minReplicas: 4, maxReplicas: 10 })], 11).errors).toEqual([]);
  });

  test('the notes name the autoscaler and say it may run the Deployment higher', () => {
    expect(app.notes[0]).toMatch(/HorizontalPodAutoscaler\/shop\/web scales it from 4 to 10 replicas: planned at 4, .*may run it higher/);
  });
});

test('without an autoscaler and without replicas: Kubernetes\' default of 1 (surge ceil(0.25) = 1: a peak of 2, nodes 2)', () => {
  const app = plan([deployment()]).apps[0];
  expect(app.replicas).toBe(1);
  expect(app.summary.peakPods).toBe(2);
  expect(app.summary.nodesNeeded).toBe(2);
  expect(app.summary.replicasAtMax).toBeUndefined();
  expect(app.notes.join('\n')).not.toMatch(/HorizontalPodAutoscaler/);
});

test('an autoscaler in another namespace or scaling another kind does not scale the Deployment', () => {
  for (const other of [hpa({ minReplicas: 4, maxReplicas: 10 }, 'other'), hpa({ minReplicas: 4, maxReplicas: 10 }, 'shop', 'StatefulSet')]) {
    const app = plan([deployment(), other]).apps[0];
    expect(app.replicas).toBe(1);
    expect(app.summary.replicasAtMax).toBeUndefined();
  }
});

test('minReplicas unset is 1 (the autoscaling/v2 default); the autoscaler wins over replicas written in the Deployment', () => {
  const app = plan([deployment(), hpa({ maxReplicas: 3 })]).apps[0];
  expect([app.replicas, app.summary.replicasAtMax, app.summary.peakPodsAtMax]).toEqual([1, 3, 4]);
  expect(plan([deployment(7), hpa({ minReplicas: 2, maxReplicas: 3 })]).apps[0].replicas).toBe(2);
});

test('autoscaler bounds the API server refuses: an error naming the file, the autoscaler and the field', () => {
  expect(() => plan([deployment(), hpa({ minReplicas: 0, maxReplicas: 3 })])).toThrow(PlanError);
  expect(() => plan([deployment(), hpa({ minReplicas: 0, maxReplicas: 3 })]))
    .toThrow('dist/app.k8s.yaml: HorizontalPodAutoscaler/shop/web: spec.minReplicas is 0; a whole number, 1 or more');
  expect(() => plan([deployment(), hpa({ minReplicas: 4, maxReplicas: 3 })]))
    .toThrow('HorizontalPodAutoscaler/shop/web: spec.maxReplicas is 3; a whole number, minReplicas (4) or more');
});

describe('the autoscaling examples', () => {
  const planOf = (chart: any) => planManifests(Testing.synth(chart).map((object) => ({ file: FILE, object })), { nodes: 3 });

  test('blue/green, both slots 6 to 12: 6 serving + 6 idle + ceil(25% of 6) = 2 surge = 14; at 12: 12 + 12 + 3 = 27', () => {
    const output = planOf(new AutoscalingBlueGreenChart(Testing.app(), 'bg'));
    expect(output.errors).toEqual([]);
    const app = output.apps[0];
    expect(app.title).toBe('BlueGreenApp shop/checkout');
    expect([app.replicas, app.summary.peakPods, app.summary.lowestAvailable]).toEqual([6, 14, 6]);
    expect([app.summary.replicasAtMax, app.summary.peakPodsAtMax]).toEqual([12, 27]);
    expect(app.summary.estimatedSeconds).toBeDefined();
  });

  test('canary, stable 4 to 20 and canary 2 to 4 behind Istio: 4 stable + 2 canary = 6; at max the promotion, 20 + ceil(5) = 25', () => {
    const output = planOf(new AutoscalingCanaryChart(Testing.app(), 'canary'));
    expect(output.errors).toEqual([]);
    const app = output.apps[0];
    expect(app.title).toBe('CanaryApp shop/search');
    expect([app.replicas, app.summary.peakPods, app.summary.lowestAvailable]).toEqual([4, 6, 4]);
    expect([app.summary.replicasAtMax, app.summary.peakPodsAtMax]).toEqual([20, 25]);
    expect(app.summary.estimatedSeconds).toBeDefined();
  });
});
