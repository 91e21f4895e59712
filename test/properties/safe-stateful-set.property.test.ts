/**
 * Property tests of SafeStatefulSet (issue #27): random sets of its own props (replicas, canary,
 * maxUnavailable by target, pod management, volume claims, retention, peer discovery, spreading,
 * budget) over the shared pod builder, whose own props the other constructs' properties cover.
 * PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import {
  ClaimRetention, DisruptionBudget, HostSpreading, KubernetesTarget, PodManagementPolicy, Pods, Probe, SafeStatefulSet, SafeStatefulSetProps,
} from '../../src';
import { validateManifests } from '../../src/validation/validate';
import { lint } from '../support/linters';
import { strictValidate } from '../support/strict-validate';
import { synth, synthError } from '../support/synth';
import { assertProperty, INVALID_RUNS, RUNS, timeoutFor } from './config';

const TARGETS = ['1.27', '1.31', '1.35', '1.36', '1.37'];

interface Case { readonly target: string; readonly props: SafeStatefulSetProps }

const validCase: fc.Arbitrary<Case> = fc.record({
  target: fc.constantFrom(...TARGETS),
  replicas: fc.integer({ min: 2, max: 7 }),
  canaryShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
  maxUnavailable: fc.option(fc.oneof(
    fc.integer({ min: 1, max: 6 }).map((n) => Pods.count(n)),
    fc.integer({ min: 1, max: 60 }).map((p) => Pods.percent(p)),
  )),
  podManagementPolicy: fc.option(fc.constantFrom(PodManagementPolicy.ORDERED_READY, PodManagementPolicy.PARALLEL)),
  claims: fc.array(fc.record({ size: fc.constantFrom('1Gi', '500Mi', '20G', '1Ti'), storageClassName: fc.option(fc.constantFrom('standard', 'fast-ssd')) }), { maxLength: 2 }),
  whenDeleted: fc.option(fc.constantFrom(ClaimRetention.RETAIN, ClaimRetention.DELETE)),
  whenScaled: fc.option(fc.constantFrom(ClaimRetention.RETAIN, ClaimRetention.DELETE)),
  publishNotReadyAddresses: fc.option(fc.boolean()),
  required: fc.boolean(),
  budgetTwo: fc.boolean(),
}).map((r) => {
  const canaryReplicas = Math.floor(r.canaryShare * r.replicas);
  // more than one pod at a time only where it is served, and never every pod
  const serves = r.target === '1.37';
  const maxUnavailable = serves && r.maxUnavailable && r.maxUnavailable._resolve(r.replicas, false) < r.replicas ? r.maxUnavailable : undefined;
  return {
    target: r.target,
    props: {
      image: 'registry.example.com/shop/db:2.1.0', readiness: Probe.httpGet('/ready'), replicas: r.replicas,
      canaryReplicas: canaryReplicas || undefined, maxUnavailable, podManagementPolicy: r.podManagementPolicy ?? undefined,
      volumeClaims: r.claims.map((c, i) => ({ name: `data-${i}`, mountPath: `/data/${i}`, size: c.size, storageClassName: c.storageClassName ?? undefined })),
      claimsWhenDeleted: r.whenDeleted ?? undefined, claimsWhenScaled: r.whenScaled ?? undefined,
      publishNotReadyAddresses: r.publishNotReadyAddresses ?? undefined,
      spreading: r.required ? { acrossHosts: HostSpreading.REQUIRED } : undefined,
      disruptionBudget: r.budgetTwo && r.replicas >= 4 ? DisruptionBudget.maxUnavailable(Pods.count(2)) : undefined,
    },
  };
});

function build(c: Case): any[] {
  return synth((chart) => { KubernetesTarget.set(chart, c.target); new SafeStatefulSet(chart, 'db', c.props); });
}

function violations(c: Case, manifests: any[]): string[] {
  const out: string[] = [];
  const say = (ok: boolean, what: string) => { if (!ok) out.push(what); };
  const set = manifests.find((m) => m.kind === 'StatefulSet');
  const headless = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'db-headless');
  const client = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'db');
  const replicas = c.props.replicas!;
  const canary = c.props.canaryReplicas ?? 0;
  const rolling = set.spec.updateStrategy.rollingUpdate;
  say(strictValidate(manifests).length === 0, `API server stand-in: ${JSON.stringify(strictValidate(manifests))}`);
  const findings = lint(manifests).filter((f) => f.linter !== 'polaris' || f.rule !== 'priorityClassNotSet');
  say(findings.length === 0, `linters: ${JSON.stringify(findings)}`);
  const plugin = validateManifests(manifests, { targetVersion: c.target });
  say(plugin.length === 0, `plugin: ${JSON.stringify(plugin.map((v) => `${v.ruleId} ${v.message}`))}`);
  // The canary is the highest ordinals: partition = replicas - canaryReplicas.
  say(rolling.partition === (canary ? replicas - canary : 0), `partition ${rolling.partition} for ${canary} of ${replicas}`);
  // maxUnavailable is written only where the feature is on by default, and never lets every pod go.
  say((rolling.maxUnavailable !== undefined) === (c.target === '1.37'), `maxUnavailable ${rolling.maxUnavailable} at ${c.target}`);
  // Identities on the headless Service; the client Service routes to ready pods only.
  say(set.spec.serviceName === 'db-headless' && headless.spec.clusterIP === 'None', 'headless Service');
  say(client.spec.clusterIP === undefined && client.spec.publishNotReadyAddresses === undefined, 'client Service lists only ready pods');
  say((headless.spec.publishNotReadyAddresses === true) === (c.props.publishNotReadyAddresses === true), 'publishNotReadyAddresses only when asked');
  // No data is deleted unless the user said so.
  say(set.spec.persistentVolumeClaimRetentionPolicy.whenDeleted === (c.props.claimsWhenDeleted ?? 'Retain')
    && set.spec.persistentVolumeClaimRetentionPolicy.whenScaled === (c.props.claimsWhenScaled ?? 'Retain'), 'retention');
  // Every claim is mounted into the app container.
  const mounts = set.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.name);
  say((set.spec.volumeClaimTemplates ?? []).every((t: any) => mounts.includes(t.metadata.name)), 'claims mounted');
  return out;
}

const VALID_RUNS = Math.ceil(RUNS / 5);

describe('SafeStatefulSet properties', () => {
  test(`valid sets (${VALID_RUNS} cases): API server stand-in, linters and plugin accept; partition, Services, retention hold`, () => {
    assertProperty('SafeStatefulSet', 'valid sets', fc.property(validCase, (c) => {
      const found = violations(c, build(c));
      if (found.length) throw new Error(found.join('\n'));
    }), VALID_RUNS);
  }, timeoutFor(VALID_RUNS));

  test(`invalid canaries and maxUnavailable (${INVALID_RUNS} cases) are errors naming the prop`, () => {
    const invalid = fc.record({
      base: validCase,
      mistake: fc.constantFrom('canaryReplicas', 'maxUnavailable'),
      over: fc.integer({ min: 0, max: 3 }),
    });
    assertProperty('SafeStatefulSet', 'invalid sets', fc.property(invalid, ({ base, mistake, over }) => {
      const replicas = base.props.replicas!;
      const props = mistake === 'canaryReplicas'
        ? { ...base.props, canaryReplicas: replicas + over }
        // two or more pods at a time below 1.37, or every pod at 1.37
        : { ...base.props, maxUnavailable: Pods.count(base.target === '1.37' ? replicas + over : 2 + over) };
      const message = synthError((scope) => {
        const chart = new Chart(scope, 'c');
        KubernetesTarget.set(chart, base.target);
        new SafeStatefulSet(chart, 'db', props);
      });
      if (!message.includes(`SafeStatefulSet: '${mistake}' is`)) throw new Error(message);
    }), INVALID_RUNS);
  }, timeoutFor(INVALID_RUNS));
});
