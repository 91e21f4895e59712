import { Chart } from 'cdk8s';
import { HostSpreading, Pods, Probe, ReleaseController, SafeDaemonSet, SafeDaemonSetProps, TaintEffect, TolerationOperator } from '../../src';
import { validateManifests } from '../../src/validation/validate';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const IMAGE = 'registry.example.com/infra/node-agent:3.2.0';
const minimal: SafeDaemonSetProps = { image: IMAGE, readiness: Probe.httpGet('/ready'), ports: [{ port: 9100, name: 'metrics' }] };

function build(props: Partial<SafeDaemonSetProps> = {}): any[] {
  return synth((chart) => new SafeDaemonSet(chart, 'agent', { ...minimal, ...props }));
}
function errorOf(props: Partial<SafeDaemonSetProps>): string {
  return synthError((scope) => new SafeDaemonSet(new Chart(scope as any, 'c'), 'agent', { ...minimal, ...props } as SafeDaemonSetProps));
}
/** Host namespaces and ports are the user's explicit choice for a node agent; the linters flag them as they should. */
const HOST_FINDINGS = [
  'kube-linter/host-network', 'kube-linter/host-port', 'polaris/hostNetworkSet', 'polaris/hostPortSet', 'pss-restricted/hostNamespaces',
  'pss-restricted/hostPorts',
];
/**
 * Polaris asks every pod template for a topology spread constraint; a DaemonSet places exactly one pod
 * on each node it selects, so a constraint could only be a no-op (ScheduleAnyway) or keep agents off
 * nodes (DoNotSchedule). The construct writes none, and the DaemonSet carries Polaris' exemption.
 */
const accepted = (manifests: any[], waive: string[] = []) => expectAccepted(manifests, waive);

describe('SafeDaemonSet defaults', () => {
  const manifests = build();
  const set = find(manifests, 'DaemonSet');

  test('the minimal agent is what a reviewer expects', () => {
    expect(toYaml(manifests)).toMatchSnapshot();
  });

  test('an API server, the linters and the validation plugin accept it', () => {
    accepted(manifests);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a DaemonSet and a NetworkPolicy; no Service unless asked, no disruption budget (drains do not evict DaemonSet pods)', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['DaemonSet/agent', 'NetworkPolicy/agent']);
  });

  test('maxSurge 1 / maxUnavailable 0: a node never loses its agent', () => {
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(set.metadata.annotations['release-strategies.cdk8s.io/rollout']).toMatch(/no node is ever without its agent/);
    expect(set.spec.minReadySeconds).toBe(5);
  });

  test('one pod per node: no anti-affinity or spread, no tolerations beyond the controller\'s own, the shared safe pod', () => {
    const pod = set.spec.template.spec;
    expect(pod.affinity).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
  });
});

