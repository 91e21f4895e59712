import { CanaryApp } from '../../src';

const splitReplicas = CanaryApp.splitReplicas;

/** Brute force: the canary count whose share is closest to the weight, ties to the larger count. */
function closest(total: number, weight: number): number {
  let best = 0;
  for (let k = 1; k <= total; k++) {
    const d = Math.abs(k * 100 - weight * total);
    const bestD = Math.abs(best * 100 - weight * total);
    if (d <= bestD) best = k;
  }
  return weight > 0 ? Math.max(1, best) : 0;
}

describe('replica ratio arithmetic', () => {
  test('for replicas 1–10 and weights 0–100: closest possible, ties up, at least one pod above 0, total kept', () => {
    for (let total = 1; total <= 10; total++) {
      for (let weight = 0; weight <= 100; weight++) {
        const split = splitReplicas(total, weight);
        expect({ total, weight, stable: split.stable, canary: split.canary })
          .toEqual({ total, weight, stable: total - closest(total, weight), canary: closest(total, weight) });
      }
    }
  });

  test.each([
    // [replicas, weight, canary pods, achieved %]
    [3, 25, 1, 33.33], // 0.75 → 1
    [10, 5, 1, 10], // 0.5 is a tie: rounds up
    [10, 15, 2, 20], // 1.5 → 2
    [10, 14, 1, 10], // 1.4 → 1
    [2, 25, 1, 50], // 0.5 → 1
    [1, 1, 1, 100], // 0.01 → 0, but a weight above 0 gets one pod
    [4, 50, 2, 50],
    [5, 100, 5, 100],
    [5, 0, 0, 0],
  ])('%i replicas at weight %i: %i canary pod(s), %d%% achieved', (total, weight, canary, achieved) => {
    const split = splitReplicas(total, weight);
    expect(split.canary).toBe(canary);
    expect(split.achievedWeight).toBe(achieved);
  });
});
