/**
 * The rule registry. Every rule has a stable id (never reused or renumbered: waivers and CI logs refer
 * to it), a severity, a one-line title, why it matters, how to fix it, and a check over all manifests
 * of the app.
 *
 *  - RS1xx: what the API server refuses (or a schema cannot tell).
 *  - RS2xx: best practices for releases without dropped requests; RS20x are errors (they drop traffic
 *    or make a release unsafe), RS21x warnings (hygiene).
 */
import {
  checkDuplicates, checkLabels, checkNames, checkPorts, checkRemovedApis, checkReplicaArithmetic, checkRequestsWithinLimits,
  checkSchema, checkUnknownFields, checkUnknownKinds, checkWaivers, checkWorkloadSelectors,
} from './api-rules';
import { Check, Severity } from './context';
import {
  checkDisruptionBudget, checkDistinctLiveness, checkGracePeriod, checkHostAntiAffinity, checkPinnedImages, checkProbePorts,
  checkReadinessBehindService, checkResources, checkRestrictedSecurity, checkRolloutCapacity, checkServiceTargetPorts, checkTopologySpread,
} from './practice-rules';
import { checkYamlReadback } from './yaml-readback';
import { RS114_CRD_DEFAULTS_DRIFT } from './rules/RS114-crd-defaults-drift';
import { RS208_ROUTE_TO_MISSING_SERVICE } from './rules/RS208-route-to-missing-service';

export interface Rule {
  /** Stable id, e.g. `RS204`. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what is wrong. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix it (and when waiving it is legitimate). */
  readonly fix: string;
  readonly check: Check;
}

