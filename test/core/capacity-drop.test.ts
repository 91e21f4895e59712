/**
 * Rollout capacity over a replica range: the constructs (RolloutStrategy) and the plugin (RS204) both
 * call capacityDrop, which looks only at the ends of the range. These tests prove that enough, against
 * Kubernetes' own rounding written out here independently (deployment_util.go ResolveFenceposts:
 * maxSurge percentages round up, maxUnavailable percentages down, 0/0 becomes 0/1), tried at every
 * replica count of the range.
 */
import { capacityDrop, parseIntOrPercent, Pods } from '../../src/core/rollout-arithmetic';

/** Pods unavailable during a rollout at `replicas`, by Kubernetes' rules, from the raw settings. */
function unavailableAt(replicas: number, surge: [number, boolean], unavailable: [number, boolean]): number {
  const surgePods = surge[1] ? Math.ceil((replicas * surge[0]) / 100) : surge[0];
  const unavailablePods = unavailable[1] ? Math.floor((replicas * unavailable[0]) / 100) : unavailable[0];
  return surgePods === 0 && unavailablePods === 0 ? 1 : unavailablePods;
}

/** The lowest count in [max(min, 1), max] at which pods drop, trying every count. */
function firstDropByTrying(min: number, max: number, surge: [number, boolean], unavailable: [number, boolean]): number | undefined {
  for (let replicas = Math.max(min, 1); replicas <= max; replicas++) if (unavailableAt(replicas, surge, unavailable) > 0) return replicas;
  return undefined;
}

const pods = ([amount, percent]: [number, boolean]) => (percent ? Pods.percent(amount) : Pods.count(amount));

describe('capacityDrop', () => {
  test('worked examples from Kubernetes\' rounding', () => {
    // 25%/25% (Kubernetes' default): floor(r / 4) is 0 up to 3 replicas and 1 at 4, ceil(r / 4) >= 1 from 1.
    expect(capacityDrop(1, 3, Pods.percent(25), Pods.percent(25))).toBeUndefined();
    expect(capacityDrop(2, 10, Pods.percent(25), Pods.percent(25)))
      .toMatchObject({ replicas: 4, first: { maxUnavailable: 1 }, worst: { maxUnavailable: 2 } });
    // maxSurge 0 with 10% unavailable: both 0 below 10 replicas (forced 1 from the lowest count on).
    expect(capacityDrop(3, 20, Pods.count(0), Pods.percent(10)))
      .toMatchObject({ replicas: 3, first: { forced: true }, worst: { maxUnavailable: 2, forced: false } });
    // 1%: floor(r / 100) first reaches 1 at 100 replicas, beyond the old 10,000 ceiling too.
    expect(capacityDrop(1, 500, Pods.count(1), Pods.percent(1))?.replicas).toBe(100);
    expect(capacityDrop(20000, 30000, Pods.count(1), Pods.percent(1))?.replicas).toBe(20000);
    // 33%: floor(r * 33 / 100) >= 1 from r = ceil(100 / 33) = 4.
    expect(capacityDrop(1, 4, Pods.count(1), Pods.percent(33))?.replicas).toBe(4);
    expect(capacityDrop(1, 3, Pods.count(1), Pods.percent(33))).toBeUndefined();
    // Nothing runs at 0 replicas: nothing to drop.
    expect(capacityDrop(0, 0, Pods.count(0), Pods.count(1))).toBeUndefined();
    expect(capacityDrop(0, 3, Pods.percent(25), Pods.count(0))).toBeUndefined();
  });

  test('checking the ends of a range finds exactly what trying every count finds', () => {
    const settings: [number, boolean][] = [
      ...[0, 1, 2, 3].map((n): [number, boolean] => [n, false]),
      ...[0, 1, 5, 10, 25, 33, 50, 99, 100, 150].map((p): [number, boolean] => [p, true]),
    ];
    let compared = 0;
    for (const surge of settings) {
      for (const unavailable of settings) {
        if (unavailable[1] && unavailable[0] > 100) continue; // refused by the API server (RS109)
        for (let min = 0; min <= 24; min++) {
          for (const max of [min, min + 1, min + 3, min + 10, min + 100, 240]) {
            if (max < min) continue;
            const found = capacityDrop(min, max, pods(surge), pods(unavailable));
            const expected = firstDropByTrying(min, max, surge, unavailable);
            expect({ surge, unavailable, min, max, replicas: found?.replicas }).toEqual({ surge, unavailable, min, max, replicas: expected });
            if (found) {
              expect(found.first.maxUnavailable).toBe(unavailableAt(found.replicas, surge, unavailable));
              // The worst is the most pods any count of the range may take down.
              let most = 0;
              for (let r = Math.max(min, 1); r <= max; r++) most = Math.max(most, unavailableAt(r, surge, unavailable));
              expect(found.worst.maxUnavailable).toBe(most);
            }
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(20000);
  });
});

describe('parseIntOrPercent', () => {
  test('whole numbers and percentage strings, nothing else (the API server\'s IntOrString)', () => {
    expect(parseIntOrPercent(3)).toEqual({ amount: 3, percent: false });
    expect(parseIntOrPercent('25%')).toEqual({ amount: 25, percent: true });
    for (const bad of ['5', '2.5%', 1.5, '%', ' 5%', undefined, null]) expect(parseIntOrPercent(bad)).toBeUndefined();
  });
});
