import { Testing } from 'cdk8s';
import { buildExamples } from '../examples/main';
import { expectAccepted, find, toYaml } from './support/synth';
import { expectReferencesResolve } from './support/references';

const app = Testing.app();
buildExamples(app);
const charts = Object.fromEntries(app.charts.map((chart) => [chart.node.id, Testing.synth(chart)]));

describe.each(Object.keys(charts))('example chart %s', (id) => {
  test('synthesizes the reviewed manifests', () => {
    expect(toYaml(charts[id])).toMatchSnapshot();
  });

  test('is accepted by the API server rules and has nothing for the linters', () => {
    // Seed 004 asks for a NodePort Service, which kube-score's service-type check warns about.
    // Polaris wants `replicas` on every Deployment, kube-score none on an autoscaler's target: the
    // A mesh route has no host names (callers use its parent Service's name), which Polaris asks for.
    // (Deployments whose replicas an autoscaler or controller owns, slots and tracks, pods without a
    // priority class and DaemonSets carry the linters' exemptions: src/workload/linters.ts.)
    const waive = {
      'seed-004-django-blog-rolling': ['kube-score/service-type'], 'gateway-api-mesh-canary': ['polaris/httpRouteWildcardOrEmptyHost'],
    };
    expectAccepted(charts[id], waive[id as keyof typeof waive] ?? []);
  });
});

describe('seed 002: the Spring Boot service ends with the zero-downtime settings', () => {
  const manifests = charts['seed-002-spring-boot-rolling'];
  const deployment = find(manifests, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('replicas 2, maxSurge 1, maxUnavailable 0', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('HTTP readiness on 8080 with the seed\'s timing', () => {
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 50, periodSeconds: 5, successThreshold: 1, failureThreshold: 2,
    });
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
  });

  test('a 90 s preStop sleep under a 300 s grace period', () => {
    expect(container.lifecycle.preStop).toEqual({ sleep: { seconds: 90 } });
    expect(pod.terminationGracePeriodSeconds).toBe(300);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(90);
  });

  test('the ConfigMap is mounted at /config, named after its content and immutable, and TZ is set', () => {
    const volume = pod.volumes.find((v: any) => v.configMap);
    // printf '%s' '[["application.yml","customValue: hello from the ConfigMap\n"]]' | sha256sum -> 72ff961d1d…
    expect(volume.configMap.name).toBe('spring-boot-kubernetes-deployment-config-72ff961d1d');
    expect(container.volumeMounts).toContainEqual({ name: volume.name, mountPath: '/config', readOnly: true });
    expect(container.env).toEqual([{ name: 'TZ', value: 'Asia/Shanghai' }]);
    expect(find(manifests, 'ConfigMap', volume.configMap.name)).toMatchObject({
      immutable: true, data: { 'application.yml': 'customValue: hello from the ConfigMap\n' },
    });
  });
});

describe('the autoscaled examples: one autoscaler per Deployment, as documented', () => {
  const hpas = (id: string) => charts[id].filter((m) => m.kind === 'HorizontalPodAutoscaler')
    .map((h) => ({
      target: h.spec.scaleTargetRef.name, min: h.spec.minReplicas, max: h.spec.maxReplicas,
      cpu: h.spec.metrics[0].resource.target.averageUtilization, behavior: h.spec.behavior,
    }));
  const replicasOf = (id: string) => charts[id].filter((m) => m.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.replicas]);

  test('blue/green: both slots at flipReplicas 6 up to 12, CPU 60%, no replicas on the Deployments', () => {
    expect(hpas('autoscaling-blue-green')).toEqual([
      { target: 'checkout-blue', min: 6, max: 12, cpu: 60, behavior: undefined },
      { target: 'checkout-green', min: 6, max: 12, cpu: 60, behavior: undefined },
    ]);
    expect(replicasOf('autoscaling-blue-green')).toEqual([['checkout-blue', undefined], ['checkout-green', undefined]]);
  });

  test('canary: stable 4..20 holding its scale-down, canary 2..3 at weight 20', () => {
    expect(hpas('autoscaling-canary')).toEqual([
      { target: 'search-stable', min: 4, max: 20, cpu: 70, behavior: { scaleDown: { selectPolicy: 'Disabled' } } },
      { target: 'search-canary', min: 2, max: 4, cpu: 70, behavior: undefined },
    ]);
    expect(replicasOf('autoscaling-canary')).toEqual([['search-stable', undefined], ['search-canary', undefined]]);
  });
});

