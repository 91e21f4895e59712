/**
 * The property suite's own model of the constructs' props and of the rules that make a prop set
 * valid. Generated prop sets are plain data ("specs", below) that `build.ts` turns into props through
 * the public API; everything here reads only specs, never the library, so a disagreement between this
 * model and the library is a finding rather than a tautology.
 *
 * Sources: README.md (the documented rules and defaults), kubernetes-rollout-facts.md (Kubernetes'
 * rounding and what the API server refuses) and the pinned CRDs for the router objects.
 */

// ---------------------------------------------------------------------------------------- specs

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** `Pods.count(n)` or `Pods.percent(n)`. */
export interface PodsSpec { readonly kind: 'count' | 'percent'; readonly amount: number }
export const count = (amount: number): PodsSpec => ({ kind: 'count', amount });
export const percent = (amount: number): PodsSpec => ({ kind: 'percent', amount });
export const showPods = (p: PodsSpec): string => (p.kind === 'percent' ? `${p.amount}%` : String(p.amount));

export interface PortSpec { readonly port: number; readonly name?: string; readonly protocol?: Protocol }

/** How a probe or drain names its port. */
export type PortRef = { readonly by: 'first' } | { readonly by: 'number'; readonly port: number } | { readonly by: 'name'; readonly name: string };

