import { Duration } from 'cdk8s';
import {
  DisruptionBudget, Drain, HostSpreading, Pods, Probe, SafeRollingDeployment, SafeRollingDeploymentProps, ServiceType,
} from '../../src';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const minimal: SafeRollingDeploymentProps = { image: IMAGE, readiness: Probe.httpGet('/ready') };

function build(props: Partial<SafeRollingDeploymentProps> = {}, id = 'web'): any[] {
  return synth((chart) => new SafeRollingDeployment(chart, id, { ...minimal, ...props }));
}
function errorOf(props: Partial<SafeRollingDeploymentProps>, id = 'web'): string {
  return synthError((chart) => new SafeRollingDeployment(chart, id, { ...minimal, ...props } as SafeRollingDeploymentProps));
}

describe('SafeRollingDeployment defaults', () => {
  const manifests = build();
  const deployment = find(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('the minimal app is what a reviewer expects', () => {
    expect(toYaml(manifests)).toMatchSnapshot();
  });

  test('an API server and the linters accept the minimal app as it is', () => {
    expectAccepted(manifests);
  });

  test('a Deployment, a Service, a PodDisruptionBudget and a NetworkPolicy with readable names and no hash suffixes', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Deployment/web', 'PodDisruptionBudget/web-pdb', 'Service/web', 'NetworkPolicy/web']);
  });

  test('the NetworkPolicy opens the declared ports only and leaves egress alone', () => {
    expect(find(manifests, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [{}],
    });
  });

  test('two replicas that surge before any old pod stops', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(deployment.spec.minReadySeconds).toBe(5);
    expect(deployment.spec.progressDeadlineSeconds).toBe(600);
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
  });

  test('the selector holds only labels that never change between releases', () => {
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } });
    expect(deployment.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/version': '1.4.2',
    });
    expect(find(manifests, 'Service').spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(find(manifests, 'PodDisruptionBudget').spec.selector).toEqual(deployment.spec.selector);
  });

  test('old pods drain for 10 s before SIGTERM (the kubelet\'s own sleep at the default target 1.31), and the grace period covers drain and shutdown', () => {
    expect(container.lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  test('liveness checks the port without repeating readiness, and a startup probe shields slow starters', () => {
    // Probe ports by number: kube-score reads named probe ports as 0 and would call different ports identical.
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 30 });
  });

  test('Pod Security Standards "restricted", read-only root with a writable /tmp, no service account token', () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, privileged: false, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts).toEqual([{ name: 'writable-0', mountPath: '/tmp' }]);
  });

  test('requests and limits are always set', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '100Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('preferred anti-affinity across nodes and a per-revision zone spread', () => {
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: deployment.spec.selector, matchLabelKeys: ['pod-template-hash'],
    }]);
  });

  test('the disruption budget lets one pod go and never wedges a drain on crash-looping pods', () => {
    expect(find(manifests, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('the Service forwards its port to the named container port', () => {
    expect(find(manifests, 'Service').spec).toEqual({
      type: 'ClusterIP', selector: deployment.spec.selector.matchLabels, ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
  });
});

describe('SafeRollingDeployment options', () => {
  test('public outputs name what a caller wires to', () => {
    let web!: SafeRollingDeployment;
    synth((chart) => { web = new SafeRollingDeployment(chart, 'web', { ...minimal, name: 'shop' }); });
    expect(web.serviceName).toBe('shop');
    expect(web.deployment.kind).toBe('Deployment');
    expect(web.service.name).toBe('shop');
    expect(web.disruptionBudget?.name).toBe('shop-pdb');
    expect(web.autoscaler).toBeUndefined();
  });

  test('an autoscaler owns the replica count: the Deployment has none', () => {
    const manifests = build({ autoscaling: { minReplicas: 3, maxReplicas: 10 } });
    expect(find(manifests, 'Deployment').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler').spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 10,
    });
    // Polaris wants `replicas` >= 2 on every Deployment while kube-score wants none on an autoscaler's
    // target: the autoscaler owns it, and the Deployment carries Polaris' exemption saying so.
    expectAccepted(manifests);
  });

  test('a longer drain raises the derived grace period', () => {
    const pod = find(build({ drain: Drain.sleep(Duration.seconds(45)), shutdownBudget: Duration.seconds(15) }), 'Deployment').spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 45 } });
    expect(pod.terminationGracePeriodSeconds).toBe(60);
  });

  test('with a zero shutdown budget the grace period still outlasts the drain by a second', () => {
    expect(find(build({ shutdownBudget: Duration.seconds(0) }), 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(11);
  });

  test('an HTTP drain for images without a shell or sleep binary', () => {
    const pod = find(build({ drain: Drain.httpGet('/drain', { duration: Duration.seconds(15) }) }), 'Deployment').spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop).toEqual({ httpGet: { path: '/drain', port: 'http' } });
    expect(pod.terminationGracePeriodSeconds).toBe(35);
  });

  test('no drain only when asked for', () => {
    const pod = find(build({ drain: Drain.none() }), 'Deployment').spec.template.spec;
    expect(pod.containers[0].lifecycle).toBeUndefined();
    expect(pod.terminationGracePeriodSeconds).toBe(20);
  });

  test('required anti-affinity as seed 000 asks for it, one pod per node per revision at the default target 1.31', () => {
    const pod = find(build({ spreading: { acrossHosts: HostSpreading.REQUIRED } }), 'Deployment').spec.template.spec;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } }, topologyKey: 'kubernetes.io/hostname',
      matchLabelKeys: ['pod-template-hash'],
    }]);
  });

  test('explicit security opt-outs for images that need them', () => {
    const pod = find(build({ security: { allowRoot: true, readOnlyRootFilesystem: false, automountServiceAccountToken: true } }), 'Deployment').spec.template.spec;
    expect(pod.containers[0].securityContext.runAsNonRoot).toBeUndefined();
    expect(pod.containers[0].securityContext.runAsUser).toBeUndefined();
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('a readiness probe that is already a TCP check of the port gets no identical default liveness', () => {
    const container = find(build({ readiness: Probe.tcpSocket() }), 'Deployment').spec.template.spec.containers[0];
    expect(container.livenessProbe).toBeUndefined();
    expect(container.startupProbe).toBeUndefined();
  });

  test('the NetworkPolicy can be left to cluster-wide policies', () => {
    expect(build({ networkPolicy: false }).some((m) => m.kind === 'NetworkPolicy')).toBe(false);
  });

  test('derived resource limits follow a larger request', () => {
    expect(find(build({ resources: { cpuRequest: '0.5', memoryRequest: '1Gi' } }), 'Deployment').spec.template.spec.containers[0].resources.limits)
      .toEqual({ 'cpu': '2500m', 'memory': '2048Mi', 'ephemeral-storage': '1Gi' });
  });

  test('liveness can be switched off explicitly', () => {
    const container = find(build({ disableLiveness: true }), 'Deployment').spec.template.spec.containers[0];
    expect(container.livenessProbe).toBeUndefined();
  });

  test('one replica with an explicit budget choice', () => {
    expect(build({ replicas: 1, disruptionBudget: DisruptionBudget.none() }).map((m) => m.kind)).toEqual(['Deployment', 'Service', 'NetworkPolicy']);
  });

  test('the change cause is the annotation `kubectl rollout history` shows', () => {
    expect(find(build({ changeCause: 'release 1.4.2' }), 'Deployment').metadata.annotations['kubernetes.io/change-cause']).toBe('release 1.4.2');
  });

  test('digests pin an image; the version label comes from the digest', () => {
    const image = `registry.example.com/web@sha256:${'a'.repeat(64)}`;
    const labels = find(build({ image }), 'Deployment').spec.template.metadata.labels;
    expect(labels['app.kubernetes.io/version']).toBe('sha256-aaaaaaaaaaaa');
  });

  test('NodePort and LoadBalancer Services', () => {
    const service = find(build({ service: { type: ServiceType.NODE_PORT, port: 80, nodePort: 30080 } }), 'Service');
    expect(service.spec).toMatchObject({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] });
  });
});