export const RULES: readonly Rule[] = [
  {
    id: 'RS101',
    severity: 'error',
    title: 'does not match its schema',
    why: 'The API server refuses an object with a field of the wrong type, a missing required field or a value outside the allowed ones (Kubernetes OpenAPI schema from kubernetes-models; for custom resources the openAPIV3Schema of the CRD).',
    fix: 'Give the field the type and value the schema expects (see the message); for a custom resource, check which CRD version your cluster runs.',
    check: checkSchema,
  },
  {
    id: 'RS102',
    severity: 'error',
    title: 'unknown field',
    why: 'A field the schema does not declare, often a misspelling (seed 004\'s maxSure for maxSurge), is refused by `kubectl apply --validate=strict` and silently dropped by a lenient apply: the setting never takes effect.',
    fix: 'Correct the spelling or remove the field.',
    check: checkUnknownFields,
  },
  {
    id: 'RS103',
    severity: 'warning',
    title: 'unknown kind: its fields are not checked',
    why: 'No schema is known for this apiVersion and kind (a custom resource whose CRD the plugin was not given), so nothing in it is checked.',
    fix: 'Add the CRD file to the plugin\'s `properties.crdFiles` in cdk8s.yaml (paths relative to the app, `*` allowed in file names), or synthesize the CustomResourceDefinition in the app; or waive RS103 on the object.',
    check: checkUnknownKinds,
  },
  {
    id: 'RS104',
    severity: 'error',
    title: 'API version no longer served',
    why: 'Kubernetes removed this API version: the API server answers "no matches for kind".',
    fix: 'Use the apiVersion named in the message (and adapt the fields that changed with it).',
    check: checkRemovedApis,
  },
  {
    id: 'RS105',
    severity: 'error',
    title: 'invalid name',
    why: 'Object names are DNS subdomains (at most 253 characters), Service names DNS-1035 labels and namespace, container and volume names DNS-1123 labels (at most 63 characters); the API server refuses any other, and duplicate container or volume names in one pod.',
    fix: 'Use lower case letters, digits and \'-\' (and \'.\' in subdomains), starting and ending with a letter or digit (a Service name starts with a letter), within the length limit; keep container and volume names unique in the pod.',
    check: checkNames,
  },
  {
    id: 'RS106',
    severity: 'error',
    title: 'invalid label, annotation key or selector',
    why: 'Label and annotation keys are an optional DNS-subdomain prefix plus \'/\' and a name of at most 63 characters; label values at most 63 letters, digits, \'-\', \'_\' or \'.\', alphanumeric at both ends. The API server refuses any other in labels, selectors and annotation keys.',
    fix: 'Shorten or rewrite the key or value (free text belongs in an annotation value, not a label); use In/NotIn with values and Exists/DoesNotExist without.',
    check: checkLabels,
  },
  {
    id: 'RS107',
    severity: 'error',
    title: 'invalid port',
    why: 'Port numbers are 1 to 65535, node ports within 30000-32767 (the default range), port names IANA service names (1 to 15 lower case letters, digits and \'-\', at least one letter). The API server refuses others; a port name used twice in a pod makes Services and probes ambiguous.',
    fix: 'Use a port number in range, or the name of a declared container port; give each port of a pod a unique name and each port of a multi-port Service a name.',
    check: checkPorts,
  },
  {
    id: 'RS108',
    severity: 'error',
    title: 'selector does not select the pod template',
    why: 'A Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout adopts pods by its selector: the API server refuses one that does not match its own template\'s labels, or is empty. (The selector is immutable once applied.)',
    fix: 'Make spec.selector a subset of spec.template.metadata.labels, using labels that never change between releases (not a version).',
    check: checkWorkloadSelectors,
  },
  {
    id: 'RS109',
    severity: 'error',
    title: 'invalid rollout or disruption budget values',
    why: 'The API server refuses: maxSurge / maxUnavailable / minAvailable that are neither whole numbers nor percentages ("5" as a string), negative or above 100% (maxUnavailable), maxSurge and maxUnavailable both 0, progressDeadlineSeconds not above minReadySeconds, a Recreate strategy with rollingUpdate settings, a PodDisruptionBudget with both minAvailable and maxUnavailable.',
    fix: 'Write a whole number or a percentage string such as "25%"; give maxSurge at least 1; keep progressDeadlineSeconds above minReadySeconds; set only one of minAvailable and maxUnavailable.',
    check: checkReplicaArithmetic,
  },
  {
    id: 'RS110',
    severity: 'error',
    title: 'resource request above its limit',
    why: 'The API server refuses a container whose request for a resource exceeds its limit.',
    fix: 'Lower the request or raise the limit.',
    check: checkRequestsWithinLimits,
  },
  {
    id: 'RS111',
    severity: 'error',
    title: 'duplicate object',
    why: 'Two manifests describe the same object (API group, kind, namespace and name): the later one silently overwrites the first.',
    fix: 'Rename one of them, or remove the copy.',
    check: checkDuplicates,
  },
  {
    id: 'RS112',
    severity: 'error',
    title: 'invalid waiver',
    why: 'A waiver must name an existing rule and say why it does not apply; one without a reason (or of an unknown rule) waives nothing.',
    fix: 'Write the reason as the annotation\'s value: `waive.release-strategies.cdk8s.io/<RULE-ID>: "<why this object may break the rule>"`, with a rule id from the README\'s table; or remove the annotation. RS112 itself cannot be waived.',
    check: checkWaivers,
  },
  {
    id: 'RS113',
    severity: 'error',
    title: 'kubectl reads a value differently from what was written',
    why: 'kubectl, Argo CD, Flux and kustomize read YAML with go-yaml, which reads unquoted 0o755, 0X1F, +0o17, 0B101, 1e3, y or off as a number or boolean (a string field then fails to decode), refuses raw DEL and C1 control characters ("control characters are not allowed": nothing from that document to the end of the file is applied) and reads raw U+0085, U+2028 and U+2029 as line breaks.',
    fix: 'Quote the value ("0o755"); write the characters as escapes inside double quotes (\\x7F, \\N, \\L, \\P). The constructs of this library write every string this way; hand-written YAML and other tools may not.',
    check: checkYamlReadback,
  },
  RS114_CRD_DEFAULTS_DRIFT,
  {
    id: 'RS201',
    severity: 'error',
    title: 'no readiness probe behind a Service',
    why: 'Without a readiness probe a pod receives traffic as soon as its process starts, and a rolling update counts it as available and stops old pods before it can serve: requests fail on every release.',
    fix: 'Give each container that serves the Service a readinessProbe (httpGet on a health path, or tcpSocket on its port).',
    check: checkReadinessBehindService,
  },
  {
    id: 'RS202',
    severity: 'error',
    title: 'liveness probe identical to readiness',
    why: 'When liveness checks exactly what readiness checks, a slow dependency fails both on every pod and Kubernetes restarts them all at once instead of just taking them out of rotation.',
    fix: 'Make liveness a cheaper check that does not depend on other services (a tcpSocket on the port, or a separate /livez), or drop it.',
    check: checkDistinctLiveness,
  },
  {
    id: 'RS203',
    severity: 'error',
    title: 'grace period does not cover the preStop drain',
    why: 'terminationGracePeriodSeconds (default 30) counts from the start of the preStop hook: a preStop sleep as long or longer means the kubelet kills the container mid-drain, dropping in-flight requests (seed 002: sleep 90 under the default 30 s).',
    fix: 'Set terminationGracePeriodSeconds to the preStop sleep plus the application\'s shutdown time (e.g. 90 + 20), or shorten the sleep.',
    check: checkGracePeriod,
  },
  {
    id: 'RS204',
    severity: 'error',
    title: 'rollout lets available pods drop',
    why: 'Kubernetes resolves maxUnavailable rounding down and maxSurge rounding up against replicas, and forces 1 unavailable pod when both come to 0: the default 25%/25% already takes a pod down from 4 replicas on. Recreate stops all pods. Capacity then drops during every release.',
    fix: 'Set maxUnavailable: 0 and maxSurge to at least 1 pod (a percentage above 0 rounds up to one). If a dip or downtime is acceptable for this workload, waive RS204 on it and say why.',
    check: checkRolloutCapacity,
  },
  {
    id: 'RS205',
    severity: 'error',
    title: 'image not pinned',
    why: 'An untagged or :latest image changes under running pods: nodes pull different builds, and `kubectl rollout undo` cannot return to the previous version.',
    fix: 'Use an immutable tag per release (registry/app:1.4.2) or a digest (@sha256:...).',
    check: checkPinnedImages,
  },
  {
    id: 'RS206',
    severity: 'error',
    title: 'probe on an undeclared port',
    why: 'A probe on a port name the container does not declare can never succeed (the pod never becomes ready, or is restarted forever); one on an undeclared number probably checks the wrong port.',
    fix: 'Declare the port in the container\'s ports with a name and probe it by that name.',
    check: checkProbePorts,
  },
  {
    id: 'RS207',
    severity: 'error',
    title: 'Service target port not declared by its pods',
    why: 'A Service whose targetPort names a port the selected pods do not declare gets no endpoints for it: every request to that port fails.',
    fix: 'Name the container port as the Service\'s targetPort, or target the port by number.',
    check: checkServiceTargetPorts,
  },
  RS208_ROUTE_TO_MISSING_SERVICE,
  {
    id: 'RS211',
    severity: 'warning',
    title: 'resources not set',
    why: 'Without cpu and memory requests the scheduler places pods blind; without limits a leaking pod can starve its node.',
    fix: 'Set resources.requests and resources.limits for cpu and memory on every container.',
    check: checkResources,
  },
  {
    id: 'RS212',
    severity: 'warning',
    title: 'not Pod Security "restricted"',
    why: 'Namespaces enforcing the "restricted" Pod Security Standard refuse such pods; each item widens what a compromised container can do.',
    fix: 'runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile.type: RuntimeDefault; no privileged containers, host namespaces, hostPath volumes or host ports.',
    check: checkRestrictedSecurity,
  },
  {
    id: 'RS213',
    severity: 'warning',
    title: 'no PodDisruptionBudget',
    why: 'Without a disruption budget a node drain or cluster upgrade may evict every replica at the same time.',
    fix: 'Add a PodDisruptionBudget selecting the pods with maxUnavailable: 1 (and unhealthyPodEvictionPolicy: AlwaysAllow).',
    check: checkDisruptionBudget,
  },
  {
    id: 'RS214',
    severity: 'warning',
    title: 'replicas not kept on different nodes',
    why: 'Without pod anti-affinity (or a spread constraint) on kubernetes.io/hostname, all replicas may land on one node and fail together.',
    fix: 'Add a preferred podAntiAffinity term on topologyKey kubernetes.io/hostname selecting the workload\'s own pods.',
    check: checkHostAntiAffinity,
  },
  {
    id: 'RS215',
    severity: 'warning',
    title: 'no topology spread constraint',
    why: 'Without a topology spread constraint the replicas may pile up in one zone.',
    fix: 'Add a topologySpreadConstraint on topology.kubernetes.io/zone selecting the pods, with matchLabelKeys: [pod-template-hash] so each revision spreads on its own.',
    check: checkTopologySpread,
  },
];
