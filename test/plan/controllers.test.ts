/**
 * The plan of graduated apps: an Argo Rollout's steps and a Flagger Canary's intervals, with the
 * replica counts the controllers derive, their gates and the estimated duration. Expected values
 * worked out by hand from the controllers' code (functions named in each comment) and the library's
 * pod timing: a new pod is available 15 s after it starts (readiness passes at ~10 s, minReadySeconds
 * 5) and an old one terminates for up to 30 s (the grace period), checked first.
 */
import { Duration } from 'cdk8s';
import {
  BlueGreenApp, CanaryApp, IdleSlot, Probe, PrometheusAnalysisOptions, ReleaseController, RolloutStep, Slot, TrafficRouter,
} from '../../src';
import { readDeployment } from '../../src/plan/deployment';
import { planApps } from '../../src/plan/models';
import { basicCanaryCounts, trafficRoutedCounts } from '../../src/plan/models/argo-rollout';
import { flaggerWeights } from '../../src/plan/models/flagger-canary';
import { synth } from '../support/synth';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const analysis: PrometheusAnalysisOptions = { address: 'http://prometheus.monitoring:9090', successRateQuery: 'sum(rate(ok{s="{{service}}"}[{{interval}}])) * 100' };
const planOf = (manifests: any[]) => {
  const d = readDeployment({ file: 'app.yaml', object: manifests.find((o) => o.kind === 'Deployment') });
  // The timing every hand-worked value below assumes.
  expect([d.secondsToReady + d.minReadySeconds, d.secondsToTerminate]).toEqual([15, 30]);
  const plans = planApps(manifests.map((object) => ({ file: 'app.yaml', object })));
  expect(plans).toHaveLength(1);
  return plans[0];
};
/** `time action-start: total/available`, the action cut at its first colon. */
const rows = (plan: ReturnType<typeof planOf>) => plan.steps.map((s) => `${s.time} ${s.action.split(':')[0]}: ${s.total}/${s.available}`);

describe('Argo Rollouts canary [setWeight 20, pause, setWeight 50, analysis, setWeight 100] at 5 replicas, with traffic routing', () => {
  const plan = planOf(synth((chart) => new CanaryApp(chart, 'web', {
    stable: { image: V1 }, canary: { image: V2 }, replicas: 5, readiness: Probe.httpGet('/ready'), trafficRouter: TrafficRouter.istio(),
    releaseController: ReleaseController.argoRollouts({
      analysis, steps: [RolloutStep.weight(20), RolloutStep.pause(), RolloutStep.weight(50), RolloutStep.analysis(), RolloutStep.weight(100)],
    }),
  })));

  test('each step with the counts CalculateReplicaCountsForTrafficRoutedCanary derives, gates named, promotion and scale-down', () => {
    expect(plan.title).toBe('Rollout web (Argo Rollouts, canary)');
    expect(rows(plan)).toEqual([
      // setWeight 20: canary ceil(20 x 5 / 100) = 1; the stable stays at 5 (no dynamicStableScale): 6 pods.
      '0 1. setWeight 20: 6/5',
      '15 1 new pod(s) available: 6/6',
      // An indefinite pause: a person promotes; 0 s in the estimate.
      '15 2. pause: 6/6',
      // setWeight 50: ceil(2.5) = 3 canary pods, 2 more.
      '15 3. setWeight 50: 8/6',
      '30 3 new pod(s) available: 8/8',
      // The analysis: 5 measurements 1 minute apart, the first at once: (5 - 1) x 60 = 240 s.
      '30 4. analysis web-analysis: 8/8',
      // setWeight 100 at 30 + 240 = 270: 5 canary pods beside the 5 stable.
      '270 5. setWeight 100: 10/8',
      '285 5 new pod(s) available: 10/10',
      // Promoted: all traffic to the new pods; the old stable stays scaleDownDelaySeconds (30) = until 315.
      '285 6. promoted: 10/5',
      '315 7. previous stable scaled to 0: 5/5',
      '345 5 pod(s) gone: 5/5',
    ]);
    expect(plan.steps.map((s) => s.action).filter((a) => a.includes('**gate**'))).toEqual([
      '2. pause: **gate**, waits for a person (`kubectl argo rollouts promote`)',
      '4. analysis web-analysis: **gate**, waits on the analysis (~240 s when every measurement passes)',
    ]);
    expect(plan.summary).toMatchObject({ peakPods: 10, extraPods: 5, lowestAvailable: 5, estimatedSeconds: 345 });
  });

  test('the counts at each weight, by Argo\'s rules', () => {
    // Traffic routing: canary ceil(w x R / 100), stable R, or ceil((100 - w) x R / 100) with dynamicStableScale.
    expect(trafficRoutedCounts(5, 20, false)).toEqual({ canary: 1, stable: 5 });
    expect(trafficRoutedCounts(5, 50, true)).toEqual({ canary: 3, stable: 3 });
    // Without routing: test vectors of argo-rollouts' TestApproximateWeightedNewStableReplicaCounts (canary_test.go).
    const vectors: [number, number, number, number, number][] = [
      [1, 1, 0, 0, 1], [1, 50, 0, 1, 0], [1, 1, 1, 1, 1], [1, 100, 1, 1, 0], [2, 1, 0, 1, 1], [2, 1, 1, 1, 2], [2, 50, 1, 1, 1], [2, 99, 1, 2, 1],
    ];
    for (const [replicas, weight, surge, canary, stable] of vectors) {
      expect([replicas, weight, surge, basicCanaryCounts(replicas, weight, surge)]).toEqual([replicas, weight, surge, { canary, stable }]);
    }
  });
});

