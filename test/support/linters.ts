/**
 * Offline emulation of the best-practice linters the library must satisfy by default
 * (kube-score, kube-linter and Polaris, by their documented rule names),
 * plus the Pod Security Standards "restricted" profile.
 *
 * Input: plain manifest objects, e.g. `Testing.synth(chart)` (`any[]`). The whole array is one
 * "app": cross-object rules (a Service selecting pods, a PDB / NetworkPolicy / HPA pointing at a
 * Deployment) look at every object in it, exactly as the real tools do when they are given one
 * multi-document YAML file.
 *
 * Each rule below was re-implemented in TypeScript from reading the upstream source (no code was
 * copied). The comment above each rule names the upstream file it follows. Upstream quirks are kept
 * on purpose (they are what the real tools report) and are marked "quirk:".
 *
 * Scope: the checks that can fire on Deployment / Service / PodDisruptionBudget /
 * HorizontalPodAutoscaler / NetworkPolicy / ServiceAccount / Ingress / HTTPRoute objects (the other
 * pod controllers are handled generically because they share the pod template). RBAC, Gateway,
 * ConfigMap, CronJob-only and cluster-state checks are out of scope and listed in RULES with
 * implemented=false.
 *
 * Services reached only through an Ingress, HTTPRoute or VirtualService: kube-score
 * service-targets-pod and kube-linter dangling-service look at pods and pod templates only, never
 * at what routes to the Service, so a Service that selects no pod (or has no selector) is reported
 * whatever points at it. Pods of custom controllers (an Argo Rollout) are not pods to them either.
 *
 * Versions read: kube-score master (score/*, checks as in README_CHECKS v1.20), kube-linter main
 * (internal/defaultchecks/default_checks.go + pkg/templates/*), Polaris master
 * (pkg/config/default.yaml + pkg/config/checks/*.yaml), kubernetes
 * staging/src/k8s.io/pod-security-admission/policy/check_*.go.
 */

export type LinterName = 'kube-score' | 'kube-linter' | 'polaris' | 'pss-restricted';

export interface LintFinding {
  readonly linter: LinterName;
  readonly rule: string;
  /** `Kind/name` or `Kind/namespace/name`. */
  readonly object: string;
  readonly message: string;
}

export interface RuleInfo {
  readonly linter: LinterName;
  readonly rule: string;
  /** Runs with the tool's default configuration. */
  readonly defaultOn: boolean;
  /** Named (or, for Polaris, covered by "security and resource checks") in the facts doc. */
  readonly inFactsDoc: boolean;
  /** Emulated here. */
  readonly implemented: boolean;
  /** Upstream file the emulation follows. */
  readonly upstream: string;
  readonly note?: string;
}

const KS = 'zegl/kube-score';
const KL = 'stackrox/kube-linter';
const PO = 'FairwindsOps/polaris';
const PSA = 'kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy';

function r(
  linter: LinterName, rule: string, defaultOn: boolean, inFactsDoc: boolean, implemented: boolean,
  upstream: string, note?: string,
): RuleInfo {
  return { linter, rule, defaultOn, inFactsDoc, implemented, upstream, note };
}