describe('SafeRollingDeployment bad input: each message names the construct, the prop, the value and what is allowed', () => {
  test.each<[string, Partial<SafeRollingDeploymentProps>, string]>([
    ['untagged image', { image: 'nginx' }, '\'image\' is "nginx"; an untagged image means \':latest\''],
    [':latest image', { image: 'nginx:latest' }, '\'image\' is "nginx:latest"; \':latest\' moves under running pods'],
    ['invalid image reference', { image: 'Registry/Web App:1' }, '\'image\' is "Registry/Web App:1"; it is not a valid image reference'],
    ['no readiness probe', { readiness: undefined }, '\'readiness\' is missing; a readiness probe is required for pods behind a Service'],
    ['liveness identical to readiness', { readiness: Probe.httpGet('/healthz'), liveness: Probe.httpGet('/healthz', { period: Duration.seconds(30) }) },
      '\'liveness\' is "httpGet 8080/healthz"; it checks exactly what readiness checks'],
    ['probe on an undeclared port', { readiness: Probe.httpGet('/ready', { port: 9090 }) }, '\'readiness.port\' is 9090; it must be one of the declared container ports (http=8080)'],
    ['probe on an undeclared port name', { readiness: Probe.httpGet('/ready', { portName: 'admin' }) }, '\'readiness.portName\' is "admin"; it must name a declared container port (http=8080)'],
    ['successThreshold on liveness', { liveness: Probe.tcpSocket({ successThreshold: 2 }) }, '\'liveness.successThreshold\' is 2; Kubernetes requires 1 for a liveness probe'],
    ['grace shorter than the drain', { drain: Drain.sleep(Duration.seconds(90)), terminationGracePeriod: Duration.seconds(30) },
      '\'terminationGracePeriod\' is "30s"; it must be longer than the preStop drain (90s)'],
    ['fractional drain', { drain: Drain.sleep(Duration.millis(1500)) }, '\'drain.duration\' is "1.5s"; it must be a whole number of seconds from 1 to 2147483647'],
    ['zero replicas', { replicas: 0 }, '\'replicas\' is 0; it must be a whole number of at least 1'],
    ['replicas with autoscaling', { replicas: 3, autoscaling: { maxReplicas: 5 } }, '\'replicas\' is 3; leave it unset with \'autoscaling\''],
    ['autoscaling max under min', { autoscaling: { minReplicas: 4, maxReplicas: 2 } }, '\'autoscaling.maxReplicas\' is 2; it must be greater than minReplicas (4)'],
    ['one replica without a budget choice', { replicas: 1 }, '\'disruptionBudget\' is missing; with 1 replica(s) a PodDisruptionBudget either blocks every node drain or protects nothing'],
    ['a budget that blocks drains', { disruptionBudget: DisruptionBudget.maxUnavailable(Pods.count(0)) }, '\'disruptionBudget.maxUnavailable\' is "0"; it allows no disruption at 2 replica(s)'],
    ['minAvailable equal to replicas', { disruptionBudget: DisruptionBudget.minAvailable(Pods.percent(100)) }, '\'disruptionBudget.minAvailable\' is "100%"; it keeps all 2 replica(s)'],
    ['progress deadline not above minReady', { minReady: Duration.seconds(60), progressDeadline: Duration.seconds(30) }, '\'progressDeadline\' is "30s"; it must be longer than \'minReady\' (60s)'],
    ['revisionHistoryLimit 0', { revisionHistoryLimit: 0 }, '\'revisionHistoryLimit\' is 0; it must be a whole number of at least 1'],
    ['port name too long', { ports: [{ port: 8080, name: 'http-management-api' }] }, '\'ports[0].name\' is "http-management-api"; is 19 characters long; a port name has 1 to 15'],
    ['port out of range', { ports: [{ port: 70000 }] }, '\'ports[0].port\' is 70000; a port number is a whole number from 1 to 65535'],
    ['duplicate port names', { ports: [{ port: 8080, name: 'http' }, { port: 8081, name: 'http' }] }, '\'ports[1].name\' is "http"; port names must be unique within the pod'],
    ['requests above limits', { resources: { memoryRequest: '1Gi', memoryLimit: '512Mi' } }, '\'resources.memoryLimit\' is "512Mi"; it must be at least the memory request (1Gi)'],
    ['not a quantity', { resources: { cpuRequest: 'two cores' } }, '\'resources.cpuRequest\' is "two cores"; expected a positive Kubernetes quantity'],
    ['invalid label value', { labels: { team: 'Checkout Team' } }, '\'labels.team\' is "Checkout Team"; a label value may hold only letters, digits'],
    ['reserved label key', { labels: { 'app.kubernetes.io/name': 'x' } }, '\'labels\' is "app.kubernetes.io/name"; this label is set by the construct itself'],
    ['version not a label value', { version: 'v1 beta' }, '\'version\' is "v1 beta"; a label value may hold only'],
    ['root without opting in', { security: { runAsUser: 0 } }, '\'security.runAsUser\' is 0; uid 0 is root; set \'allowRoot: true\''],
    ['node port on ClusterIP', { service: { nodePort: 30080 } }, '\'service.nodePort\' is 30080; a node port needs type NODE_PORT or LOAD_BALANCER'],
    ['node port out of range', { service: { type: ServiceType.NODE_PORT, nodePort: 80 } }, '\'service.nodePort\' is 80; node ports are whole numbers from 30000 to 32767'],
    ['env name', { env: { '1BAD': 'x' } }, '\'env\' is "1BAD"; an environment variable name'],
    ['mount path', { configMapMounts: [{ configMapName: 'conf', mountPath: 'config' }] }, '\'configMapMounts[0].mountPath\' is "config"; a mount path is an absolute directory'],
    ['mount path clash', { configMapMounts: [{ configMapName: 'conf', mountPath: '/tmp' }] }, '\'security.writablePaths[0]\' is "/tmp"; two volumes cannot be mounted at the same path'],
    ['namespace', { namespace: 'Blog' }, '\'namespace\' is "Blog"; a namespace name must consist of lower case letters'],
    ['name', { name: '1web' }, '\'name\' is "1web"; it names Services, so it must be a DNS-1035 label'],
  ])('%s', (_, props, expected) => {
    const message = errorOf(props);
    expect(message).toContain(`SafeRollingDeployment: ${expected}`);
  });

  test('a construct id that is not a valid name says so', () => {
    expect(errorOf({}, 'WebApp')).toContain('SafeRollingDeployment: \'name (defaulted from the construct id)\' is "WebApp"');
  });

  test('a name too long for a Service', () => {
    expect(errorOf({ name: 'a'.repeat(64) })).toContain(`'name' is "${'a'.repeat(64)}"; it names Services, so it must be a DNS-1035 label: it is 64 characters long`);
  });

  test('a name of exactly 63 characters is accepted', () => {
    expectAccepted(build({ name: 'a'.repeat(63) }));
  });

  test('every problem of a synth is reported at once, each with its construct path', () => {
    const message = synthError((chart) => {
      new SafeRollingDeployment(chart, 'web', { ...minimal, image: 'nginx', replicas: 0 });
      new SafeRollingDeployment(chart, 'api', { ...minimal, readiness: undefined });
    });
    expect(message).toMatch(/\[test\/web\] SafeRollingDeployment: 'image' is "nginx"/);
    expect(message).toMatch(/\[test\/web\] SafeRollingDeployment: 'replicas' is 0/);
    expect(message).toMatch(/\[test\/api\] SafeRollingDeployment: 'readiness' is missing/);
  });

  test('a mutable tag is accepted only on request', () => {
    expect(find(build({ image: 'nginx:latest', allowMutableImageTag: true }), 'Deployment').spec.template.spec.containers[0].image).toBe('nginx:latest');
  });
});