describe('Argo Rollouts blue/green with previewReplicaCount 1 and autoPromotionEnabled false, 4 replicas', () => {
  const plan = planOf(synth((chart) => new BlueGreenApp(chart, 'web', {
    activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), replicas: 4, readiness: Probe.httpGet('/ready'),
    releaseController: ReleaseController.argoRollouts({ previewReplicas: 1, autoPromotion: false }),
  })));

  test('preview at 1, a person promotes, the preview scales to 4 before the switch, the old version kept 30 s', () => {
    expect(plan.title).toBe('Rollout web (Argo Rollouts, blue/green)');
    expect(rows(plan)).toEqual([
      '0 1. preview ReplicaSet scaled to 1 (previewReplicaCount); Service web-preview selects it: 5/4',
      '15 1 new pod(s) available: 5/4',
      '15 2. **gate**: 5/4',
      // After promotion Argo scales the preview to the full 4 and switches only once they are available.
      '15 3. preview scaled to 4 before the switch: 8/4',
      '30 4 new pod(s) available: 8/4',
      '30 4. switch: 8/4',
      // scaleDownDelaySeconds 30 (the default): the old ReplicaSet goes at 60, its pods gone at 90.
      '60 5. previous ReplicaSet scaled to 0: 4/4',
      '90 4 pod(s) gone: 4/4',
    ]);
    expect(plan.summary).toMatchObject({ peakPods: 8, extraPods: 4, lowestAvailable: 4, estimatedSeconds: 90 });
  });
});

describe('Flagger canary stepWeight 10, maxWeight 50, interval 1m, 4 replicas', () => {
  const plan = planOf(synth((chart) => new CanaryApp(chart, 'web', {
    stable: { image: V1 }, canary: { image: V2 }, readiness: Probe.httpGet('/ready'), trafficRouter: TrafficRouter.istio(), autoscaling: { minReplicas: 4, maxReplicas: 8 },
    releaseController: ReleaseController.flagger({ analysis: { ...analysis, interval: Duration.minutes(1) }, stepWeight: 10, maxWeight: 50 }),
  })));

  test('weights 10..50 one per interval, promotion in the tick that reaches maxWeight, the primary rolls, routing back, scale to zero', () => {
    // nextStepWeight adds stepWeight until canaryWeight >= maxWeight.
    expect(flaggerWeights({ stepWeight: 10, maxWeight: 50 })).toEqual([10, 20, 30, 40, 50]);
    expect(flaggerWeights({ stepWeights: [1, 5, 20, 50], maxWeight: 80 })).toEqual([1, 5, 20, 50]);
    expect(plan.title).toBe('Canary web (Flagger, canary)');
    const headline = plan.steps.filter((s) => /^\d+\. /.test(s.action) && !/which rolls: (?!release starts)/.test(s.action));
    expect(headline.map((s) => `${s.time} ${s.action.split(':')[0]}: ${s.total}/${s.available}`)).toEqual([
      // ScaleFromZero: the autoscaler's minReplicas (4 > 1) beside the primary's 4.
      '0 1. new revision: 8/4',
      // A tick a minute; the first after the canary is ready (15 s) sets weight 10.
      '60 2. weight 10%: 8/8',
      '120 3. weight 20%: 8/8',
      '180 4. weight 30%: 8/8',
      '240 5. weight 40%: 8/8',
      // runCanary: the tick that sets 50 (>= maxWeight) also promotes: interval x (maxWeight / stepWeight) = 300 s.
      '300 6. weight 50%: 8/8',
      '300 7. promote: 8/8',
      // Promoting: the next tick after the primary's rollout (4 pods, maxSurge 1: 4 x 15 s = done at 360) routes all traffic to it.
      '360 8. all traffic to `web-stable-primary` (Finalising): 8/8',
      // Finalising: the next tick scales the canary to 0; its pods gone 30 s later.
      '420 9. canary `web-stable` scaled to 0 (Succeeded): 4/4',
    ]);
    // The primary's rolling update with the canary's 4 pods beside it: 4 + 4 + 1 surge.
    expect(plan.summary).toMatchObject({ peakPods: 9, lowestAvailable: 4, estimatedSeconds: 450 });
  });
});

describe('Flagger blue/green with 10 iterations, interval 1m, 4 replicas', () => {
  const plan = planOf(synth((chart) => new BlueGreenApp(chart, 'web', {
    activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready'),
    autoscaling: { minReplicas: 4, maxReplicas: 8 },
    releaseController: ReleaseController.flagger({ analysis: { ...analysis, interval: Duration.minutes(1) }, iterations: 10 }),
  })));

  test('ten iterations on the preview, promotion in the tenth tick (interval x iterations), routing back, scale to zero', () => {
    expect(plan.title).toBe('Canary web (Flagger, blue/green)');
    const ticks = plan.steps.filter((s) => /^\d+\. (iteration|promote|all traffic|canary)/.test(s.action) && !/which rolls: (?!release starts)/.test(s.action));
    expect(ticks.map((s) => `${s.time} ${s.action.split(':')[0]}`)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `${60 * (i + 1)} ${i + 2}. iteration ${i + 1}/10`),
      // runBlueGreen: the tick that counts the 10th iteration promotes (600 s); the primary is rolled by 660.
      '600 12. promote',
      '660 13. all traffic to `web-blue-primary` (Finalising)',
      '720 14. canary `web-blue` scaled to 0 (Succeeded)',
    ]);
    // The preview (canary) takes no traffic under the kubernetes provider: 4 available until the primary rolls.
    expect(plan.steps.filter((s) => /iteration/.test(s.action)).every((s) => s.available === 4)).toBe(true);
    expect(plan.summary).toMatchObject({ peakPods: 9, lowestAvailable: 4, estimatedSeconds: 750 });
  });
});
