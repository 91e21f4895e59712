/**
 * The Kubernetes version an app's manifests are meant for, and which release-relevant fields each
 * version serves on by default. Shared by the constructs (which form to emit) and the validation
 * plugin (which fields are above the target); free of bindings, so the plugin can load it.
 */

/** The construct context key (and the plugin property's meaning) of the target version. */
export const TARGET_VERSION_CONTEXT = 'release-strategies.cdk8s.io/target-version';

/** The target when none is given: the oldest version the large managed services still run. */
export const DEFAULT_TARGET = '1.31';

/** The oldest target: the schema the cdk8s-plus-27 bindings carry. */
export const OLDEST_TARGET = 27;
/** The newest target this version of the library knows the fields of. */
export const NEWEST_TARGET = 37;

/** A target version: Kubernetes 1.<minor>. */
export interface Target {
  readonly minor: number;
  /** `1.31`. */
  readonly text: string;
}

/**
 * Fields newer than Kubernetes 1.27 that the library emits or the plugin checks, with the first minor
 * version that serves them on a default cluster (beta on by default, or GA). `undefined`: alpha only,
 * off by default at every version the library knows.
 */
export const FIELD_SINCE = {
  /** `lifecycle.preStop.sleep` / `postStart.sleep` (KEP-3960: alpha 1.29, beta on by default 1.30, GA 1.34). */
  sleepAction: 30,
  /** A `sleep` action of 0 seconds (beta on by default 1.33, GA 1.34). */
  zeroSleep: 33,
  /** `PodAffinityTerm.matchLabelKeys` / `mismatchLabelKeys` (KEP-3633: alpha 1.29, beta on by default 1.31, GA 1.33). */
  affinityMatchLabelKeys: 31,
  /** Service `trafficDistribution` with `PreferClose` (KEP-4444: alpha 1.30, beta on by default 1.31, GA 1.33). */
  trafficDistribution: 31,
  /** `trafficDistribution: PreferSameZone | PreferSameNode` (KEP-3015: alpha 1.33, beta 1.34, GA 1.35). */
  preferSame: 34,
  /** Native sidecars: `initContainers[].restartPolicy: Always` (KEP-753: beta on by default 1.29, GA 1.33). */
  sidecarContainers: 29,
  /**
   * StatefulSet `updateStrategy.rollingUpdate.maxUnavailable` (KEP-961, gate MaxUnavailableStatefulSet):
   * alpha 1.24; beta on by default in 1.35.0 (kubernetes#133153), turned off again after a regression
   * in Parallel pod management (kubernetes#137409) in 1.36 (#137904) and in 1.35.4 (#137926); on by
   * default again in 1.37 with the fix (#137666, #139466). A target is a minor version, and a 1.35
   * cluster may run either default (or the regression), so 1.35 counts as off.
   */
  statefulSetMaxUnavailable: 37,
  /** `lifecycle.stopSignal` (KEP-4960: alpha 1.33, off by default). */
  stopSignal: undefined,
} as const;

/** The target of `value` (a `"1.<minor>"` string), or what is wrong with it. */
export function parseTarget(value: unknown): { target: Target } | { problem: string } {
  const allowed = `a Kubernetes version "1.${OLDEST_TARGET}" to "1.${NEWEST_TARGET}" written as a string (default "${DEFAULT_TARGET}")`;
  if (typeof value === 'number') {
    return { problem: `${allowed}: the number ${value} loses trailing zeros (1.30 is 1.3); quote it` };
  }
  const match = typeof value === 'string' ? /^v?1\.([0-9]{1,3})(?:\.[0-9]+)?$/.exec(value.trim()) : null;
  if (!match) return { problem: `it must be ${allowed}` };
  const minor = Number(match[1]);
  if (minor < OLDEST_TARGET) {
    return { problem: `Kubernetes 1.${minor} is older than the 1.${OLDEST_TARGET} schema this library is built on; it must be ${allowed}` };
  }
  if (minor > NEWEST_TARGET) {
    return { problem: `this version of the library knows Kubernetes up to 1.${NEWEST_TARGET}; it must be ${allowed} (target the newest it knows, or upgrade the library)` };
  }
  return { target: { minor, text: `1.${minor}` } };
}

/** Whether a field served since minor `since` (undefined: alpha only) is on at `target`. */
export function serves(target: Target, since: number | undefined): boolean {
  return since !== undefined && target.minor >= since;
}

/** The default target, parsed. */
export function defaultTarget(): Target {
  return { minor: Number(DEFAULT_TARGET.split('.')[1]), text: DEFAULT_TARGET };
}

/**
 * Whether an image plainly has no shell and no `sleep` binary: distroless images (except their
 * `:debug` variants, which carry busybox), `scratch`, and static-binary base images (`static`,
 * `static-debian12`, …), by tag or by digest.
 */
export function plainlyShellLess(image: string): boolean {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repository = (colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1).toLowerCase() : '';
  if (/(^|[-_.])debug([-_.]|$)/.test(tag)) return false;
  const segments = repository.split('/');
  const name = segments[segments.length - 1];
  return segments.some((s) => s.includes('distroless')) || name === 'scratch' || /^static([-_.]|$)/.test(name);
}
