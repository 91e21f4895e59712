/**
 * The DaemonSet plan against a step table worked out by hand from the controller
 * (pkg/controller/daemon/update.go, see src/plan/models/daemon-set.ts): a new pod is available 20 s after it
 * is created, an old pod terminates for 30 s.
 */
import { Pods, Probe, SafeDaemonSet } from '../../src';
import { planManifests } from '../../src/plan';
import { DaemonSetUpdateInput, simulateDaemonSetUpdate } from '../../src/plan/models/daemon-set';
import { synth } from '../support/synth';

const base: DaemonSetUpdateInput = { name: 'agent', nodes: 4, maxSurge: 1, maxUnavailable: 0, hostPort: false, secondsToAvailable: 20, secondsToTerminate: 30 };

/** `time action | old ready+terminating | new starting/ready | total available`. */
function table(input: DaemonSetUpdateInput): string[] {
  return simulateDaemonSetUpdate(input).steps.map((s) => `${s.time} ${s.action} | old ${s.oldReady}+${s.oldTerminating} | new ${s.newStarting}/${s.newReady} | ${s.total} ${s.available}`);
}

describe('DaemonSet update, node by node', () => {
  test('4 nodes, maxSurge 1: each node gets its new pod before the old one stops; one node at a time', () => {
    expect(table(base)).toEqual([
      '0 start: 4 nodes, each with an old pod | old 4+0 | new 0/0 | 4 4',
      '0 create a new pod on node-1 (surge) | old 4+0 | new 1/0 | 5 4',
      '20 new pod on node-1 available | old 4+0 | new 0/1 | 5 5',
      '20 delete the old pod on node-1 (its new pod is available); create a new pod on node-2 (surge) | old 3+1 | new 1/1 | 5 4',
      '40 new pod on node-2 available | old 3+1 | new 0/2 | 5 5',
      '40 delete the old pod on node-2 (its new pod is available); create a new pod on node-3 (surge) | old 2+2 | new 1/2 | 5 4',
      '50 old pod on node-1 gone | old 2+1 | new 1/2 | 5 4',
      '60 new pod on node-3 available | old 2+1 | new 0/3 | 5 5',
      '60 delete the old pod on node-3 (its new pod is available); create a new pod on node-4 (surge) | old 1+2 | new 1/3 | 5 4',
      '70 old pod on node-2 gone | old 1+1 | new 1/3 | 5 4',
      '80 new pod on node-4 available | old 1+1 | new 0/4 | 5 5',
      '80 delete the old pod on node-4 (its new pod is available) | old 0+2 | new 0/4 | 4 4',
      '90 old pod on node-3 gone | old 0+1 | new 0/4 | 4 4',
      '110 old pod on node-4 gone | old 0+0 | new 0/4 | 4 4',
    ]);
    // every node always has an available pod: 4 available at the least (one per node)
    expect(Math.min(...simulateDaemonSetUpdate(base).steps.map((s) => s.available))).toBe(4);
  });

  test('maxUnavailable 1 with a host port: one node at a time without its agent, for the old pod\'s termination plus the new pod\'s start', () => {
    const sim = simulateDaemonSetUpdate({ ...base, maxSurge: 0, maxUnavailable: 1, hostPort: true });
    // each node: 30 s terminating + 20 s to available = 50 s; 4 nodes one after the other
    expect(sim.completeAt).toBe(200);
    expect(Math.min(...sim.steps.map((s) => s.available))).toBe(3);
  });

  test('a surge with a host port never starts: the plan says the update stops', () => {
    expect(simulateDaemonSetUpdate({ ...base, hostPort: true }).stalled).toMatch(/host port never starts/);
  });
});

describe('the plan of a SafeDaemonSet', () => {
  test('planned on the plan\'s nodes, with the per-node strategy stated', () => {
    const manifests = synth((chart) => new SafeDaemonSet(chart, 'agent', { image: 'registry.example.com/agent:1.0.0', readiness: Probe.httpGet('/ready') }))
      .map((object) => ({ file: 'agent.k8s.yaml', object }));
    const plan = planManifests(manifests, { nodes: 4 }).apps.find((a) => a.title === 'DaemonSet agent')!;
    expect(plan.notes[0]).toMatch(/planned on 4 nodes.*maxSurge 1: the new pod starts next to the old one/);
    expect(plan.summary.lowestAvailable).toBe(4);
    const unavailable = synth((chart) => new SafeDaemonSet(chart, 'agent', {
      image: 'registry.example.com/agent:1.0.0', readiness: Probe.httpGet('/ready'), hostPorts: true, maxUnavailable: Pods.count(1),
    })).map((object) => ({ file: 'agent.k8s.yaml', object }));
    expect(planManifests(unavailable, { nodes: 4 }).apps[0].summary.lowestAvailable).toBe(3);
  });
});