describe('SafeDaemonSet on the node\'s network or ports', () => {
  test.each([[{ hostNetwork: true }, /hostNetwork/], [{ hostPorts: true }, /hostPorts/]])('%p with the default surge is an error naming the reason and the alternative', (props, what) => {
    const message = errorOf(props);
    expect(message).toMatch(/c\/agent\] SafeDaemonSet: 'maxSurge' is "1"; the pods use/);
    expect(message).toMatch(what);
    expect(message).toMatch(/a surge pod would need the same port on the same node as the old pod.*'maxSurge: Pods.count\(0\), maxUnavailable: Pods.count\(1\)'/);
  });

  test('maxUnavailable 1 is the explicit alternative: one node at a time without its agent', () => {
    const manifests = build({ hostNetwork: true, hostPorts: true, maxUnavailable: Pods.count(1) });
    const set = find(manifests, 'DaemonSet');
    expect(set.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(set.spec.template.spec.hostNetwork).toBe(true);
    expect(set.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(set.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics', protocol: 'TCP' }]);
    accepted(manifests, HOST_FINDINGS);
  });

  test('both 0, or both above 0, is refused as the API server does', () => {
    expect(errorOf({ maxSurge: Pods.count(0), maxUnavailable: Pods.count(0) })).toMatch(/'maxSurge' is "0"; with maxUnavailable 0: exactly one of them must be 0/);
    expect(errorOf({ maxSurge: Pods.count(1), maxUnavailable: Pods.percent(10) })).toMatch(/exactly one of them must be 0/);
  });
});

describe('SafeDaemonSet node canary', () => {
  const canary = { nodeLabel: 'example.com/agent-canary', image: 'registry.example.com/infra/node-agent:3.3.0' };
  const manifests = build({ nodeCanary: canary });
  const stable = find(manifests, 'DaemonSet', 'agent');
  const onCanary = find(manifests, 'DaemonSet', 'agent-canary');

  test('two DaemonSets with complementary node affinity: every node runs exactly one agent', () => {
    const expr = (ds: any) => ds.spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0];
    expect(expr(stable)).toEqual({ key: 'example.com/agent-canary', operator: 'NotIn', values: ['true'] });
    expect(expr(onCanary)).toEqual({ key: 'example.com/agent-canary', operator: 'In', values: ['true'] });
    expect(stable.spec.template.spec.containers[0].image).toBe(IMAGE);
    expect(onCanary.spec.template.spec.containers[0].image).toBe(canary.image);
    // disjoint selectors: neither DaemonSet adopts the other's pods
    expect(stable.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('agent');
    expect(onCanary.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('agent-canary');
    accepted(manifests);
  });

  test('promotion moves every node: the stable image becomes the canary\'s; the stable DaemonSet\'s node affinity does not change', () => {
    const promoted = build({ image: canary.image, nodeCanary: { nodeLabel: canary.nodeLabel } });
    const after = find(promoted, 'DaemonSet', 'agent');
    const afterCanary = find(promoted, 'DaemonSet', 'agent-canary');
    expect(after.spec.template.spec.containers[0].image).toBe(canary.image);
    expect(after.spec.template.spec.affinity).toEqual(stable.spec.template.spec.affinity);
    // the canary nodes keep running what they ran: nothing restarts there
    expect(afterCanary.spec.template).toEqual(onCanary.spec.template);
  });

  test('a bad node label is an error naming the prop', () => {
    expect(errorOf({ nodeCanary: { nodeLabel: 'bad key!' } })).toMatch(/'nodeCanary.nodeLabel' is "bad key!"/);
  });
});

describe('SafeDaemonSet options', () => {
  test('tolerations and a priority class are the user\'s choice', () => {
    const manifests = build({
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }],
      priorityClassName: 'system-node-critical',
    });
    const pod = find(manifests, 'DaemonSet').spec.template.spec;
    expect(pod.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    accepted(manifests);
  });

  test('a Service on request, selecting the agent\'s pods on every node', () => {
    const manifests = build({ service: {}, nodeCanary: { nodeLabel: 'canary' } });
    expect(find(manifests, 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'agent' });
    accepted(manifests);
  });

  test('misuse is an error naming the prop', () => {
    expect(errorOf({ spreading: { acrossHosts: HostSpreading.REQUIRED } })).toMatch(/'spreading' is .*spreading does not apply/);
    expect(errorOf({ tolerations: [{ operator: TolerationOperator.EQUAL, value: 'x' }] })).toMatch(/'tolerations\[0\]\.key' is missing/);
    expect(errorOf({ tolerations: [{ key: 'k', operator: TolerationOperator.EXISTS, value: 'x' }] })).toMatch(/'tolerations\[0\]\.value' is "x"/);
    expect(errorOf({ maxSurg: Pods.count(1) } as any)).toMatch(/maxSurg/);
    expect(errorOf({ releaseController: ReleaseController.argoRollouts() })).toMatch(/Argo Rollouts does not release DaemonSets.*'nodeCanary'/);
    expect(errorOf({ releaseController: ReleaseController.flagger({ analysis: {} } as any) })).toMatch(/Flagger can canary a DaemonSet, but this construct does not emit/);
  });
});
