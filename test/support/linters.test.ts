import { formatFindings, lint, LintFinding, RULES } from './linters';

/*
 * A hardened app that every emulated linter accepts, then one mutation per rule. When the same
 * misconfiguration is (necessarily) reported by several tools, the case lists every rule it trips;
 * the coverage test at the end checks that each implemented rule is the target of some case.
 */

const SEL = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

interface App {
  deployment: any;
  service: any;
  pdb: any;
  netpol: any;
  extra: any[];
}

function goodApp(): App {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...SEL } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...SEL } },
        spec: {
          automountServiceAccountToken: false,
          priorityClassName: 'web-critical',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...SEL } } } },
              ],
            },
          },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...SEL } } },
          ],
          containers: [
            {
              name: 'web',
              image: 'registry.example.com/team/web:1.2.3',
              imagePullPolicy: 'Always',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              startupProbe: { httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 30, periodSeconds: 2 },
              resources: {
                requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
                limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: { type: 'ClusterIP', selector: { ...SEL }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { ...SEL } } },
  };
  // kube-score pod-networkpolicy and Polaris missingNetworkPolicy are default-on: a NetworkPolicy with
  // ingress AND egress rules is part of a zero-finding app. Polaris wants exactly ONE template label in
  // podSelector.matchLabels (oneOf), so it selects on the instance label only.
  const netpol = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    },
  };
  return { deployment, service, pdb, netpol, extra: [] };
}

function manifests(app: App): any[] {
  return [app.deployment, app.service, app.pdb, app.netpol, ...app.extra].filter((x) => x !== undefined);
}
const podSpec = (app: App) => app.deployment.spec.template.spec;
const ctr = (app: App) => podSpec(app).containers[0];
const keys = (fs: readonly LintFinding[]) => [...new Set(fs.map((f) => `${f.linter}:${f.rule}`))].sort();

function hpa(spec: Record<string, unknown>, name = 'web'): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels: { ...SEL } },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, ...spec },
  };
}

/** An Ingress to the good app's Service (port 80, named http) that every linter accepts. */
function ingress(): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [{
        host: 'web.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            { path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
          ],
        },
      }],
    },
  };
}
const ingressBackend = (i: any, n = 0) => i.spec.rules[0].http.paths[n].backend.service;

/** An HTTPRoute to the good app's Service that every linter accepts. */
function httpRoute(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', labels: { ...SEL } },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      hostnames: ['web.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
    },
  };
}

function gateway(listeners: any[]): any {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public' }, spec: { gatewayClassName: 'example', listeners } };
}

/** Adds objects to the app and returns them, for mutation in place. */
function add<T>(a: App, o: T): T {
  a.extra.push(o);
  return o;
}

interface Case { readonly name: string; readonly mutate: (app: App) => void; readonly expect: readonly string[] }

