/**
 * The Fleet: the example fleet's folders (snapshots, strict validation of every object including the
 * ApplicationSet against the vendored Argo CD CRD, the plugin's rules per cluster), the ring and step
 * structure Argo CD reads, holding a ring back, the synth contract on disk, and the clear errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCheckoutFleet } from '../../examples/fleet-checkout';
import { Fleet, FleetApp, FleetProps, FleetRing, MaxUpdate, Probe, SafeRollingDeploymentProps, TrafficRouter } from '../../src';
import { groupByCluster } from '../../src/core/cluster-folders';
import { validateInputs } from '../../src/validation/validate';
import { expectAccepted, find, toYaml } from '../support/synth';

const RING_LABEL = 'release-strategies.cdk8s.io/ring';
const fleet = buildCheckoutFleet(path.join(os.tmpdir(), 'unused'));
const appSet = fleet.managementManifests()[0];

describe('the example fleet (three rings, five clusters)', () => {
  test.each(fleet.clusterNames)('cluster %s synthesizes the reviewed manifests', (cluster) => {
    expect(toYaml(fleet.manifestsOf(cluster))).toMatchSnapshot();
  });

  test('the management folder holds the reviewed ApplicationSet', () => {
    expect(toYaml(fleet.managementManifests())).toMatchSnapshot();
  });

  test.each(fleet.clusterNames)('cluster %s is accepted by the API server rules and the linters', (cluster) => {
    expectAccepted(fleet.manifestsOf(cluster));
  });

  test('the ApplicationSet is accepted by the API server with the vendored Argo CD CRD', () => {
    expectAccepted(fleet.managementManifests());
  });

  test('the plugin\'s rules find nothing, each cluster folder checked on its own', () => {
    const inputs = [
      ...fleet.clusterNames.map((c) => fleet.manifestsOf(c).map((manifest) => ({ manifest, file: `/fleet/${fleet.folderOf(c)}/checkout.k8s.yaml` }))).flat(),
      ...fleet.managementManifests().map((manifest) => ({ manifest, file: '/fleet/argocd/checkout.k8s.yaml' })),
    ];
    const groups = groupByCluster(inputs);
    // Five cluster folders, then the management folder.
    expect(groups.map((g) => path.dirname(g[0].file))).toEqual(['canary-eu', 'eu-west', 'us-east', 'us-west', 'ap-south', 'argocd'].map((f) => `/fleet/${f}`));
    expect(groups.flatMap((g) => validateInputs(g)).map((v) => `${v.ruleId} ${v.file} ${v.object}: ${v.message}`)).toEqual([]);
    // All folders as one app, us-east's 6-replica Deployment collides with the others' 3-replica one:
    // what the plugin would report if it did not know the folders go to different clusters.
    expect(validateInputs(inputs).filter((v) => v.ruleId === 'RS111').length).toBeGreaterThan(0);
  });

  test('us-east holds 6 replicas, the others the app\'s 3; ap-south is synthesized for Kubernetes 1.29', () => {
    const replicas = fleet.clusterNames.map((c) => find(fleet.manifestsOf(c), 'Deployment').spec.replicas);
    expect(replicas).toEqual([3, 3, 6, 3, 3]);
    // Before 1.30 there is no `sleep` lifecycle action: the drain runs the image's sleep binary.
    const preStop = (c: string) => find(fleet.manifestsOf(c), 'Deployment').spec.template.spec.containers[0].lifecycle.preStop;
    expect(preStop('ap-south')).toEqual({ exec: { command: ['sleep', '10'] } });
    expect(preStop('us-west')).toEqual({ sleep: { seconds: 10 } });
  });

  test('every cluster is in exactly one list element and exactly one RollingSync step, steps in ring order', () => {
    const elements: any[] = appSet.spec.generators[0].list.elements;
    const steps: any[] = appSet.spec.strategy.rollingSync.steps;
    expect(appSet.spec.strategy.type).toBe('RollingSync');
    expect(steps.map((s) => s.matchExpressions[0].values)).toEqual([['canary'], ['early'], ['production']]);
    for (const cluster of fleet.clusterNames) {
      const mine = elements.filter((e) => e.cluster === cluster);
      expect(mine).toHaveLength(1);
      const matching = steps.filter((s) => s.matchExpressions.every((m: any) => m.key === RING_LABEL && m.operator === 'In' && m.values.includes(mine[0].ring)));
      expect(matching).toHaveLength(1);
      expect(mine[0].path).toBe(`dist/checkout-fleet/${cluster}`);
    }
    // The generated Applications carry the ring label the steps select on.
    expect(appSet.spec.template.metadata.labels).toEqual({ [RING_LABEL]: '{{.ring}}' });
    expect(steps.map((s) => s.maxUpdate)).toEqual([undefined, 1, '50%']);
  });

  test('no automated sync in the template: without progressive syncs Argo CD would sync every cluster at once', () => {
    expect(appSet.spec.template.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
  });
});

const V1: SafeRollingDeploymentProps = { namespace: 'shop', image: 'registry.example.com/web:1.0.0', readiness: Probe.httpGet('/ready') };
const V2: SafeRollingDeploymentProps = { ...V1, image: 'registry.example.com/web:2.0.0' };
const cluster = (name: string, extra: object = {}) => ({ name, server: `https://${name}.example.com`, ...extra });
const argoCd = { repoUrl: 'https://git.example.com/deploy.git', path: 'dist/web' };

function fleetOf(rings: FleetRing[], extra: Partial<FleetProps> = {}): Fleet {
  return new Fleet({ name: 'web', app: FleetApp.safeRollingDeployment(V2), rings, argoCd, outdir: path.join(os.tmpdir(), 'unused'), ...extra });
}

function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const image = (f: Fleet, c: string) => find(f.manifestsOf(c), 'Deployment').spec.template.spec.containers[0].image;

describe('one prop change releases every ring; a ring or a cluster can be held back', () => {
  const rings = (held: Partial<FleetRing> = {}, heldCluster: object = {}): FleetRing[] => [
    { name: 'first', clusters: [cluster('a')] },
    { name: 'second', clusters: [cluster('b'), cluster('c', heldCluster)], ...held },
    { name: 'third', clusters: [cluster('d')] },
  ];

  test('without a hold, every cluster runs the app\'s image', () => {
    const f = fleetOf(rings());
    expect(f.clusterNames.map((c) => image(f, c))).toEqual(Array(4).fill('registry.example.com/web:2.0.0'));
  });

  test('a held ring keeps the previous app; the rings around it release', () => {
    const f = fleetOf(rings({ holdBack: true }), { previous: FleetApp.safeRollingDeployment(V1) });
    expect(f.clusterNames.map((c) => image(f, c).split(':')[1])).toEqual(['2.0.0', '1.0.0', '1.0.0', '2.0.0']);
    expect(f.isHeldBack('b')).toBe(true);
    // Holding back changes no Argo CD object: the ring's folders simply do not change.
    expect(f.managementManifests()).toEqual(fleetOf(rings()).managementManifests());
  });

  test('a held cluster keeps the previous app; its ring\'s other cluster releases', () => {
    const f = fleetOf(rings({}, { holdBack: true }), { previous: FleetApp.safeRollingDeployment(V1) });
    expect(f.clusterNames.map((c) => image(f, c).split(':')[1])).toEqual(['2.0.0', '2.0.0', '1.0.0', '2.0.0']);
    expect(f.manifestsOf('c')).toEqual(f.previousManifestsOf('c'));
  });
});

describe('synth on disk', () => {
  let dir = '';
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-synth-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name))])).sort();

  test('one folder per cluster and one for Argo CD, each holding only a .k8s.yaml manifest equal to manifestsOf', () => {
    const outdir = path.join(dir, 'out');
    const f = buildCheckoutFleet(outdir);
    f.synth();
    expect(walk(dir)).toEqual(['ap-south', 'argocd', 'canary-eu', 'eu-west', 'us-east', 'us-west'].map((c) => `out/${c}/checkout.k8s.yaml`));
    expect(fs.readFileSync(path.join(outdir, 'us-east', 'checkout.k8s.yaml'), 'utf-8')).toBe(toYaml(f.manifestsOf('us-east')));
  });

  test('the outdir is replaced: a cluster removed from the fleet loses its folder', () => {
    const outdir = path.join(dir, 'out');
    fleetOf([{ name: 'one', clusters: [cluster('a'), cluster('b')] }], { outdir }).synth();
    fleetOf([{ name: 'one', clusters: [cluster('a')] }], { outdir }).synth();
    expect(walk(dir)).toEqual(['out/a/web.k8s.yaml', 'out/argocd/web.k8s.yaml']);
  });

  test('a cluster whose merged props are invalid fails the synth naming the cluster, and nothing is written', () => {
    const outdir = path.join(dir, 'out');
    fleetOf([{ name: 'one', clusters: [cluster('a')] }], { outdir }).synth();
    const before = walk(dir);
    const bad = fleetOf([{ name: 'one', clusters: [cluster('a'), cluster('b', { overrides: { replicas: 0 } })] }], { outdir });
    expect(errorOf(() => bad.synth())).toMatch(/Fleet "web", cluster "b" \(ring "one"\): [\s\S]*SafeRollingDeployment: 'replicas' is 0; it must be a whole number of at least 1/);
    // The previous output is untouched, and no temporary folder is left beside it.
    expect(walk(dir)).toEqual(before);
  });
});

describe('clear errors', () => {
  test('a cluster in two rings', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a')] }, { name: 'two', clusters: [cluster('a')] }])))
      .toContain('Fleet: \'rings[1].clusters[0].name\' is "a"; the cluster is in ring "one" and in ring "two"; a cluster belongs to exactly one ring');
  });

  test('the same API server in two rings, under two names', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a')] }, { name: 'two', clusters: [{ name: 'b', server: 'https://a.example.com' }] }])))
      .toContain('Fleet: \'rings[1].clusters[0].server\' is "https://a.example.com"; this API server is already a cluster of ring "one"');
  });

  test('an empty ring', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a')] }, { name: 'two', clusters: [] }])))
      .toContain('Fleet: \'rings[1].clusters\' is []; ring "two" is empty; every ring needs at least one cluster');
  });

  test('no ring at all', () => {
    expect(errorOf(() => fleetOf([]))).toContain('Fleet: \'rings\' is []; a fleet needs at least one ring');
  });

  test('duplicate cluster names, and duplicate output folders (ignoring case)', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a'), cluster('a')] }])))
      .toContain('\'rings[0].clusters[1].name\' is "a"; ring "one" already has a cluster of this name; cluster names must be unique');
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a', { folder: 'eu' }), cluster('b', { folder: 'EU' })] }])))
      .toContain('\'rings[0].clusters[1].folder\' is "EU"; cluster "a" already writes to this output folder (folder names are compared ignoring case)');
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('argocd')] }])))
      .toContain('\'rings[0].clusters[0].name\' is "argocd"; it is the management cluster\'s folder (argoCd.folder "argocd")');
  });

  test.each(['../escape', 'a/b', '.hidden', ''])('a folder that is not one path segment: %j', (folder) => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a', { folder })] }])))
      .toContain(`'rings[0].clusters[0].folder' is ${JSON.stringify(folder)}; an output folder must be one path segment`);
  });

  test('an override the strategy does not have: misspelled (with a suggestion), or a prop of another strategy', () => {
    const message = errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a', { overrides: { replica: 4 } })] }]));
    expect(message).toContain('Fleet: \'rings[0].clusters[0].overrides.replica\' is 4; ClusterOverrides has no prop \'replica\'; did you mean \'replicas\'?');
    expect(errorOf(() => fleetOf([{ name: 'one', overrides: { trafficRouter: TrafficRouter.replicaRatio() }, clusters: [cluster('a')] }])))
      .toContain('Fleet: \'rings[0].overrides.trafficRouter\' is');
    expect(errorOf(() => fleetOf([{ name: 'one', overrides: { trafficRouter: TrafficRouter.replicaRatio() }, clusters: [cluster('a')] }])))
      .toContain('SafeRollingDeploymentProps has no prop \'trafficRouter\'');
  });

  test('every problem at once, in one error naming the fleet', () => {
    const message = errorOf(() => fleetOf([{ name: 'One', clusters: [cluster('a', { server: 'http://a' })] }], { name: 'web' }));
    expect(message).toMatch(/^Fleet "web" has 2 problem\(s\):/);
    expect(message).toContain('\'rings[0].name\' is "One"');
    expect(message).toContain('\'rings[0].clusters[0].server\' is "http://a"; it must be the cluster\'s API server URL as registered in Argo CD, https://');
  });

  test('holding back without a previous app; a previous app of another strategy', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', holdBack: true, clusters: [cluster('a')] }])))
      .toContain('\'rings[0].holdBack\' is true; holding a ring back keeps it on the \'previous\' app; set \'previous\'');
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a')] }], { previous: FleetApp.canaryApp({ stable: { image: 'x:1' } }) })))
      .toContain('\'previous\' is "CanaryApp"; the previous app must use the app\'s strategy, SafeRollingDeployment');
  });

  test('maxUpdate out of range; a target version the library does not know', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', maxUpdate: MaxUpdate.percent(150), clusters: [cluster('a')] }])))
      .toContain('\'rings[0].maxUpdate\' is "150%"; a percent must be a whole number from 0 to 100');
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('a', { overrides: { targetVersion: '1.2' } })] }])))
      .toContain('\'rings[0].clusters[0].overrides.targetVersion\' is "1.2"; Kubernetes 1.2 is older than');
  });

  test('an Application name Argo CD cannot label objects with', () => {
    expect(errorOf(() => fleetOf([{ name: 'one', clusters: [cluster('c'.repeat(60))] }])))
      .toContain('the Application "web-cccc');
  });
});