/** Catalogue of every rule considered, with its default status and upstream source. */
export const RULES: readonly RuleInfo[] = [
  // ---------------------------------------------------------------- kube-score
  r('kube-score', 'container-resources', true, true, true, `${KS} score/container/container.go`),
  r('kube-score', 'container-image-tag', true, true, true, `${KS} score/container/container.go`),
  r('kube-score', 'container-image-pull-policy', true, true, true, `${KS} score/container/container.go`),
  r('kube-score', 'container-ephemeral-storage-request-and-limit', true, false, true, `${KS} score/container/container.go`),
  r('kube-score', 'environment-variable-key-duplication', true, false, true, `${KS} score/container/container.go`),
  r('kube-score', 'container-resource-requests-equal-limits', false, false, false, `${KS} score/container/container.go`, 'optional'),
  r('kube-score', 'container-cpu-requests-equal-limits', false, false, false, `${KS} score/container/container.go`, 'optional'),
  r('kube-score', 'container-memory-requests-equal-limits', false, false, false, `${KS} score/container/container.go`, 'optional'),
  r('kube-score', 'container-ephemeral-storage-request-equals-limit', false, false, false, `${KS} score/container/container.go`, 'optional'),
  r('kube-score', 'container-ports-check', false, false, false, `${KS} score/container/container.go`, 'optional'),
  r('kube-score', 'pod-probes', true, true, true, `${KS} score/probes/probes.go`),
  r('kube-score', 'pod-probes-identical', true, true, true, `${KS} score/probes/probes.go`),
  r('kube-score', 'container-security-context-user-group-id', true, true, true, `${KS} score/security/security.go`),
  r('kube-score', 'container-security-context-privileged', true, true, true, `${KS} score/security/security.go`),
  r('kube-score', 'container-security-context-readonlyrootfilesystem', true, true, true, `${KS} score/security/security.go`),
  r('kube-score', 'container-seccomp-profile', false, false, false, `${KS} score/security/security.go`, 'optional'),
  r('kube-score', 'pod-networkpolicy', true, false, true, `${KS} score/networkpolicy/networkpolicy.go`),
  r('kube-score', 'networkpolicy-targets-pod', true, false, true, `${KS} score/networkpolicy/networkpolicy.go`),
  r('kube-score', 'pod-topology-spread-constraints', true, false, true, `${KS} score/podtopologyspreadconstraints/podtopologyspreadconstraints.go`, 'only invalid constraints fail; absent is OK'),
  r('kube-score', 'deployment-strategy', true, true, true, `${KS} score/deployment/deployment.go`),
  r('kube-score', 'deployment-replicas', true, true, true, `${KS} score/deployment/deployment.go`),
  r('kube-score', 'deployment-has-poddisruptionbudget', true, true, true, `${KS} score/disruptionbudget/disruptionbudget.go`),
  r('kube-score', 'poddisruptionbudget-has-policy', true, false, true, `${KS} score/disruptionbudget/disruptionbudget.go`),
  r('kube-score', 'deployment-has-host-podantiaffinity', true, true, true, `${KS} score/apps/apps.go`),
  r('kube-score', 'deployment-targeted-by-hpa-does-not-have-replicas-configured', true, false, true, `${KS} score/apps/apps.go`),
  r('kube-score', 'deployment-pod-selector-labels-match-template-metadata-labels', true, true, true, `${KS} score/apps/apps.go`),
  r('kube-score', 'service-targets-pod', true, true, true, `${KS} score/service/service.go`),
  r('kube-score', 'service-type', true, false, true, `${KS} score/service/service.go`),
  r('kube-score', 'ingress-targets-service', true, false, true, `${KS} score/ingress/ingress.go`, 'CRITICAL; networking.k8s.io/v1, v1beta1 and extensions/v1beta1 Ingress'),
  r('kube-score', 'horizontalpodautoscaler-has-target', true, false, true, `${KS} score/hpa/hpa.go`),
  r('kube-score', 'horizontalpodautoscaler-replicas', true, false, true, `${KS} score/hpa/hpa.go`),
  r('kube-score', 'label-values', true, true, true, `${KS} score/meta/labels.go`),
  r('kube-score', 'stable-version', true, false, true, `${KS} score/stable/stable_version.go`, 'default --kubernetes-version v1.18'),
  // ---------------------------------------------------------------- kube-linter (default set = internal/defaultchecks/default_checks.go)
  r('kube-linter', 'dangling-service', true, true, true, `${KL} pkg/templates/danglingservice/template.go`),
  r('kube-linter', 'deprecated-service-account-field', true, false, true, `${KL} pkg/templates/deprecatedserviceaccount/template.go`),
  r('kube-linter', 'docker-sock', true, false, true, `${KL} pkg/templates/hostmounts/template.go + yamls/docker-sock.yaml`),
  r('kube-linter', 'drop-net-raw-capability', true, false, true, `${KL} pkg/templates/containercapabilities/template.go`),
  r('kube-linter', 'duplicate-env-var', true, false, true, `${KL} pkg/templates/duplicatenvvar/template.go`),
  r('kube-linter', 'env-var-secret', true, false, true, `${KL} pkg/templates/envvar/template.go`),
  r('kube-linter', 'host-ipc', true, false, true, `${KL} pkg/templates/hostipc/template.go`),
  r('kube-linter', 'host-network', true, false, true, `${KL} pkg/templates/hostnetwork/template.go`),
  r('kube-linter', 'host-pid', true, false, true, `${KL} pkg/templates/hostpid/template.go`),
  r('kube-linter', 'invalid-target-ports', true, true, true, `${KL} pkg/templates/targetport/template.go`),
  r('kube-linter', 'latest-tag', true, true, true, `${KL} pkg/templates/latesttag/template.go`),
  r('kube-linter', 'liveness-port', true, true, true, `${KL} pkg/templates/util/check_probe_port.go`),
  r('kube-linter', 'readiness-port', true, true, true, `${KL} pkg/templates/readinessport/template.go`),
  r('kube-linter', 'startup-port', true, false, true, `${KL} pkg/templates/startupport/template.go`),
  r('kube-linter', 'mismatching-selector', true, true, true, `${KL} pkg/templates/mismatchingselector/template.go`),
  r('kube-linter', 'no-anti-affinity', true, true, true, `${KL} pkg/templates/antiaffinity/template.go`),
  r('kube-linter', 'no-extensions-v1beta', true, false, true, `${KL} pkg/templates/disallowedgvk/template.go`),
  r('kube-linter', 'no-read-only-root-fs', true, true, true, `${KL} pkg/templates/readonlyrootfs/template.go`),
  r('kube-linter', 'non-existent-service-account', true, false, true, `${KL} pkg/templates/nonexistentserviceaccount/template.go`),
  r('kube-linter', 'pdb-max-unavailable', true, true, true, `${KL} pkg/templates/pdbmaxunavailable/template.go`),
  r('kube-linter', 'pdb-min-available', true, true, true, `${KL} pkg/templates/pdbminavailable/template.go`),
  r('kube-linter', 'pdb-unhealthy-pod-eviction-policy', true, true, true, `${KL} pkg/templates/pdbunhealthypodevictionpolicy/template.go`),
  r('kube-linter', 'privilege-escalation-container', true, true, true, `${KL} pkg/templates/privilegeescalation/template.go`),
  r('kube-linter', 'privileged-container', true, false, true, `${KL} pkg/templates/privileged/template.go`),
  r('kube-linter', 'run-as-non-root', true, true, true, `${KL} pkg/templates/runasnonroot/template.go`),
  r('kube-linter', 'sensitive-host-mounts', true, false, true, `${KL} pkg/templates/hostmounts/template.go`),
  r('kube-linter', 'ssh-port', true, false, true, `${KL} pkg/templates/ports/template.go`),
  r('kube-linter', 'unsafe-sysctls', true, false, true, `${KL} pkg/templates/sysctl/template.go`),
  r('kube-linter', 'unset-cpu-requirements', true, true, true, `${KL} pkg/templates/cpurequirements/template.go`, 'requirementsType: request'),
  r('kube-linter', 'unset-memory-requirements', true, true, true, `${KL} pkg/templates/memoryrequirements/template.go`, 'requirementsType: limit'),
  r('kube-linter', 'dangling-ingress', false, false, false, `${KL} pkg/templates/danglingingress/template.go + yamls/dangling-ingress.yaml`, 'opt-in: not in internal/defaultchecks/default_checks.go'),
  r('kube-linter', 'no-liveness-probe', false, false, false, `${KL} yamls/no-liveness-probe.yaml`, 'opt-in'),
  r('kube-linter', 'no-readiness-probe', false, false, false, `${KL} yamls/no-readiness-probe.yaml`, 'opt-in'),
  r('kube-linter', 'minimum-three-replicas', false, false, false, `${KL} yamls/minimum-replicas.yaml`, 'opt-in'),
  r('kube-linter', 'dangling-horizontalpodautoscaler', false, false, false, `${KL} yamls/dangling-horizontalpodautoscaler.yaml`, 'opt-in'),
  r('kube-linter', 'hpa-minimum-three-replicas', false, false, false, `${KL} yamls/hpa-minimum-replicas.yaml`, 'opt-in'),
  r('kube-linter', 'no-rolling-update-strategy', false, false, false, `${KL} yamls/no-rolling-update-strategy.yaml`, 'opt-in'),
  r('kube-linter', 'non-isolated-pod', false, false, false, `${KL} yamls/non-isolated-pod.yaml`, 'opt-in'),
  // ---------------------------------------------------------------- Polaris (pkg/config/default.yaml; severity in note)
  r('polaris', 'deploymentMissingReplicas', true, true, true, `${PO} pkg/config/checks/deploymentMissingReplicas.yaml`, 'warning'),
  r('polaris', 'priorityClassNotSet', true, false, true, `${PO} pkg/config/checks/priorityClassNotSet.yaml`, 'warning'),
  r('polaris', 'tagNotSpecified', true, true, true, `${PO} pkg/config/checks/tagNotSpecified.yaml`, 'danger'),
  r('polaris', 'pullPolicyNotAlways', true, false, true, `${PO} pkg/config/checks/pullPolicyNotAlways.yaml`, 'warning'),
  r('polaris', 'readinessProbeMissing', true, true, true, `${PO} pkg/config/checks/readinessProbeMissing.yaml`, 'warning'),
  r('polaris', 'livenessProbeMissing', true, true, true, `${PO} pkg/config/checks/livenessProbeMissing.yaml`, 'warning'),
  r('polaris', 'metadataAndInstanceMismatched', true, false, true, `${PO} pkg/config/checks/metadataAndInstanceMismatched.yaml`, 'warning'),
  r('polaris', 'pdbDisruptionsIsZero', true, true, true, `${PO} pkg/config/checks/pdbDisruptionsIsZero.yaml`, 'warning; spec-based in pkg/config (the status-based variant is the legacy checks/ copy)'),
  r('polaris', 'missingPodDisruptionBudget', true, true, true, `${PO} pkg/config/checks/missingPodDisruptionBudget.yaml`, 'warning'),
  r('polaris', 'topologySpreadConstraint', true, true, true, `${PO} pkg/config/checks/topologySpreadConstraint.yaml`, 'warning'),
  r('polaris', 'hpaMaxAvailability', true, false, true, `${PO} pkg/config/checks/hpaMaxAvailability.yaml`, 'warning'),
  r('polaris', 'hpaMinAvailability', true, false, true, `${PO} pkg/config/checks/hpaMinAvailability.yaml`, 'warning'),
  r('polaris', 'pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas', true, false, true, `${PO} pkg/validator/pdbhpavalidator.go`, 'warning'),
  r('polaris', 'cpuRequestsMissing', true, true, true, `${PO} pkg/config/checks/cpuRequestsMissing.yaml`, 'warning'),
  r('polaris', 'cpuLimitsMissing', true, true, true, `${PO} pkg/config/checks/cpuLimitsMissing.yaml`, 'warning'),
  r('polaris', 'memoryRequestsMissing', true, true, true, `${PO} pkg/config/checks/memoryRequestsMissing.yaml`, 'warning'),
  r('polaris', 'memoryLimitsMissing', true, true, true, `${PO} pkg/config/checks/memoryLimitsMissing.yaml`, 'warning'),
  r('polaris', 'automountServiceAccountToken', true, true, true, `${PO} pkg/config/checks/automountServiceAccountToken.yaml`, 'warning'),
  r('polaris', 'hostIPCSet', true, true, true, `${PO} pkg/config/checks/hostIPCSet.yaml`, 'danger'),
  r('polaris', 'hostPIDSet', true, true, true, `${PO} pkg/config/checks/hostPIDSet.yaml`, 'danger'),
  r('polaris', 'hostNetworkSet', true, true, true, `${PO} pkg/config/checks/hostNetworkSet.yaml`, 'danger'),
  r('polaris', 'hostPortSet', true, true, true, `${PO} pkg/config/checks/hostPortSet.yaml`, 'warning'),
  r('polaris', 'hostPathSet', true, true, true, `${PO} pkg/config/checks/hostPathSet.yaml`, 'warning'),
  r('polaris', 'hostProcess', true, true, true, `${PO} pkg/config/checks/hostProcess.yaml`, 'warning'),
  r('polaris', 'linuxHardening', true, true, true, `${PO} pkg/config/checks/linuxHardening.yaml`, 'warning'),
  r('polaris', 'missingNetworkPolicy', true, true, true, `${PO} pkg/config/checks/missingNetworkPolicy.yaml`, 'warning'),
  r('polaris', 'notReadOnlyRootFilesystem', true, true, true, `${PO} pkg/config/checks/notReadOnlyRootFilesystem.yaml`, 'warning'),
  r('polaris', 'privilegeEscalationAllowed', true, true, true, `${PO} pkg/config/checks/privilegeEscalationAllowed.yaml`, 'danger'),
  r('polaris', 'procMount', true, true, true, `${PO} pkg/config/checks/procMount.yaml`, 'warning'),
  r('polaris', 'runAsRootAllowed', true, true, true, `${PO} pkg/config/checks/runAsRootAllowed.yaml`, 'danger'),
  r('polaris', 'runAsPrivileged', true, true, true, `${PO} pkg/config/checks/runAsPrivileged.yaml`, 'danger'),
  r('polaris', 'dangerousCapabilities', true, true, true, `${PO} pkg/config/checks/dangerousCapabilities.yaml`, 'danger'),
  r('polaris', 'insecureCapabilities', true, true, true, `${PO} pkg/config/checks/insecureCapabilities.yaml`, 'warning'),
  r('polaris', 'sensitiveContainerEnvVar', true, true, true, `${PO} pkg/config/checks/sensitiveContainerEnvVar.yaml`, 'danger'),
  r('polaris', 'tlsSettingsMissing', true, true, true, `${PO} pkg/config/checks/tlsSettingsMissing.yaml`, 'warning; target networking.k8s.io/Ingress'),
  // Gateway API checks: in pkg/config/default.yaml on master since commit b860eb79 (not in older
  // releases). The three Go checks need the audit's resource provider, which both cluster and
  // --audit-path audits have (only admission requests pass them unchecked).
  r('polaris', 'httpRouteWildcardOrEmptyHost', true, true, true, `${PO} pkg/config/checks/httpRouteWildcardOrEmptyHost.yaml`, 'warning; target gateway.networking.k8s.io/HTTPRoute'),
  r('polaris', 'httpRouteCrossNamespaceBackendRef', true, true, true, `${PO} pkg/validator/gateway_validator.go + pkg/config/checks/httpRouteCrossNamespaceBackendRef.yaml`, 'warning; needs a ReferenceGrant among the manifests'),
  r('polaris', 'httpRouteBackendTLSMissing', true, true, true, `${PO} pkg/validator/gateway_validator.go + pkg/config/checks/httpRouteBackendTLSMissing.yaml`, 'warning; TLS backends (port 443/8443, https port name/appProtocol) need a BackendTLSPolicy'),
  r('polaris', 'httpRouteInsecureListener', true, true, true, `${PO} pkg/validator/gateway_validator.go + pkg/config/checks/httpRouteInsecureListener.yaml`, 'warning; only fires when the parent Gateway is among the manifests'),
  r('polaris', 'gatewayTLSMissing', true, true, false, `${PO} pkg/config/checks/gatewayTLSMissing.yaml`, 'warning; Gateway only'),
  r('polaris', 'gatewayAllowedRoutesAll', true, true, false, `${PO} pkg/config/checks/gatewayAllowedRoutesAll.yaml`, 'warning; Gateway only'),
  r('polaris', 'gatewayInsecureFrontendValidation', true, true, false, `${PO} pkg/config/checks/gatewayInsecureFrontendValidation.yaml`, 'warning; Gateway only'),
  r('polaris', 'gatewayCrossNamespaceCertificateRef', true, true, false, `${PO} pkg/validator/gateway_validator.go`, 'warning; Gateway only'),
  r('polaris', 'kgatewayBackendTLSVerificationDisabled', true, true, false, `${PO} pkg/config/checks/kgatewayBackendTLSVerificationDisabled.yaml`, 'warning; kgateway BackendConfigPolicy only'),
  r('polaris', 'sensitiveConfigmapContent', true, false, false, `${PO} pkg/config/checks/sensitiveConfigmapContent.yaml`, 'ConfigMap only'),
  // ---------------------------------------------------------------- PSS restricted (check IDs of pod-security-admission)
  r('pss-restricted', 'hostProcess', true, false, true, `${PSA}/check_windowsHostProcess.go`),
  r('pss-restricted', 'hostNamespaces', true, true, true, `${PSA}/check_hostNamespaces.go`),
  r('pss-restricted', 'privileged', true, false, true, `${PSA}/check_privileged.go`),
  r('pss-restricted', 'capabilities_baseline', true, false, true, `${PSA}/check_capabilities_baseline.go`),
  r('pss-restricted', 'hostPathVolumes', true, true, true, `${PSA}/check_hostPathVolumes.go`),
  r('pss-restricted', 'hostPorts', true, false, true, `${PSA}/check_hostPorts.go`),
  r('pss-restricted', 'appArmorProfile', true, false, true, `${PSA}/check_appArmorProfile.go`),
  r('pss-restricted', 'seLinuxOptions', true, false, true, `${PSA}/check_seLinuxOptions.go`),
  r('pss-restricted', 'procMount', true, false, true, `${PSA}/check_procMount.go`),
  r('pss-restricted', 'seccompProfile_baseline', true, true, true, `${PSA}/check_seccompProfile_baseline.go`),
  r('pss-restricted', 'sysctls', true, false, true, `${PSA}/check_sysctls.go`),
  r('pss-restricted', 'restrictedVolumes', true, false, true, `${PSA}/check_restrictedVolumes.go`),
  r('pss-restricted', 'allowPrivilegeEscalation', true, true, true, `${PSA}/check_allowPrivilegeEscalation.go`),
  r('pss-restricted', 'runAsNonRoot', true, true, true, `${PSA}/check_runAsNonRoot.go`),
  r('pss-restricted', 'runAsUser', true, false, true, `${PSA}/check_runAsUser.go`),
  r('pss-restricted', 'seccompProfile_restricted', true, true, true, `${PSA}/check_seccompProfile_restricted.go`),
  r('pss-restricted', 'capabilities_restricted', true, true, true, `${PSA}/check_capabilities_restricted.go`),
];

const RULE_INDEX = new Map<string, RuleInfo>(RULES.map((x) => [`${x.linter}:${x.rule}`, x]));

// ====================================================================================== helpers

type Obj = any;
type Labels = Record<string, string>;

const POD_CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

function kindOf(o: Obj): string { return (o && o.kind) || ''; }
function nameOf(o: Obj): string { return (o && o.metadata && o.metadata.name) || ''; }
/** Every tool compares namespaces as the raw strings in the manifests ('' when absent). */
function nsOf(o: Obj): string { return (o && o.metadata && o.metadata.namespace) || ''; }
function groupOf(o: Obj): string {
  const av: string = (o && o.apiVersion) || '';
  return av.includes('/') ? av.split('/')[0] : '';
}
function idOf(o: Obj): string {
  const ns = nsOf(o);
  return ns ? `${kindOf(o)}/${ns}/${nameOf(o)}` : `${kindOf(o)}/${nameOf(o)}`;
}
function arr<T = any>(x: unknown): T[] { return Array.isArray(x) ? (x as T[]) : []; }
function obj(x: unknown): Record<string, any> { return x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, any>) : {}; }
function labelsOf(m: unknown): Labels { return obj(obj(m).labels) as Labels; }

interface PodTemplate { readonly metadata: Record<string, any>; readonly spec: Record<string, any> }

function podTemplateOf(o: Obj): PodTemplate | undefined {
  const k = kindOf(o);
  if (!POD_CONTROLLERS.has(k)) return undefined;
  if (k === 'Pod') return { metadata: obj(o.metadata), spec: obj(o.spec) };
  const t = k === 'CronJob' ? obj(obj(obj(obj(o.spec).jobTemplate).spec).template) : obj(obj(o.spec).template);
  return { metadata: obj(t.metadata), spec: obj(t.spec) };
}

