/**
 * The plan of a fleet release, ring by ring, and the per-ring hand-over of each cluster's folder
 * before and after the release.
 */
import * as os from 'os';
import * as path from 'path';
import { buildCheckoutFleet } from '../../examples/fleet-checkout';
import { Fleet, FleetApp, MaxUpdate, Probe } from '../../src';
import { planFleet, ringManifests } from '../../src/plan';

const outdir = path.join(os.tmpdir(), 'unused');

describe('the example fleet\'s plan', () => {
  const plan = planFleet(buildCheckoutFleet(outdir));

  test('one line per ring, in release order', () => {
    // 3 replicas, maxSurge 25% = ceil(0.75) = 1 pod, maxUnavailable 0: peak 3 + 1 = 4, and three rounds of
    // one new pod, each available ~15 s after it starts (ready ~10 s + minReadySeconds 5): ~45 s.
    // us-east's 6 replicas: maxSurge ceil(1.5) = 2, peak 8, three rounds of two pods: ~45 s too.
    expect(plan.rings.map((r) => r.line)).toEqual([
      'ring 1 "canary" (1 cluster): rolling update 1.4.2 → 1.5.0, peak 4 pods per cluster, ~45 s per cluster',
      'ring 2 "early" (2 clusters): rolling update 1.4.2 → 1.5.0, peak 4–8 pods per cluster, ~45 s per cluster, 1 cluster at a time',
      'ring 3 "production" (2 clusters): rolling update 1.4.2 → 1.5.0, peak 4 pods per cluster, ~45 s per cluster, 50% of its clusters at a time (at least 1)',
    ]);
    expect(plan.errors).toEqual([]);
    expect(plan.markdown).toMatch(/^# Release plan of fleet "checkout"\n\n- ring 1 "canary"/);
  });

  test('each cluster\'s plan is the plan of its own folder', () => {
    const early = plan.rings[1].clusters;
    expect(early.map((c) => [c.cluster, c.apps.map((a) => `${a.title}: ${a.replicas} replicas, peak ${a.summary.peakPods}`)])).toEqual([
      ['eu-west', ['Deployment shop/checkout: 3 replicas, peak 4']],
      ['us-east', ['Deployment shop/checkout: 6 replicas, peak 8']],
    ]);
  });
});

describe('ringManifests: each ring\'s folders before and after, for a review of the two versions', () => {
  const base = { namespace: 'shop', readiness: Probe.httpGet('/ready') };
  const fleet = new Fleet({
    name: 'web',
    outdir,
    app: FleetApp.safeRollingDeployment({ ...base, image: 'registry.example.com/web:2.0.0' }),
    previous: FleetApp.safeRollingDeployment({ ...base, image: 'registry.example.com/web:1.0.0' }),
    argoCd: { repoUrl: 'https://git.example.com/deploy.git', path: 'dist/web' },
    rings: [
      { name: 'first', maxUpdate: MaxUpdate.clusters(0), clusters: [{ name: 'a', server: 'https://a.example.com' }] },
      { name: 'second', holdBack: true, clusters: [{ name: 'b', server: 'https://b.example.com', folder: 'bee' }] },
    ],
  });

  test('before is the previous app\'s folder, after the app\'s; a held cluster\'s are the same', () => {
    const rings = ringManifests(fleet);
    expect(rings.map((r) => [r.ring, r.step, r.maxUpdate, r.clusters.map((c) => [c.cluster, c.file, c.heldBack])])).toEqual([
      ['first', 1, 0, [['a', 'a/web.k8s.yaml', false]]],
      ['second', 2, undefined, [['b', 'bee/web.k8s.yaml', true]]],
    ]);
    const [a] = rings[0].clusters;
    expect(a.before!.map((m) => m.object)).toEqual(fleet.previousManifestsOf('a'));
    expect(a.after.map((m) => m.object)).toEqual(fleet.manifestsOf('a'));
    expect(rings[1].clusters[0].before).toEqual(rings[1].clusters[0].after);
  });

  // The default 2 replicas: maxSurge 1, two rounds of ~15 s: peak 3, ~30 s.
  test('the plan says which ring waits for a manual sync and which is held back', () => {
    expect(planFleet(fleet).rings.map((r) => r.line)).toEqual([
      'ring 1 "first" (1 cluster): rolling update 1.0.0 → 2.0.0, peak 3 pods per cluster, ~30 s per cluster, waits for a manual sync (maxUpdate 0)',
      'ring 2 "second" (1 cluster): held back at 1.0.0',
    ]);
  });
});

describe('each ring\'s change is reviewed as a transition of each cluster\'s folder', () => {
  test('the example release (an image bump) is safe in every cluster', () => {
    const plan = planFleet(buildCheckoutFleet(outdir));
    expect(plan.rings.flatMap((r) => r.clusters.flatMap((c) => c.transition.map((v) => `${c.cluster}: ${v.ruleId}`)))).toEqual([]);
  });

  test('a port renamed with the image bump drops the Service\'s endpoints: an error named by ring and cluster', () => {
    const base = { namespace: 'shop', readiness: Probe.httpGet('/ready') };
    const fleet = new Fleet({
      name: 'web',
      outdir,
      app: FleetApp.safeRollingDeployment({ ...base, image: 'registry.example.com/web:2.0.0', ports: [{ port: 8080, name: 'web' }] }),
      previous: FleetApp.safeRollingDeployment({ ...base, image: 'registry.example.com/web:1.0.0', ports: [{ port: 8080, name: 'http' }] }),
      argoCd: { repoUrl: 'https://git.example.com/deploy.git', path: 'dist/web' },
      rings: [
        { name: 'first', clusters: [{ name: 'a', server: 'https://a.example.com' }] },
        { name: 'second', holdBack: true, clusters: [{ name: 'b', server: 'https://b.example.com' }] },
      ],
    });
    const plan = planFleet(fleet);
    // The Service's targetPort is the port's name: the old pods (named "http") stop matching at once,
    // before a new pod ("web") is ready. The held-back cluster changes nothing and is not reviewed.
    expect(plan.rings[0].clusters[0].transition.map((v) => v.ruleId)).toContain('RS403');
    expect(plan.rings[1].clusters[0].transition).toEqual([]);
    expect(plan.errors.some((e) => e.startsWith('ring "first", cluster "a": RS403 Service/shop/web'))).toBe(true);
  });
});