const CASES: readonly Case[] = [
  // ------------------------------------------------------------------ kube-score
  { name: 'cpu limit missing', mutate: (a) => { delete ctr(a).resources.limits.cpu; }, expect: ['kube-score:container-resources', 'polaris:cpuLimitsMissing'] },
  { name: 'untagged image', mutate: (a) => { ctr(a).image = 'registry.example.com/team/web'; }, expect: ['kube-linter:latest-tag', 'kube-score:container-image-tag', 'polaris:tagNotSpecified'] },
  { name: 'latest tag', mutate: (a) => { ctr(a).image = 'web:latest'; }, expect: ['kube-linter:latest-tag', 'kube-score:container-image-tag', 'polaris:tagNotSpecified'] },
  { name: 'pull policy IfNotPresent', mutate: (a) => { ctr(a).imagePullPolicy = 'IfNotPresent'; }, expect: ['kube-score:container-image-pull-policy', 'polaris:pullPolicyNotAlways'] },
  { name: 'pull policy unset with a pinned tag', mutate: (a) => { delete ctr(a).imagePullPolicy; }, expect: ['kube-score:container-image-pull-policy', 'polaris:pullPolicyNotAlways'] },
  { name: 'ephemeral-storage limit missing', mutate: (a) => { delete ctr(a).resources.limits['ephemeral-storage']; }, expect: ['kube-score:container-ephemeral-storage-request-and-limit'] },
  { name: 'duplicate env var', mutate: (a) => { ctr(a).env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]; }, expect: ['kube-linter:duplicate-env-var', 'kube-score:environment-variable-key-duplication'] },
  { name: 'no NetworkPolicy', mutate: (a) => { a.netpol = undefined; }, expect: ['kube-score:pod-networkpolicy', 'polaris:missingNetworkPolicy'] },
  { name: 'NetworkPolicy without egress', mutate: (a) => { a.netpol.spec.policyTypes = ['Ingress']; delete a.netpol.spec.egress; }, expect: ['kube-score:pod-networkpolicy', 'polaris:missingNetworkPolicy'] },
  { name: 'NetworkPolicy selecting on two template labels (Polaris oneOf)', mutate: (a) => { a.netpol.spec.podSelector.matchLabels = { ...SEL }; }, expect: ['polaris:missingNetworkPolicy'] },
  {
    name: 'NetworkPolicy selecting nothing',
    mutate: (a) => { a.extra.push({ ...a.netpol, metadata: { name: 'other' }, spec: { ...a.netpol.spec, podSelector: { matchLabels: { app: 'other' } } } }); },
    expect: ['kube-score:networkpolicy-targets-pod'],
  },
  { name: 'readiness probe missing', mutate: (a) => { delete ctr(a).readinessProbe; }, expect: ['kube-score:pod-probes', 'polaris:readinessProbeMissing'] },
  { name: 'liveness probe missing', mutate: (a) => { delete ctr(a).livenessProbe; }, expect: ['kube-score:pod-probes', 'polaris:livenessProbeMissing'] },
  { name: 'identical probes', mutate: (a) => { ctr(a).livenessProbe.httpGet.path = '/ready'; }, expect: ['kube-score:pod-probes-identical'] },
  { name: 'low group id', mutate: (a) => { podSpec(a).securityContext.runAsGroup = 1000; }, expect: ['kube-score:container-security-context-user-group-id'] },
  {
    name: 'privileged container',
    mutate: (a) => { ctr(a).securityContext.privileged = true; },
    expect: ['kube-linter:privilege-escalation-container', 'kube-linter:privileged-container', 'kube-score:container-security-context-privileged', 'polaris:runAsPrivileged', 'pss-restricted:privileged'],
  },
  { name: 'writable root fs', mutate: (a) => { ctr(a).securityContext.readOnlyRootFilesystem = false; }, expect: ['kube-linter:no-read-only-root-fs', 'kube-score:container-security-context-readonlyrootfilesystem', 'polaris:notReadOnlyRootFilesystem'] },
  { name: 'invalid topology spread constraint', mutate: (a) => { podSpec(a).topologySpreadConstraints[0].whenUnsatisfiable = 'Sometimes'; }, expect: ['kube-score:pod-topology-spread-constraints'] },
  { name: 'Recreate strategy', mutate: (a) => { a.deployment.spec.strategy = { type: 'Recreate' }; }, expect: ['kube-score:deployment-strategy'] },
  { name: 'one replica', mutate: (a) => { a.deployment.spec.replicas = 1; }, expect: ['kube-score:deployment-replicas', 'polaris:deploymentMissingReplicas'] },
  { name: 'no PDB', mutate: (a) => { a.pdb = undefined; }, expect: ['kube-score:deployment-has-poddisruptionbudget', 'polaris:missingPodDisruptionBudget'] },
  { name: 'PDB selector with an extra label (kube-score needs all, Polaris any)', mutate: (a) => { a.pdb.spec.selector.matchLabels.tier = 'x'; }, expect: ['kube-score:deployment-has-poddisruptionbudget'] },
  {
    name: 'PDB selector with matchExpressions only (Polaris needs matchLabels)',
    mutate: (a) => { a.pdb.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: ['web'] }] }; },
    expect: ['polaris:missingPodDisruptionBudget'],
  },
  { name: 'PDB without policy', mutate: (a) => { delete a.pdb.spec.maxUnavailable; }, expect: ['kube-score:poddisruptionbudget-has-policy'] },
  { name: 'no anti-affinity', mutate: (a) => { delete podSpec(a).affinity; }, expect: ['kube-linter:no-anti-affinity', 'kube-score:deployment-has-host-podantiaffinity'] },
  {
    name: 'zone anti-affinity only',
    mutate: (a) => { podSpec(a).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone'; },
    expect: ['kube-linter:no-anti-affinity', 'kube-score:deployment-has-host-podantiaffinity'],
  },
  {
    name: 'anti-affinity term limited to another namespace (kube-linter only)',
    mutate: (a) => { podSpec(a).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces = ['other']; },
    expect: ['kube-linter:no-anti-affinity'],
  },
  { name: 'HPA plus static replicas', mutate: (a) => { a.extra.push(hpa({})); }, expect: ['kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
  {
    name: 'selector does not match template',
    mutate: (a) => { a.deployment.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'other'; },
    expect: ['kube-linter:mismatching-selector', 'kube-score:deployment-pod-selector-labels-match-template-metadata-labels'],
  },
  { name: 'Service selects nothing', mutate: (a) => { a.service.spec.selector = { 'app.kubernetes.io/name': 'nope' }; }, expect: ['kube-linter:dangling-service', 'kube-score:service-targets-pod'] },
  { name: 'NodePort Service', mutate: (a) => { a.service.spec.type = 'NodePort'; }, expect: ['kube-score:service-type'] },
  { name: 'HPA without target', mutate: (a) => { a.extra.push(hpa({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nope' } })); }, expect: ['kube-score:horizontalpodautoscaler-has-target'] },
  {
    name: 'HPA minReplicas 1',
    mutate: (a) => { delete a.deployment.spec.replicas; a.extra.push(hpa({ minReplicas: 1 })); },
    expect: ['kube-score:horizontalpodautoscaler-replicas', 'polaris:deploymentMissingReplicas', 'polaris:hpaMinAvailability'],
  },
  { name: 'invalid label value', mutate: (a) => { a.deployment.metadata.labels.version = 'bad value!'; }, expect: ['kube-score:label-values'] },
  { name: 'extensions/v1beta1 Deployment', mutate: (a) => { a.deployment.apiVersion = 'extensions/v1beta1'; }, expect: ['kube-linter:no-extensions-v1beta', 'kube-score:stable-version'] },
  // ------------------------------------------------------------------ kube-linter
  { name: 'Service without selector', mutate: (a) => { delete a.service.spec.selector; }, expect: ['kube-linter:dangling-service'] },
  {
    name: 'deprecated serviceAccount field',
    mutate: (a) => {
      podSpec(a).serviceAccount = 'web';
      a.extra.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, automountServiceAccountToken: false });
    },
    expect: ['kube-linter:deprecated-service-account-field'],
  },
  {
    name: 'docker.sock mounted',
    mutate: (a) => {
      podSpec(a).volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
      ctr(a).volumeMounts.push({ name: 'docker', mountPath: '/var/run/docker.sock' });
    },
    expect: ['kube-linter:docker-sock', 'polaris:hostPathSet', 'pss-restricted:hostPathVolumes', 'pss-restricted:restrictedVolumes'],
  },
  {
    name: 'NET_RAW not dropped',
    mutate: (a) => { ctr(a).securityContext.capabilities.drop = ['CHOWN']; },
    expect: ['kube-linter:drop-net-raw-capability', 'polaris:insecureCapabilities', 'pss-restricted:capabilities_restricted'],
  },
  { name: 'secret in env literal', mutate: (a) => { ctr(a).env = [{ name: 'MY_SECRET', value: 'hunter2' }]; }, expect: ['kube-linter:env-var-secret', 'polaris:sensitiveContainerEnvVar'] },
  { name: 'hostIPC', mutate: (a) => { podSpec(a).hostIPC = true; }, expect: ['kube-linter:host-ipc', 'polaris:hostIPCSet', 'pss-restricted:hostNamespaces'] },
  { name: 'hostNetwork', mutate: (a) => { podSpec(a).hostNetwork = true; }, expect: ['kube-linter:host-network', 'polaris:hostNetworkSet', 'pss-restricted:hostNamespaces'] },
  { name: 'hostPID', mutate: (a) => { podSpec(a).hostPID = true; }, expect: ['kube-linter:host-pid', 'polaris:hostPIDSet', 'pss-restricted:hostNamespaces'] },
  { name: 'invalid Service targetPort name', mutate: (a) => { a.service.spec.ports[0].targetPort = 'Http_Port'; }, expect: ['kube-linter:invalid-target-ports'] },
  { name: 'liveness probe on an undeclared port', mutate: (a) => { ctr(a).livenessProbe.httpGet.port = 9090; }, expect: ['kube-linter:liveness-port'] },
  { name: 'readiness probe on an undeclared port', mutate: (a) => { ctr(a).readinessProbe.httpGet.port = 9090; }, expect: ['kube-linter:readiness-port'] },
  { name: 'startup probe on an undeclared port', mutate: (a) => { ctr(a).startupProbe.httpGet.port = 'admin'; }, expect: ['kube-linter:startup-port'] },
  { name: 'probe port passed in args is accepted', mutate: (a) => { ctr(a).livenessProbe.httpGet.port = 9090; ctr(a).args = ['--health-addr=:9090']; }, expect: [] },
  { name: 'unknown service account', mutate: (a) => { podSpec(a).serviceAccountName = 'ghost'; }, expect: ['kube-linter:non-existent-service-account'] },
  { name: 'PDB maxUnavailable 0', mutate: (a) => { a.pdb.spec.maxUnavailable = 0; }, expect: ['kube-linter:pdb-max-unavailable', 'polaris:pdbDisruptionsIsZero'] },
  { name: 'PDB maxUnavailable "0%"', mutate: (a) => { a.pdb.spec.maxUnavailable = '0%'; }, expect: ['kube-linter:pdb-max-unavailable', 'polaris:pdbDisruptionsIsZero'] },
  { name: 'PDB maxUnavailable "25%" is fine', mutate: (a) => { a.pdb.spec.maxUnavailable = '25%'; }, expect: [] },
  { name: 'PDB minAvailable = replicas', mutate: (a) => { delete a.pdb.spec.maxUnavailable; a.pdb.spec.minAvailable = 2; }, expect: ['kube-linter:pdb-min-available'] },
  { name: 'PDB minAvailable 100%', mutate: (a) => { delete a.pdb.spec.maxUnavailable; a.pdb.spec.minAvailable = '100%'; }, expect: ['kube-linter:pdb-min-available', 'polaris:pdbDisruptionsIsZero'] },
  { name: 'PDB unhealthyPodEvictionPolicy unset', mutate: (a) => { delete a.pdb.spec.unhealthyPodEvictionPolicy; }, expect: ['kube-linter:pdb-unhealthy-pod-eviction-policy'] },
  { name: 'policy/v1beta1 PDB is not linted by kube-linter (and kube-score defaults to k8s 1.18)', mutate: (a) => { a.pdb.apiVersion = 'policy/v1beta1'; delete a.pdb.spec.unhealthyPodEvictionPolicy; }, expect: [] },
  {
    name: 'allowPrivilegeEscalation true',
    mutate: (a) => { ctr(a).securityContext.allowPrivilegeEscalation = true; },
    expect: ['kube-linter:privilege-escalation-container', 'polaris:privilegeEscalationAllowed', 'pss-restricted:allowPrivilegeEscalation'],
  },
  { name: 'runAsGroup unset', mutate: (a) => { delete podSpec(a).securityContext.runAsGroup; }, expect: ['kube-linter:run-as-non-root', 'kube-score:container-security-context-user-group-id'] },
  {
    name: '/etc mounted',
    mutate: (a) => { podSpec(a).volumes.push({ name: 'etc', hostPath: { path: '/etc' } }); ctr(a).volumeMounts.push({ name: 'etc', mountPath: '/host/etc', readOnly: true }); },
    expect: ['kube-linter:sensitive-host-mounts', 'polaris:hostPathSet', 'pss-restricted:hostPathVolumes', 'pss-restricted:restrictedVolumes'],
  },
  { name: 'port 22', mutate: (a) => { ctr(a).ports.push({ name: 'ssh', containerPort: 22 }); }, expect: ['kube-linter:ssh-port'] },
  { name: 'unsafe sysctl net.*', mutate: (a) => { podSpec(a).securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]; }, expect: ['kube-linter:unsafe-sysctls', 'pss-restricted:sysctls'] },
  { name: 'cpu request missing', mutate: (a) => { delete ctr(a).resources.requests.cpu; }, expect: ['kube-linter:unset-cpu-requirements', 'kube-score:container-resources', 'polaris:cpuRequestsMissing'] },
  { name: 'memory limit missing', mutate: (a) => { delete ctr(a).resources.limits.memory; }, expect: ['kube-linter:unset-memory-requirements', 'kube-score:container-resources', 'polaris:memoryLimitsMissing'] },
  // ------------------------------------------------------------------ Polaris
  { name: 'priorityClassName unset', mutate: (a) => { delete podSpec(a).priorityClassName; }, expect: ['polaris:priorityClassNotSet'] },
  { name: 'instance label does not match the Deployment name', mutate: (a) => { delete a.deployment.metadata.labels['app.kubernetes.io/instance']; }, expect: ['polaris:metadataAndInstanceMismatched'] },
  { name: 'no topology spread constraints', mutate: (a) => { delete podSpec(a).topologySpreadConstraints; }, expect: ['polaris:topologySpreadConstraint'] },
  {
    name: 'HPA min == max',
    mutate: (a) => { delete a.deployment.spec.replicas; a.extra.push(hpa({ minReplicas: 3, maxReplicas: 3 })); },
    expect: ['polaris:deploymentMissingReplicas', 'polaris:hpaMaxAvailability'],
  },
  {
    name: 'PDB minAvailable above HPA minReplicas',
    mutate: (a) => { delete a.deployment.spec.replicas; delete a.pdb.spec.maxUnavailable; a.pdb.spec.minAvailable = 3; a.extra.push(hpa({})); },
    expect: ['kube-linter:pdb-min-available', 'polaris:deploymentMissingReplicas', 'polaris:pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas'],
  },
  { name: 'memory request missing', mutate: (a) => { delete ctr(a).resources.requests.memory; }, expect: ['kube-score:container-resources', 'polaris:memoryRequestsMissing'] },
  { name: 'numeric cpu quantity (Polaris wants a string)', mutate: (a) => { ctr(a).resources.requests.cpu = 0.1; }, expect: ['polaris:cpuRequestsMissing'] },
  { name: 'token automount not disabled', mutate: (a) => { delete podSpec(a).automountServiceAccountToken; }, expect: ['polaris:automountServiceAccountToken'] },
  {
    name: 'token automount disabled on the ServiceAccount instead',
    mutate: (a) => {
      delete podSpec(a).automountServiceAccountToken;
      podSpec(a).serviceAccountName = 'web';
      a.extra.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, automountServiceAccountToken: false });
    },
    expect: [],
  },
  { name: 'hostPort', mutate: (a) => { ctr(a).ports[0].hostPort = 8080; }, expect: ['polaris:hostPortSet', 'pss-restricted:hostPorts'] },
  {
    name: 'hostPath volume',
    mutate: (a) => { podSpec(a).volumes[0] = { name: 'tmp', hostPath: { path: '/data' } }; },
    expect: ['polaris:hostPathSet', 'pss-restricted:hostPathVolumes', 'pss-restricted:restrictedVolumes'],
  },
  { name: 'Windows hostProcess', mutate: (a) => { ctr(a).securityContext.windowsOptions = { hostProcess: true }; }, expect: ['polaris:hostProcess', 'pss-restricted:hostProcess'] },
  {
    name: 'no seccomp and no dropped capabilities',
    mutate: (a) => { delete podSpec(a).securityContext.seccompProfile; delete ctr(a).securityContext.capabilities; },
    expect: ['polaris:insecureCapabilities', 'polaris:linuxHardening', 'pss-restricted:capabilities_restricted', 'pss-restricted:seccompProfile_restricted'],
  },
  { name: 'procMount Unmasked', mutate: (a) => { ctr(a).securityContext.procMount = 'Unmasked'; }, expect: ['polaris:procMount', 'pss-restricted:procMount'] },
  {
    name: 'root allowed',
    mutate: (a) => {
      delete podSpec(a).securityContext.runAsNonRoot;
      delete podSpec(a).securityContext.runAsUser;
      delete ctr(a).securityContext.runAsNonRoot;
    },
    expect: ['kube-linter:run-as-non-root', 'kube-score:container-security-context-user-group-id', 'polaris:runAsRootAllowed', 'pss-restricted:runAsNonRoot'],
  },
  {
    name: 'NET_ADMIN added',
    mutate: (a) => { ctr(a).securityContext.capabilities.add = ['NET_ADMIN']; },
    expect: ['polaris:dangerousCapabilities', 'pss-restricted:capabilities_baseline', 'pss-restricted:capabilities_restricted'],
  },
  { name: 'password in env literal', mutate: (a) => { ctr(a).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }, expect: ['polaris:sensitiveContainerEnvVar'] },
  { name: 'password from a Secret is fine', mutate: (a) => { ctr(a).env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]; }, expect: [] },
  // ------------------------------------------------------------------ PSS restricted
  { name: 'AppArmor unconfined', mutate: (a) => { a.deployment.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' }; }, expect: ['pss-restricted:appArmorProfile'] },
  { name: 'SELinux user set', mutate: (a) => { ctr(a).securityContext.seLinuxOptions = { user: 'system_u' }; }, expect: ['pss-restricted:seLinuxOptions'] },
  {
    name: 'container seccomp Unconfined',
    mutate: (a) => { ctr(a).securityContext.seccompProfile = { type: 'Unconfined' }; },
    expect: ['pss-restricted:seccompProfile_baseline', 'pss-restricted:seccompProfile_restricted'],
  },
  { name: 'sysctl outside the safe set', mutate: (a) => { podSpec(a).securityContext.sysctls = [{ name: 'vm.swappiness', value: '10' }]; }, expect: ['pss-restricted:sysctls'] },
  { name: 'nfs volume', mutate: (a) => { podSpec(a).volumes.push({ name: 'share', nfs: { server: 'nfs.example.com', path: '/share' } }); }, expect: ['pss-restricted:restrictedVolumes'] },
  { name: 'allowPrivilegeEscalation unset', mutate: (a) => { delete ctr(a).securityContext.allowPrivilegeEscalation; }, expect: ['polaris:privilegeEscalationAllowed', 'pss-restricted:allowPrivilegeEscalation'] },
  {
    name: 'container runAsUser 0',
    mutate: (a) => { ctr(a).securityContext.runAsUser = 0; },
    expect: ['kube-linter:run-as-non-root', 'kube-score:container-security-context-user-group-id', 'pss-restricted:runAsUser'],
  },
  { name: 'seccomp unset everywhere (capabilities still dropped)', mutate: (a) => { delete podSpec(a).securityContext.seccompProfile; }, expect: ['pss-restricted:seccompProfile_restricted'] },
  { name: 'capability outside NET_BIND_SERVICE added', mutate: (a) => { ctr(a).securityContext.capabilities.add = ['CHOWN']; }, expect: ['pss-restricted:capabilities_restricted'] },
  { name: 'NET_BIND_SERVICE may be added', mutate: (a) => { ctr(a).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }, expect: [] },
  // ------------------------------------------------------------------ Ingress and HTTPRoute
  { name: 'Ingress to the Service by port number and by port name', mutate: (a) => { add(a, ingress()); }, expect: [] },
  { name: 'Ingress to a Service that is not there', mutate: (a) => { ingressBackend(add(a, ingress())).name = 'nope'; }, expect: ['kube-score:ingress-targets-service'] },
  { name: 'Ingress to a port number the Service does not have', mutate: (a) => { ingressBackend(add(a, ingress())).port = { number: 8080 }; }, expect: ['kube-score:ingress-targets-service'] },
  { name: 'Ingress to a port name the Service does not have', mutate: (a) => { ingressBackend(add(a, ingress()), 1).port = { name: 'grpc' }; }, expect: ['kube-score:ingress-targets-service'] },
  {
    name: 'Ingress port number mismatch on an unnamed Service port passes kube-score (quirk)',
    mutate: (a) => {
      delete a.service.spec.ports[0].name;
      const i = add(a, ingress());
      ingressBackend(i).port = { number: 8080 };
      i.spec.rules[0].http.paths.pop();
    },
    expect: [],
  },
  { name: 'Ingress in another namespace than its Service', mutate: (a) => { add(a, ingress()).metadata.namespace = 'edge'; }, expect: ['kube-score:ingress-targets-service'] },
  { name: 'Ingress to a resource backend (kube-score only knows Services)', mutate: (a) => { add(a, ingress()).spec.rules[0].http.paths[0].backend = { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'static' } }; }, expect: ['kube-score:ingress-targets-service'] },
  { name: 'an Ingress defaultBackend is not checked by kube-score', mutate: (a) => { const i = add(a, ingress()); delete i.spec.rules; i.spec.defaultBackend = { service: { name: 'nope', port: { number: 80 } } }; }, expect: [] },
  {
    name: 'networking.k8s.io/v1beta1 Ingress backends (serviceName / servicePort) are checked too',
    mutate: (a) => {
      const i = add(a, ingress());
      i.apiVersion = 'networking.k8s.io/v1beta1';
      i.spec.rules[0].http.paths = [{ path: '/', backend: { serviceName: 'web', servicePort: 8080 } }];
    },
    expect: ['kube-score:ingress-targets-service'],
  },
  { name: 'Ingress without TLS', mutate: (a) => { delete add(a, ingress()).spec.tls; }, expect: ['polaris:tlsSettingsMissing'] },
  { name: 'Ingress with `tls: []` passes Polaris (quirk)', mutate: (a) => { add(a, ingress()).spec.tls = []; }, expect: [] },
  { name: 'HTTPRoute with explicit hostnames to a Service in its namespace', mutate: (a) => { add(a, httpRoute()); }, expect: [] },
  { name: 'HTTPRoute without hostnames', mutate: (a) => { delete add(a, httpRoute()).spec.hostnames; }, expect: ['polaris:httpRouteWildcardOrEmptyHost'] },
  { name: 'HTTPRoute with a wildcard hostname', mutate: (a) => { add(a, httpRoute()).spec.hostnames = ['*.example.com']; }, expect: ['polaris:httpRouteWildcardOrEmptyHost'] },
  {
    name: 'HTTPRoute to a backend in another namespace',
    mutate: (a) => { add(a, httpRoute()).spec.rules[0].backendRefs.push({ name: 'auth', namespace: 'auth', port: 80 }); },
    expect: ['polaris:httpRouteCrossNamespaceBackendRef'],
  },
  {
    name: 'HTTPRoute to a backend in another namespace with a ReferenceGrant',
    mutate: (a) => {
      add(a, httpRoute()).spec.rules[0].backendRefs.push({ name: 'auth', namespace: 'auth', port: 80 });
      add(a, {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: { name: 'web', namespace: 'auth' },
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: '' }], to: [{ group: '', kind: 'Service' }] },
      });
    },
    expect: [],
  },
  { name: 'HTTPRoute to port 443 without a BackendTLSPolicy', mutate: (a) => { add(a, httpRoute()).spec.rules[0].backendRefs[0].port = 443; }, expect: ['polaris:httpRouteBackendTLSMissing'] },
  {
    name: 'HTTPRoute to an https-named Service port with a BackendTLSPolicy',
    mutate: (a) => {
      a.service.spec.ports.push({ name: 'https', port: 8444, targetPort: 'http', protocol: 'TCP' });
      add(a, httpRoute()).spec.rules[0].backendRefs[0].port = 8444;
      add(a, {
        apiVersion: 'gateway.networking.k8s.io/v1alpha3',
        kind: 'BackendTLSPolicy',
        metadata: { name: 'web' },
        spec: { targetRefs: [{ group: '', kind: 'Service', name: 'web' }], validation: { hostname: 'web.example.com', wellKnownCACertificates: 'System' } },
      });
    },
    expect: [],
  },
  {
    name: 'HTTPRoute on an HTTP listener of a Gateway among the manifests',
    mutate: (a) => { delete add(a, httpRoute()).spec.parentRefs[0].namespace; add(a, gateway([{ name: 'http', protocol: 'HTTP', port: 80 }])); },
    expect: ['polaris:httpRouteInsecureListener'],
  },
  {
    name: 'an HTTP-to-HTTPS redirect route on an HTTP listener is fine',
    mutate: (a) => {
      const r = add(a, httpRoute());
      delete r.spec.parentRefs[0].namespace;
      r.spec.rules = [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }];
      add(a, gateway([{ name: 'http', protocol: 'HTTP', port: 80 }]));
    },
    expect: [],
  },
  {
    name: 'HTTPRoute on the HTTPS listener of a Gateway among the manifests',
    mutate: (a) => {
      const r = add(a, httpRoute());
      delete r.spec.parentRefs[0].namespace;
      r.spec.parentRefs[0].sectionName = 'https';
      add(a, gateway([{ name: 'http', protocol: 'HTTP', port: 80 }, { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'web-tls' }] } }]));
    },
    expect: [],
  },
  {
    name: 'a Service reached through an Ingress, an HTTPRoute and a VirtualService still has to select pods',
    mutate: (a) => {
      a.service.spec.selector = { 'app.kubernetes.io/name': 'nope' };
      add(a, ingress());
      add(a, httpRoute());
      add(a, {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'web' },
        spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web' } }] }] },
      });
    },
    expect: ['kube-linter:dangling-service', 'kube-score:service-targets-pod'],
  },
  {
    name: 'a selector-less Service behind an Ingress is still dangling for kube-linter (an empty selector matches every pod for kube-score)',
    mutate: (a) => { delete a.service.spec.selector; add(a, ingress()); },
    expect: ['kube-linter:dangling-service'],
  },
];

