import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';

/**
 * How locked down the pod runs. Every default is Pod Security Standards "restricted" plus what
 * kube-score, kube-linter and Polaris ask for; each opt-out is explicit and documented.
 */
export interface SecurityOptions {
  /**
   * The user id the container runs as. kube-score asks for more than 10000, so it cannot collide
   * with a user of the node.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * The group id the container runs as.
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * The group that owns mounted volumes.
   * @default - the runAsGroup
   */
  readonly fsGroup?: number;
  /**
   * Let the container run as root (uid 0). Breaks Pod Security Standards "restricted": namespaces
   * enforcing it reject the pod. Only for images that cannot run as another user.
   * @default false
   */
  readonly allowRoot?: boolean;
  /**
   * Mount the root filesystem read-only. Paths the application writes to go in `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Directories backed by an empty, pod-local volume, writable even with a read-only root
   * filesystem (most runtimes write temporary files to /tmp).
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Mount the service account token into the pod. Only applications that call the Kubernetes API
   * need it.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Linux capabilities to add back after dropping all. Pod Security Standards "restricted" allows
   * only NET_BIND_SERVICE (to listen on a port under 1024).
   * @default - none
   */
  readonly addCapabilities?: string[];
}

const DEFAULT_ID = 10001;

export interface RenderedSecurity {
  readonly pod: k8s.PodSecurityContext;
  readonly container: k8s.SecurityContext;
  readonly automountServiceAccountToken: boolean;
  readonly writablePaths: string[];
}

const SECURITY_KEYS = structKeys<SecurityOptions>()({
  runAsUser: true, runAsGroup: true, fsGroup: true, allowRoot: true, readOnlyRootFilesystem: true, writablePaths: true,
  automountServiceAccountToken: true, addCapabilities: true,
});

/** Renders the pod and container security contexts. */
export function renderSecurity(problems: Problems, prop: string, options: SecurityOptions = {}): RenderedSecurity {
  checkKeys(problems, prop, 'SecurityOptions', options, SECURITY_KEYS);
  const allowRoot = options.allowRoot ?? false;
  const runAsUser = options.runAsUser ?? (allowRoot ? undefined : DEFAULT_ID);
  const runAsGroup = options.runAsGroup ?? (allowRoot ? undefined : DEFAULT_ID);
  const fsGroup = options.fsGroup ?? runAsGroup;
  for (const [field, value] of [['runAsUser', runAsUser], ['runAsGroup', runAsGroup], ['fsGroup', fsGroup]] as const) {
    if (value !== undefined) problems.check(isWholeNumber(value, 0, 2147483647), `${prop}.${field}`, value, 'an id is a whole number from 0 to 2147483647');
  }
  if (!allowRoot && runAsUser === 0) {
    problems.add(`${prop}.runAsUser`, 0, 'uid 0 is root; set \'allowRoot: true\' to run as root on purpose');
  }
  const addCapabilities = options.addCapabilities ?? [];
  for (const cap of addCapabilities) {
    problems.check(/^[A-Z_]+$/.test(cap) && !cap.startsWith('CAP_'), `${prop}.addCapabilities`, cap, 'capabilities are written in upper case without the CAP_ prefix, e.g. NET_BIND_SERVICE');
  }
  const writablePaths = options.writablePaths ?? ['/tmp'];
  writablePaths.forEach((p, i) => problems.check(typeof p === 'string' && p.startsWith('/') && p !== '/', `${prop}.writablePaths[${i}]`, p, 'a writable path is an absolute directory other than \'/\''));

  const seccompProfile = { type: 'RuntimeDefault' };
  return {
    pod: {
      runAsNonRoot: allowRoot ? undefined : true,
      runAsUser,
      runAsGroup,
      fsGroup,
      seccompProfile,
    },
    container: {
      runAsNonRoot: allowRoot ? undefined : true,
      runAsUser,
      runAsGroup,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
      capabilities: { drop: ['ALL'], add: addCapabilities.length ? addCapabilities : undefined },
      seccompProfile,
    },
    automountServiceAccountToken: options.automountServiceAccountToken ?? false,
    writablePaths,
  };
}