describe('seed 004: the Django blog', () => {
  const manifests = charts['seed-004-django-blog-rolling'];
  const deployment = find(manifests, 'Deployment');
  const container = deployment.spec.template.spec.containers[0];

  test('namespace blog, three replicas, container web on http 8080', () => {
    expect(find(manifests, 'Namespace').metadata.name).toBe('blog');
    expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'blog')).toBe(true);
    expect(deployment.metadata.name).toBe('django-blog');
    expect(deployment.spec.replicas).toBe(3);
    expect(container).toMatchObject({ name: 'web', image: 'conaco/django-blog:v1', ports: [{ containerPort: 8080, name: 'http' }] });
  });

  test('the seed\'s resources', () => {
    expect(container.resources).toMatchObject({ requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
  });

  test('startup, readiness and liveness probes', () => {
    expect(container.startupProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 }, failureThreshold: 30, periodSeconds: 10 });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10 });
  });

  test('a NodePort Service from 80 to 8080, named http', () => {
    expect(find(manifests, 'Service', 'django-blog').spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  });
});

describe('seed 004 as a canary: the grey release by replica counts', () => {
  const manifests = charts['seed-004-django-blog-canary'];

  test('v1 stable and v2 canary in namespace blog, six pods split closest to 33%', () => {
    const stable = find(manifests, 'Deployment', 'blog-stable');
    const canary = find(manifests, 'Deployment', 'blog-canary');
    expect(stable.metadata.namespace).toBe('blog');
    expect(stable.spec.template.spec.containers[0].image).toBe('conaco/django-blog:v1');
    expect(canary.spec.template.spec.containers[0].image).toBe('conaco/django-blog:v2');
    expect([stable.spec.replicas, canary.spec.replicas]).toEqual([4, 2]);
    expect(find(manifests, 'Service', 'blog').metadata.annotations['release-strategies.cdk8s.io/achieved-canary-weight']).toBe('33.33');
  });

  test('no router objects: the apex Service selects both tracks', () => {
    expect(manifests.map((m) => m.kind)).not.toEqual(expect.arrayContaining(['HTTPRoute']));
    expect(find(manifests, 'Service', 'blog').spec.selector).toEqual({ 'app.kubernetes.io/name': 'blog' });
  });
});

describe('the Gateway API canary example', () => {
  const manifests = charts['gateway-api-canary'];

  test('an HTTPRoute on shop-gateway with exact 90/10 weights and a header match for testers', () => {
    const route = find(manifests, 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-gateway' }]);
    expect(route.spec.rules[0].matches[0].headers[0]).toEqual({ type: 'Exact', name: 'X-Canary', value: 'always' });
    expect(route.spec.rules[1].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['web-stable', 90], ['web-canary', 10]]);
  });
});

describe('the Gateway API mesh (GAMMA) canary example', () => {
  const manifests = charts['gateway-api-mesh-canary'];

  test('an HTTPRoute attached to the orders Service: 80/20 for in-cluster callers, X-Canary: always to the canary', () => {
    const route = find(manifests, 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'orders' }]);
    expect(find(manifests, 'Service', 'orders').metadata.namespace).toBe(route.metadata.namespace);
    expect(route.spec.rules.map((r: any) => r.name)).toEqual(['canary-match', 'weighted']);
    expect(route.spec.rules[1].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['orders-stable', 80], ['orders-canary', 20]]);
  });
});

describe('the controller examples: every reference resolves', () => {
  test.each(['argo-rollouts-blue-green', 'argo-rollouts-canary', 'flagger-blue-green', 'flagger-canary'])('%s', (id) => {
    expect(charts[id].filter((m) => m.kind === 'Rollout' || m.kind === 'Canary')).toHaveLength(1);
    expectReferencesResolve(charts[id]);
  });
});

describe('the StatefulSet and DaemonSet examples', () => {
  test('the database: ledger-2 runs the canary (partition 3 - 1 = 2), its volumes are kept, members find each other before ready', () => {
    const manifests = charts['stateful-set-database'];
    const set = find(manifests, 'StatefulSet');
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(find(manifests, 'Service', 'ledger-headless').spec.publishNotReadyAddresses).toBe(true);
    expect(find(manifests, 'Service', 'ledger').spec.publishNotReadyAddresses).toBeUndefined();
  });

  test('the node agent: every node runs exactly one of the two DaemonSets, each surging node by node', () => {
    const manifests = charts['daemon-set-node-agent'];
    const operators = manifests.filter((m) => m.kind === 'DaemonSet').map((d) => d.spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator);
    expect(operators).toEqual(['NotIn', 'In']);
    manifests.filter((m) => m.kind === 'DaemonSet').forEach((d) => expect(d.spec.updateStrategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 }));
  });
});
