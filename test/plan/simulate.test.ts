/**
 * The step arithmetic against cases worked out by hand from the Deployment controller
 * (kubernetes pkg/controller/deployment/rolling.go and util/deployment_util.go):
 * - NewRSNewReplicas: new = min(replicas + maxSurge - (old + new), replicas - new) more pods, counting
 *   ReplicaSet replicas (terminating pods are not counted);
 * - reconcileOldReplicaSets: maxScaledDown = (old + new) - (replicas - maxUnavailable) - (new - newAvailable);
 *   if > 0, scaleDownOldReplicaSetsForRollingUpdate removes available - (replicas - maxUnavailable) old pods;
 * - after each scaling the controller returns and syncs again, so scale-up and scale-down alternate;
 * - ResolveFenceposts: maxSurge rounds up, maxUnavailable down, both 0 -> unavailable 1.
 * Every case: a new pod is available 10 s after it is created, an old pod terminates for 30 s.
 * Rows are [time, old ready, terminating, new starting, new ready, total, available].
 */
import { Pods, resolveRollout } from '../../src/core/rollout-arithmetic';
import { PlanStep, RolloutInput, simulateRollout } from '../../src/plan/simulate';

const row = (s: PlanStep) => [s.time, s.oldReady, s.oldTerminating, s.newStarting, s.newReady, s.total, s.available];

function rolling(replicas: number, surge: Pods, unavailable: Pods, extra: Partial<RolloutInput> = {}) {
  const resolved = resolveRollout(replicas, surge, unavailable);
  return simulateRollout({
    replicas, fromReplicas: replicas, recreate: false, maxSurge: resolved.maxSurge, maxUnavailable: resolved.maxUnavailable,
    secondsToAvailable: 10, secondsToTerminate: 30, ...extra,
  });
}

test('25%/25% at 4 replicas: surge ceil(1) = 1, unavailable floor(1) = 1; dips to 3 available, peaks at 5 pods', () => {
  const sim = rolling(4, Pods.percent(25), Pods.percent(25));
  expect(sim.steps.map(row)).toEqual([
    [0, 4, 0, 0, 0, 4, 4], // start
    [0, 4, 0, 1, 0, 5, 4], // NewRSNewReplicas: min(4+1-4, 4-0) = 1
    [0, 3, 1, 1, 0, 4, 3], // maxScaledDown = 5-3-1 = 1; available 4 > minAvailable 3: remove 1
    [0, 3, 1, 2, 0, 5, 3], // total 4 < 5: min(1, 3) = 1 more
    [10, 3, 1, 0, 2, 5, 5], // both new pods available
    [10, 1, 3, 0, 2, 3, 3], // maxScaledDown = 5-3-0 = 2; available 5-3 = 2 removed
    [10, 1, 3, 2, 2, 5, 3], // min(5-3, 4-2) = 2 more
    [20, 1, 3, 0, 4, 5, 5],
    [20, 0, 4, 0, 4, 4, 4], // last old pod removed: complete
    [30, 0, 3, 0, 4, 4, 4], // the pod deleted at 0 s is gone after 30 s
    [40, 0, 1, 0, 4, 4, 4],
    [50, 0, 0, 0, 4, 4, 4],
  ]);
  expect(sim.completeAt).toBe(20);
});

test('maxSurge 1 / maxUnavailable 0 at 4 replicas: one pod at a time, never below 4 available, peak 5', () => {
  const sim = rolling(4, Pods.count(1), Pods.count(0));
  expect(sim.steps.filter((s) => s.time <= sim.completeAt!).map(row)).toEqual([
    [0, 4, 0, 0, 0, 4, 4],
    [0, 4, 0, 1, 0, 5, 4], // min(4+1-4, 4) = 1
    // maxScaledDown = 5-4-1 = 0: wait for the new pod
    [10, 4, 0, 0, 1, 5, 5],
    [10, 3, 1, 0, 1, 4, 4], // available 5 - minAvailable 4 = 1 removed
    [10, 3, 1, 1, 1, 5, 4],
    [20, 3, 1, 0, 2, 5, 5],
    [20, 2, 2, 0, 2, 4, 4],
    [20, 2, 2, 1, 2, 5, 4],
    [30, 2, 2, 0, 3, 5, 5],
    [30, 1, 3, 0, 3, 4, 4],
    [30, 1, 3, 1, 3, 5, 4],
    [40, 1, 2, 0, 4, 5, 5], // the 4th new pod is available and the pod deleted at 10 s is gone
    [40, 0, 3, 0, 4, 4, 4],
  ]);
  expect(Math.max(...sim.steps.map((s) => s.total))).toBe(5);
  expect(Math.min(...sim.steps.map((s) => s.available))).toBe(4);
});