/** Init containers first, then containers (the order kube-score, kube-linter and PSA use). */
function allContainers(spec: Record<string, any>): any[] {
  return [...arr(spec.initContainers), ...arr(spec.containers)];
}
function allContainersWithEphemeral(spec: Record<string, any>): any[] {
  return [...arr(spec.containers), ...arr(spec.initContainers), ...arr(spec.ephemeralContainers)];
}

/** metav1.LabelSelectorAsSelector + Matches. `null`/`undefined` selects nothing, `{}` selects everything. */
function selectorMatches(sel: unknown, labels: Labels): boolean {
  if (sel === undefined || sel === null) return false;
  const s = obj(sel);
  for (const [k, v] of Object.entries(obj(s.matchLabels))) {
    if (labels[k] !== v) return false;
  }
  for (const e of arr(s.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = arr<string>(e.values);
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** kube-score internal.LabelSelectorMatchesLabels: a map selector; an empty/absent map matches everything. */
function mapSelectorMatches(selector: unknown, labels: Labels): boolean {
  return selectorMatches({ matchLabels: obj(selector) }, labels);
}

/** labels.Selector.String() canonical form (used by kube-linter pdb-min-available to compare selectors). */
function selectorString(sel: unknown): string {
  const s = obj(sel);
  const reqs: string[] = [];
  for (const [k, v] of Object.entries(obj(s.matchLabels))) reqs.push(`${k}=${v}`);
  for (const e of arr(s.matchExpressions)) {
    const vals = [...arr<string>(e.values)].sort().join(',');
    if (e.operator === 'In') reqs.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') reqs.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') reqs.push(`${e.key}`);
    else if (e.operator === 'DoesNotExist') reqs.push(`!${e.key}`);
  }
  return reqs.sort((a, b) => a.replace(/^!/, '').localeCompare(b.replace(/^!/, ''))).join(',');
}

const QTY_SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
/** Parses a Kubernetes quantity; `undefined` when absent, NaN when unparseable. */
function quantity(q: unknown): number | undefined {
  if (q === undefined || q === null) return undefined;
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(q.trim());
  if (!m) return NaN;
  const base = parseFloat(m[1]);
  if (m[2] !== undefined) return base * 10 ** parseInt(m[2], 10);
  return base * QTY_SUFFIX[m[3] || ''];
}
/** resource.Quantity.IsZero() on a ResourceList lookup: an absent entry is the zero quantity. */
function qtyIsZero(q: unknown): boolean {
  const v = quantity(q);
  return v === undefined || v === 0;
}

/** intstr scaled value (intstr.GetScaledValueFromIntOrPercent). Returns undefined for an invalid string. */
function scaledIntOrPercent(v: unknown, total: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(-?\d+)%$/.exec(v);
    if (!m) return undefined;
    const p = parseInt(m[1], 10);
    return roundUp ? Math.ceil((p * total) / 100) : Math.floor((p * total) / 100);
  }
  return undefined;
}

/** Go's intstr.IntValue(): ints as is, strings through Atoi (0 when not a number). */
function intValue(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return parseInt(v, 10);
  return 0;
}

/**
 * Polaris renders label values unquoted into YAML JSON-schema templates (`const: {{ $value }}`):
 * a value YAML reads as a non-string (true, 1, null...) can never equal the string label. quirk.
 */
function polarisTemplatedValueIsString(v: string): boolean {
  return !/^(true|false|yes|no|on|off|null|~|[-+]?\d+(\.\d+)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?\.inf|\.nan)?$/i.test(v);
}

/** Image tag as kube-score computes it: the text after the last ':' ('' when there is none). quirk: a registry port counts as a tag. */
function kubeScoreTag(image: string): string {
  const parts = image.split(':');
  return parts.length > 1 ? parts[parts.length - 1] : '';
}

/** k8s.io/apimachinery validation.IsValidPortName. */
function portNameProblems(name: string): string[] {
  const errs: string[] = [];
  if (name.length < 1 || name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * Whether the object's own annotations exempt it from the rule, as the tool reads them: Polaris
 * `polaris.fairwinds.com/exempt` or `polaris.fairwinds.com/<check>-exempt` set to "true", any case
 * (pkg/validator/schema.go hasExemptionAnnotation, on the controller's metadata); kube-score
 * `kube-score/ignore`, a comma-separated list of checks (scorecard/enabled.go).
 */
function exempted(linter: LinterName, rule: string, o: Obj): boolean {
  const annotations = (o.metadata?.annotations ?? {}) as Record<string, unknown>;
  const isTrue = (value: unknown) => typeof value === 'string' && value.toLowerCase() === 'true';
  if (linter === 'polaris') return isTrue(annotations['polaris.fairwinds.com/exempt']) || isTrue(annotations[`polaris.fairwinds.com/${rule}-exempt`]);
  if (linter === 'kube-score') {
    const ignored = annotations['kube-score/ignore'];
    return typeof ignored === 'string' && ignored.split(',').map((c) => c.trim()).includes(rule);
  }
  return false;
}

class Sink {
  readonly findings: LintFinding[] = [];
  add(linter: LinterName, rule: string, o: Obj, message: string): void {
    if (exempted(linter, rule, o)) return;
    const info = RULE_INDEX.get(`${linter}:${rule}`);
    const mark = info && info.defaultOn && !info.inFactsDoc ? '(default-on, not in the facts doc list) ' : '';
    this.findings.push({ linter, rule, object: idOf(o), message: mark + message });
  }
}

// ============================================================================= the app context

interface Ctx {
  readonly all: Obj[];
  readonly controllers: Obj[];
  readonly deployments: Obj[];
  readonly services: Obj[];
  readonly pdbs: Obj[];
  readonly hpas: Obj[];
  readonly netpols: Obj[];
  readonly serviceAccounts: Obj[];
  readonly ingresses: Obj[];
  readonly httpRoutes: Obj[];
}

function context(manifests: any[]): Ctx {
  const all = manifests.filter((m) => m && typeof m === 'object' && typeof m.kind === 'string');
  const of = (k: string) => all.filter((m) => m.kind === k);
  return {
    all,
    controllers: all.filter((m) => POD_CONTROLLERS.has(m.kind)),
    deployments: of('Deployment'),
    services: of('Service'),
    pdbs: of('PodDisruptionBudget'),
    hpas: of('HorizontalPodAutoscaler'),
    netpols: of('NetworkPolicy'),
    serviceAccounts: all.filter((m) => m.kind === 'ServiceAccount' && (m.apiVersion === 'v1' || m.apiVersion === undefined)),
    ingresses: of('Ingress'),
    httpRoutes: all.filter((m) => m.kind === 'HTTPRoute' && groupOf(m) === GATEWAY_GROUP),
  };
}

/** Lints a whole app's manifests. `[]` means none of the emulated rules has anything to say. */
export function lint(manifests: any[]): LintFinding[] {
  const ctx = context(manifests);
  const sink = new Sink();
  kubeScore(ctx, sink);
  kubeLinter(ctx, sink);
  polaris(ctx, sink);
  pssRestricted(ctx, sink);
  return sink.findings;
}

// ==================================================================================== kube-score
// Grades: CRITICAL (1) and WARNING (5) fail; "AlmostOK" (7) prints as OK but still carries a
// comment (pod-probes "missing livenessProbe"), reported here with the grade in the message.

function kubeScore(ctx: Ctx, sink: Sink): void {
  const add = (rule: string, o: Obj, grade: string, msg: string) => sink.add('kube-score', rule, o, `[${grade}] ${msg}`);

  // ---- meta checks on every object
  for (const o of ctx.all) {
    // score/meta/labels.go: label values must match the Kubernetes value syntax.
    for (const [k, v] of Object.entries(labelsOf(o.metadata))) {
      if (typeof v !== 'string' || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
        add('label-values', o, 'CRITICAL', `Invalid label value ${k}=${String(v)}`);
      }
    }
    // score/stable/stable_version.go, with kube-score's default --kubernetes-version v1.18.
    const deprecated: Record<string, Record<string, [string, number]>> = {
      'extensions/v1beta1': { Deployment: ['apps/v1', 9], DaemonSet: ['apps/v1', 9], Ingress: ['networking.k8s.io/v1', 19] },
      'apps/v1beta1': { Deployment: ['apps/v1', 9], StatefulSet: ['apps/v1', 9] },
      'apps/v1beta2': { Deployment: ['apps/v1', 9], StatefulSet: ['apps/v1', 9], DaemonSet: ['apps/v1', 9] },
      'batch/v1beta1': { CronJob: ['batch/v1', 21] },
      'policy/v1beta1': { PodDisruptionBudget: ['policy/v1', 21] },
      'networking.k8s.io/v1beta1': { Ingress: ['networking.k8s.io/v1', 19] },
    };
    const rec = (deprecated[o.apiVersion] || {})[o.kind];
    if (rec && rec[1] <= 18) add('stable-version', o, 'WARNING', `The apiVersion and kind ${o.apiVersion}/${o.kind} is deprecated; use ${rec[0]}`);
  }

  // ---- pod checks on every pod controller
  for (const o of ctx.controllers) {
    const t = podTemplateOf(o)!;
    const spec = t.spec;
    const ns = nsOf(o); // kube-score copies the controller's namespace into the template
    const tLabels = labelsOf(t.metadata);
    const cs = allContainers(spec);

    // score/container/container.go containerResources
    {
      const missingLimit: string[] = [];
      const missingRequest: string[] = [];
      for (const c of cs) {
        const res = obj(c.resources);
        if (qtyIsZero(obj(res.limits).cpu)) missingLimit.push(`${c.name}: CPU limit is not set`);
        if (qtyIsZero(obj(res.limits).memory)) missingLimit.push(`${c.name}: Memory limit is not set`);
        if (qtyIsZero(obj(res.requests).cpu)) missingRequest.push(`${c.name}: CPU request is not set`);
        if (qtyIsZero(obj(res.requests).memory)) missingRequest.push(`${c.name}: Memory request is not set`);
      }
      if (cs.length === 0) add('container-resources', o, 'CRITICAL', 'No containers defined');
      else if (missingLimit.length) add('container-resources', o, 'CRITICAL', [...missingLimit, ...missingRequest].join('; '));
      else if (missingRequest.length) add('container-resources', o, 'WARNING', missingRequest.join('; '));
    }
    // containerImageTag
    {
      const bad = cs.filter((c) => { const tag = kubeScoreTag(String(c.image || '')); return tag === '' || tag === 'latest'; });
      if (bad.length) add('container-image-tag', o, 'CRITICAL', `Image with latest tag: ${bad.map((c) => c.name).join(', ')}`);
    }
    // containerImagePullPolicy: an unset policy is fine only when Kubernetes would default it to Always.
    {
      const bad = cs.filter((c) => {
        const tag = kubeScoreTag(String(c.image || ''));
        if (!c.imagePullPolicy && (tag === '' || tag === 'latest')) return false;
        return c.imagePullPolicy !== 'Always';
      });
      if (bad.length) add('container-image-pull-policy', o, 'CRITICAL', `ImagePullPolicy is not set to Always: ${bad.map((c) => c.name).join(', ')}`);
    }
    // containerStorageEphemeralRequestAndLimit
    {
      let grade = '';
      const msgs: string[] = [];
      for (const c of cs) {
        const res = obj(c.resources);
        if (qtyIsZero(obj(res.limits)['ephemeral-storage'])) { grade = 'CRITICAL'; msgs.push(`${c.name}: Ephemeral Storage limit is not set`); }
        else if (qtyIsZero(obj(res.requests)['ephemeral-storage'])) { if (!grade) grade = 'WARNING'; msgs.push(`${c.name}: Ephemeral Storage request is not set`); }
      }
      if (grade) add('container-ephemeral-storage-request-and-limit', o, grade, msgs.join('; '));
    }
    // environmentVariableKeyDuplication
    {
      const msgs: string[] = [];
      for (const c of cs) {
        const seen = new Set<string>();
        for (const e of arr(c.env)) {
          if (seen.has(e.name)) msgs.push(`${c.name}: environment variable key '${e.name}' is duplicated`);
          seen.add(e.name);
        }
      }
      if (msgs.length) add('environment-variable-key-duplication', o, 'CRITICAL', msgs.join('; '));
    }

    // score/networkpolicy/networkpolicy.go podHasNetworkPolicy
    {
      let ingress = false;
      let egress = false;
      for (const np of ctx.netpols) {
        if (nsOf(np) !== ns) continue;
        if (!selectorMatches(obj(np.spec).podSelector ?? {}, tLabels)) continue;
        const types = arr<string>(obj(np.spec).policyTypes);
        if (types.length === 0) {
          ingress = true;
          if (arr(obj(np.spec).egress).length > 0) egress = true;
        } else {
          if (types.includes('Ingress')) ingress = true;
          if (types.includes('Egress')) egress = true;
        }
      }
      if (!ingress && !egress) add('pod-networkpolicy', o, 'CRITICAL', 'The pod does not have a matching NetworkPolicy');
      else if (!ingress) add('pod-networkpolicy', o, 'WARNING', 'The pod does not have a matching ingress NetworkPolicy');
      else if (!egress) add('pod-networkpolicy', o, 'WARNING', 'The pod does not have a matching egress NetworkPolicy');
    }

    // score/probes/probes.go (Job/CronJob of group batch are skipped)
    const isBatch = (o.kind === 'Job' || o.kind === 'CronJob') && groupOf(o) === 'batch';
    if (!isBatch) {
      const targeted = ctx.services.some((s) => nsOf(s) === ns && mapSelectorMatches(obj(s.spec).selector, tLabels));
      const hasReadiness = cs.some((c) => c.readinessProbe);
      const hasLiveness = cs.some((c) => c.livenessProbe);
      if (targeted) {
        if (!hasReadiness) add('pod-probes', o, 'CRITICAL', 'Container is missing a readinessProbe');
        else if (!hasLiveness) {
          add('pod-probes', o, 'OK (AlmostOK, grade 7: informational, does not fail the run)', 'Container is missing a livenessProbe');
        }
      }
      const identical = cs.some((c) => c.readinessProbe && c.livenessProbe && probesIdentical(c.readinessProbe, c.livenessProbe));
      if (identical) add('pod-probes-identical', o, 'CRITICAL', 'Container has the same readiness and liveness probe');
    }

    // score/security/security.go
    {
      const podSc = spec.securityContext;
      const msgs: string[] = [];
      let bad = false;
      for (const c of cs) {
        if (!c.securityContext && !podSc) { bad = true; msgs.push(`${c.name}: Container has no configured security context`); continue; }
        const sc = obj(c.securityContext);
        const uid = sc.runAsUser ?? obj(podSc).runAsUser; // pod-level values are forwarded when the container leaves them unset
        const gid = sc.runAsGroup ?? obj(podSc).runAsGroup;
        if (typeof uid !== 'number' || uid < 10000) { bad = true; msgs.push(`${c.name}: The container is running with a low user ID`); }
        if (typeof gid !== 'number' || gid < 10000) { bad = true; msgs.push(`${c.name}: The container running with a low group ID`); }
      }
      if (bad) add('container-security-context-user-group-id', o, 'CRITICAL', msgs.join('; '));

      const priv = cs.filter((c) => obj(c.securityContext).privileged === true);
      if (priv.length) add('container-security-context-privileged', o, 'CRITICAL', `The container is privileged: ${priv.map((c) => c.name).join(', ')}`);

      const ro: string[] = [];
      for (const c of cs) {
        if (!c.securityContext) ro.push(`${c.name}: Container has no configured security context`);
        else if (c.securityContext.readOnlyRootFilesystem !== true) ro.push(`${c.name}: The pod has a container with a writable root filesystem`);
      }
      if (ro.length) add('container-security-context-readonlyrootfilesystem', o, 'CRITICAL', ro.join('; '));
    }

    // score/podtopologyspreadconstraints/podtopologyspreadconstraints.go: absent is OK; invalid entries are critical.
    for (const tsc of arr(spec.topologySpreadConstraints)) {
      let why = '';
      if (!tsc.labelSelector) why = 'No labelSelector detected';
      else if (!tsc.maxSkew) why = 'MaxSkew is set to zero';
      else if (tsc.minDomains === 0) why = 'MinDomains set to zero';
      else if (!tsc.topologyKey) why = 'TopologyKey is not set';
      else if (tsc.whenUnsatisfiable !== 'DoNotSchedule' && tsc.whenUnsatisfiable !== 'ScheduleAnyway') why = 'Invalid WhenUnsatisfiable setting detected';
      if (why) { add('pod-topology-spread-constraints', o, 'CRITICAL', why); break; }
    }
  }

  // ---- deployment checks
  for (const d of ctx.deployments) {
    const t = podTemplateOf(d)!;
    const tLabels = labelsOf(t.metadata);
    const ns = nsOf(d);
    const spec = obj(d.spec);
    const replicasSet = typeof spec.replicas === 'number';
    const targeted = ctx.services.some((s) => nsOf(s) === ns && mapSelectorMatches(obj(s.spec).selector, tLabels));

    // score/deployment/deployment.go deploymentRolloutStrategy
    const strategyType = obj(spec.strategy).type;
    if (targeted && strategyType !== undefined && strategyType !== '' && strategyType !== 'RollingUpdate') {
      add('deployment-strategy', d, 'WARNING', 'The deployment is used by a service but not using the RollingUpdate strategy');
    }
    // deploymentReplicas: skipped when no Service targets it, or when an HPA with the same apiVersion+kind+name does.
    const hpaManaged = ctx.hpas.some((h) => {
      const ref = obj(obj(h.spec).scaleTargetRef);
      return nsOf(h) === ns && ref.apiVersion === d.apiVersion && ref.kind === d.kind && ref.name === nameOf(d);
    });
    if (targeted && !hpaManaged && (replicasSet ? spec.replicas : 1) < 2) {
      add('deployment-replicas', d, 'WARNING', 'Deployment few replicas: Deployments targeted by Services are recommended to have at least 2 replicas');
    }
    // score/disruptionbudget/disruptionbudget.go deploymentHas: skipped only for an explicit replicas < 2.
    if (!(replicasSet && spec.replicas < 2)) {
      const match = ctx.pdbs.some((p) => nsOf(p) === ns && selectorMatches(obj(p.spec).selector, tLabels));
      if (!match) add('deployment-has-poddisruptionbudget', d, 'CRITICAL', 'No matching PodDisruptionBudget was found');
    }
    // score/apps/apps.go deploymentHasAntiAffinity: kubernetes.io/hostname term whose selector matches the pod.
    if (!(replicasSet && spec.replicas < 2)) {
      const paa = obj(obj(t.spec.affinity).podAntiAffinity);
      const terms = [
        ...arr(paa.preferredDuringSchedulingIgnoredDuringExecution).map((p: any) => obj(p.podAffinityTerm)),
        ...arr(paa.requiredDuringSchedulingIgnoredDuringExecution),
      ];
      const ok = terms.some((term: any) => term.topologyKey === 'kubernetes.io/hostname' && selectorMatches(term.labelSelector, tLabels));
      if (!ok) add('deployment-has-host-podantiaffinity', d, 'WARNING', 'Deployment does not have a host podAntiAffinity set');
    }
    // hpaDeploymentNoReplicas: namespace, case-insensitive kind and name; apiVersion is NOT compared here.
    const hpaTargets = ctx.hpas.some((h) => {
      const ref = obj(obj(h.spec).scaleTargetRef);
      return nsOf(h) === ns && String(ref.kind || '').toLowerCase() === 'deployment' && ref.name === nameOf(d);
    });
    if (hpaTargets && spec.replicas !== undefined && spec.replicas !== null) {
      add('deployment-targeted-by-hpa-does-not-have-replicas-configured', d, 'CRITICAL',
        'The deployment is targeted by a HPA, but a static replica count is configured in the DeploymentSpec');
    }
    // deploymentSelectorLabelsMatching
    if (!selectorMatches(spec.selector, tLabels)) {
      add('deployment-pod-selector-labels-match-template-metadata-labels', d, 'CRITICAL', 'Deployment selector labels not matching template metadata labels');
    }
  }

  // ---- service checks (score/service/service.go)
  for (const s of ctx.services) {
    const sspec = obj(s.spec);
    if (sspec.type !== 'ExternalName') {
      const sel = obj(sspec.selector);
      const hit = ctx.controllers.some((o) => {
        if (nsOf(o) !== nsOf(s)) return false;
        const l = labelsOf(podTemplateOf(o)!.metadata);
        return Object.entries(sel).every(([k, v]) => l[k] === v);
      });
      if (!hit) add('service-targets-pod', s, 'CRITICAL', 'The services selector does not match any pods');
    }
    if (sspec.type === 'NodePort') add('service-type', s, 'WARNING', 'The service is of type NodePort');
  }

  // ---- Ingress (score/ingress/ingress.go ingressTargetsService): every path of every rule with
  // `http` must name a Service in the Ingress' namespace that has the port, by number (when > 0)
  // or by name. defaultBackend is not looked at; a resource backend never matches (quirk).
  for (const ing of ctx.ingresses) {
    if (!KUBE_SCORE_INGRESS_VERSIONS.has(ing.apiVersion)) continue;
    const comments: string[] = [];
    for (const rule of arr(obj(ing.spec).rules)) {
      if (!obj(rule).http) continue;
      for (const p of arr(obj(obj(rule).http).paths)) {
        const b = ingressServiceBackend(ing.apiVersion, obj(p).backend);
        const hit = b !== undefined && ctx.services.some((s) => nsOf(s) === nsOf(ing) && nameOf(s) === b.name
          && arr(obj(s.spec).ports).some((sp: any) =>
            // quirk: the name comparison also runs for a numeric backend port, so an unnamed
            // Service port ('' == '') matches any port number.
            (b.number > 0 && sp.port === b.number) || (sp.name ?? '') === b.portName));
        if (hit) continue;
        const what = b === undefined ? '' : b.number > 0 ? `: No service with name ${b.name} and port number ${b.number} was found` : `: No service with name ${b.name} and port named ${b.portName} was found`;
        comments.push(`${obj(p).path ?? ''}: No service match was found${what}`);
      }
    }
    if (comments.length) add('ingress-targets-service', ing, 'CRITICAL', comments.join('; '));
  }

  // ---- PDB (hasPolicy)
  for (const p of ctx.pdbs) {
    const ps = obj(p.spec);
    if (ps.minAvailable === undefined && ps.maxUnavailable === undefined) {
      add('poddisruptionbudget-has-policy', p, 'CRITICAL', 'PodDisruptionBudget missing policy (minAvailable or maxUnavailable)');
    }
  }

  // ---- HPA (score/hpa/hpa.go); --min-replicas-hpa defaults to 2.
  for (const h of ctx.hpas) {
    const hs = obj(h.spec);
    const ref = obj(hs.scaleTargetRef);
    const target = ctx.all.some((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind && nameOf(o) === ref.name && nsOf(o) === nsOf(h));
    if (!target) add('horizontalpodautoscaler-has-target', h, 'CRITICAL', 'The HPA target does not match anything');
    if ((typeof hs.minReplicas === 'number' ? hs.minReplicas : 1) < 2) {
      add('horizontalpodautoscaler-replicas', h, 'WARNING', 'HPA few replicas: at least 2 minReplicas recommended');
    }
  }

  // ---- NetworkPolicy targets pod
  for (const np of ctx.netpols) {
    const hit = ctx.controllers.some((o) =>
      nsOf(o) === nsOf(np) && selectorMatches(obj(np.spec).podSelector ?? {}, labelsOf(podTemplateOf(o)!.metadata)));
    if (!hit) add('networkpolicy-targets-pod', np, 'CRITICAL', "The NetworkPolicys selector doesn't match any pods");
  }
}

/** The Ingress versions kube-score parses (domain/ks.Ingress). */
const KUBE_SCORE_INGRESS_VERSIONS = new Set(['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1']);

/** An Ingress path's Service backend as networking/v1 spells it (v1beta1's serviceName/servicePort converted). */
function ingressServiceBackend(apiVersion: string, backend: unknown): { name: string; number: number; portName: string } | undefined {
  const b = obj(backend);
  if (apiVersion === 'networking.k8s.io/v1') {
    if (!b.service) return undefined;
    const port = obj(obj(b.service).port);
    return { name: String(obj(b.service).name ?? ''), number: typeof port.number === 'number' ? port.number : 0, portName: String(port.name ?? '') };
  }
  if (b.serviceName === undefined) return undefined;
  const port = b.servicePort;
  return { name: String(b.serviceName), number: typeof port === 'number' ? port : 0, portName: typeof port === 'string' ? port : '' };
}

/** probes.go areProbesIdentical: httpGet path + port IntValue, tcpSocket port, or exec command. */
function probesIdentical(rp: any, lp: any): boolean {
  if (rp.httpGet && lp.httpGet) return (rp.httpGet.path ?? '') === (lp.httpGet.path ?? '') && intValue(rp.httpGet.port) === intValue(lp.httpGet.port);
  if (rp.tcpSocket && lp.tcpSocket) return rp.tcpSocket.port === lp.tcpSocket.port;
  if (rp.exec && lp.exec) {
    const a = arr(rp.exec.command);
    const b = arr(lp.exec.command);
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return false;
}

// =================================================================================== kube-linter
// Only the checks in internal/defaultchecks/default_checks.go. "DeploymentLike" = the pod controllers.

function kubeLinter(ctx: Ctx, sink: Sink): void {
  const add = (rule: string, o: Obj, msg: string) => sink.add('kube-linter', rule, o, msg);

  for (const o of ctx.all) {
    // no-extensions-v1beta (disallowed-api-obj, group extensions, version v1beta.+)
    const av = String(o.apiVersion || '');
    if (/^extensions\/v1beta.+$/.test(av)) add('no-extensions-v1beta', o, `disallowed API object found: ${av} ${o.kind}`);
  }

  for (const o of ctx.controllers) {
    const t = podTemplateOf(o)!;
    const spec = t.spec;
    const ns = nsOf(o);
    const cs = allContainers(spec); // util.PerContainerCheck = init + regular containers
    const mainCs = arr(spec.containers); // util.PerNonInitContainerCheck
    const podSc = obj(spec.securityContext);

    for (const c of cs) {
      const sc = obj(c.securityContext);
      // cpu-requirements (requirementsType: request, bounds 0..0) / memory-requirements (limit, 0..0)
      if (qtyIsZero(obj(obj(c.resources).requests).cpu)) add('unset-cpu-requirements', o, `container "${c.name}" has cpu request 0`);
      if (qtyIsZero(obj(obj(c.resources).limits).memory)) add('unset-memory-requirements', o, `container "${c.name}" has memory limit 0`);
      // latest-tag BlockList
      const image = String(c.image || '');
      if ([/.*:(latest)$/, /^[^:]*$/, /(.*\/[^:]+)$/].some((re) => re.test(image))) {
        add('latest-tag', o, `The container "${c.name}" is using an invalid container image, "${image}"`);
      }
      // read-only-root-fs
      if (sc.readOnlyRootFilesystem !== true) add('no-read-only-root-fs', o, `container "${c.name}" does not have a read-only root file system`);
      // privilege-escalation-container
      if (sc.allowPrivilegeEscalation === true) add('privilege-escalation-container', o, `container "${c.name}" has AllowPrivilegeEscalation set to true.`);
      else if (sc.privileged === true) add('privilege-escalation-container', o, `container "${c.name}" is Privileged hence allows privilege escalation.`);
      else if (arr(obj(sc.capabilities).add).includes('SYS_ADMIN')) add('privilege-escalation-container', o, `container "${c.name}" has SYS_ADMIN capability hence allows privilege escalation.`);
      // privileged
      if (sc.privileged === true) add('privileged-container', o, `container "${c.name}" is privileged`);
      // drop-net-raw-capability (verify-container-capabilities): only looked at when capabilities is set at all. quirk.
      if (c.securityContext && sc.capabilities) {
        const caps = obj(sc.capabilities);
        const isAll = (x: unknown) => /^all$/i.test(String(x));
        for (const a of arr(caps.add)) {
          if (/NET_RAW/.test(String(a)) || isAll(a)) add('drop-net-raw-capability', o, `container "${c.name}" has ADD capability: "${a}", which matched with the forbidden capability for containers`);
        }
        if (!arr(caps.drop).some((d: unknown) => /NET_RAW/.test(String(d)) || isAll(d))) {
          add('drop-net-raw-capability', o, `container "${c.name}" does not drop capability "NET_RAW" which is required`);
        }
      }
      // duplicate-env-var
      const counts = new Map<string, number>();
      for (const e of arr(c.env)) {
        counts.set(e.name, (counts.get(e.name) || 0) + 1);
        if (counts.get(e.name) === 2) add('duplicate-env-var', o, `Duplicate environment variable ${e.name} in container "${c.name}" found`);
      }
      // env-var-secret: name (?i).*secret.* with a literal non-empty value
      for (const e of arr(c.env)) {
        if (/secret/i.test(String(e.name)) && typeof e.value === 'string' && e.value.length > 0) {
          add('env-var-secret', o, `environment variable ${e.name} in container "${c.name}" found`);
        }
      }
      // ssh-port (ports: 22/TCP, protocol defaults to TCP)
      for (const p of arr(c.ports)) {
        if (p.containerPort === 22 && (p.protocol || 'TCP') === 'TCP') add('ssh-port', o, `port 22 and protocol TCP in container "${c.name}" found`);
      }
      // run-as-non-root: effective runAsUser/runAsGroup (container over pod) and runAsNonRoot.
      const uid = sc.runAsUser ?? podSc.runAsUser;
      const gid = sc.runAsGroup ?? podSc.runAsGroup;
      if (!(typeof uid === 'number' && uid > 0 && typeof gid === 'number' && gid > 0)) {
        if (gid === 0) add('run-as-non-root', o, `container "${c.name}" has runAsGroup set to 0`);
        if (gid === undefined || gid === null) add('run-as-non-root', o, `container "${c.name}" does not have runAsGroup set`);
        const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot ?? false;
        if (nonRoot === true) {
          if (uid === 0) add('run-as-non-root', o, `container "${c.name}" is set to runAsNonRoot, but runAsUser set to 0`);
        } else {
          add('run-as-non-root', o, `container "${c.name}" is not set to runAsNonRoot`);
        }
      }
    }

    // readiness-port / liveness-port / startup-port (regular containers only)
    for (const c of mainCs) {
      for (const [rule, key] of [['readiness-port', 'readinessProbe'], ['liveness-port', 'livenessProbe'], ['startup-port', 'startupProbe']] as const) {
        const msg = probePortProblem(c, c[key]);
        if (msg) add(rule, o, msg);
      }
    }

    // host-ipc / host-network / host-pid
    if (spec.hostIPC === true) add('host-ipc', o, 'resource shares host\'s IPC namespace (via hostIPC=true).');
    if (spec.hostNetwork === true) add('host-network', o, 'resource shares host\'s network namespace (via hostNetwork=true).');
    if (spec.hostPID === true) add('host-pid', o, 'object shares the host\'s process namespace (via hostPID=true).');

    // host-mounts: docker-sock / sensitive-host-mounts (only host paths that are actually mounted)
    for (const v of arr(spec.volumes)) {
      if (!v.hostPath) continue;
      const path = String(v.hostPath.path || '');
      const mountedIn = cs.filter((c) => arr(c.volumeMounts).some((m: any) => m.name === v.name));
      if (/docker.sock$/.test(path)) for (const c of mountedIn) add('docker-sock', o, `host system directory "${path}" is mounted on container "${c.name}"`);
      if ([/^\/$/, /^\/boot$/, /^\/dev$/, /^\/etc$/, /^\/lib$/, /^\/proc$/, /^\/sys$/, /^\/usr$/].some((re) => re.test(path))) {
        for (const c of mountedIn) add('sensitive-host-mounts', o, `host system directory "${path}" is mounted on container "${c.name}"`);
      }
    }

    // unsafe-sysctls (prefix match)
    for (const s of arr(podSc.sysctls)) {
      for (const u of ['kernel.msg', 'kernel.sem', 'kernel.shm', 'fs.mqueue.', 'net.']) {
        if (String(s.name).startsWith(u)) add('unsafe-sysctls', o, `resource specifies unsafe sysctl "${s.name}".`);
      }
    }

    // deprecated-service-account-field / non-existent-service-account
    if (spec.serviceAccount) add('deprecated-service-account-field', o, `serviceAccount is specified (${spec.serviceAccount}), but this field is deprecated; use serviceAccountName instead`);
    const sa = spec.serviceAccountName || spec.serviceAccount || '';
    if (sa && sa !== 'default' && !ctx.serviceAccounts.some((x) => nsOf(x) === ns && nameOf(x) === sa)) {
      add('non-existent-service-account', o, `serviceAccount "${sa}" not found`);
    }

    // invalid-target-ports (container port names)
    for (const c of cs) {
      for (const p of arr(c.ports)) {
        if (!p.name) continue;
        for (const v of portNameProblems(String(p.name))) add('invalid-target-ports', o, `port name "${p.name}" in container "${c.name}" ${v}`);
      }
    }

    // mismatching-selector (Pods have no selector field and are skipped)
    if (o.kind !== 'Pod') {
      const sel = o.kind === 'CronJob' ? obj(obj(obj(o.spec).jobTemplate).spec).selector : obj(o.spec).selector;
      const empty = !sel || (Object.keys(obj(obj(sel).matchLabels)).length === 0 && arr(obj(sel).matchExpressions).length === 0);
      if (empty) {
        if (o.kind !== 'CronJob' && o.kind !== 'Job') add('mismatching-selector', o, 'object has no selector specified');
      } else if (!selectorMatches(sel, labelsOf(t.metadata))) {
        add('mismatching-selector', o, 'labels in pod spec do not match labels in selector');
      }
    }

    // no-anti-affinity (minReplicas 2; replicas default 1; hostname term matching the pod's own labels)
    const hasReplicas = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(o.kind);
    const replicas = hasReplicas ? (typeof obj(o.spec).replicas === 'number' ? obj(o.spec).replicas : 1) : 0;
    if (hasReplicas && replicas >= 2) {
      const paa = obj(spec.affinity).podAntiAffinity;
      if (!obj(spec.affinity).podAntiAffinity) {
        add('no-anti-affinity', o, `object has ${replicas} replicas but does not specify inter pod anti-affinity`);
      } else {
        const pref = arr(obj(paa).preferredDuringSchedulingIgnoredDuringExecution).map((p: any) => obj(p.podAffinityTerm));
        const req = arr(obj(paa).requiredDuringSchedulingIgnoredDuringExecution);
        if (pref.length === 0 && req.length === 0) {
          add('no-anti-affinity', o, `object has ${replicas} replicas but does not specify preferred or required inter pod anti-affinity during scheduling`);
        } else {
          const problems: string[] = [];
          let ok = false;
          for (const term of [...pref, ...req]) {
            const nss = arr<string>(term.namespaces);
            if (nss.length > 0 && !nss.includes(ns)) { problems.push(`pod's namespace "${ns}" not found in anti-affinity's namespaces`); continue; }
            if (term.topologyKey !== 'kubernetes.io/hostname') { problems.push(`anti-affinity's topology key does not match "${term.topologyKey}"`); continue; }
            if (!selectorMatches(term.labelSelector, labelsOf(t.metadata))) { problems.push('pod\'s labels do not match with anti-affinity\'s labels'); continue; }
            ok = true;
            break;
          }
          if (!ok) for (const p of problems) add('no-anti-affinity', o, p);
        }
      }
    }
  }

  // dangling-service
  for (const s of ctx.services) {
    const sspec = obj(s.spec);
    if (sspec.type === 'ExternalName') continue;
    const sel = obj(sspec.selector);
    if (Object.keys(sel).length === 0) { add('dangling-service', s, 'service has no selector specified'); continue; }
    const hit = ctx.controllers.some((o) => nsOf(o) === nsOf(s) && mapSelectorMatches(sel, labelsOf(podTemplateOf(o)!.metadata)));
    if (!hit) add('dangling-service', s, `no pods found matching service labels (${JSON.stringify(sel)})`);
    // invalid-target-ports (service side)
    for (const p of arr(sspec.ports)) {
      const tp = p.targetPort;
      if (typeof tp === 'string') for (const v of portNameProblems(tp)) add('invalid-target-ports', s, `port targetPort "${tp}" in service "${nameOf(s)}" ${v}`);
      else if (typeof tp === 'number' && tp !== 0 && (tp < 1 || tp > 65535)) add('invalid-target-ports', s, `port targetPort "${tp}" in service "${nameOf(s)}" must be between 1 and 65535, inclusive`);
    }
  }

  // PDB checks (the templates type-assert *policy/v1.PodDisruptionBudget; other versions are skipped)
  for (const p of ctx.pdbs) {
    if (p.apiVersion !== 'policy/v1') continue;
    const ps = obj(p.spec);
    if (ps.maxUnavailable !== undefined && ps.maxUnavailable !== null) {
      const v = scaledIntOrPercent(ps.maxUnavailable, 100, false);
      if (v === undefined) add('pdb-max-unavailable', p, `maxUnavailable has invalid value [${ps.maxUnavailable}]`);
      else if (v === 0) add('pdb-max-unavailable', p, 'MaxUnavailable is set to 0');
    }
    if (ps.minAvailable !== undefined && ps.minAvailable !== null) {
      const raw = String(ps.minAvailable);
      const isPercent = /^\d+%$/.test(raw);
      const value = parseInt(raw, 10);
      if (!/^\d+%?$/.test(raw)) add('pdb-min-available', p, `PDB has invalid MinAvailable value: ${raw}`);
      else if (isPercent && value === 100) add('pdb-min-available', p, 'PDB has minimum available replicas set to 100 percent of replicas');
      else {
        // Deployment-likes in the PDB's namespace whose selector string equals the PDB's (quirk: exact equality).
        const pdbSel = selectorString(ps.selector);
        for (const o of ctx.controllers) {
          if (nsOf(o) !== nsOf(p) || !['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(o.kind)) continue;
          if (selectorString(obj(o.spec).selector) !== pdbSel) continue;
          const replicas = typeof obj(o.spec).replicas === 'number' ? obj(o.spec).replicas : 1;
          const min = isPercent ? Math.floor(replicas * (value / 100)) : value;
          if (replicas <= min) add('pdb-min-available', p, `Deployment ${nameOf(o)} has replicas less than or equal to the minimum available replicas set by its PDB.`);
        }
      }
    }
    if (ps.unhealthyPodEvictionPolicy === undefined || ps.unhealthyPodEvictionPolicy === null) {
      add('pdb-unhealthy-pod-eviction-policy', p, 'unhealthyPodEvictionPolicy is not explicitly set');
    }
  }
}

/**
 * pkg/templates/util/check_probe_port.go: httpGet/tcpSocket/grpc port must be a declared TCP containerPort (number or name),
 * or appear as a number in args/command.
 */
function probePortProblem(c: any, probe: any): string | undefined {
  if (!probe) return undefined;
  const nums = new Set<number>();
  const names = new Set<string>();
  for (const p of arr(c.ports)) {
    if (p.protocol && p.protocol !== 'TCP') continue;
    nums.add(p.containerPort);
    names.add(p.name ?? '');
  }
  const inArgs = (port: unknown) => {
    if (typeof port !== 'number' || port <= 0) return false;
    const re = new RegExp(`(^|[^0-9])${port}([^0-9]|$)`);
    return [...arr(c.args), ...arr(c.command)].some((a) => re.test(String(a)));
  };
  const declared = (port: unknown) => (typeof port === 'number' ? nums.has(port) : names.has(String(port)));
  if (probe.httpGet && !declared(probe.httpGet.port) && !inArgs(probe.httpGet.port)) return `container "${c.name}" does not expose port ${probe.httpGet.port} for the HTTPGet`;
  if (probe.tcpSocket && !declared(probe.tcpSocket.port) && !inArgs(probe.tcpSocket.port)) return `container "${c.name}" does not expose port ${probe.tcpSocket.port} for the TCPSocket`;
  if (probe.grpc && !nums.has(probe.grpc.port) && !inArgs(probe.grpc.port)) return `container "${c.name}" does not expose port ${probe.grpc.port} for the GRPC check`;
  return undefined;
}

// ======================================================================================= Polaris
// Default config (pkg/config/default.yaml); every check there is "warning" or "danger". The schema
// checks are translated by hand from their JSON-schema YAML. Additional-object schemas
// (additionalSchemaStrings) pass when ANY object of that kind in the same namespace matches.

const POLARIS_SEVERITY: Record<string, string> = Object.fromEntries(
  RULES.filter((x) => x.linter === 'polaris').map((x) => [x.rule, String(x.note || '').split(';')[0]]),
);

function polaris(ctx: Ctx, sink: Sink): void {
  const add = (rule: string, o: Obj, msg: string) => sink.add('polaris', rule, o, `[${POLARIS_SEVERITY[rule] || 'warning'}] ${msg}`);

  for (const o of ctx.controllers) {
    const t = podTemplateOf(o)!;
    const spec = t.spec;
    const ns = nsOf(o);
    const tLabels = labelsOf(t.metadata);
    const isJob = o.kind === 'Job' || o.kind === 'CronJob';
    const podSc = obj(spec.securityContext);

    // ---- Controller-level checks
    if (o.kind === 'Deployment') {
      // deploymentMissingReplicas: spec.replicas required and >= 2 (no HPA awareness).
      const rep = obj(o.spec).replicas;
      if (!(Number.isInteger(rep) && rep >= 2)) add('deploymentMissingReplicas', o, 'Only one replica is scheduled (spec.replicas must be set and >= 2)');
      // missingPodDisruptionBudget: template labels non-empty AND some PDB in the namespace whose
      // selector.matchLabels contains at least one of the template's label pairs (anyOf).
      const pdbOk = Object.keys(tLabels).length > 0 && ctx.pdbs.some((p) => nsOf(p) === ns && polarisMatchLabelsAnyOf(obj(obj(p.spec).selector), tLabels, 'any'));
      if (!pdbOk) add('missingPodDisruptionBudget', o, 'Should have a PodDisruptionBudget');
      // pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas (Go check): first PDB sharing any matchLabels
      // pair with the template (any namespace) and first HPA naming the Deployment.
      const pdb = ctx.pdbs.find((p) =>
        obj(p.spec).selector && Object.entries(obj(obj(obj(p.spec).selector).matchLabels)).some(([k, v]) => tLabels[k] === v));
      const hpa = ctx.hpas.find((h) => obj(obj(h.spec).scaleTargetRef).kind === 'Deployment' && obj(obj(h.spec).scaleTargetRef).name === nameOf(o));
      if (pdb && hpa) {
        const minAvail = obj(pdb.spec).minAvailable;
        const minReplicas = obj(hpa.spec).minReplicas;
        let value: number | undefined;
        if (typeof minAvail === 'number') value = minAvail;
        else if (typeof minAvail === 'string' && /^\d+%$/.test(minAvail) && typeof obj(o.spec).replicas === 'number') {
          value = scaledIntOrPercent(minAvail, obj(o.spec).replicas, true);
        }
        if (value !== undefined && typeof minReplicas === 'number' && value > minReplicas) {
          add('pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas', o, `PDB ${nameOf(pdb)} minAvailable (${value}) is greater than HPA ${nameOf(hpa)} minReplicas (${minReplicas})`);
        }
      }
    }
    // metadataAndInstanceMismatched: controller label app.kubernetes.io/instance must equal metadata.name.
    if (labelsOf(o.metadata)['app.kubernetes.io/instance'] !== nameOf(o)) {
      add('metadataAndInstanceMismatched', o, 'Label app.kubernetes.io/instance must match metadata.name');
    }

    // ---- PodSpec / PodTemplate checks
    if (!spec.priorityClassName) add('priorityClassNotSet', o, 'Priority class should be set');
    if (!isJob && arr(spec.topologySpreadConstraints).length < 1) add('topologySpreadConstraint', o, 'Pod should be configured with a valid topology spread constraint');
    if (spec.hostIPC === true) add('hostIPCSet', o, 'Host IPC should not be configured');
    if (spec.hostPID === true) add('hostPIDSet', o, 'Host PID should not be configured');
    if (spec.hostNetwork === true) add('hostNetworkSet', o, 'Host network should not be configured');
    if (arr(spec.volumes).some((v: any) => v.hostPath !== undefined && v.hostPath !== '')) add('hostPathSet', o, 'HostPath volumes must be forbidden');
    const hp = (sc: unknown) => {
      const w = obj(obj(sc).windowsOptions);
      return w.hostProcess !== undefined && w.hostProcess !== false;
    };
    if (hp(spec.securityContext) || arr(spec.containers).some((c: any) => hp(c.securityContext))) add('hostProcess', o, 'Privileged access to the host is disallowed');
    if (arr(spec.containers).some((c: any) => { const pm = obj(c.securityContext).procMount; return pm !== undefined && pm !== 'Default'; })) {
      add('procMount', o, 'Proc mount must not be changed from the default');
    }
    // automountServiceAccountToken
    {
      const am = spec.automountServiceAccountToken;
      let ok = am !== true;
      if (ok && am !== false) {
        // the pod does not opt out: a ServiceAccount named serviceAccountName (the "" name when unset)
        // with automountServiceAccountToken: false must exist in the namespace.
        const saName = spec.serviceAccountName ?? '';
        ok = ctx.all.some((x) => x.kind === 'ServiceAccount' && nsOf(x) === ns && nameOf(x) === saName && x.automountServiceAccountToken === false);
      }
      if (!ok) add('automountServiceAccountToken', o, 'The ServiceAccount will be automounted');
    }
    // missingNetworkPolicy (target PodTemplate): template labels non-empty AND a NetworkPolicy in the
    // namespace with podSelector.matchLabels matching EXACTLY ONE template label pair (oneOf, quirk),
    // non-empty ingress and egress lists, and (if given) policyTypes containing both.
    {
      const ok = Object.keys(tLabels).length > 0 && ctx.netpols.some((np) => {
        if (nsOf(np) !== ns) return false;
        const s = obj(np.spec);
        if (!s.podSelector || !obj(s.podSelector).matchLabels) return false;
        if (!polarisMatchLabelsAnyOf(obj(s.podSelector), tLabels, 'one')) return false;
        if (!Array.isArray(s.egress) || s.egress.length < 1 || !Array.isArray(s.ingress) || s.ingress.length < 1) return false;
        if (s.policyTypes !== undefined) {
          const types = arr<string>(s.policyTypes);
          if (!types.some((x) => /^egress$/i.test(x)) || !types.some((x) => /^ingress$/i.test(x))) return false;
        }
        return true;
      });
      if (!ok) add('missingNetworkPolicy', o, 'A NetworkPolicy should match pod labels and contain applied egress and ingress rules');
    }

    // ---- Container checks (init containers included unless the check excludes them)
    const inits = arr(spec.initContainers).map((c: any) => ({ c, init: true }));
    const mains = arr(spec.containers).map((c: any) => ({ c, init: false }));
    for (const { c, init } of [...inits, ...mains]) {
      const sc = c.securityContext;
      const scO = obj(sc);
      const who = `container "${c.name}"`;
      const image = c.image;
      if (typeof image !== 'string' || !/^.+:.+$/.test(image) || /^.+:latest$/.test(image)) add('tagNotSpecified', o, `${who}: Image tag should be specified`);
      if (c.imagePullPolicy !== 'Always') add('pullPolicyNotAlways', o, `${who}: Image pull policy should be "Always"`);
      if (!init && !isJob) {
        if (!c.readinessProbe) add('readinessProbeMissing', o, `${who}: Readiness probe should be configured`);
        if (!c.livenessProbe) add('livenessProbeMissing', o, `${who}: Liveness probe should be configured`);
      }
      if (!init) {
        const res = obj(c.resources);
        const str = (v: unknown) => typeof v === 'string' && v !== ''; // quirk: a numeric quantity fails `type: string`
        if (!str(obj(res.requests).cpu)) add('cpuRequestsMissing', o, `${who}: CPU requests should be set`);
        if (!str(obj(res.limits).cpu)) add('cpuLimitsMissing', o, `${who}: CPU limits should be set`);
        if (!str(obj(res.requests).memory)) add('memoryRequestsMissing', o, `${who}: Memory requests should be set`);
        if (!str(obj(res.limits).memory)) add('memoryLimitsMissing', o, `${who}: Memory limits should be set`);
      }
      if (arr(c.ports).some((p: any) => p.hostPort !== undefined && p.hostPort !== 0)) add('hostPortSet', o, `${who}: Host port should not be configured`);
      // runAsRootAllowed (schemaTarget PodSpec with this container only)
      {
        const good = (x: Record<string, any>) => (typeof x.runAsUser === 'number' && x.runAsUser >= 1) || x.runAsNonRoot === true;
        const notBad = (x: Record<string, any>) => (x.runAsUser === undefined || (typeof x.runAsUser === 'number' && x.runAsUser >= 1)) && (x.runAsNonRoot === undefined || x.runAsNonRoot === true);
        const podLevel = spec.securityContext !== undefined && good(podSc) && (sc === undefined || notBad(scO));
        const containerLevel = sc !== undefined && good(scO);
        if (!podLevel && !containerLevel) add('runAsRootAllowed', o, `${who}: Should not be allowed to run as root`);
      }
      // privilegeEscalationAllowed / notReadOnlyRootFilesystem: same pod-or-container shape; the pod-level
      // securityContext has no such field in Kubernetes, so in practice the container must set it.
      {
        const check = (field: string, want: boolean) => {
          const podLevel = podSc[field] === want && (sc === undefined || scO[field] === undefined || scO[field] === want);
          const containerLevel = sc !== undefined && scO[field] === want;
          return podLevel || containerLevel;
        };
        if (!check('allowPrivilegeEscalation', false)) add('privilegeEscalationAllowed', o, `${who}: Privilege escalation should not be allowed`);
        if (!check('readOnlyRootFilesystem', true)) add('notReadOnlyRootFilesystem', o, `${who}: Filesystem should be read only`);
      }
      if (podSc.privileged === true || scO.privileged === true) add('runAsPrivileged', o, `${who}: Should not be running as privileged`);
      const addCaps = arr<string>(obj(scO.capabilities).add);
      if (addCaps.some((x) => /^(ALL|SYS_ADMIN|NET_ADMIN)$/i.test(String(x)))) add('dangerousCapabilities', o, `${who}: Container should not have dangerous capabilities`);
      {
        const drop = obj(scO.capabilities).drop;
        let ok = false;
        if (Array.isArray(drop)) {
          const has = (n: string) => drop.some((x: unknown) => new RegExp(`^${n}$`, 'i').test(String(x)));
          const all = has('ALL');
          const full = ['NET_ADMIN', 'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'].every(has);
          ok = all !== full; // oneOf
        }
        if (!ok) add('insecureCapabilities', o, `${who}: Container should not have insecure capabilities`);
      }
      // linuxHardening: AppArmor annotation, or seccomp (pod or container), or SELinux options, or dropped capabilities.
      {
        const annotations = obj(t.metadata.annotations);
        const apparmor = !!annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`];
        const podSeccomp = obj(podSc.seccompProfile).type;
        const podSeccompOk = !!podSeccomp && podSeccomp !== 'Unconfined';
        const cSeccomp = obj(scO.seccompProfile).type;
        const seccompOk = podSeccompOk
          ? (cSeccomp === undefined || cSeccomp !== 'Unconfined')
          : (typeof cSeccomp === 'string' && cSeccomp.length > 0 && cSeccomp !== 'Unconfined');
        const selinuxOk = Object.keys(obj(podSc.seLinuxOptions)).length > 0 || Object.keys(obj(scO.seLinuxOptions)).length > 0;
        const capsO = obj(scO.capabilities);
        const dropOk = Array.isArray(capsO.drop) && capsO.drop.length > 0 && !arr(capsO.add).some((x) => /^ALL$/i.test(String(x)));
        if (!(apparmor || seccompOk || selinuxOk || dropOk)) {
          add('linuxHardening', o, `${who}: Use one of AppArmor, Seccomp, SELinux, or dropping Linux Capabilities to restrict containers using unwanted privileges`);
        }
      }
      // sensitiveContainerEnvVar: literal values under sensitive names, or private keys as values.
      for (const e of arr(c.env)) {
        if (e.value === undefined) continue;
        const n = String(e.name);
        const badName = [/^AWS_SECRET_ACCESS_KEY$/i, /^GOOGLE_APPLICATION_CREDENTIALS$/i, /^AZURE_.+KEY$/i, /^OCI_CLI_KEY_CONTENT$/i, /password/i, /token/i, /bearer/i, /secret/i].some((re) => re.test(n));
        const badValue = /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i.test(String(e.value));
        if (badName || badValue) add('sensitiveContainerEnvVar', o, `${who}: The container sets potentially sensitive environment variable ${n}`);
      }
    }
  }

  // ---- Ingress and HTTPRoute
  polarisRoutes(ctx, add);

  // ---- PodDisruptionBudget
  for (const p of ctx.pdbs) {
    const ps = obj(p.spec);
    // pdbDisruptionsIsZero: spec-based in pkg/config/checks (not the status-based legacy checks/ copy).
    if (ps.minAvailable === '100%' || ps.maxUnavailable === 0 || ps.maxUnavailable === '0%') add('pdbDisruptionsIsZero', p, 'Voluntary evictions are not possible');
  }

  // ---- HorizontalPodAutoscaler (target autoscaling/HorizontalPodAutoscaler)
  for (const h of ctx.hpas) {
    if (groupOf(h) !== 'autoscaling') continue;
    const hs = obj(h.spec);
    if (hs.minReplicas !== undefined && !(Number.isInteger(hs.minReplicas) && hs.minReplicas >= 2)) add('hpaMinAvailability', h, 'HPA minReplicas should be 2 or more');
    let maxOk = Number.isInteger(hs.maxReplicas) && hs.maxReplicas >= 1
      && (hs.minReplicas === undefined || (Number.isInteger(hs.minReplicas) && hs.minReplicas >= 1));
    if (maxOk && hs.minReplicas) maxOk = hs.maxReplicas > hs.minReplicas;
    if (!maxOk) add('hpaMaxAvailability', h, 'HPA maxReplicas and minReplicas should be different');
  }
}

/**
 * Polaris' checks of Ingress and Gateway API routes: tlsSettingsMissing and
 * httpRouteWildcardOrEmptyHost are JSON schemas (pkg/config/checks/*.yaml); the other three are Go
 * (pkg/validator/gateway_validator.go), reading related objects from the same audit.
 */
function polarisRoutes(ctx: Ctx, add: (rule: string, o: Obj, msg: string) => void): void {
  // tlsSettingsMissing: spec.tls must be present and an array (quirk: `tls: []` passes).
  for (const ing of ctx.ingresses) {
    if (groupOf(ing) !== 'networking.k8s.io') continue;
    if (!(ing.spec && typeof ing.spec === 'object' && Array.isArray(ing.spec.tls))) add('tlsSettingsMissing', ing, 'Ingress does not have TLS configured');
  }

  for (const route of ctx.httpRoutes) {
    const spec = obj(route.spec);
    const ns = nsOf(route);
    // httpRouteWildcardOrEmptyHost: at least one hostname, none with a '*'.
    const hostnames = spec.hostnames;
    if (!(route.spec && Array.isArray(hostnames) && hostnames.length >= 1 && hostnames.every((h) => typeof h === 'string' && /^[^*]+$/.test(h)))) {
      add('httpRouteWildcardOrEmptyHost', route, 'HTTPRoute should use explicit hostnames instead of matching every hostname');
    }
    const backends = httpRouteBackendRefs(route).map((ref) => withRefDefaults(ref, '', 'Service', ns));
    // httpRouteCrossNamespaceBackendRef: the first backend in another namespace without a ReferenceGrant fails.
    const crossNs = backends.find((ref) => ref.namespace !== ns && !hasReferenceGrant(ctx, ns, 'HTTPRoute', ref));
    if (crossNs) add('httpRouteCrossNamespaceBackendRef', route, `HTTPRoute ${ns}/${nameOf(route)} references ${crossNs.kind} ${crossNs.namespace}/${crossNs.name} without a matching ReferenceGrant`);
    // httpRouteBackendTLSMissing: a backend that looks like TLS needs a BackendTLSPolicy (or kgateway BackendConfigPolicy with tls).
    const tls = backends.find((ref) => backendUsesTls(ctx, ref) && !hasBackendTlsPolicy(ctx, ref));
    if (tls) add('httpRouteBackendTLSMissing', route, `HTTPRoute backend ${tls.kind} ${tls.namespace}/${tls.name} appears to use TLS but has no BackendTLSPolicy or kgateway BackendConfigPolicy`);
    // httpRouteInsecureListener: attached to an HTTP listener of a Gateway in the audit, unless every rule is a full HTTPS redirect.
    if (!isFullHttpsRedirect(spec)) {
      for (const parent of arr(spec.parentRefs).map((p) => withRefDefaults(routeRef(p), GATEWAY_GROUP, 'Gateway', ns))) {
        if (parent.group !== GATEWAY_GROUP || parent.kind !== 'Gateway') continue;
        const gateway = ctx.all.find((o) => groupOf(o) === GATEWAY_GROUP && o.kind === 'Gateway' && nsOf(o) === parent.namespace && nameOf(o) === parent.name);
        const listener = gateway && arr(obj(gateway.spec).listeners).find((l: any) =>
          (parent.sectionName === '' || l?.name === parent.sectionName) && l?.protocol === 'HTTP' && listenerAcceptsRoute(ctx, obj(l), parent.namespace, route));
        if (listener) {
          add('httpRouteInsecureListener', route, `HTTPRoute references HTTP listener "${listener.name}" on Gateway ${parent.namespace}/${parent.name} without a full HTTPS redirect`);
          break;
        }
      }
    }
  }
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

interface RouteRef { group: string; kind: string; name: string; namespace: string; sectionName: string; port: number }

function routeRef(x: unknown): RouteRef {
  const o = obj(x);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { group: str(o.group), kind: str(o.kind), name: str(o.name), namespace: str(o.namespace), sectionName: str(o.sectionName), port: typeof o.port === 'number' ? o.port : 0 };
}

function withRefDefaults(ref: RouteRef, group: string, kind: string, namespace: string): RouteRef {
  return { ...ref, group: ref.group || group, kind: ref.kind || kind, namespace: ref.namespace || namespace };
}

/** rules[].backendRefs plus the rule-level RequestMirror backends (backendRef-level filters are not read). */
function httpRouteBackendRefs(route: Obj): RouteRef[] {
  const refs: RouteRef[] = [];
  for (const rule of arr(obj(route.spec).rules)) {
    refs.push(...arr(obj(rule).backendRefs).map(routeRef));
    for (const f of arr(obj(rule).filters)) {
      if (obj(f).type === 'RequestMirror' && obj(obj(f).requestMirror).backendRef) refs.push(routeRef(obj(obj(f).requestMirror).backendRef));
    }
  }
  return refs;
}

function hasReferenceGrant(ctx: Ctx, fromNamespace: string, fromKind: string, target: RouteRef): boolean {
  return ctx.all.some((g) => groupOf(g) === GATEWAY_GROUP && g.kind === 'ReferenceGrant' && nsOf(g) === target.namespace
    && arr(obj(g.spec).from).map(routeRef).some((f) => f.group === GATEWAY_GROUP && f.kind === fromKind && f.namespace === fromNamespace)
    && arr(obj(g.spec).to).map(routeRef).some((t) => t.group === target.group && t.kind === target.kind && (t.name === '' || t.name === target.name)));
}

function backendUsesTls(ctx: Ctx, ref: RouteRef): boolean {
  if (ref.port === 443 || ref.port === 8443) return true;
  if (ref.group !== '' || ref.kind !== 'Service') return false; // kgateway Backends are not emulated
  const service = ctx.services.find((s) => nsOf(s) === ref.namespace && nameOf(s) === ref.name);
  return arr(obj(service?.spec).ports).some((p: any) => {
    if (ref.port !== 0 && p.port !== ref.port) return false;
    const name = String(p.name ?? '').toLowerCase();
    const appProtocol = String(p.appProtocol ?? '').toLowerCase();
    return name === 'https' || name.startsWith('https-') || appProtocol === 'https' || appProtocol.endsWith('/https');
  });
}

function hasBackendTlsPolicy(ctx: Ctx, ref: RouteRef): boolean {
  const targets = (p: Obj) => arr(obj(p.spec).targetRefs).map((t) => withRefDefaults(routeRef(t), '', 'Service', nsOf(p)))
    .some((t) => t.group === ref.group && t.kind === ref.kind && t.name === ref.name);
  const backendTls = ref.group === '' && ref.kind === 'Service'
    && ctx.all.some((p) => groupOf(p) === GATEWAY_GROUP && p.kind === 'BackendTLSPolicy' && nsOf(p) === ref.namespace && targets(p));
  const kgateway = ctx.all.some((p) => groupOf(p) === 'gateway.kgateway.dev' && p.kind === 'BackendConfigPolicy' && nsOf(p) === ref.namespace
    && obj(p.spec).tls !== undefined && targets(p));
  return backendTls || kgateway;
}

/** Every rule has no backendRefs, matches all traffic (no matches, or a lone `/` PathPrefix match) and redirects to https. */
function isFullHttpsRedirect(spec: Record<string, any>): boolean {
  const rules = arr(spec.rules);
  return rules.length > 0 && rules.every((rule: any) => {
    const matches = arr(obj(rule).matches);
    const matchesAll = matches.length === 0 || matches.some((m: any) => {
      const path = obj(m).path;
      return Object.keys(obj(m)).length === 1 && path && typeof path === 'object' && (!path.type || path.type === 'PathPrefix') && path.value === '/';
    });
    const redirects = arr(obj(rule).filters).some((f: any) => obj(f).type === 'RequestRedirect' && /^https$/i.test(String(obj(obj(f).requestRedirect).scheme ?? '')));
    return arr(obj(rule).backendRefs).length === 0 && matchesAll && redirects;
  });
}

function listenerAcceptsRoute(ctx: Ctx, listener: Record<string, any>, gatewayNamespace: string, route: Obj): boolean {
  const routeHosts = arr<string>(obj(route.spec).hostnames);
  const listenerHost = typeof listener.hostname === 'string' ? listener.hostname : '';
  if (routeHosts.length > 0 && listenerHost !== '' && !routeHosts.some((h) => hostnamesIntersect(listenerHost, String(h)))) return false;
  const allowed = listener.allowedRoutes;
  if (!allowed || typeof allowed !== 'object') return nsOf(route) === gatewayNamespace;
  const kinds = arr(allowed.kinds);
  if (kinds.length > 0 && !kinds.some((k: any) => (obj(k).group || GATEWAY_GROUP) === GATEWAY_GROUP && obj(k).kind === 'HTTPRoute')) return false;
  const from = obj(allowed.namespaces).from;
  if (!from || from === 'Same') return nsOf(route) === gatewayNamespace;
  if (from === 'All') return true;
  if (from !== 'Selector' || !obj(allowed.namespaces).selector) return false;
  const namespace = ctx.all.find((o) => o.kind === 'Namespace' && nameOf(o) === nsOf(route));
  return namespace !== undefined && selectorMatches(obj(allowed.namespaces).selector, labelsOf(namespace.metadata));
}

function hostnamesIntersect(left: string, right: string): boolean {
  const l = left.toLowerCase();
  const r = right.toLowerCase();
  if (l === '' || r === '' || l === '*' || r === '*' || l === r) return true;
  const lWild = l.startsWith('*.');
  const rWild = r.startsWith('*.');
  const lSuffix = lWild ? l.slice(2) : l;
  const rSuffix = rWild ? r.slice(2) : r;
  if (lWild && rWild) return lSuffix === rSuffix || lSuffix.endsWith(`.${rSuffix}`) || rSuffix.endsWith(`.${lSuffix}`);
  if (lWild) return r.endsWith(`.${lSuffix}`);
  if (rWild) return l.endsWith(`.${rSuffix}`);
  return false;
}

/** Polaris templated label matching: `any` = anyOf over the template labels, `one` = oneOf (exactly one). */
function polarisMatchLabelsAnyOf(selector: Record<string, any>, tLabels: Labels, mode: 'any' | 'one'): boolean {
  const ml = selector.matchLabels;
  if (!ml || typeof ml !== 'object') return false;
  let n = 0;
  for (const [k, v] of Object.entries(tLabels)) {
    if (polarisTemplatedValueIsString(v) && ml[k] === v) n++;
  }
  return mode === 'any' ? n >= 1 : n === 1;
}

// ================================================================================ PSS restricted
// Restricted = baseline + restricted checks, evaluated on every pod template (latest policy version).

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUME_KEYS = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

function pssRestricted(ctx: Ctx, sink: Sink): void {
  const add = (rule: string, o: Obj, msg: string) => sink.add('pss-restricted', rule, o, msg);
  for (const o of ctx.controllers) {
    const t = podTemplateOf(o)!;
    const spec = t.spec;
    const podSc = obj(spec.securityContext);
    const cs = allContainersWithEphemeral(spec);
    const names = (xs: any[]) => xs.map((c) => `"${c.name}"`).join(', ');

    const hostProcess = obj(podSc.windowsOptions).hostProcess === true
      || cs.some((c) => obj(obj(c.securityContext).windowsOptions).hostProcess === true);
    if (hostProcess) add('hostProcess', o, 'securityContext.windowsOptions.hostProcess=true is forbidden');

    const hostNs = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true);
    if (hostNs.length) add('hostNamespaces', o, `${hostNs.map((k) => `${k}=true`).join(', ')}`);

    const priv = cs.filter((c) => obj(c.securityContext).privileged === true);
    if (priv.length) add('privileged', o, `containers ${names(priv)} must not set securityContext.privileged=true`);

    const badBaselineCaps = cs.filter((c) => arr<string>(obj(obj(c.securityContext).capabilities).add).some((x) => !BASELINE_CAPS.has(x)));
    if (badBaselineCaps.length) add('capabilities_baseline', o, `containers ${names(badBaselineCaps)} add capabilities outside the baseline set`);

    const hostPathVols = arr(spec.volumes).filter((v: any) => v.hostPath);
    if (hostPathVols.length) add('hostPathVolumes', o, `hostPath volumes ${hostPathVols.map((v: any) => `"${v.name}"`).join(', ')}`);

    const hostPorts = cs.filter((c) => arr(c.ports).some((p: any) => p.hostPort !== undefined && p.hostPort !== 0));
    if (hostPorts.length) add('hostPorts', o, `containers ${names(hostPorts)} use hostPort`);

    {
      const badAnn = Object.entries(obj(t.metadata.annotations)).filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/'));
      const okType = (p: unknown) => p === undefined || ['RuntimeDefault', 'Localhost'].includes(obj(p).type);
      const badField = !okType(podSc.appArmorProfile) || cs.some((c) => !okType(obj(c.securityContext).appArmorProfile));
      if (badAnn.length || badField) add('appArmorProfile', o, 'forbidden AppArmor profile');
    }
    {
      const bad = (x: unknown) => {
        if (x === undefined) return false;
        const s = obj(x);
        return !SELINUX_TYPES.has(s.type ?? '') || s.user !== undefined || s.role !== undefined;
      };
      if (bad(podSc.seLinuxOptions) || cs.some((c) => bad(obj(c.securityContext).seLinuxOptions))) add('seLinuxOptions', o, 'forbidden seLinuxOptions');
    }
    {
      const bad = cs.filter((c) => { const pm = obj(c.securityContext).procMount; return pm !== undefined && pm !== 'Default'; });
      if (bad.length) add('procMount', o, `containers ${names(bad)} must not set securityContext.procMount`);
    }
    {
      const unconfined = obj(podSc.seccompProfile).type === 'Unconfined' || cs.some((c) => obj(obj(c.securityContext).seccompProfile).type === 'Unconfined');
      if (unconfined) add('seccompProfile_baseline', o, 'seccompProfile.type must not be Unconfined');
    }
    {
      const bad = arr(podSc.sysctls).filter((s: any) => !SAFE_SYSCTLS.has(s.name));
      if (bad.length) add('sysctls', o, `forbidden sysctls ${bad.map((s: any) => s.name).join(', ')}`);
    }
    {
      const bad = arr(spec.volumes).filter((v: any) => !RESTRICTED_VOLUME_KEYS.some((k) => v[k] !== undefined && v[k] !== null));
      if (bad.length) add('restrictedVolumes', o, `volumes ${bad.map((v: any) => `"${v.name}"`).join(', ')} have restricted types`);
    }
    {
      const bad = cs.filter((c) => obj(c.securityContext).allowPrivilegeEscalation !== false);
      if (bad.length) add('allowPrivilegeEscalation', o, `containers ${names(bad)} must set securityContext.allowPrivilegeEscalation=false`);
    }
    {
      const podTrue = podSc.runAsNonRoot === true;
      const podFalse = podSc.runAsNonRoot === false;
      const explicitBad = cs.filter((c) => obj(c.securityContext).runAsNonRoot === false);
      const implicitBad = cs.filter((c) => obj(c.securityContext).runAsNonRoot === undefined && !podTrue);
      if (podFalse || explicitBad.length) add('runAsNonRoot', o, 'pod or containers must not set securityContext.runAsNonRoot=false');
      else if (implicitBad.length) add('runAsNonRoot', o, `pod or containers ${names(implicitBad)} must set securityContext.runAsNonRoot=true`);
    }
    if (podSc.runAsUser === 0 || cs.some((c) => obj(c.securityContext).runAsUser === 0)) add('runAsUser', o, 'pod or containers must not set runAsUser=0');
    {
      const valid = (x: unknown) => x === 'RuntimeDefault' || x === 'Localhost';
      const podType = obj(podSc.seccompProfile).type;
      const podOk = valid(podType);
      const podBad = podType !== undefined && !podOk;
      const bad = cs.filter((c) => {
        const ct = obj(obj(c.securityContext).seccompProfile).type;
        return ct === undefined ? !podOk : !valid(ct);
      });
      if (podBad || bad.length) add('seccompProfile_restricted', o, `pod or containers ${names(bad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
    }
    {
      const noDrop = cs.filter((c) => !arr(obj(obj(c.securityContext).capabilities).drop).includes('ALL'));
      const badAdd = cs.filter((c) => arr(obj(obj(c.securityContext).capabilities).add).some((x) => x !== 'NET_BIND_SERVICE'));
      if (noDrop.length || badAdd.length) {
        add('capabilities_restricted', o, [
          noDrop.length ? `containers ${names(noDrop)} must set securityContext.capabilities.drop=["ALL"]` : '',
          badAdd.length ? `containers ${names(badAdd)} must not include capabilities other than NET_BIND_SERVICE in securityContext.capabilities.add` : '',
        ].filter(Boolean).join('; '));
      }
    }
  }
}

/** One line per finding, handy in test failure output. */
export function formatFindings(findings: readonly LintFinding[]): string {
  return findings.map((f) => `${f.linter}:${f.rule} ${f.object} ${f.message}`).join('\n');
}
