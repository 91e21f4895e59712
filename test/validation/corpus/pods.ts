/** Deployments and their pod template: pkg/apis/apps/validation, pkg/apis/core/validation (ValidatePodSpec and below). */
import { ctr, deployment, Mutation, mutate, pod } from './base';

const R = 'refused';
const A = 'accepted';
const d = (rule: string, what: string, change: (o: any) => void, verdict: 'refused' | 'accepted', server: string): Mutation =>
  mutate(rule, what, deployment, change, verdict, server);

/** The corpus Deployment's pod template as a bare Pod. */
function bareDeploymentPod(): any {
  const template = deployment().spec.template;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: template.metadata.labels }, spec: template.spec };
}

export const POD_MUTATIONS: readonly Mutation[] = [
  // ValidatePodTemplateSpecForReplicaSet / validateRestartPolicy
  d('RS115', 'restartPolicy Never in a Deployment', (o) => { pod(o).restartPolicy = 'Never'; }, R, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'),
  d('RS115', 'restartPolicy OnFailure in a Deployment', (o) => { pod(o).restartPolicy = 'OnFailure'; }, R, 'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'),
  d('', 'restartPolicy Always, stated', (o) => { pod(o).restartPolicy = 'Always'; }, A, 'the only value a ReplicaSet template supports'),
  d('RS115', 'activeDeadlineSeconds in a Deployment template', (o) => { pod(o).activeDeadlineSeconds = 60; }, R, 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'),
  d('RS115', 'dnsPolicy None without dnsConfig', (o) => { pod(o).dnsPolicy = 'None'; }, R, 'spec.template.spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'),
  d('RS115', 'serviceAccountName with upper case', (o) => { pod(o).serviceAccountName = 'Web'; }, R, 'spec.template.spec.serviceAccountName: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters'),
  d('', 'serviceAccountName with dots', (o) => { pod(o).serviceAccountName = 'web.reader'; }, A, 'ValidateServiceAccountName is a DNS-1123 subdomain'),
  d('', 'negative terminationGracePeriodSeconds', (o) => { pod(o).terminationGracePeriodSeconds = -1; }, A, 'ValidatePodSpec only requires it to be set; a negative value draws a warning and is treated as 1'),
  d('RS115', 'dnsPolicy None with a dnsConfig without nameservers', (o) => { pod(o).dnsPolicy = 'None'; pod(o).dnsConfig = { searches: ['svc.cluster.local'] }; }, R, 'spec.template.spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None'),
  // ValidateTolerations
  d('RS115', 'toleration Exists with a value', (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Exists', value: 'true' }]; }, R, "spec.template.spec.tolerations[0].operator: Invalid value: \"true\": value must be empty when `operator` is 'Exists'"),
  d('RS115', 'toleration without key, operator Equal', (o) => { pod(o).tolerations = [{ operator: 'Equal', value: 'x' }]; }, R, 'spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty'),
  d('RS115', 'toleration effect misspelt', (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Exists', effect: 'NoScheduling' }]; }, R, 'spec.template.spec.tolerations[0].effect: Unsupported value: "NoScheduling"'),
  d('RS115', 'tolerationSeconds with NoSchedule', (o) => { pod(o).tolerations = [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }]; }, R, "spec.template.spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
  d('', 'toleration Exists without key (tolerates everything)', (o) => { pod(o).tolerations = [{ operator: 'Exists' }]; }, A, 'an empty key with Exists matches all taints'),
  // validateAffinity
  d('RS115', 'preferred anti-affinity weight 0', (o) => { pod(o).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } }; }, R, '...preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100'),
  d('RS115', 'preferred node affinity weight 101', (o) => { pod(o).affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }] } }; }, R, '...preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100'),
  d('RS115', 'required anti-affinity with an empty topologyKey', (o) => { pod(o).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '', labelSelector: { matchLabels: { app: 'web' } } }] } }; }, R, '...requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty'),
  d('', 'weight 100', (o) => { pod(o).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } }; }, A, 'within 1-100'),
  // validateTopologySpreadConstraints
  d('RS115', 'minDomains with ScheduleAnyway', (o) => { pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, labelSelector: { matchLabels: { app: 'web' } } }]; }, R, '...topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'),
  d('RS115', 'minDomains 0', (o) => { pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0, labelSelector: { matchLabels: { app: 'web' } } }]; }, R, '...topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than 0'),
  d('RS115', 'maxSkew 0', (o) => { pod(o).topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }]; }, R, '...topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero'),
  d('RS115', 'whenUnsatisfiable misspelt', (o) => { pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotScheduled', labelSelector: { matchLabels: { app: 'web' } } }]; }, R, '...whenUnsatisfiable: Unsupported value: "DoNotScheduled": supported values: "DoNotSchedule", "ScheduleAnyway"'),
  d('', 'minDomains 3 with DoNotSchedule', (o) => { pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3, labelSelector: { matchLabels: { app: 'web' } } }]; }, A, 'minDomains is GA since 1.30'),
  // RS106 fix: ValidatePodSpec validates nodeSelector as labels
  d('RS106', 'nodeSelector value with a space', (o) => { pod(o).nodeSelector = { 'disktype': 'fast ssd' }; }, R, "spec.template.spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'"),
  d('RS106', 'nodeSelector key with two slashes', (o) => { pod(o).nodeSelector = { 'a/b/c': 'x' }; }, R, 'spec.template.spec.nodeSelector: Invalid value: "a/b/c": a qualified name must consist of ...'),
  // validateProbe / validateHandler / validateLivenessProbe / validateStartupProbe / validateReadinessProbe
  d('RS116', 'readiness probe with httpGet and tcpSocket', (o) => { ctr(o).readinessProbe.tcpSocket = { port: 8080 }; }, R, '...readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'),
  d('RS116', 'liveness probe with no handler', (o) => { ctr(o).livenessProbe = { periodSeconds: 10 }; }, R, '...livenessProbe: Required value: must specify a handler type'),
  d('RS116', 'negative initialDelaySeconds', (o) => { ctr(o).readinessProbe.initialDelaySeconds = -5; }, R, '...readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0'),
  d('RS116', 'negative failureThreshold', (o) => { ctr(o).livenessProbe.failureThreshold = -1; }, R, '...livenessProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0'),
  d('RS116', 'liveness successThreshold 3', (o) => { ctr(o).livenessProbe.successThreshold = 3; }, R, '...livenessProbe.successThreshold: Invalid value: 3: must be 1'),
  d('RS116', 'startup successThreshold 2', (o) => { ctr(o).startupProbe = { tcpSocket: { port: 8080 }, successThreshold: 2 }; }, R, '...startupProbe.successThreshold: Invalid value: 2: must be 1'),
  d('', 'readiness successThreshold 3', (o) => { ctr(o).readinessProbe.successThreshold = 3; }, A, 'only liveness and startup probes need 1'),
  d('', 'liveness successThreshold 0 (defaulted to 1)', (o) => { ctr(o).livenessProbe.successThreshold = 0; }, A, 'SetDefaults_Probe turns 0 into 1'),
  d('RS116', 'probe terminationGracePeriodSeconds 0', (o) => { ctr(o).livenessProbe.terminationGracePeriodSeconds = 0; }, R, '...livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0'),
  d('RS116', 'readiness probe with terminationGracePeriodSeconds', (o) => { ctr(o).readinessProbe.terminationGracePeriodSeconds = 10; }, R, '...readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes'),
  d('RS116', 'exec probe without a command', (o) => { ctr(o).livenessProbe = { exec: {} }; }, R, '...livenessProbe.exec.command: Required value'),
  d('RS116', 'httpGet scheme in lower case', (o) => { ctr(o).readinessProbe.httpGet.scheme = 'https'; }, R, '...readinessProbe.httpGet.scheme: Unsupported value: "https": supported values: "HTTP", "HTTPS"'),
  d('RS116', 'negative preStop sleep', (o) => { ctr(o).lifecycle = { preStop: { sleep: { seconds: -1 } } }; }, R, '...lifecycle.preStop.sleep.seconds: Invalid value: -1: must be non-negative and less than terminationGracePeriodSeconds (30)'),
  d('RS116', 'preStop sleep beyond the grace period', (o) => { ctr(o).lifecycle = { preStop: { sleep: { seconds: 45 } } }; }, R, '...lifecycle.preStop.sleep.seconds: Invalid value: 45: must be non-negative and less than terminationGracePeriodSeconds (30)'),
  d('RS116', 'preStop with exec and sleep', (o) => { ctr(o).lifecycle = { preStop: { exec: { command: ['sleep', '5'] }, sleep: { seconds: 5 } } }; }, R, '...lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type'),
  d('RS116', 'postStart with no handler', (o) => { ctr(o).lifecycle = { postStart: {} }; }, R, '...lifecycle.postStart: Required value: must specify a handler type'),
  // validateContainers / validateContainerCommon
  d('RS117', 'container without image', (o) => { delete ctr(o).image; }, R, 'spec.template.spec.containers[0].image: Required value'),
  d('RS117', 'container with an empty image', (o) => { ctr(o).image = ''; }, R, 'spec.template.spec.containers[0].image: Required value'),
  // validateContainerOnlyForPod: the whitespace check is for Pods only ("not pod templates"), kept off templates for compatibility.
  d('', 'image with a trailing space in a Deployment', (o) => { ctr(o).image = 'registry.example.com/web:1.0.0 '; }, A, 'validateContainerOnlyForPod runs on Pods, not on pod templates'),
  d('', 'image of only a space in a Deployment', (o) => { ctr(o).image = ' '; }, A, 'not empty, and the whitespace check is for Pods only'),
  mutate('RS117', 'image with a trailing space in a Pod', bareDeploymentPod, (o) => { o.spec.containers[0].image = 'registry.example.com/web:1.0.0 '; }, R, 'spec.containers[0].image: Invalid value: "registry.example.com/web:1.0.0 ": must not have leading or trailing whitespace'),
  mutate('', 'image without whitespace in a Pod', bareDeploymentPod, () => undefined, A, 'the Deployment\'s template as a Pod'),
  // validateInitContainers: an init container's restartPolicy may only be Always (a native sidecar).
  d('', 'init container with restartPolicy Always', (o) => { pod(o).initContainers = [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', restartPolicy: 'Always' }]; }, A, 'a native sidecar'),
  d('RS117', 'init container with restartPolicy OnFailure', (o) => { pod(o).initContainers = [{ name: 'migrate', image: 'registry.example.com/migrate:1.0.0', restartPolicy: 'OnFailure' }]; }, R, 'spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'),
  d('RS117', 'init container with restartPolicy Never', (o) => { pod(o).initContainers = [{ name: 'migrate', image: 'registry.example.com/migrate:1.0.0', restartPolicy: 'Never' }]; }, R, 'spec.template.spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"'),
  // validateObjectFieldSelector (env fieldRef): apiVersion v1, validEnvDownwardAPIFieldPathExpressions, labels/annotations by key.
  ...([
    ['metadata.name', A], ['status.podIPs', A], ['spec.serviceAccountName', A], ['spec.host', A], ["metadata.labels['app']", A],
    ["metadata.annotations['Example.com/Owner']", A], ['status.phase', R], ['metadata.labels', R], ['spec.nodename', R],
    ["spec.containers['web']", R], ["metadata.labels['-bad']", R],
  ] as const).map(([fieldPath, verdict]) => d(verdict === R ? 'RS117' : '', `env fieldRef ${fieldPath}`,
    (o) => { ctr(o).env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath } } }]; }, verdict,
    verdict === R ? `...env[0].valueFrom.fieldRef.fieldPath: ${fieldPath}: not a field label an env var may read` : 'an env var may read it')),
  d('RS117', 'env fieldRef with apiVersion v2', (o) => { ctr(o).env = [{ name: 'X', valueFrom: { fieldRef: { apiVersion: 'v2', fieldPath: 'metadata.name' } } }]; }, R, '...fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2'),
  d('RS117', 'imagePullPolicy misspelt', (o) => { ctr(o).imagePullPolicy = 'IfNotPresnt'; }, R, '...imagePullPolicy: Unsupported value: "IfNotPresnt": supported values: "Always", "IfNotPresent", "Never"'),
  // ValidateEnv / validateEnvVarValueFrom
  d('RS117', 'env name with =', (o) => { ctr(o).env = [{ name: 'A=B', value: 'x' }]; }, R, "...env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
  d('', 'env name with a dot and a dash (relaxed names)', (o) => { ctr(o).env = [{ name: 'my.var-1', value: 'x' }]; }, A, 'IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, on by default since 1.32)'),
  d('RS117', 'value with valueFrom', (o) => { ctr(o).env = [{ name: 'POD', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; }, R, '...env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'),
  d('RS117', 'valueFrom with two sources', (o) => { ctr(o).env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } } }]; }, R, '...env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time'),
  d('RS117', 'valueFrom with no source', (o) => { ctr(o).env = [{ name: 'X', valueFrom: {} }]; }, R, '...env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'),
  d('', 'an empty value with valueFrom', (o) => { ctr(o).env = [{ name: 'POD', value: '', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]; }, A, 'only a non-empty value conflicts'),
  // ValidateVolumeMounts
  d('RS117', 'mount of an undeclared volume', (o) => { ctr(o).volumeMounts[0].name = 'cache'; }, R, '...volumeMounts[0].name: Not found: "cache"'),
  d('RS117', 'two mounts at one path', (o) => { pod(o).volumes.push({ name: 'cache', emptyDir: {} }); ctr(o).volumeMounts.push({ name: 'cache', mountPath: '/config' }); }, R, '...volumeMounts[1].mountPath: Invalid value: "/config": must be unique'),
  d('RS117', 'subPath climbing out', (o) => { ctr(o).volumeMounts[0].subPath = '../etc'; }, R, "...volumeMounts[0].subPath: Invalid value: \"../etc\": must not contain '..'"),
  d('RS117', 'absolute subPath', (o) => { ctr(o).volumeMounts[0].subPath = '/etc'; }, R, '...volumeMounts[0].subPath: Invalid value: "/etc": must be a relative path'),
  d('RS117', 'mountPropagation misspelt', (o) => { ctr(o).volumeMounts[0].mountPropagation = 'Bidirection'; }, R, '...volumeMounts[0].mountPropagation: Unsupported value: "Bidirection"'),
  d('', 'a subPath inside the volume', (o) => { ctr(o).volumeMounts[0].subPath = 'app/conf..d'; }, A, "'..' only as a whole path element is refused"),
  // ValidateSecurityContext / validatePodSpecSecurityContext / validateSeccompProfileField
  d('RS117', 'privileged without privilege escalation', (o) => { ctr(o).securityContext = { privileged: true, allowPrivilegeEscalation: false }; }, R, '...securityContext: Invalid value: "": cannot set `allowPrivilegeEscalation` to false and `privileged` to true'),
  d('RS117', 'CAP_SYS_ADMIN without privilege escalation', (o) => { ctr(o).securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } }; }, R, '...securityContext: Invalid value: "": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'),
  d('RS117', 'negative runAsUser', (o) => { ctr(o).securityContext = { runAsUser: -1 }; }, R, '...securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive'),
  d('RS117', 'negative pod fsGroup', (o) => { pod(o).securityContext = { fsGroup: -2 }; }, R, 'spec.template.spec.securityContext.fsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive'),
  d('RS117', 'seccomp Localhost without a profile', (o) => { pod(o).securityContext = { seccompProfile: { type: 'Localhost' } }; }, R, '...seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost'),
  d('RS117', 'a localhostProfile with RuntimeDefault', (o) => { ctr(o).securityContext = { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'p.json' } }; }, R, '...seccompProfile.localhostProfile: Invalid value: "p.json": can only be set when seccomp type is Localhost'),
  d('', 'runAsUser 0', (o) => { ctr(o).securityContext = { runAsUser: 0 }; }, A, 'root is a valid id (Pod Security is admission, not validation)'),
  // validateResourceRequirements / validateContainerResourceName / ValidateResourceQuantityValue
  d('RS118', 'a misspelt standard resource', (o) => { ctr(o).resources.limits.memroy = '1Gi'; }, R, '...resources.limits[memroy]: Invalid value: "memroy": must be a standard resource for containers'),
  d('RS118', 'a negative cpu request', (o) => { ctr(o).resources.requests.cpu = '-100m'; }, R, '...resources.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0'),
  d('RS118', 'an extended resource request without a limit', (o) => { ctr(o).resources.requests['example.com/gpu'] = '1'; }, R, '...resources.limits: Required value: Limit must be set for non overcommitable resources'),
  d('RS118', 'an extended resource request below its limit', (o) => { ctr(o).resources.requests['example.com/gpu'] = '1'; ctr(o).resources.limits['example.com/gpu'] = '2'; }, R, '...resources.requests[example.com/gpu]: Invalid value: "1": must be equal to example.com/gpu limit of 2'),
  d('RS118', 'a fractional extended resource', (o) => { ctr(o).resources.limits['example.com/gpu'] = '500m'; }, R, '...resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer'),
  d('', 'an extended resource limit alone (request defaults to it)', (o) => { ctr(o).resources.limits['example.com/gpu'] = '1'; }, A, 'SetDefaults_Container copies limits into missing requests'),
  d('', 'ephemeral-storage', (o) => { ctr(o).resources.limits['ephemeral-storage'] = '1Gi'; }, A, 'a standard container resource'),
  // RS110 with the n/u suffixes (parseQuantity)
  d('RS110', 'cpu request in nanocores above its limit', (o) => { ctr(o).resources.requests.cpu = '600000000n'; }, R, '...resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m'),
  d('RS110', 'cpu request in microcores above its limit', (o) => { ctr(o).resources.requests.cpu = '510000u'; }, R, '...resources.requests: Invalid value: "510m": must be less than or equal to cpu limit of 500m'),
  d('', 'cpu request in nanocores below its limit', (o) => { ctr(o).resources.requests.cpu = '100000000n'; }, A, '100m <= 500m'),
  // apps ValidateDeploymentSpec (RS108/RS109, already measured as matching the server)
  d('RS109', 'maxSurge and maxUnavailable both 0', (o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; }, R, 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'),
  d('RS108', 'selector that does not match the template', (o) => { o.spec.selector.matchLabels = { app: 'api' }; }, R, 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'),
];