test('0% / 10% at 5 replicas: both resolve to 0, the controller forces one pod unavailable', () => {
  expect(resolveRollout(5, Pods.percent(0), Pods.percent(10))).toEqual({ maxSurge: 0, maxUnavailable: 1, forced: true });
  const sim = rolling(5, Pods.percent(0), Pods.percent(10));
  expect(sim.steps.filter((s) => s.time <= 10).map(row)).toEqual([
    [0, 5, 0, 0, 0, 5, 5],
    // no surge: total 5 = 5 + 0, so the old ReplicaSet goes first: maxScaledDown = 5-4-0 = 1
    [0, 4, 1, 0, 0, 4, 4],
    [0, 4, 1, 1, 0, 5, 4],
    [10, 4, 1, 0, 1, 5, 5],
    [10, 3, 2, 0, 1, 4, 4],
    [10, 3, 2, 1, 1, 5, 4],
  ]);
  expect(sim.completeAt).toBe(50); // five waves of one pod
  expect(Math.min(...sim.steps.map((s) => s.available))).toBe(4);
  expect(Math.max(...sim.steps.map((s) => s.total))).toBe(5);
});

test('Recreate: every old pod is gone before a new one starts (recreate.go waits for oldPodsRunning)', () => {
  const sim = simulateRollout({
    replicas: 3, fromReplicas: 3, recreate: true, maxSurge: 0, maxUnavailable: 0, secondsToAvailable: 10, secondsToTerminate: 30,
  });
  expect(sim.steps.map(row)).toEqual([
    [0, 3, 0, 0, 0, 3, 3],
    [0, 0, 3, 0, 0, 0, 0],
    [30, 0, 0, 0, 0, 0, 0],
    [30, 0, 0, 3, 0, 3, 0],
    [40, 0, 0, 0, 3, 3, 3],
  ]);
  expect(sim.completeAt).toBe(40);
});

describe('required anti-affinity on the hostname, 3 replicas, maxSurge 1 / maxUnavailable 0', () => {
  const placement = { perNode: 1, perRevision: false, description: 'required anti-affinity' };
  test('cannot finish on 3 nodes: the surge pod matches every old pod\'s term and stays Pending', () => {
    const sim = rolling(3, Pods.count(1), Pods.count(0), { placement, nodes: 3 });
    expect(sim.completeAt).toBeUndefined();
    expect(sim.stalled).toMatch(/1 new pod\(s\) stay Pending/);
    expect(row(sim.steps[sim.steps.length - 1])).toEqual([0, 3, 0, 1, 0, 4, 3]);
  });
  test('finishes on 4 nodes, waiting for each terminating pod to leave its node', () => {
    const sim = rolling(3, Pods.count(1), Pods.count(0), { placement, nodes: 4 });
    // 0 s: surge pod on the 4th node; 10 s: available, one old pod terminates (still on its node),
    // the next new pod Pending until 40 s, available at 50 s; and so on: three waves of 40 s, minus the first wait.
    expect(sim.completeAt).toBe(10 + 40 + 40);
    expect(sim.steps.some((s) => s.newPending > 0)).toBe(true);
  });
  test('scoped per revision (matchLabelKeys: [pod-template-hash]) it finishes on 3 nodes at full speed', () => {
    const sim = rolling(3, Pods.count(1), Pods.count(0), { placement: { ...placement, perRevision: true }, nodes: 3 });
    expect(sim.completeAt).toBe(30);
  });
});
