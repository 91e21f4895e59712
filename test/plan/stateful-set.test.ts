/**
 * The StatefulSet plan against step tables worked out by hand from the controller
 * (pkg/controller/statefulset/stateful_set_control.go, see src/plan/models/stateful-set.ts). Every case: a
 * new pod is available 20 s after it is created, an old pod terminates for 30 s.
 */
import { Pods, Probe, SafeStatefulSet, KubernetesTarget } from '../../src';
import { planManifests } from '../../src/plan';
import { simulateStatefulSetUpdate, StatefulSetUpdateInput } from '../../src/plan/models/stateful-set';
import { synth } from '../support/synth';

const base: StatefulSetUpdateInput = {
  name: 'db', replicas: 3, partition: 0, maxUnavailable: 1, maxUnavailableServed: false, orderedReady: true,
  secondsToAvailable: 20, secondsToTerminate: 30,
};

/** `time action | old ready+terminating | new starting/ready | available`. */
function table(input: StatefulSetUpdateInput): string[] {
  return simulateStatefulSetUpdate(input).steps.map((s) => `${s.time} ${s.action} | old ${s.oldReady}+${s.oldTerminating} | new ${s.newStarting}/${s.newReady} | ${s.available}`);
}

describe('StatefulSet update, step by step', () => {
  test('3 replicas, partition 2: only db-2 is replaced; deleted first, recreated once gone (no surge)', () => {
    expect(table({ ...base, partition: 2 })).toEqual([
      '0 start: 3 pod(s) at the old revision; partition 2 | old 3+0 | new 0/0 | 3',
      '0 delete db-2 (one at a time, highest ordinal first) | old 2+1 | new 0/0 | 2',
      '30 db-2 gone (terminated) | old 2+0 | new 0/0 | 2',
      '30 create db-2 (new revision) | old 2+0 | new 1/0 | 2',
      '50 db-2 available (new revision) | old 2+0 | new 0/1 | 3',
    ]);
    expect(simulateStatefulSetUpdate({ ...base, partition: 2 }).completeAt).toBe(50);
  });

  test('then partition 0: db-1, then db-0, each only once its successor is available', () => {
    expect(table({ ...base, partition: 0, fromPartition: 2 })).toEqual([
      '0 start: 2 pod(s) at the old revision, 1 at the new; partition 0 | old 2+0 | new 0/1 | 3',
      '0 delete db-1 (one at a time, highest ordinal first) | old 1+1 | new 0/1 | 2',
      '30 db-1 gone (terminated) | old 1+0 | new 0/1 | 2',
      '30 create db-1 (new revision) | old 1+0 | new 1/1 | 2',
      '50 db-1 available (new revision) | old 1+0 | new 0/2 | 3',
      '50 delete db-0 (one at a time, highest ordinal first) | old 0+1 | new 0/2 | 2',
      '80 db-0 gone (terminated) | old 0+0 | new 0/2 | 2',
      '80 create db-0 (new revision) | old 0+0 | new 1/2 | 2',
      '100 db-0 available (new revision) | old 0+0 | new 0/3 | 3',
    ]);
  });

  test('5 replicas, maxUnavailable 2 where the feature is on (1.37): two deleted at once; OrderedReady recreates them one by one', () => {
    const five = { ...base, replicas: 5, maxUnavailable: 2, maxUnavailableServed: true };
    expect(table(five)).toEqual([
      '0 start: 5 pod(s) at the old revision; partition 0 | old 5+0 | new 0/0 | 5',
      '0 delete db-4, db-3 (maxUnavailable 2: 0 unavailable before) | old 3+2 | new 0/0 | 3',
      '30 db-3 gone (terminated) | old 3+1 | new 0/0 | 3',
      '30 db-4 gone (terminated) | old 3+0 | new 0/0 | 3',
      '30 create db-3 (new revision) | old 3+0 | new 1/0 | 3',
      '50 db-3 available (new revision) | old 3+0 | new 0/1 | 4',
      '50 create db-4 (new revision) | old 3+0 | new 1/1 | 4',
      '70 db-4 available (new revision) | old 3+0 | new 0/2 | 5',
      '70 delete db-2, db-1 (maxUnavailable 2: 0 unavailable before) | old 1+2 | new 0/2 | 3',
      '100 db-1 gone (terminated) | old 1+1 | new 0/2 | 3',
      '100 db-2 gone (terminated) | old 1+0 | new 0/2 | 3',
      '100 create db-1 (new revision) | old 1+0 | new 1/2 | 3',
      '120 db-1 available (new revision) | old 1+0 | new 0/3 | 4',
      '120 create db-2 (new revision) | old 1+0 | new 1/3 | 4',
      '140 db-2 available (new revision) | old 1+0 | new 0/4 | 5',
      '140 delete db-0 (maxUnavailable 2: 0 unavailable before) | old 0+1 | new 0/4 | 4',
      '170 db-0 gone (terminated) | old 0+0 | new 0/4 | 4',
      '170 create db-0 (new revision) | old 0+0 | new 1/4 | 4',
      '190 db-0 available (new revision) | old 0+0 | new 0/5 | 5',
    ]);
  });

  test('the same at a target without the feature (1.36): one pod at a time, 50 s each, never fewer than 4 available', () => {
    const sim = simulateStatefulSetUpdate({ ...base, replicas: 5, maxUnavailable: 2, maxUnavailableServed: false });
    // 5 pods x (30 s terminating + 20 s to available) = 250 s
    expect(sim.completeAt).toBe(250);
    expect(Math.min(...sim.steps.map((s) => s.available))).toBe(4);
    expect(sim.steps.filter((s) => s.action.startsWith('delete')).map((s) => `${s.time} ${s.action.split(' ')[1]}`))
      .toEqual(['0 db-4', '50 db-3', '100 db-2', '150 db-1', '200 db-0']);
  });

  test('Parallel with maxUnavailable 2 recreates both at once: 5 pods in three rounds of 50 s', () => {
    const sim = simulateStatefulSetUpdate({ ...base, replicas: 5, maxUnavailable: 2, maxUnavailableServed: true, orderedReady: false });
    expect(sim.completeAt).toBe(150);
    expect(Math.min(...sim.steps.map((s) => s.available))).toBe(3);
  });

  test('a new revision that never becomes ready stops the update at the highest ordinal, with one pod down', () => {
    const sim = simulateStatefulSetUpdate({ ...base, newNeverReady: true });
    expect(sim.completeAt).toBeUndefined();
    expect(sim.steps[sim.steps.length - 1].action).toBe('create db-2 (new revision)');
    expect(sim.stalled).toMatch(/db-2 of the new revision never become ready.*reverting the template does not replace it.*Forced rollback/);
  });
});

