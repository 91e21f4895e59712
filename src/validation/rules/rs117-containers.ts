/**
 * Container settings the API server checks beyond the schema. Source: kubernetes
 * pkg/apis/core/validation/validation.go validateContainers / validateContainerCommon (image),
 * validateContainerOnlyForPod (an image with surrounding whitespace: refused in a Pod, accepted in a
 * pod template), validateInitContainers (restartPolicy), validatePullPolicy, ValidateEnv
 * (IsRelaxedEnvVarName), validateEnvVarValueFrom and validateObjectFieldSelector (fieldRef:
 * apiVersion v1, the field labels of validEnvDownwardAPIFieldPathExpressions, labels and annotations
 * by key; pkg/apis/core/pods ConvertDownwardAPIFieldLabel), ValidateVolumeMounts
 * (validateLocalDescendingPath, mountPropagation), ValidateSecurityContext, validatePodSpecSecurityContext,
 * validateSeccompProfileField.
 */
import { Report, Rule, RuleContext } from '../context';
import { labelKeyProblem } from '../../core/names';
import { at, isObject, Json, list, show } from '../objects';
import { containers, serverValidatedTemplates } from '../../core/pod-templates';

export const RS117: Rule = {
  id: 'RS117',
  severity: 'error',
  title: 'invalid container setting',
  why: 'The API server refuses a container without an image, an env var named with \'=\' or non-printable characters, `value` together with `valueFrom`, a valueFrom with no source or several, a volume mount of an undeclared volume, a repeated or relative mountPath, a subPath that is absolute or climbs with \'..\', `privileged: true` with `allowPrivilegeEscalation: false`, negative user or group ids, and a Localhost seccomp profile without its file.',
  fix: 'Set the field as the message says; mount only volumes the pod declares, each at its own absolute path.',
  check: checkContainers,
};

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROPAGATION = ['None', 'HostToContainer', 'Bidirectional'];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
const MAX_ID = 2147483647;

function checkContainers(context: RuleContext, report: Report): void {
  for (const template of serverValidatedTemplates(context)) {
    const say = (path: string, message: string) => report(template.owner, path, message);
    // A StatefulSet's controller adds a volume per claim template to each pod.
    const claims = template.owner.is('apps', 'StatefulSet') ? list(template.owner.spec?.volumeClaimTemplates).filter(isObject).map((c) => c.metadata?.name) : [];
    const volumes = new Set([...list(template.spec.volumes).filter(isObject).map((v) => v.name), ...claims]);
    checkSecurityContext(template.spec.securityContext, at(template.specPath, 'securityContext'), say);
    for (const { container, path } of containers(template, { withInit: true })) {
      const image = container.image;
      if (image === undefined || image === null || image === '') say(at(path, 'image'), 'Required value: a container needs an image');
      else if (typeof image === 'string' && image.trim() !== image && template.owner.is('', 'Pod')) {
        say(at(path, 'image'), `${show(image)} must not have leading or trailing whitespace`);
      }
      if (path.includes('initContainers[') && container.restartPolicy !== undefined && container.restartPolicy !== null && container.restartPolicy !== 'Always') {
        say(at(path, 'restartPolicy'), `Unsupported value ${show(container.restartPolicy)}: supported values: "Always"`);
      }
      if (typeof container.imagePullPolicy === 'string' && !PULL_POLICIES.includes(container.imagePullPolicy)) {
        say(at(path, 'imagePullPolicy'), `${show(container.imagePullPolicy)} is not one of ${PULL_POLICIES.join(', ')}`);
      }
      if (typeof container.terminationMessagePolicy === 'string' && !MESSAGE_POLICIES.includes(container.terminationMessagePolicy)) {
        say(at(path, 'terminationMessagePolicy'), `${show(container.terminationMessagePolicy)} is not one of ${MESSAGE_POLICIES.join(', ')}`);
      }
      checkEnv(container, path, say);
      checkVolumeMounts(container, path, volumes, say);
      checkSecurityContext(container.securityContext, at(path, 'securityContext'), say, true);
    }
  }
}

function checkEnv(container: Json, path: string, say: (path: string, message: string) => void): void {
  list(container.env).forEach((env, i) => {
    if (!isObject(env)) return;
    const envPath = at(at(path, 'env'), i);
    if (typeof env.name === 'string') {
      // IsRelaxedEnvVarName (default since Kubernetes 1.32): printable ASCII except '='.
      if (env.name === '') say(at(envPath, 'name'), 'Required value');
      else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(env.name)) say(at(envPath, 'name'), `${show(env.name)}: a valid environment variable name must consist only of printable ASCII characters other than '='`);
    }
    if (!isObject(env.valueFrom)) return;
    if (typeof env.value === 'string' && env.value !== '') say(at(envPath, 'valueFrom'), 'may not be specified when `value` is not empty');
    const sources = ENV_SOURCES.filter((s) => env.valueFrom[s] !== undefined && env.valueFrom[s] !== null);
    if (sources.length === 0) say(at(envPath, 'valueFrom'), `must specify one of: ${ENV_SOURCES.join(', ')}`);
    else if (sources.length > 1) say(at(envPath, 'valueFrom'), `may not have more than one field specified at a time (${sources.join(', ')})`);
    if (isObject(env.valueFrom.fieldRef)) checkFieldRef(env.valueFrom.fieldRef, at(at(envPath, 'valueFrom'), 'fieldRef'), say);
  });
}

