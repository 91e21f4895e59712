/**
 * Property tests of SafeDaemonSet (issue #27): random update settings, host network and ports, node
 * canaries and tolerations. PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { Pods, Probe, SafeDaemonSet, SafeDaemonSetProps, TaintEffect, TolerationOperator } from '../../src';
import { validateManifests } from '../../src/validation/validate';
import { lint } from '../support/linters';
import { strictValidate } from '../support/strict-validate';
import { synth, synthError } from '../support/synth';
import { assertProperty, INVALID_RUNS, RUNS, timeoutFor } from './config';

const VALID_RUNS = Math.ceil(RUNS / 5);
/** Expected findings, each the documented consequence of a prop (see safe-daemon-set.test.ts). */
const HOST = ['kube-linter/host-network', 'kube-linter/host-port', 'polaris/hostNetworkSet', 'polaris/hostPortSet',
  'pss-restricted/hostNamespaces', 'pss-restricted/hostPorts'];
const ALWAYS = ['polaris/topologySpreadConstraint', 'polaris/priorityClassNotSet'];

const pods = (max: number) => fc.oneof(
  fc.integer({ min: 1, max }).map((n) => Pods.count(n)),
  fc.integer({ min: 1, max: 100 }).map((p) => Pods.percent(p)),
);

const validProps: fc.Arbitrary<SafeDaemonSetProps> = fc.record({
  host: fc.constantFrom('none', 'network', 'ports', 'both'),
  surge: pods(3),
  unavailable: pods(3),
  surgeMode: fc.boolean(),
  canary: fc.option(fc.record({ value: fc.option(fc.constantFrom('true', 'yes', 'canary-1')), newImage: fc.boolean() })),
  tolerateControlPlane: fc.boolean(),
}).map((r) => {
  const host = r.host !== 'none';
  // With host ports or network only maxUnavailable may be above 0.
  const surging = r.surgeMode && !host;
  return {
    image: 'registry.example.com/infra/agent:1.0.0', readiness: Probe.httpGet('/ready'),
    hostNetwork: r.host === 'network' || r.host === 'both' ? true : undefined,
    hostPorts: r.host === 'ports' || r.host === 'both' ? true : undefined,
    maxSurge: surging ? r.surge : host ? undefined : Pods.count(0),
    maxUnavailable: surging ? undefined : r.unavailable,
    nodeCanary: r.canary ? { nodeLabel: 'example.com/canary', nodeLabelValue: r.canary.value ?? undefined, image: r.canary.newImage ? 'registry.example.com/infra/agent:1.1.0' : undefined } : undefined,
    tolerations: r.tolerateControlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }] : undefined,
  };
});

describe('SafeDaemonSet properties', () => {
  test(`valid sets (${VALID_RUNS} cases): accepted by the API server stand-in, the linters (documented findings only) and the plugin`, () => {
    assertProperty('SafeDaemonSet', 'valid sets', fc.property(validProps, (props) => {
      const manifests = synth((chart) => new SafeDaemonSet(chart, 'agent', props));
      const found: string[] = [];
      const host = props.hostNetwork || props.hostPorts;
      found.push(...strictValidate(manifests).map((f) => `API server: ${f.object} ${f.path} ${f.message}`));
      found.push(...lint(manifests).filter((f) => ![...ALWAYS, ...(host ? HOST : [])].includes(`${f.linter}/${f.rule}`)).map((f) => `${f.linter}/${f.rule}: ${f.message}`));
      found.push(...validateManifests(manifests).filter((v) => !(host && v.ruleId === 'RS212')).map((v) => `${v.ruleId}: ${v.message}`));
      const sets = manifests.filter((m) => m.kind === 'DaemonSet');
      // Exactly one of maxSurge / maxUnavailable is 0, and never a surge with host ports or network.
      for (const s of sets) {
        const { maxSurge, maxUnavailable } = s.spec.updateStrategy.rollingUpdate;
        if ((maxSurge === 0) === (maxUnavailable === 0)) found.push(`${s.metadata.name}: maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`);
        if (host && maxSurge !== 0) found.push(`${s.metadata.name}: surge with host ports`);
      }
      // A node canary: two DaemonSets whose node affinities split every node between them.
      if (props.nodeCanary) {
        const ops = sets.map((s) => s.spec.template.spec.affinity.nodeAffinity
          .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator);
        if (ops.join() !== 'NotIn,In') found.push(`node affinity ${ops}`);
      } else if (sets.length !== 1) found.push(`${sets.length} DaemonSets`);
      if (found.length) throw new Error(found.join('\n'));
    }), VALID_RUNS);
  }, timeoutFor(VALID_RUNS));

  test(`a surge with host ports or network (${INVALID_RUNS} cases) is always an error naming maxSurge and the alternative`, () => {
    const invalid = fc.record({ base: validProps, network: fc.boolean(), surge: pods(3) });
    assertProperty('SafeDaemonSet', 'host surge', fc.property(invalid, ({ base, network, surge }) => {
      const props = {
        ...base, hostNetwork: network || undefined, hostPorts: network ? undefined : true, maxSurge: surge, maxUnavailable: Pods.count(0),
      };
      const message = synthError((scope) => new SafeDaemonSet(new Chart(scope, 'c'), 'agent', props));
      if (!message.includes('SafeDaemonSet: \'maxSurge\' is') || !message.includes('maxUnavailable: Pods.count(1)')) throw new Error(message);
    }), INVALID_RUNS);
  }, timeoutFor(INVALID_RUNS));
});