describe('the plan of a SafeStatefulSet', () => {
  const manifests = (target: string) => synth((chart) => {
    KubernetesTarget.set(chart, target);
    new SafeStatefulSet(chart, 'db', { image: 'registry.example.com/db:2.0.0', replicas: 5, maxUnavailable: target === '1.37' ? Pods.count(2) : undefined,
      readiness: Probe.httpGet('/ready') });
  }).map((object) => ({ file: 'db.k8s.yaml', object }));

  test('states the capacity drop per step, where a broken release stops, and reads maxUnavailable by target', () => {
    const at37 = planManifests(manifests('1.37'), { targetVersion: '1.37' }).apps.find((a) => a.title === 'StatefulSet db')!;
    expect(at37.notes.join('\n')).toMatch(/no surge: .*capacity drops by 2 pod\(s\) per step/);
    expect(at37.notes.join('\n')).toMatch(/if the new revision never becomes ready, the update stops after step 5 \(create db-3 \(new revision\)\) with 3 of 5 pods available/);
    expect(at37.summary.lowestAvailable).toBe(3);
    const at31 = planManifests(manifests('1.31')).apps.find((a) => a.title === 'StatefulSet db')!;
    expect(at31.summary.lowestAvailable).toBe(4);
    expect(at31.notes[0]).toMatch(/one pod at a time/);
    expect(() => planManifests(manifests('1.31'), { targetVersion: '1.3' })).toThrow(/--target-version is "1.3"; Kubernetes 1.3 is older/);
  });
});
