import { Chart } from 'cdk8s';
import {
  ClaimRetention, DisruptionBudget, ReleaseController, HostSpreading, KubernetesTarget, PodManagementPolicy, Pods, Probe, Protocol, SafeStatefulSet,
  SafeStatefulSetProps, VolumeAccessMode,
} from '../../src';
import { statefulSetImmutableChanges } from '../../src/core/stateful-set';
import { validateManifests } from '../../src/validation/validate';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const IMAGE = 'registry.example.com/shop/db:16.4';
const minimal: SafeStatefulSetProps = {
  image: IMAGE, readiness: Probe.exec(['pg_isready', '-q']), ports: [{ port: 5432, name: 'sql' }],
  volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
};

function build(props: Partial<SafeStatefulSetProps> = {}, target?: string): any[] {
  return synth((chart: Chart) => {
    if (target) KubernetesTarget.set(chart, target);
    new SafeStatefulSet(chart, 'db', { ...minimal, ...props });
  });
}
function errorOf(props: Partial<SafeStatefulSetProps>, target?: string): string {
  return synthError((scope) => {
    const chart = new Chart(scope as any, 'c');
    if (target) KubernetesTarget.set(chart, target);
    new SafeStatefulSet(chart, 'db', { ...minimal, ...props } as SafeStatefulSetProps);
  });
}