/** The pod fields an env var may read (validEnvDownwardAPIFieldPathExpressions; `spec.host` is read as spec.nodeName). */
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
/** What ConvertDownwardAPIFieldLabel knows (some of it only for volumes), so that the server's two messages differ as they do. */
const KNOWN_FIELD_LABELS = [...ENV_FIELD_PATHS, 'spec.host', 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase'];

function checkFieldRef(fieldRef: Json, path: string, say: (path: string, message: string) => void): void {
  // apiVersion defaults to v1; fieldPath is required by the schema (RS101).
  const apiVersion = fieldRef.apiVersion ?? 'v1';
  const fieldPath = fieldRef.fieldPath;
  if (typeof fieldPath !== 'string' || fieldPath === '') return;
  if (apiVersion === '') {
    say(at(path, 'apiVersion'), 'Required value');
    return;
  }
  if (apiVersion !== 'v1') {
    say(at(path, 'fieldPath'), `Invalid value ${show(fieldPath)}: error converting fieldPath: unsupported pod version: ${apiVersion}`);
    return;
  }
  const subscripted = /^(.*)\['(.*)'\]$/.exec(fieldPath);
  if (subscripted) {
    const [, field, key] = subscripted;
    if (field !== 'metadata.labels' && field !== 'metadata.annotations') {
      say(at(path, 'fieldPath'), `Invalid value ${show(fieldPath)}: error converting fieldPath: field label does not support subscript: ${fieldPath}`);
    } else {
      // Annotation keys are checked lower-cased (ValidateQualifiedName(strings.ToLower(subscript))).
      const problem = labelKeyProblem(field === 'metadata.annotations' ? key.toLowerCase() : key);
      if (problem) say(path, `Invalid value ${show(key)}: ${problem}`);
    }
    return;
  }
  if (!KNOWN_FIELD_LABELS.includes(fieldPath)) {
    say(at(path, 'fieldPath'), `Invalid value ${show(fieldPath)}: error converting fieldPath: field label not supported: ${fieldPath}`);
  } else if (!ENV_FIELD_PATHS.includes(fieldPath) && fieldPath !== 'spec.host') {
    say(at(path, 'fieldPath'), `Unsupported value ${show(fieldPath)}: supported values: ${ENV_FIELD_PATHS.map((f) => `"${f}"`).join(', ')}`);
  }
}

function descendingPathProblem(value: string): string {
  if (value.startsWith('/')) return 'must be a relative path';
  if (value.split('/').includes('..')) return 'must not contain \'..\'';
  return '';
}

function checkVolumeMounts(container: Json, path: string, volumes: Set<unknown>, say: (path: string, message: string) => void): void {
  const mountPaths = new Set<string>();
  list(container.volumeMounts).forEach((mount, i) => {
    if (!isObject(mount)) return;
    const mountPath = at(at(path, 'volumeMounts'), i);
    if (typeof mount.name === 'string' && !volumes.has(mount.name)) say(at(mountPath, 'name'), `${show(mount.name)}: not found among the pod's volumes`);
    if (typeof mount.mountPath === 'string') {
      if (mount.mountPath === '') say(at(mountPath, 'mountPath'), 'Required value');
      else if (mountPaths.has(mount.mountPath)) say(at(mountPath, 'mountPath'), `${show(mount.mountPath)} must be unique`);
      mountPaths.add(mount.mountPath);
    }
    if (typeof mount.subPath === 'string' && mount.subPath !== '') {
      const problem = descendingPathProblem(mount.subPath);
      if (problem) say(at(mountPath, 'subPath'), `${show(mount.subPath)} ${problem}`);
      if (typeof mount.subPathExpr === 'string' && mount.subPathExpr !== '') say(at(mountPath, 'subPathExpr'), 'subPathExpr and subPath are mutually exclusive');
    }
    if (typeof mount.subPathExpr === 'string' && mount.subPathExpr !== '') {
      const problem = descendingPathProblem(mount.subPathExpr);
      if (problem) say(at(mountPath, 'subPathExpr'), `${show(mount.subPathExpr)} ${problem}`);
    }
    if (typeof mount.mountPropagation === 'string' && !PROPAGATION.includes(mount.mountPropagation)) {
      say(at(mountPath, 'mountPropagation'), `${show(mount.mountPropagation)} is not one of ${PROPAGATION.join(', ')}`);
    }
  });
}

function checkSecurityContext(context: unknown, path: string, say: (path: string, message: string) => void, container = false): void {
  if (!isObject(context)) return;
  for (const field of ['runAsUser', 'runAsGroup', ...(container ? [] : ['fsGroup'])]) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) say(at(path, field), `${id} must be between 0 and ${MAX_ID}, inclusive`);
  }
  if (!container) list(context.supplementalGroups).forEach((id, i) => {
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) say(at(at(path, 'supplementalGroups'), i), `${id} must be between 0 and ${MAX_ID}, inclusive`);
  });
  if (container && context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) say(path, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
    const added = isObject(context.capabilities) ? list(context.capabilities.add) : [];
    if (added.includes('SYS_ADMIN') || added.includes('CAP_SYS_ADMIN')) say(path, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN');
  }
  const seccomp = context.seccompProfile;
  if (isObject(seccomp)) {
    const local = seccomp.localhostProfile;
    if (seccomp.type === 'Localhost' && (typeof local !== 'string' || local === '')) {
      say(at(at(path, 'seccompProfile'), 'localhostProfile'), 'Required value: must be set when seccomp type is Localhost');
    } else if (seccomp.type !== 'Localhost' && typeof local === 'string' && local !== '') {
      say(at(at(path, 'seccompProfile'), 'localhostProfile'), 'can only be set when seccomp type is Localhost');
    }
    if (typeof seccomp.type === 'string' && !['RuntimeDefault', 'Unconfined', 'Localhost'].includes(seccomp.type)) {
      say(at(at(path, 'seccompProfile'), 'type'), `${show(seccomp.type)} is not one of Localhost, RuntimeDefault, Unconfined`);
    }
  }
}