describe('lint() emulation of kube-score, kube-linter, Polaris and PSS restricted', () => {
  test('the hardened app yields no findings', () => {
    const findings = lint(manifests(goodApp()));
    expect(formatFindings(findings)).toBe('');
    expect(findings).toEqual([]);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const app = goodApp();
    c.mutate(app);
    const findings = lint(manifests(app));
    expect({ rules: keys(findings), detail: formatFindings(findings) }).toEqual({ rules: [...c.expect].sort(), detail: expect.any(String) });
  });

  test('every implemented rule is targeted by a case', () => {
    const covered = new Set(CASES.flatMap((c) => c.expect));
    const missing = RULES.filter((x) => x.implemented && !covered.has(`${x.linter}:${x.rule}`)).map((x) => `${x.linter}:${x.rule}`);
    expect(missing).toEqual([]);
  });

  test('an HPA-managed Deployment cannot satisfy kube-score and Polaris at once', () => {
    // replicas omitted (kube-score's requirement) -> Polaris deploymentMissingReplicas
    const omitted = goodApp();
    delete omitted.deployment.spec.replicas;
    omitted.extra.push(hpa({}));
    expect(keys(lint(manifests(omitted)))).toEqual(['polaris:deploymentMissingReplicas']);
    // replicas kept (Polaris' requirement) -> kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured
    const kept = goodApp();
    kept.extra.push(hpa({}));
    expect(keys(lint(manifests(kept)))).toEqual(['kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured']);
  });

  test('kube-score deployment-replicas only skips HPA targets whose scaleTargetRef.apiVersion matches exactly', () => {
    const app = goodApp();
    app.deployment.spec.replicas = 1;
    app.extra.push(hpa({ scaleTargetRef: { kind: 'Deployment', name: 'web' } }));
    const ks = lint(manifests(app)).filter((f) => f.linter === 'kube-score').map((f) => f.rule).sort();
    expect(ks).toEqual(['deployment-replicas', 'deployment-targeted-by-hpa-does-not-have-replicas-configured', 'horizontalpodautoscaler-has-target']);
  });

  test('findings name the object and mark default-on rules that the facts doc does not list', () => {
    const app = goodApp();
    delete ctr(app).resources.limits['ephemeral-storage'];
    const [f] = lint(manifests(app));
    expect(f).toMatchObject({ linter: 'kube-score', rule: 'container-ephemeral-storage-request-and-limit', object: 'Deployment/web' });
    expect(f.message).toContain('default-on, not in the facts doc list');
  });

  test('namespaced objects are matched within their namespace only', () => {
    const app = goodApp();
    for (const o of manifests(app)) o.metadata.namespace = 'shop';
    expect(lint(manifests(app))).toEqual([]);
    app.pdb.metadata.namespace = 'other';
    expect(keys(lint(manifests(app)))).toEqual(['kube-score:deployment-has-poddisruptionbudget', 'polaris:missingPodDisruptionBudget']);
  });
});