describe('SafeStatefulSet defaults', () => {
  const manifests = build();
  const set = find(manifests, 'StatefulSet');

  test('the minimal app is what a reviewer expects', () => {
    expect(toYaml(manifests)).toMatchSnapshot();
  });

  test('an API server, the linters and the validation plugin accept it as it is', () => {
    expectAccepted(manifests);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('a StatefulSet, its budget, a headless identity Service, a client Service and a NetworkPolicy', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'StatefulSet/db', 'PodDisruptionBudget/db-pdb', 'Service/db-headless', 'Service/db', 'NetworkPolicy/db',
    ]);
  });

  test('the headless Service names the pods; the client Service routes to ready pods only', () => {
    const headless = find(manifests, 'Service', 'db-headless');
    const client = find(manifests, 'Service', 'db');
    expect(set.spec.serviceName).toBe('db-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBeUndefined();
    expect(client.spec.clusterIP).toBeUndefined();
    expect(client.spec.publishNotReadyAddresses).toBeUndefined();
    expect(headless.spec.selector).toEqual(set.spec.selector.matchLabels);
    expect(client.spec.selector).toEqual(set.spec.selector.matchLabels);
  });

  test('one pod at a time from the highest ordinal, partition 0 written out, no maxUnavailable below 1.37', () => {
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(set.spec.podManagementPolicy).toBe('OrderedReady');
    expect(set.spec.minReadySeconds).toBe(5);
    expect(set.spec.revisionHistoryLimit).toBe(10);
    expect(set.spec.progressDeadlineSeconds).toBeUndefined();
    expect(set.metadata.annotations['release-strategies.cdk8s.io/rollout']).toMatch(/one pod at a time, highest ordinal first.*no surge: 1 of 2 pods down per step/);
  });

  test('volume claims are kept when the set is deleted or scaled down, unless the user says otherwise', () => {
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(set.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(set.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/db' });
  });

  test('the shared pod: drain, grace, restricted security, and spreading across revisions (no pod-template-hash on StatefulSet pods)', () => {
    const pod = set.spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.securityContext.fsGroup).toBe(10001); // the volume is writable by the non-root user
    expect(pod.topologySpreadConstraints[0].matchLabelKeys).toBeUndefined();
    expect(find(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('sync waves: the pods and their identity Service before traffic, the client Service with it', () => {
    const wave = (kind: string, name: string) => find(manifests, kind, name).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(wave('StatefulSet', 'db')).toBe('0');
    expect(wave('Service', 'db-headless')).toBe('0');
    expect(wave('Service', 'db')).toBe('1');
  });
});

describe('SafeStatefulSet canary by partition', () => {
  // 3 replicas, canaryReplicas 1: partition 3 - 1 = 2, so only db-2 gets the new revision; 1/3 = 33.33 %.
  const chartSets: SafeStatefulSet[] = [];
  const manifests = synth((chart) => { chartSets.push(new SafeStatefulSet(chart, 'db', { ...minimal, replicas: 3, canaryReplicas: 1 })); });
  const set = find(manifests, 'StatefulSet');

  test('the highest ordinal runs the canary: partition 2; the achieved share is reported as for a replica-ratio canary', () => {
    expect(set.spec.updateStrategy.rollingUpdate.partition).toBe(2);
    expect(chartSets[0].partition).toBe(2);
    expect(chartSets[0].achievedCanaryWeight).toBe(33.33);
    expect(find(manifests, 'Service', 'db').metadata.annotations['release-strategies.cdk8s.io/achieved-canary-weight']).toBe('33.33');
    expect(set.metadata.annotations['release-strategies.cdk8s.io/rollout']).toMatch(/^partition 2: ordinals 2 to 2 \(1 of 3 pods\)/);
    expectAccepted(manifests);
  });

  test('promotion is partition 0: only the partition (and the share annotation) change', () => {
    const promoted = build({ replicas: 3 });
    expect(find(promoted, 'StatefulSet').spec.updateStrategy.rollingUpdate.partition).toBe(0);
    expect(statefulSetImmutableChanges(set, find(promoted, 'StatefulSet'))).toEqual([]);
  });

  test.each([[3], [4], [-1], [1.5]])('canaryReplicas %p of 3 replicas is an error naming the range', (canaryReplicas) => {
    expect(errorOf({ replicas: 3, canaryReplicas })).toMatch(/c\/db\] SafeStatefulSet: 'canaryReplicas' is .*a whole number from 0 to 2/);
  });
});

describe('SafeStatefulSet maxUnavailable follows the MaxUnavailableStatefulSet feature', () => {
  test.each(['1.31', '1.35', '1.36'])('at %s more than one pod at a time is refused with the reason', (target) => {
    expect(errorOf({ replicas: 5, maxUnavailable: Pods.count(2) }, target)).toMatch(
      new RegExp(`'maxUnavailable' is "2"; Kubernetes ${target.replace('.', '\\.')} updates a StatefulSet one pod at a time.*1\\.35\\.4 and in 1\\.36 after a regression.*target 1\\.37`));
  });

  test('at 1.37 it is written, and 1 when unset (what the API server would default)', () => {
    const five = build({ replicas: 5, maxUnavailable: Pods.count(2) }, '1.37');
    expect(find(five, 'StatefulSet').spec.updateStrategy.rollingUpdate).toEqual({ partition: 0, maxUnavailable: 2 });
    expectAccepted(five);
    expect(validateManifests(five, { targetVersion: '1.37' })).toEqual([]);
    expect(find(build({}, '1.37'), 'StatefulSet').spec.updateStrategy.rollingUpdate).toEqual({ partition: 0, maxUnavailable: 1 });
    // 40 % of 5 = 2 (rounded down); 10 % of 5 = 0.5 -> 0 -> at least 1.
    expect(find(build({ replicas: 5, maxUnavailable: Pods.percent(40) }, '1.37'), 'StatefulSet').metadata.annotations['release-strategies.cdk8s.io/rollout'])
      .toMatch(/maxUnavailable 40% = 2 pods at a time/);
    expect(find(build({ replicas: 5, maxUnavailable: Pods.percent(10) }, '1.37'), 'StatefulSet').metadata.annotations['release-strategies.cdk8s.io/rollout'])
      .toMatch(/one pod at a time/);
  });

  test('every pod at once is refused (the app would stop serving), and 0 is refused as the API server does', () => {
    expect(errorOf({ replicas: 3, maxUnavailable: Pods.count(3) }, '1.37')).toMatch(/'maxUnavailable' is "3"; it resolves to 3 pod\(s\) at 3 replicas.*at most 2/);
    expect(errorOf({ maxUnavailable: Pods.count(0) }, '1.37')).toMatch(/'maxUnavailable' is "0"; Pods.count\(n\) with n of at least 1/);
    expect(errorOf({ maxUnavailable: Pods.percent(101) }, '1.37')).toMatch(/'maxUnavailable' is "101%"/);
  });
});

describe('SafeStatefulSet options', () => {
  test('peer discovery: publishNotReadyAddresses on the headless Service only', () => {
    const manifests = build({ publishNotReadyAddresses: true });
    expect(find(manifests, 'Service', 'db-headless').spec.publishNotReadyAddresses).toBe(true);
    expect(find(manifests, 'Service', 'db').spec.publishNotReadyAddresses).toBeUndefined();
  });

  test('every container port is on the headless Service (an SRV record each, for peers); the client Service keeps the first', () => {
    const manifests = build({ ports: [{ port: 5432, name: 'sql' }, { port: 7000, name: 'gossip' }, { port: 7001, name: 'gossip-udp', protocol: Protocol.UDP }] });
    expect(find(manifests, 'Service', 'db-headless').spec.ports).toEqual([
      { name: 'sql', port: 5432, targetPort: 'sql', protocol: 'TCP' },
      { name: 'gossip', port: 7000, targetPort: 'gossip', protocol: 'TCP' },
      { name: 'gossip-udp', port: 7001, targetPort: 'gossip-udp', protocol: 'UDP' },
    ]);
    expect(find(manifests, 'Service', 'db').spec.ports).toEqual([{ name: 'sql', port: 5432, targetPort: 'sql', protocol: 'TCP' }]);
    expectAccepted(manifests);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('Parallel pod management, claim deletion, storage class and access mode are the user\'s choice', () => {
    const manifests = build({
      podManagementPolicy: PodManagementPolicy.PARALLEL, claimsWhenScaled: ClaimRetention.DELETE,
      volumeClaims: [{ name: 'data', mountPath: '/data', size: '1Gi', storageClassName: 'fast-ssd', accessMode: VolumeAccessMode.READ_WRITE_ONCE_POD }],
    });
    const set = find(manifests, 'StatefulSet');
    expect(set.spec.podManagementPolicy).toBe('Parallel');
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    expect(set.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', accessModes: ['ReadWriteOncePod'] });
    expectAccepted(manifests);
  });

  test('required host spreading keeps one pod per node over all revisions: no surge needs no extra node', () => {
    const manifests = build({ replicas: 3, spreading: { acrossHosts: HostSpreading.REQUIRED } }, '1.29');
    const term = find(manifests, 'StatefulSet').spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.matchLabelKeys).toBeUndefined();
    expect(build({ replicas: 3, spreading: { acrossHosts: HostSpreading.REQUIRED } }, '1.33').length).toBe(5);
  });

  test('bad volume claims and names are errors naming the prop', () => {
    expect(errorOf({ volumeClaims: [{ name: 'data', mountPath: '/tmp', size: '1Gi' }] })).toMatch(/'volumeClaims\[0\]\.mountPath' is "\/tmp"; two volumes cannot be mounted at the same path \(security.writablePaths\[0\] mounts there\)/);
    expect(errorOf({ volumeClaims: [{ name: 'data', mountPath: '/d', size: '1.5' }] })).toMatch(/'volumeClaims\[0\]\.size' is "1\.5"; a positive Kubernetes quantity in whole bytes/);
    expect(errorOf({ volumeClaims: [{ name: 'Data', mountPath: '/d', size: '1Gi' }] })).toMatch(/'volumeClaims\[0\]\.name' is "Data"/);
    expect(errorOf({ volumeClaims: [{ name: 'data', mountPath: '/d', size: '1Gi', storageClass: 'x' } as any] })).toMatch(/storageClass/);
    expect(errorOf({ name: 'a'.repeat(53) })).toMatch(/choose a name of at most 52 characters/);
    expect(errorOf({ canaryReplica: 1 } as any)).toMatch(/canaryReplica/);
    expect(errorOf({ podManagementPolicy: 'Random' as any })).toMatch(/'podManagementPolicy' is "Random"; one of OrderedReady, Parallel/);
  });

  test('a one-replica set must choose its budget, as every strategy', () => {
    expect(errorOf({ replicas: 1 })).toMatch(/disruptionBudget/);
    expectAccepted(build({ replicas: 1, disruptionBudget: DisruptionBudget.none() }), ['kube-score/statefulset-has-poddisruptionbudget', 'polaris/missingPodDisruptionBudget', 'polaris/deploymentMissingReplicas']);
  });
});

describe('release controllers', () => {
  test('neither Argo Rollouts nor Flagger releases StatefulSets: an error with the reason and the partition as the way', () => {
    expect(errorOf({ releaseController: ReleaseController.argoRollouts() })).toMatch(/'releaseController' is "Argo Rollouts"; Argo Rollouts does not release StatefulSets.*1635.*'canaryReplicas'/);
    expect(errorOf({ releaseController: ReleaseController.flagger({ analysis: {} } as any) })).toMatch(/'releaseController' is "Flagger"; Flagger does not release StatefulSets \(fluxcd\/flagger issue 410\)/);
  });
});

describe('the fields an update of a StatefulSet cannot change', () => {
  test('serviceName, volumeClaimTemplates, selector and podManagementPolicy are reported; template and partition are not', () => {
    const before = find(build(), 'StatefulSet');
    const after = find(build({
      image: 'registry.example.com/shop/db:16.5', podManagementPolicy: PodManagementPolicy.PARALLEL,
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size: '20Gi' }],
    }), 'StatefulSet');
    expect(statefulSetImmutableChanges(before, after)).toEqual(['spec.podManagementPolicy', 'spec.volumeClaimTemplates']);
    expect(statefulSetImmutableChanges(before, { spec: { ...before.spec, serviceName: 'x', selector: {} } })).toEqual(['spec.selector', 'spec.serviceName']);
  });
});