/** Probe timing, in whole seconds / counts (a fraction is a mistake). */
export interface ProbeTiming {
  readonly initialDelay?: number;
  readonly period?: number;
  readonly timeout?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

export type ProbeSpec =
  | { readonly type: 'httpGet'; readonly path: string; readonly scheme?: 'HTTP' | 'HTTPS'; readonly ref: PortRef; readonly timing: ProbeTiming }
  | { readonly type: 'tcpSocket'; readonly ref: PortRef; readonly timing: ProbeTiming }
  | { readonly type: 'exec'; readonly command: string[]; readonly timing: ProbeTiming };

export type DrainSpec =
  | { readonly type: 'default' }
  | { readonly type: 'sleep'; readonly seconds: number }
  | { readonly type: 'httpGet'; readonly path: string; readonly seconds: number; readonly ref: PortRef }
  | { readonly type: 'none' };

export type RolloutSpec =
  | { readonly type: 'default' }
  | { readonly type: 'recreate' }
  | { readonly type: 'rolling'; readonly maxSurge?: PodsSpec; readonly maxUnavailable?: PodsSpec; readonly allowCapacityDrop?: boolean };

export type BudgetSpec =
  | { readonly type: 'default' }
  | { readonly type: 'none' }
  | { readonly type: 'maxUnavailable'; readonly pods: PodsSpec }
  | { readonly type: 'minAvailable'; readonly pods: PodsSpec };

export type HostSpreadingSpec = 'PREFERRED' | 'REQUIRED' | 'NONE';
export type ServiceTypeSpec = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface ServiceSpec {
  readonly type?: ServiceTypeSpec;
  readonly port?: number;
  readonly targetPortName?: string;
  readonly nodePort?: number;
}

/** Resources as numbers: CPU in millicores, memory and storage in MiB. */
export interface ResourcesSpec {
  readonly cpuRequestMilli?: number;
  readonly cpuLimitMilli?: number;
  readonly memoryRequestMi?: number;
  readonly memoryLimitMi?: number;
  readonly storageRequestMi?: number;
  readonly storageLimitMi?: number;
}

export interface SecuritySpec {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly writablePaths?: string[];
  readonly automountServiceAccountToken?: boolean;
  readonly addCapabilities?: string[];
}

export interface SpreadingSpec {
  readonly acrossHosts?: HostSpreadingSpec;
  readonly acrossZones?: boolean;
  readonly zoneMaxSkew?: number;
}

/** WorkloadProps: what every Deployment of an app shares. */
export interface WorkloadSpec {
  readonly containerName?: string;
  readonly ports?: PortSpec[];
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: Record<string, string>;
  readonly configMapMounts?: { configMapName: string; mountPath: string }[];
  readonly secretMounts?: { secretName: string; mountPath: string }[];
  readonly resources?: ResourcesSpec;
  readonly readiness?: ProbeSpec;
  readonly liveness?: ProbeSpec;
  readonly disableLiveness?: boolean;
  readonly startup?: ProbeSpec;
  readonly drain: DrainSpec;
  readonly shutdownBudget?: number;
  readonly terminationGracePeriod?: number;
  readonly security?: SecuritySpec;
  readonly spreading?: SpreadingSpec;
  readonly labels?: Record<string, string>;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  readonly allowMutableImageTag?: boolean;
  readonly priorityClassName?: string;
  readonly serviceAccountName?: string;
  readonly minReady?: number;
  readonly progressDeadline?: number;
  readonly revisionHistoryLimit?: number;
  readonly changeCause?: string;
  readonly strategy: RolloutSpec;
  readonly disruptionBudget: BudgetSpec;
  readonly networkPolicy?: boolean;
}

/** Construct id and optional `name` (the id is the name when `name` is unset). */
export interface NamingSpec {
  readonly id: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface SafeRollingSpec extends NamingSpec {
  readonly construct: 'SafeRollingDeployment';
  readonly image: string;
  readonly version?: string;
  readonly replicas?: number;
  readonly autoscaling?: { minReplicas?: number; maxReplicas: number; targetCpuUtilization?: number };
  readonly service?: ServiceSpec;
  readonly w: WorkloadSpec;
}

export type SlotName = 'blue' | 'green';
export interface SlotSpec { readonly image?: string; readonly version?: string; readonly replicas?: number }
export type IdleSpec = { readonly type: 'keepFull' } | { readonly type: 'scaleTo'; readonly replicas: number } | { readonly type: 'scaleToZero' };

export interface BlueGreenSpec extends NamingSpec {
  readonly construct: 'BlueGreenApp';
  readonly activeSlot: SlotName;
  readonly blue: SlotSpec;
  readonly green: SlotSpec;
  readonly replicas?: number;
  readonly idleSlot?: IdleSpec;
  readonly preview?: boolean;
  readonly service?: ServiceSpec;
  readonly w: WorkloadSpec;
}

export type RouterSpec =
  | { readonly type: 'replicaRatio' }
  | { readonly type: 'gatewayApi'; readonly gatewayName: string; readonly gatewayNamespace?: string; readonly sectionName?: string; readonly hostnames: string[] }
  | { readonly type: 'istio'; readonly hosts?: string[]; readonly gateways?: string[] }
  | { readonly type: 'nginxIngress'; readonly host: string; readonly path?: string; readonly ingressClassName?: string; readonly tlsSecretName?: string };

export type MatchSpec = { readonly type: 'header'; readonly name: string; readonly value: string } | { readonly type: 'cookie'; readonly name: string };

export interface CanarySpec extends NamingSpec {
  readonly construct: 'CanaryApp';
  readonly stable: { readonly image?: string; readonly version?: string };
  readonly canary?: { readonly image?: string; readonly version?: string };
  readonly canaryWeight?: number;
  readonly router?: RouterSpec;
  readonly replicas?: number;
  readonly canaryReplicas?: number;
  readonly canaryMatch?: MatchSpec;
  readonly service?: ServiceSpec;
  readonly w: WorkloadSpec;
}

export type AnySpec = SafeRollingSpec | BlueGreenSpec | CanarySpec;

// ----------------------------------------------------------------- Kubernetes' own arithmetic

/**
 * A count or percentage scaled against `replicas` the way the Deployment controller does
 * (ResolveFenceposts): percentages of surge round up, of unavailability down. Integer arithmetic,
 * so no floating point rounding can creep in.
 */
export function scaled(pods: PodsSpec, replicas: number, roundUp: boolean): number {
  if (pods.kind === 'count') return pods.amount;
  const hundredths = replicas * pods.amount;
  return roundUp ? Math.floor((hundredths + 99) / 100) : Math.floor(hundredths / 100);
}

/** maxSurge / maxUnavailable in pods at `replicas`; both 0 makes the controller allow 1 unavailable. */
export function fenceposts(replicas: number, maxSurge: PodsSpec, maxUnavailable: PodsSpec): { surge: number; unavailable: number } {
  const surge = scaled(maxSurge, replicas, true);
  const unavailable = scaled(maxUnavailable, replicas, false);
  return surge === 0 && unavailable === 0 ? { surge: 0, unavailable: 1 } : { surge, unavailable };
}

/** The library's documented rolling-update defaults: maxSurge 25%, maxUnavailable 0. */
export function effectiveRolling(strategy: RolloutSpec): { maxSurge: PodsSpec; maxUnavailable: PodsSpec; allowCapacityDrop: boolean } | undefined {
  if (strategy.type === 'recreate') return undefined;
  if (strategy.type === 'default') return { maxSurge: percent(25), maxUnavailable: count(0), allowCapacityDrop: false };
  return {
    maxSurge: strategy.maxSurge ?? percent(25),
    maxUnavailable: strategy.maxUnavailable ?? count(0),
    allowCapacityDrop: strategy.allowCapacityDrop ?? false,
  };
}

/** An IntOrString from a manifest as a PodsSpec ("25%" or 3). */
export function podsFromManifest(value: unknown): PodsSpec | undefined {
  if (typeof value === 'number') return count(value);
  if (typeof value === 'string' && /^[0-9]+%$/.test(value)) return percent(Number(value.slice(0, -1)));
  return undefined;
}

/**
 * The replica-ratio split (README, CanaryApp): the whole number of canary pods closest to
 * weight × total, a tie going to the larger count, at least one pod for any weight above 0.
 * Written as a search over every possible count, unlike the library's closed form.
 */
export function ratioSplit(total: number, weight: number): { stable: number; canary: number } {
  let best = 0;
  for (let c = 0; c <= total; c++) {
    const distance = Math.abs(100 * c - total * weight);
    const bestDistance = Math.abs(100 * best - total * weight);
    if (distance < bestDistance || (distance === bestDistance && c > best)) best = c;
  }
  if (weight > 0 && best === 0) best = Math.min(1, total);
  return { stable: total - best, canary: best };
}

/** The canary's share of pods in percent, to two decimals (half up). */
export function shareOfPods(stable: number, canary: number): number {
  const total = stable + canary;
  if (total === 0) return 0;
  // Hundredths of a percent, rounded half up with integers: canary * 10000 / total.
  const hundredths = Math.floor((2 * canary * 10000 + total) / (2 * total));
  return hundredths / 100;
}

// ------------------------------------------------------------------------------- name rules

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export const isDns1035 = (s: string) => typeof s === 'string' && s.length <= 63 && DNS1035.test(s);
export const isDns1123Label = (s: string) => typeof s === 'string' && s.length <= 63 && DNS1123.test(s);
export const isDnsSubdomain = (s: string) => typeof s === 'string' && s.length >= 1 && s.length <= 253 && s.split('.').every((p) => DNS1123.test(p));
export const isLabelValue = (s: string) => typeof s === 'string' && s.length <= 63 && LABEL_VALUE.test(s);
export const isPortName = (s: string) => typeof s === 'string' && s.length >= 1 && s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && !s.includes('--') && /[a-z]/.test(s);
export const isWhole = (n: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
export const isIPv4Like = (s: string) => /^[0-9]+(\.[0-9]+){3}$/.test(s);

/** Longest suffix the construct derives names with (README: "-preview"; "-stable" / "-canary"). */
export const NAME_SUFFIX: Record<AnySpec['construct'], string> = { SafeRollingDeployment: '', BlueGreenApp: '-preview', CanaryApp: '-stable' };
export const maxNameLength = (construct: AnySpec['construct']) => 63 - NAME_SUFFIX[construct].length;
export const appName = (spec: NamingSpec) => spec.name ?? spec.id;

// ------------------------------------------------------------------------------ image rules

/** Tag and digest of a reference `[registry/]path[:tag][@sha256:hex]` as generated here. */
export function parseImage(image: string): { tag?: string; digest?: string; valid: boolean } {
  const m = /^(?:([a-zA-Z0-9.-]+(?::[0-9]+)?)\/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(image);
  return m ? { tag: m[3], digest: m[4], valid: true } : { valid: false };
}

/** The version label: explicit, else the tag, else "sha256-" and the digest's first 12 hex digits. */
export function versionOf(image: string | undefined, version: string | undefined): string | undefined {
  if (version !== undefined) return version;
  if (image === undefined) return undefined;
  const { tag, digest } = parseImage(image);
  return tag ?? (digest ? `sha256-${digest.slice(7, 19)}` : undefined);
}

// --------------------------------------------------------------------------------- problems

/** One thing wrong with a spec: the prop path the library's message must name. */
export interface Problem { readonly prop: string; readonly why: string }

class Collector {
  public readonly list: Problem[] = [];
  public add(prop: string, why: string) { this.list.push({ prop, why }); }
  public check(ok: boolean, prop: string, why: string) { if (!ok) this.add(prop, why); return ok; }
}

/** A Deployment the construct makes, as far as the rules care. */
interface DeploymentSizes {
  /** Replica counts it may run at: the capacity rule must hold at each count of at least 1. */
  readonly counts: number[];
  /** The size its disruption budget is judged at. */
  readonly budgetSize: number;
}

export interface ResolvedPortSpec { readonly port: number; readonly name: string; readonly protocol: Protocol }

export function resolvedPorts(w: WorkloadSpec): ResolvedPortSpec[] {
  return (w.ports ?? [{ port: 8080, name: 'http' }]).map((p, i) => ({
    port: p.port, name: p.name ?? (i === 0 ? 'http' : `port-${p.port}`), protocol: p.protocol ?? 'TCP',
  }));
}

/** The declared port a reference points at (undefined when none matches). */
export function portOf(ref: PortRef, ports: ResolvedPortSpec[]): ResolvedPortSpec | undefined {
  if (ref.by === 'first') return ports[0];
  if (ref.by === 'number') return ports.find((p) => p.port === ref.port);
  return ports.find((p) => p.name === ref.name);
}

/**
 * What a probe checks: two probes with the same identity fail together. README: "same handler, path
 * and port" (the scheme is not part of it: HTTP and HTTPS on one port and path check the same endpoint).
 */
export function probeIdentity(probe: ProbeSpec, ports: ResolvedPortSpec[]): string {
  if (probe.type === 'exec') return `exec ${JSON.stringify(probe.command)}`;
  const port = portOf(probe.ref, ports)?.port;
  return probe.type === 'httpGet' ? `http ${port} ${probe.path}` : `tcp ${port}`;
}

export function drainSeconds(drain: DrainSpec): number {
  if (drain.type === 'default') return 10;
  if (drain.type === 'none') return 0;
  return drain.seconds;
}

/** terminationGracePeriodSeconds the README promises: explicit, else drain + shutdownBudget (20 s). */
export function expectedGrace(w: WorkloadSpec): number {
  const drain = drainSeconds(w.drain);
  // At least one second after the drain, even for a zero shutdown budget (README: grace outlasts the drain).
  return w.terminationGracePeriod ?? drain + Math.max(w.shutdownBudget ?? 20, drain > 0 ? 1 : 0);
}

function refProblems(c: Collector, prop: string, ref: PortRef, ports: ResolvedPortSpec[]) {
  if (ref.by === 'number') c.check(ports.some((p) => p.port === ref.port), `${prop}.port`, 'not a declared port');
  if (ref.by === 'name') c.check(ports.some((p) => p.name === ref.name), `${prop}.portName`, 'not a declared port name');
}

function probeProblems(c: Collector, prop: string, probe: ProbeSpec, ports: ResolvedPortSpec[], kind: 'readiness' | 'liveness' | 'startup') {
  if (probe.type === 'exec') c.check(probe.command.length > 0 && probe.command.every((s) => s.length > 0), `${prop}.command`, 'empty command');
  else refProblems(c, prop, probe.ref, ports);
  if (probe.type === 'httpGet') c.check(probe.path.startsWith('/'), `${prop}.path`, 'path must start with /');
  const t = probe.timing;
  if (t.initialDelay !== undefined) c.check(isWhole(t.initialDelay, 0, 2147483647), `${prop}.initialDelay`, 'whole seconds, int32');
  if (t.period !== undefined) c.check(isWhole(t.period, 1, 2147483647), `${prop}.period`, 'whole seconds >= 1, int32');
  if (t.timeout !== undefined) c.check(isWhole(t.timeout, 1, 2147483647), `${prop}.timeout`, 'whole seconds >= 1, int32');
  if (t.failureThreshold !== undefined) c.check(isWhole(t.failureThreshold, 1, 2147483647), `${prop}.failureThreshold`, 'whole >= 1');
  if (t.successThreshold !== undefined) {
    if (c.check(isWhole(t.successThreshold, 1, 2147483647), `${prop}.successThreshold`, 'whole >= 1') && kind !== 'readiness') {
      c.check(t.successThreshold === 1, `${prop}.successThreshold`, 'must be 1 for liveness and startup probes');
    }
  }
}

function budgetProblems(c: Collector, budget: BudgetSpec, sizes: number) {
  if (budget.type === 'default') {
    c.check(sizes >= 2, 'disruptionBudget', 'with fewer than 2 replicas the budget must be chosen');
  } else if (budget.type === 'maxUnavailable') {
    const p = budget.pods;
    if (c.check(isWhole(p.amount, 0, p.kind === 'percent' ? 100 : Number.MAX_SAFE_INTEGER), 'disruptionBudget.maxUnavailable', 'whole, percent <= 100')) {
      c.check(scaled(p, sizes, true) >= 1, 'disruptionBudget.maxUnavailable', 'allows no disruption: blocks every drain');
    }
  } else if (budget.type === 'minAvailable') {
    const p = budget.pods;
    if (c.check(isWhole(p.amount, 0, p.kind === 'percent' ? 100 : Number.MAX_SAFE_INTEGER), 'disruptionBudget.minAvailable', 'whole, percent <= 100')) {
      c.check(scaled(p, sizes, true) < sizes, 'disruptionBudget.minAvailable', 'keeps every replica: blocks every drain');
    }
  }
}

function rolloutProblems(c: Collector, strategy: RolloutSpec, deployments: DeploymentSizes[]) {
  const rolling = effectiveRolling(strategy);
  if (!rolling) return;
  const { maxSurge, maxUnavailable, allowCapacityDrop } = rolling;
  const surgeOk = c.check(isWhole(maxSurge.amount, 0), 'strategy.maxSurge', 'whole number >= 0');
  const unavailableOk = c.check(isWhole(maxUnavailable.amount, 0, maxUnavailable.kind === 'percent' ? 100 : Number.MAX_SAFE_INTEGER), 'strategy.maxUnavailable', 'whole number >= 0, percent <= 100');
  // The API server refuses both literally zero ("0" or "0%"), whatever they resolve to.
  c.check(!(maxSurge.amount === 0 && maxUnavailable.amount === 0), 'strategy.maxSurge', 'both 0');
  if (!surgeOk || !unavailableOk || allowCapacityDrop) return;
  const drops = deployments.some((d) => d.counts.some((r) => r >= 1 && fenceposts(r, maxSurge, maxUnavailable).unavailable > 0));
  c.check(!drops, 'strategy.maxUnavailable', 'available pods drop below replicas during a rollout');
}

function imageProblems(
  c: Collector, prop: string, versionProp: string, image: string | undefined, version: string | undefined, allowMutable: boolean,
) {
  if (!c.check(typeof image === 'string' && image.length > 0, prop, 'image required')) return;
  const parsed = parseImage(image!);
  if (!c.check(parsed.valid, prop, 'not an image reference')) return;
  if (!parsed.digest && !allowMutable) c.check(parsed.tag !== undefined && parsed.tag !== 'latest', prop, 'mutable tag');
  const resolved = versionOf(image, version);
  if (resolved !== undefined) c.check(isLabelValue(resolved), versionProp, 'not a label value');
}

function serviceProblems(c: Collector, service: ServiceSpec | undefined, ports: ResolvedPortSpec[]) {
  const s = service ?? {};
  if (s.targetPortName !== undefined) c.check(ports.some((p) => p.name === s.targetPortName), 'service.portName', 'not a declared port name');
  const target = s.targetPortName !== undefined ? ports.find((p) => p.name === s.targetPortName) : ports[0];
  const port = s.port ?? target?.port ?? 80;
  c.check(isWhole(port, 1, 65535), 'service.port', 'port number');
  if (s.nodePort !== undefined) {
    c.check((s.type ?? 'ClusterIP') !== 'ClusterIP', 'service.nodePort', 'needs NodePort or LoadBalancer');
    c.check(isWhole(s.nodePort, 30000, 32767), 'service.nodePort', 'node port range');
  }
}

function nameProblems(c: Collector, spec: NamingSpec & { construct: AnySpec['construct'] }) {
  const name = appName(spec);
  const prop = spec.name === undefined ? 'name (defaulted from the construct id)' : 'name';
  c.check(isDns1035(name) && name.length <= maxNameLength(spec.construct), prop, 'DNS-1035 label, derived names included');
  if (spec.namespace !== undefined) c.check(isDns1123Label(spec.namespace), 'namespace', 'DNS-1123 label');
}

/** Rules of the shared workload options, for the Deployments described by `deployments`. */
function workloadProblems(c: Collector, w: WorkloadSpec, deployments: DeploymentSizes[]) {
  const ports = resolvedPorts(w);
  if (c.check(ports.length > 0, 'ports', 'at least one port')) {
    ports.forEach((p, i) => {
      c.check(isWhole(p.port, 1, 65535), `ports[${i}].port`, 'port number');
      c.check(isPortName(p.name), `ports[${i}].name`, 'IANA service name');
      c.check(ports.findIndex((q) => q.name === p.name) === i, `ports[${i}].name`, 'unique');
      c.check(ports.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i, `ports[${i}].port`, 'unique');
    });
  }
  if (w.containerName !== undefined) c.check(isDns1123Label(w.containerName), 'containerName', 'DNS-1123 label');

  if (c.check(w.readiness !== undefined, 'readiness', 'required behind a Service')) probeProblems(c, 'readiness', w.readiness!, ports, 'readiness');
  if (w.liveness) {
    probeProblems(c, 'liveness', w.liveness, ports, 'liveness');
    c.check(!w.disableLiveness, 'liveness', 'cannot be given with disableLiveness');
    if (w.readiness) c.check(probeIdentity(w.liveness, ports) !== probeIdentity(w.readiness, ports), 'liveness', 'identical to readiness');
  }
  if (w.startup) probeProblems(c, 'startup', w.startup, ports, 'startup');

  const drain = w.drain;
  if (drain.type === 'sleep' || drain.type === 'httpGet') c.check(isWhole(drain.seconds, 1), 'drain.duration', 'whole seconds >= 1');
  if (drain.type === 'httpGet') {
    c.check(drain.path.startsWith('/'), 'drain.path', 'path');
    refProblems(c, 'drain', drain.ref, ports);
  }
  if (w.shutdownBudget !== undefined) c.check(isWhole(w.shutdownBudget, 0), 'shutdownBudget', 'whole seconds');
  if (w.terminationGracePeriod !== undefined) {
    if (c.check(isWhole(w.terminationGracePeriod, 1), 'terminationGracePeriod', 'whole seconds >= 1')) {
      c.check(w.terminationGracePeriod > drainSeconds(drain), 'terminationGracePeriod', 'must be longer than the drain');
    }
  }

  const r = w.resources ?? {};
  const cpuRequest = r.cpuRequestMilli ?? 100;
  const memoryRequest = r.memoryRequestMi ?? 128;
  c.check((r.cpuLimitMilli ?? cpuRequest * 5) >= cpuRequest, 'resources.cpuLimit', 'limit below request');
  c.check((r.memoryLimitMi ?? memoryRequest * 2) >= memoryRequest, 'resources.memoryLimit', 'limit below request');
  c.check((r.storageLimitMi ?? 1024) >= (r.storageRequestMi ?? 100), 'resources.ephemeralStorageLimit', 'limit below request');

  const s = w.security ?? {};
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    if (s[field] !== undefined) c.check(isWhole(s[field], field === 'runAsUser' ? 1 : 0, 2147483647), `security.${field}`, 'an id; uid 0 is root');
  }
  (s.addCapabilities ?? []).forEach((cap) => c.check(/^[A-Z_]+$/.test(cap) && !cap.startsWith('CAP_'), 'security.addCapabilities', 'capability name'));
  const writable = s.writablePaths ?? ['/tmp'];
  writable.forEach((p, i) => c.check(p.startsWith('/') && p !== '/', `security.writablePaths[${i}]`, 'absolute directory'));
  const mountPaths = [...(w.configMapMounts ?? []).map((m) => m.mountPath), ...(w.secretMounts ?? []).map((m) => m.mountPath), ...writable];
  c.check(new Set(mountPaths).size === mountPaths.length, 'mountPath', 'two volumes at one path');

  if (w.spreading?.zoneMaxSkew !== undefined) c.check(isWhole(w.spreading.zoneMaxSkew, 1), 'spreading.zoneMaxSkew', 'whole >= 1');
  for (const key of Object.keys(w.labels ?? {})) {
    c.check(!key.startsWith('app.kubernetes.io/') && !key.startsWith('release-strategies.cdk8s.io/'), 'labels', 'reserved key');
  }
  for (const name of Object.keys(w.env ?? {})) c.check(/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name), 'env', 'variable name');

  const minReady = w.minReady ?? 5;
  const deadline = w.progressDeadline ?? 600;
  c.check(isWhole(minReady, 0), 'minReady', 'whole seconds');
  if (c.check(isWhole(deadline, 1), 'progressDeadline', 'whole seconds')) c.check(deadline > minReady, 'progressDeadline', 'longer than minReady');
  c.check(isWhole(w.revisionHistoryLimit ?? 10, 1), 'revisionHistoryLimit', 'at least 1');

  rolloutProblems(c, w.strategy, deployments);
  for (const d of deployments) budgetProblems(c, w.disruptionBudget, d.budgetSize);
}

function range(min: number, max: number): number[] {
  const out: number[] = [];
  for (let r = min; r <= max; r++) out.push(r);
  return out;
}

// ------------------------------------------------------------------- per construct: sizes

/** SafeRollingDeployment: the replica counts the Deployment runs at (every count the HPA may pick). */
export function safeRollingRange(spec: SafeRollingSpec): { min: number; max: number } {
  if (spec.autoscaling) return { min: spec.autoscaling.minReplicas ?? 2, max: spec.autoscaling.maxReplicas };
  const r = spec.replicas ?? 2;
  return { min: r, max: r };
}

/** BlueGreenApp: a slot's size when active (its full size) and the replicas it runs with now. */
export function slotSizes(spec: BlueGreenSpec, slot: SlotName): { full: number; now: number } {
  const options = spec[slot];
  const full = options.replicas ?? spec.replicas ?? 2;
  if (slot === spec.activeSlot) return { full, now: full };
  const idle = spec.idleSlot ?? { type: 'keepFull' };
  const now = idle.type === 'keepFull' ? full : idle.type === 'scaleToZero' ? 0 : idle.replicas;
  return { full, now };
}

export const otherSlot = (slot: SlotName): SlotName => (slot === 'blue' ? 'green' : 'blue');

/** CanaryApp: whether the canary runs another version than stable (README: canaryReplicas default). */
export function isReleasing(spec: CanarySpec): boolean {
  const stableImage = spec.stable.image;
  const canaryImage = spec.canary?.image ?? stableImage;
  return canaryImage !== stableImage || (spec.canary?.version ?? spec.stable.version) !== spec.stable.version;
}

/** CanaryApp: pods per track. */
export function trackSizes(spec: CanarySpec): { stable: number; canary: number } {
  const replicas = spec.replicas ?? 2;
  const weight = spec.canaryWeight ?? 0;
  if ((spec.router ?? { type: 'replicaRatio' }).type === 'replicaRatio') return ratioSplit(replicas, weight);
  return { stable: replicas, canary: spec.canaryReplicas ?? (isReleasing(spec) ? 2 : 0) };
}

// --------------------------------------------------------------------- per construct: rules

export function safeRollingProblems(spec: SafeRollingSpec): Problem[] {
  const c = new Collector();
  nameProblems(c, spec);
  imageProblems(c, 'image', 'version', spec.image, spec.version, spec.w.allowMutableImageTag ?? false);
  if (spec.autoscaling) {
    c.check(spec.replicas === undefined, 'replicas', 'owned by the autoscaler');
    const a = spec.autoscaling;
    const min = a.minReplicas ?? 2;
    c.check(isWhole(min, 1), 'autoscaling.minReplicas', 'whole >= 1');
    if (c.check(isWhole(a.maxReplicas, 1), 'autoscaling.maxReplicas', 'whole >= 1')) c.check(a.maxReplicas > min, 'autoscaling.maxReplicas', '> minReplicas');
    c.check(isWhole(a.targetCpuUtilization ?? 70, 1, 2 ** 31 - 1), 'autoscaling.targetCpuUtilization', '1.. (Kubernetes accepts above 100: utilization is of the request)');
  }
  const replicasOk = c.check(isWhole(spec.replicas ?? 2, 1), 'replicas', 'whole >= 1');
  const { min, max } = safeRollingRange(spec);
  const sizesKnown = replicasOk && isWhole(min, 1) && isWhole(max, min);
  workloadProblems(c, spec.w, sizesKnown ? [{ counts: range(min, max), budgetSize: min }] : []);
  serviceProblems(c, spec.service, resolvedPorts(spec.w));
  return c.list;
}

export function blueGreenProblems(spec: BlueGreenSpec): Problem[] {
  const c = new Collector();
  nameProblems(c, spec);
  c.check(isWhole(spec.replicas ?? 2, 1), 'replicas', 'whole >= 1');
  const deployments: DeploymentSizes[] = [];
  for (const slot of ['blue', 'green'] as const) {
    const active = slot === spec.activeSlot;
    const { full, now } = slotSizes(spec, slot);
    const fullOk = c.check(isWhole(full, active ? 1 : 0), `${slot}.replicas`, active ? 'the active slot needs >= 1' : 'whole >= 0');
    const options = spec[slot];
    if (options.image === undefined) {
      c.check(!active, `${slot}.image`, 'the active slot needs an image');
      continue;
    }
    imageProblems(c, `${slot}.image`, `${slot}.version`, options.image, options.version, spec.w.allowMutableImageTag ?? false);
    const scaled = !active && spec.idleSlot?.type === 'scaleTo';
    // README: IdleSlot.scaleTo keeps a smaller number of pods than the slot's full size.
    const nowOk = !scaled || (c.check(isWhole(now, 0), 'idleSlot', 'whole >= 0') && c.check(now <= full, 'idleSlot', 'at most the full size'));
    if (fullOk && nowOk) deployments.push({ counts: [full, now], budgetSize: full });
  }
  workloadProblems(c, spec.w, deployments);
  serviceProblems(c, spec.service, resolvedPorts(spec.w));
  return c.list;
}

function routerProblems(c: Collector, spec: CanarySpec) {
  const router = spec.router ?? { type: 'replicaRatio' };
  const match = spec.canaryMatch;
  if (match) {
    c.check(TOKEN.test(match.name), 'canaryMatch.name', 'HTTP token');
    if (match.type === 'header') c.check(match.value.length > 0 && !/[\r\n]/.test(match.value), 'canaryMatch.value', 'non-empty single line');
  }
  if (router.type === 'replicaRatio') {
    c.check(match === undefined, 'canaryMatch', 'needs a router');
  } else if (router.type === 'gatewayApi') {
    c.check(isDnsSubdomain(router.gatewayName), 'trafficRouter.gatewayName', 'DNS subdomain');
    if (router.gatewayNamespace !== undefined) c.check(isDns1123Label(router.gatewayNamespace), 'trafficRouter.gatewayNamespace', 'DNS-1123 label');
    // HTTPRoute CRD (gateway-api v1.3.0): sectionName pattern, at most 16 hostnames of at most 253
    // characters each, a '*.' wildcard prefix counted in the 253.
    if (router.sectionName !== undefined) c.check(isDnsSubdomain(router.sectionName), 'trafficRouter.sectionName', 'CRD pattern');
    if (c.check(router.hostnames.length > 0, 'trafficRouter.hostnames', 'at least one')) {
      c.check(router.hostnames.length <= 16, 'trafficRouter.hostnames', 'at most 16 (CRD)');
    }
    router.hostnames.forEach((h, i) => {
      const bare = h.startsWith('*.') ? h.slice(2) : h;
      c.check(h.length <= 253 && bare.split('.').every((p) => DNS1123.test(p)), `trafficRouter.hostnames[${i}]`, 'host name');
    });
    c.check(match?.type !== 'cookie', 'canaryMatch', 'the Gateway API has no cookie match');
    if (match?.type === 'header') {
      c.check(match.name.length <= 256, 'canaryMatch.name', 'at most 256 characters (CRD)');
      c.check(match.value.length <= 4096, 'canaryMatch.value', 'at most 4096 characters (CRD)');
    }
  } else if (router.type === 'istio') {
    if (router.hosts !== undefined) c.check(router.hosts.length > 0, 'trafficRouter.hosts', 'at least one');
  } else {
    const bare = router.host.startsWith('*.') ? router.host.slice(2) : router.host;
    // The API server refuses an IP address as an Ingress host.
    c.check(router.host.length <= 253 && bare.split('.').every((p) => DNS1123.test(p)) && !isIPv4Like(router.host), 'trafficRouter.host', 'DNS name, not an IP');
    const path = router.path ?? '/';
    // Prefix paths: absolute, and none of the ambiguous spellings the API server refuses.
    c.check(path.startsWith('/') && !['//', '/./', '/../'].some((s) => path.includes(s)) && !path.endsWith('/..') && !path.endsWith('/.'), 'trafficRouter.path', 'Ingress path');
    if (router.ingressClassName !== undefined) c.check(isDnsSubdomain(router.ingressClassName), 'trafficRouter.ingressClassName', 'DNS subdomain');
  }
}

export function canaryProblems(spec: CanarySpec): Problem[] {
  const c = new Collector();
  nameProblems(c, spec);
  const weight = spec.canaryWeight ?? 0;
  const weightOk = c.check(isWhole(weight, 0, 100), 'canaryWeight', 'whole 0..100');
  const replicas = spec.replicas ?? 2;
  const replicasOk = c.check(isWhole(replicas, 1), 'replicas', 'whole >= 1');
  const router = spec.router ?? { type: 'replicaRatio' };
  const allowMutable = spec.w.allowMutableImageTag ?? false;
  imageProblems(c, 'stable.image', 'stable.version', spec.stable.image, spec.stable.version, allowMutable);
  if (spec.canary?.image !== undefined || spec.canary?.version !== undefined) {
    imageProblems(c, 'canary.image', 'canary.version', spec.canary.image ?? spec.stable.image, spec.canary.version ?? (spec.canary.image ? undefined : spec.stable.version), allowMutable);
  }
  let deployments: DeploymentSizes[] = [];
  if (router.type === 'replicaRatio') {
    c.check(spec.canaryReplicas === undefined, 'canaryReplicas', 'the weight decides with the replica ratio');
    // Each track's pod count moves with the weight anywhere from 0 to the total.
    if (replicasOk && weightOk) deployments = [0, 1].map(() => ({ counts: range(1, replicas), budgetSize: Math.max(2, replicas) }));
  } else {
    const canaryReplicas = spec.canaryReplicas ?? (isReleasing(spec) ? 2 : 0);
    const canaryOk = c.check(isWhole(canaryReplicas, 0), 'canaryReplicas', 'whole >= 0');
    if (!isReleasing(spec) && spec.canaryReplicas === undefined && (weight !== 0 || spec.canaryMatch !== undefined)) {
      // No canary version: the canary track has no pods by default, so the weight or the match is the mistake.
      if (weight !== 0 && weightOk) c.add('canaryWeight', 'traffic to a canary without a version');
      if (spec.canaryMatch !== undefined) c.add('canaryMatch', 'a match to a canary without a version');
    } else if (canaryReplicas === 0) c.check(weight <= 0 && spec.canaryMatch === undefined, 'canaryReplicas', 'traffic to a canary without pods');
    if (replicasOk && canaryOk) {
      deployments = [replicas, canaryReplicas].map((n) => ({ counts: [n], budgetSize: Math.max(2, n) }));
    }
  }
  routerProblems(c, spec);
  workloadProblems(c, spec.w, deployments);
  serviceProblems(c, spec.service, resolvedPorts(spec.w));
  return c.list;
}

export function problemsOf(spec: AnySpec): Problem[] {
  switch (spec.construct) {
    case 'SafeRollingDeployment': return safeRollingProblems(spec);
    case 'BlueGreenApp': return blueGreenProblems(spec);
    default: return canaryProblems(spec);
  }
}

export const isValid = (spec: AnySpec) => problemsOf(spec).length === 0;
