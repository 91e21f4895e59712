/**
 * Property tests of the Fleet (issue #28): for random fleets of random apps (any strategy, from the
 * strategies' own valid-prop arbitraries) with random rings, overrides and target versions,
 *  - each cluster's folder is exactly what the single-cluster construct synthesizes with the merged
 *    props (the app's props, then the ring's overrides, then the cluster's; `replicas` replacing
 *    `autoscaling`) and the merged target version, and when that construct refuses its props, the
 *    fleet refuses that cluster with the same message;
 *  - every cluster appears in exactly one list element and is selected by exactly one RollingSync step,
 *    the step of its ring, and the steps follow the rings' order.
 * PROPERTY_RUNS / PROPERTY_SEED: see config.ts (a tenth of the runs: each case builds up to twelve clusters).
 */
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { validBlueGreenProps, validCanaryProps, validSafeRollingProps, dns1123 } from './arbitraries';
import { assertProperty, RUNS, timeoutFor } from './config';
import { BlueGreenApp, CanaryApp, ClusterOverrides, Fleet, FleetApp, FleetRing, KubernetesTarget, MaxUpdate, SafeRollingDeployment } from '../../src';

const FLEET_RUNS = Math.max(10, Math.ceil(RUNS / 10));

type Kind = 'rolling' | 'blue-green' | 'canary';
const app = fc.oneof(
  validSafeRollingProps.map((props) => ({ kind: 'rolling' as Kind, props: props as any })),
  validBlueGreenProps.map((props) => ({ kind: 'blue-green' as Kind, props: props as any })),
  validCanaryProps.map((props) => ({ kind: 'canary' as Kind, props: props as any })),
);
const target = fc.constantFrom('1.28', '1.29', '1.30', '1.31', '1.33');
const overrides: fc.Arbitrary<ClusterOverrides | undefined> = fc.option(fc.record({
  replicas: fc.integer({ min: 1, max: 8 }),
  namespace: dns1123(20),
  targetVersion: target,
}, { requiredKeys: [] }), { nil: undefined });
const ring = fc.record({
  overrides,
  clusters: fc.array(overrides, { minLength: 1, maxLength: 3 }),
  maxUpdate: fc.option(fc.oneof(fc.nat(5).map(MaxUpdate.clusters), fc.integer({ min: 0, max: 100 }).map(MaxUpdate.percent)), { nil: undefined }),
});
const fleetSpec = fc.record({ app, rings: fc.array(ring, { minLength: 1, maxLength: 4 }), targetVersion: fc.option(target, { nil: undefined }) });

function fleetApp(kind: Kind, props: any): FleetApp {
  if (kind === 'rolling') return FleetApp.safeRollingDeployment(props);
  if (kind === 'blue-green') return FleetApp.blueGreenApp(props);
  return FleetApp.canaryApp(props);
}

/** The merge as the docs state it, written independently of the fleet's. */
function mergedProps(props: any, ...layers: (ClusterOverrides | undefined)[]): any {
  let merged = { ...props };
  for (const layer of layers) {
    if (layer?.replicas !== undefined) {
      const { autoscaling: _dropped, ...rest } = merged;
      merged = { ...rest, replicas: layer.replicas };
    }
    if (layer?.namespace !== undefined) merged = { ...merged, namespace: layer.namespace };
  }
  return merged;
}

/** What the single-cluster construct synthesizes (or the message it refuses with). */
function single(kind: Kind, name: string, props: any, version: string | undefined): { manifests?: any[]; error?: string } {
  const chart = new Chart(new App(), name);
  if (version !== undefined) KubernetesTarget.set(chart, version);
  try {
    if (kind === 'rolling') new SafeRollingDeployment(chart, name, props);
    else if (kind === 'blue-green') new BlueGreenApp(chart, name, props);
    else new CanaryApp(chart, name, props);
    return { manifests: chart.toJson() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('Fleet properties', () => {
  test(`random fleets (${FLEET_RUNS} cases): each cluster's folder is the single-cluster construct's output with the merged props`, () => {
    assertProperty('Fleet', 'cluster folder = single construct with merged props', fc.property(fleetSpec, (spec) => {
      let n = 0;
      const rings: FleetRing[] = spec.rings.map((r, i) => ({
        name: `ring-${i}`,
        overrides: r.overrides,
        maxUpdate: r.maxUpdate,
        clusters: r.clusters.map((o) => { n++; return { name: `c${n}`, server: `https://c${n}.example.com`, overrides: o }; }),
      }));
      const fleet = new Fleet({
        name: 'app', app: fleetApp(spec.app.kind, spec.app.props), rings, targetVersion: spec.targetVersion,
        argoCd: { repoUrl: 'https://git.example.com/deploy.git', path: 'fleet' }, outdir: 'unused',
      });
      const problems: string[] = [];
      rings.forEach((r) => r.clusters.forEach((c) => {
        const version = c.overrides?.targetVersion ?? r.overrides?.targetVersion ?? spec.targetVersion;
        const expected = single(spec.app.kind, 'app', mergedProps(spec.app.props, r.overrides, c.overrides), version);
        let actual: { manifests?: any[]; error?: string };
        try {
          actual = { manifests: fleet.manifestsOf(c.name) };
        } catch (e) {
          const prefix = `Fleet "app", cluster "${c.name}" (ring "${r.name}"): `;
          const message = (e as Error).message;
          if (!message.startsWith(prefix)) problems.push(`${c.name}: the error does not name the cluster and ring: ${message}`);
          actual = { error: message.slice(prefix.length) };
        }
        try {
          expect(actual).toEqual(expected);
        } catch {
          problems.push(`${c.name}: differs from the single construct (${expected.error ? `which refuses: ${expected.error}` : 'which synthesizes'}; the fleet ${actual.error ? `refuses: ${actual.error}` : 'synthesizes'})`);
        }
      }));

      // Every cluster in exactly one element and one step (its ring's); steps in ring order.
      const appSet = fleet.managementManifests()[0];
      const elements: any[] = appSet.spec.generators[0].list.elements;
      const steps: any[] = appSet.spec.strategy.rollingSync.steps;
      if (JSON.stringify(steps.map((s) => s.matchExpressions[0].values)) !== JSON.stringify(rings.map((r) => [r.name]))) problems.push('steps are not the rings in order');
      const labels = (ringName: string) => ({ [appSet.spec.template.metadata.labels ? Object.keys(appSet.spec.template.metadata.labels)[0] : '']: ringName });
      rings.forEach((r) => r.clusters.forEach((c) => {
        const mine = elements.filter((e) => e.cluster === c.name);
        if (mine.length !== 1) { problems.push(`${c.name}: in ${mine.length} list elements`); return; }
        const selectedBy = steps.filter((s) => s.matchExpressions.every((m: any) => m.operator === 'In' && m.values.includes(labels(mine[0].ring)[m.key])));
        if (selectedBy.length !== 1 || selectedBy[0] !== steps[rings.indexOf(r)]) problems.push(`${c.name}: selected by ${selectedBy.length} steps, not exactly its ring's`);
      }));
      if (elements.length !== n) problems.push(`${elements.length} list elements for ${n} clusters`);
      if (problems.length) throw new Error(problems.join('\n'));
    }), FLEET_RUNS);
  }, timeoutFor(FLEET_RUNS * 10));
});
