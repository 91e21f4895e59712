/**
 * fast-check arbitraries of prop sets for the three constructs.
 *
 * Each arbitrary generates a spec (model.ts: plain data) that build.ts turns into props through the
 * public API (`import … from '../../src'`); `*Props` below are the same arbitraries mapped to props.
 * Validity is decided by model.ts (this suite's own rules and Kubernetes rounding), never by the library.
 *
 * Valid sets stay within what the linters accept by default except for explicit, documented opt-outs
 * (see lintViolations in invariants.ts): uids above 10000, read-only root filesystem, no root, only
 * NET_BIND_SERVICE added, env names no linter mistakes for secrets.
 *
 * Invalid sets (`MISTAKES_*`) take a valid spec and apply exactly one known mistake; each names the
 * prop(s) the error must mention, and the model must agree that the result is invalid for that prop.
 */
import fc from 'fast-check';
import { blueGreenProps, canaryProps, safeRollingProps } from './build';
import {
  AnySpec, appName, BlueGreenSpec, BudgetSpec, CanarySpec, count, DrainSpec, drainSeconds, isIPv4Like, isPortName, isReleasing, isValid,
  MatchSpec, maxNameLength, percent, PodsSpec, PortRef, PortSpec, ProbeSpec, ProbeTiming, problemsOf, Protocol, resolvedPorts, ResolvedPortSpec,
  RolloutSpec, RouterSpec, SafeRollingSpec, ServiceSpec, SlotName, otherSlot, WorkloadSpec,
} from './model';

type Arb<T> = fc.Arbitrary<T>;

// ------------------------------------------------------------------------------- building blocks

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALNUM = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGIT}`;
const TOKEN_CHARS = `${ALNUM}!#$%&'*+.^_\`|~-`;
const chars = (s: string) => fc.constantFrom(...s.split(''));
const opt = <T>(arb: Arb<T>, freq = 2): Arb<T | undefined> => fc.option(arb, { nil: undefined, freq });

/** Drops undefined values so specs compare and print cleanly. */
function clean<T extends object>(o: T): T {
  const out: any = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** A length in [min, max]; the limits (and one below the maximum) come up often. */
function lengthIn(min: number, max: number): Arb<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min, max }) },
    { weight: 2, arbitrary: fc.constantFrom(...new Set([min, max, Math.max(min, max - 1)])) },
  );
}

/** Character `i` of the pseudo-random string `seed` describes: one draw per string, not per character. */
function pick(alphabet: string, seed: number, i: number): string {
  if (seed === 0) return alphabet[0]; // shrinks to "aaaa…": readable counterexamples
  let h = Math.imul(seed ^ Math.imul(i + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return alphabet[(h >>> 0) % alphabet.length];
}

/**
 * A word of a length in [min, max]: a `first` character, `middle` ones, a `last` one (`single` when
 * the length is 1). The characters come from one random seed, which keeps generation cheap; shrinking
 * goes for the length and then for seed 0 (the first character of each alphabet).
 */
function word(min: number, max: number, first: string, middle: string, last: string, single: string): Arb<string> {
  return fc.tuple(lengthIn(min, max), fc.nat()).map(([len, seed]) => {
    if (len === 1) return pick(single, seed, 0);
    let out = pick(first, seed, 0);
    for (let i = 1; i < len - 1; i++) out += pick(middle, seed, i);
    return out + pick(last, seed, len - 1);
  });
}

/** DNS-1035 label (a Service name): starts with a letter. */
export const dns1035 = (max: number, min = 1) => word(min, max, LOWER, `${LOWER}${DIGIT}-`, LOWER + DIGIT, LOWER);
/** DNS-1123 label (namespace, container name). */
export const dns1123 = (max = 63, min = 1) => word(min, max, LOWER + DIGIT, `${LOWER}${DIGIT}-`, LOWER + DIGIT, LOWER + DIGIT);
/** IANA service name (a port name): 1–15 characters, a letter somewhere, no "--". */
export const portName = word(1, 15, LOWER + DIGIT, `${LOWER}${DIGIT}-`, LOWER + DIGIT, LOWER).filter(isPortName);
/** A label value of 1–63 characters. */
export const labelValue = word(1, 63, ALNUM, `${ALNUM}-_.`, ALNUM, ALNUM);

/** A DNS name of up to `maxLength` characters (labels up to 63), optionally a `*.` wildcard. */
export function hostname(maxLength = 253, wildcard = true): Arb<string> {
  const plain = fc.array(dns1123(63), { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
  const host = wildcard ? fc.tuple(fc.boolean(), plain).map(([w, h]) => (w ? `*.${h}` : h)) : plain;
  // The wildcard case stays at most 246 characters here: see the dedicated property for 247–253.
  return host.filter((h) => h.length <= (h.startsWith('*.') ? Math.min(maxLength, 246) : maxLength) && !isIPv4Like(h));
}

const pathSegment = word(1, 12, LOWER + DIGIT, `${LOWER}${DIGIT}-_`, LOWER + DIGIT, LOWER + DIGIT);
export const httpPath: Arb<string> = fc.oneof(
  fc.constantFrom('/', '/ready', '/healthz', '/livez', '/actuator/health/readiness'),
  fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
);

// ------------------------------------------------------------------------------------- images

const registry = fc.constantFrom(undefined, 'registry.example.com', 'localhost:5000', 'ghcr.io', 'registry.example.com:443');
const repoPart = fc.tuple(
  word(1, 10, LOWER + DIGIT, LOWER + DIGIT, LOWER + DIGIT, LOWER + DIGIT),
  opt(fc.tuple(fc.constantFrom('.', '_', '__', '-', '--'), word(1, 8, LOWER + DIGIT, LOWER + DIGIT, LOWER + DIGIT, LOWER + DIGIT))),
).map(([a, rest]) => (rest ? `${a}${rest[0]}${rest[1]}` : a));
const repository = fc.array(repoPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
export const digest = fc.string({ unit: chars('0123456789abcdef'), minLength: 64, maxLength: 64 }).map((hex) => `sha256:${hex}`);
/** A tag that is also a valid version label (the version is derived from it). */
const labelTag = fc.oneof(
  fc.tuple(fc.nat(30), fc.nat(30), fc.nat(300)).map(([a, b, c]) => `${a}.${b}.${c}`),
  labelValue,
).filter((t) => t !== 'latest');
/** Any tag the reference grammar allows, up to 128 characters (the version is then given explicitly). */
const anyTag = word(1, 128, `${ALNUM}_`, `${ALNUM}_.-`, `${ALNUM}_.-`, `${ALNUM}_`).filter((t) => t !== 'latest');

/** An image pinned by tag, digest or both, with the version label it gets (explicit or derived). */
export const versionedImage: Arb<{ image: string; version?: string }> = fc.tuple(registry, repository).chain(([reg, repo]) => {
  const base = reg ? `${reg}/${repo}` : repo;
  return fc.oneof(
    { weight: 6, arbitrary: labelTag.map((t) => ({ image: `${base}:${t}` })) },
    { weight: 2, arbitrary: digest.map((d) => ({ image: `${base}@${d}` })) },
    { weight: 1, arbitrary: fc.tuple(labelTag, digest).map(([t, d]) => ({ image: `${base}:${t}@${d}` })) },
    { weight: 2, arbitrary: fc.tuple(fc.oneof(anyTag.map((t) => `:${t}`), digest.map((d) => `@${d}`)), labelValue).map(([pin, version]) => ({ image: base + pin, version })) },
  );
});

// ---------------------------------------------------------------------------------- workload

const protocol = fc.constantFrom<Protocol | undefined>(undefined, 'TCP', 'UDP', 'SCTP');
const portNumber = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 80, 443, 8080, 65535));

function portsValid(ports: PortSpec[]): boolean {
  const resolved = resolvedPorts({ ports } as WorkloadSpec);
  return resolved.every((p, i) => resolved.findIndex((q) => q.name === p.name) === i
    && resolved.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i && isPortName(p.name));
}

/** Declared ports (undefined = the default 8080 "http"); the first is TCP, others any protocol. */
export const ports: Arb<PortSpec[] | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.array(fc.record({ port: portNumber, name: opt(portName), protocol }), { minLength: 1, maxLength: 4 })
      .map((list) => list.map((p, i) => clean(i === 0 ? { ...p, protocol: p.protocol === undefined ? undefined : 'TCP' as Protocol } : p)))
      .filter(portsValid),
  },
);

/** A reference to one of the declared TCP ports (probes and drains talk TCP). */
function portRef(resolved: ResolvedPortSpec[]): Arb<PortRef> {
  const tcp = resolved.filter((p) => p.protocol === 'TCP');
  return fc.oneof(
    fc.constant<PortRef>({ by: 'first' }),
    fc.constantFrom(...tcp).map((p): PortRef => ({ by: 'number', port: p.port })),
    fc.constantFrom(...tcp).map((p): PortRef => ({ by: 'name', name: p.name })),
  );
}

function timing(kind: 'readiness' | 'liveness' | 'startup'): Arb<ProbeTiming> {
  return fc.record({
    initialDelay: opt(fc.integer({ min: 0, max: 300 })),
    period: opt(fc.integer({ min: 1, max: 60 })),
    timeout: opt(fc.integer({ min: 1, max: 30 })),
    failureThreshold: opt(fc.integer({ min: 1, max: 10 })),
    successThreshold: kind === 'readiness' ? opt(fc.integer({ min: 1, max: 5 })) : opt(fc.constant(1)),
  }).map(clean);
}

const commandWord = fc.oneof(fc.constantFrom('cat', '/bin/check', 'grpc_health_probe', '-addr=:8080', '/tmp/healthy'), pathSegment);

export function probe(resolved: ResolvedPortSpec[], kind: 'readiness' | 'liveness' | 'startup'): Arb<ProbeSpec> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ type: fc.constant('httpGet' as const), path: httpPath, scheme: opt(fc.constantFrom('HTTP' as const, 'HTTPS' as const)), ref: portRef(resolved), timing: timing(kind) }).map(clean) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('tcpSocket' as const), ref: portRef(resolved), timing: timing(kind) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('exec' as const), command: fc.array(commandWord, { minLength: 1, maxLength: 3 }), timing: timing(kind) }) },
  );
}

function drain(resolved: ResolvedPortSpec[]): Arb<DrainSpec> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<DrainSpec>({ type: 'default' }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 120 }).map((seconds): DrainSpec => ({ type: 'sleep', seconds })) },
    { weight: 2, arbitrary: fc.record({ path: httpPath, seconds: fc.integer({ min: 1, max: 120 }), ref: portRef(resolved) }).map((d): DrainSpec => ({ type: 'httpGet', ...d })) },
    { weight: 1, arbitrary: fc.constant<DrainSpec>({ type: 'none' }) },
  );
}

const surge: Arb<PodsSpec> = fc.oneof(fc.integer({ min: 0, max: 5 }).map(count), fc.integer({ min: 0, max: 200 }).map(percent));
const unavailable: Arb<PodsSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(count(0)) },
  { weight: 1, arbitrary: fc.constant(percent(0)) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map(count) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }).map(percent) },
);

export const rollout: Arb<RolloutSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<RolloutSpec>({ type: 'default' }) },
  { weight: 1, arbitrary: fc.constant<RolloutSpec>({ type: 'recreate' }) },
  { weight: 6, arbitrary: fc.record({ maxSurge: opt(surge), maxUnavailable: opt(unavailable), allowCapacityDrop: opt(fc.boolean()) }).map((r): RolloutSpec => clean({ type: 'rolling' as const, ...r })) },
);

/** Disruption budgets; `minAvailable` only where the construct's sizes make it meaningful. */
function budget(withMinAvailable: boolean): Arb<BudgetSpec> {
  const options: fc.WeightedArbitrary<BudgetSpec>[] = [
    { weight: 4, arbitrary: fc.constant<BudgetSpec>({ type: 'default' }) },
    { weight: 1, arbitrary: fc.constant<BudgetSpec>({ type: 'none' }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 1, max: 3 }).map(count), fc.integer({ min: 1, max: 100 }).map(percent)).map((pods): BudgetSpec => ({ type: 'maxUnavailable', pods })) },
  ];
  if (withMinAvailable) {
    options.push({ weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 4 }).map(count), fc.integer({ min: 0, max: 99 }).map(percent)).map((pods): BudgetSpec => ({ type: 'minAvailable', pods })) });
  }
  return fc.oneof(...options);
}

const mountPath = fc.array(pathSegment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`);
const ENV_NAMES = ['LOG_LEVEL', 'TZ', 'APP_MODE', 'JAVA_OPTS', 'SERVER_PORT', 'FEATURE_FLAGS', 'HTTP_TIMEOUT', 'GOMAXPROCS', 'spring.profiles.active', 'my-var'];
const simpleText = fc.string({ unit: chars(`${ALNUM} ._-:/=`), minLength: 0, maxLength: 40 });
/**
 * Strings kubectl's go-yaml would read as numbers or booleans if written unquoted (`0o755` is a file
 * mode), or whose characters it refuses raw or reads as line breaks: the output must carry them intact.
 */
const goTrickyText = fc.oneof(
  fc.tuple(fc.constantFrom('', '+', '-'), fc.constantFrom('0o', '0O', '0b', '0B', '0x', '0X', '0', '.', ''), fc.stringMatching(/^[0-7][0-7_]{0,5}$/))
    .map(([sign, prefix, digits]) => `${sign}${prefix}${digits}`),
  fc.constantFrom('y', 'N', 'on', 'Off', 'yes', '~', 'null', '.inf', '1e3', '0b-1', '<<'),
  fc.tuple(simpleText, fc.constantFrom('\x7F', '\x80', '\x85', '\x9F', '\u2028', '\u2029', '\uFEFF', '\uFFFE'), simpleText)
    .map(([a, ch, b]) => `${a}${JSON.parse(`"${ch}"`)}${b}`),
);
const userText = fc.oneof({ weight: 3, arbitrary: simpleText }, { weight: 1, arbitrary: goTrickyText });
const USER_LABEL_KEYS = ['team', 'tier', 'cost-center', 'example.com/component', 'shop.example.org/owner'];

const resources = fc.record({
  cpuRequestMilli: opt(fc.integer({ min: 10, max: 4000 })),
  cpuLimitMilli: opt(fc.integer({ min: 10, max: 8000 })),
  memoryRequestMi: opt(fc.integer({ min: 16, max: 8192 })),
  memoryLimitMi: opt(fc.integer({ min: 16, max: 16384 })),
  storageRequestMi: opt(fc.integer({ min: 1, max: 2048 })),
  storageLimitMi: opt(fc.integer({ min: 1, max: 8192 })),
}).map(clean).filter((r) => {
  const cpu = r.cpuRequestMilli ?? 100;
  const mem = r.memoryRequestMi ?? 128;
  return (r.cpuLimitMilli ?? cpu * 5) >= cpu && (r.memoryLimitMi ?? mem * 2) >= mem && (r.storageLimitMi ?? 1024) >= (r.storageRequestMi ?? 100);
});

const bigId = fc.integer({ min: 10001, max: 2147483647 });
const security = fc.record({
  runAsUser: opt(bigId),
  runAsGroup: opt(bigId),
  fsGroup: opt(bigId),
  readOnlyRootFilesystem: opt(fc.constant(true)),
  writablePaths: opt(fc.uniqueArray(mountPath, { maxLength: 3 })),
  automountServiceAccountToken: opt(fc.constant(false)),
  addCapabilities: opt(fc.constant<string[]>(['NET_BIND_SERVICE'])),
}).map(clean);

const spreading = fc.record({
  acrossHosts: opt(fc.constantFrom('PREFERRED' as const, 'REQUIRED' as const, 'NONE' as const)),
  acrossZones: opt(fc.boolean()),
  zoneMaxSkew: opt(fc.integer({ min: 1, max: 5 })),
}).map(clean);

/** The shared workload options, for the given declared ports. */
export function workload(declared: PortSpec[] | undefined, budgets: Arb<BudgetSpec>): Arb<WorkloadSpec> {
  const resolved = resolvedPorts({ ports: declared } as WorkloadSpec);
  return fc.record({
    containerName: opt(dns1123(63), 3),
    command: opt(fc.array(commandWord, { minLength: 1, maxLength: 3 }), 4),
    args: opt(fc.array(userText, { maxLength: 3 }), 4),
    env: opt(fc.dictionary(fc.constantFrom(...ENV_NAMES), userText, { maxKeys: 4 }), 3),
    configMapMounts: opt(fc.array(fc.record({ configMapName: dns1123(63), mountPath }), { minLength: 1, maxLength: 2 }), 4),
    secretMounts: opt(fc.array(fc.record({ secretName: dns1123(63), mountPath }), { minLength: 1, maxLength: 2 }), 4),
    resources: opt(resources),
    readiness: probe(resolved, 'readiness'),
    liveness: opt(probe(resolved, 'liveness')),
    disableLiveness: opt(fc.boolean(), 4),
    startup: opt(probe(resolved, 'startup'), 3),
    drain: drain(resolved),
    shutdownBudget: opt(fc.integer({ min: 0, max: 120 })),
    graceExtra: opt(fc.integer({ min: 1, max: 300 })),
    security: opt(security),
    spreading: opt(spreading),
    labels: opt(fc.dictionary(fc.constantFrom(...USER_LABEL_KEYS), labelValue, { minKeys: 1, maxKeys: 3 }), 3),
    imagePullPolicy: opt(fc.constantFrom('Always' as const, 'IfNotPresent' as const, 'Never' as const), 3),
    priorityClassName: opt(dns1123(63), 3),
    serviceAccountName: opt(dns1123(63), 4),
    minReady: opt(fc.integer({ min: 0, max: 60 })),
    deadlineExtra: opt(fc.integer({ min: 1, max: 3600 })),
    revisionHistoryLimit: opt(fc.integer({ min: 1, max: 50 })),
    changeCause: opt(fc.string({ unit: chars(`${ALNUM} .,:-`), minLength: 1, maxLength: 60 }), 3),
    strategy: rollout,
    disruptionBudget: budgets,
    networkPolicy: opt(fc.boolean()),
  }).map(({ graceExtra, deadlineExtra, ...w }) => {
    const spec: WorkloadSpec = clean({
      ...w,
      ports: declared,
      // An explicit grace period is always longer than the drain in a valid set.
      terminationGracePeriod: graceExtra === undefined ? undefined : drainSeconds(w.drain) + graceExtra,
      progressDeadline: deadlineExtra === undefined ? undefined : (w.minReady ?? 5) + deadlineExtra,
      disableLiveness: w.liveness ? undefined : w.disableLiveness,
    });
    return spec;
  });
}

function service(resolved: ResolvedPortSpec[]): Arb<ServiceSpec> {
  const tcpNames = resolved.filter((p) => p.protocol === 'TCP').map((p) => p.name);
  return fc.record({
    type: opt(fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const)),
    port: opt(portNumber),
    targetPortName: opt(fc.constantFrom(...tcpNames)),
    nodePort: opt(fc.integer({ min: 30000, max: 32767 })),
  }).map((s) => clean({ ...s, nodePort: (s.type ?? 'ClusterIP') === 'ClusterIP' ? undefined : s.nodePort }));
}

/** Ports, then the Service and the workload options that refer to them. */
function portsServiceWorkload(budgets: Arb<BudgetSpec>): Arb<{ service?: ServiceSpec; w: WorkloadSpec }> {
  return ports.chain((declared) => fc.record({
    service: opt(service(resolvedPorts({ ports: declared } as WorkloadSpec))),
    w: workload(declared, budgets),
  }).map(clean));
}

/** Construct id and name: an explicit `name` of 1..max characters, or an id that is the name. */
function naming(max: number): Arb<{ id: string; name?: string; namespace?: string }> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ id: fc.constantFrom('App', 'web', 'Release'), name: dns1035(max), namespace: opt(dns1123(63)) }).map(clean) },
    { weight: 1, arbitrary: fc.record({ id: dns1035(max), namespace: opt(dns1123(63)) }).map(clean) },
  );
}

// ------------------------------------------------------------------------------ known bugs

/**
 * Library bugs these properties found (see the report on issue #5): what in a valid set triggers
 * each, or undefined. CI leaves the properties failing on them. `PROPERTY_EXCLUDE_KNOWN=1` (the long
 * search's `--exclude-known`) keeps valid sets away from them, so that a long search can look for
 * other bugs instead of stopping at these again; it is off by default and changes nothing else.
 */
/**
 * Bugs the properties found and that are not fixed yet (none now): with PROPERTY_EXCLUDE_KNOWN=1 the
 * long run keeps valid sets clear of them, to look for new ones. Fixed so far: a zero shutdownBudget
 * gave a grace period equal to the drain; TCP readiness left no liveness (now a documented waiver);
 * an HPA with minReplicas = maxReplicas; probes on named ports read as identical by kube-score;
 * probes by number picking a UDP/SCTP port declared with the same number.
 */
export function knownBug(_spec: AnySpec): string | undefined {
  return undefined;
}

const excludeKnown = process.env.PROPERTY_EXCLUDE_KNOWN === '1';
/** Valid per the model (and, with PROPERTY_EXCLUDE_KNOWN=1, clear of the known bugs). */
const acceptable = (spec: AnySpec) => isValid(spec) && !(excludeKnown && knownBug(spec));

// ----------------------------------------------------------------------------- the constructs

export const safeRollingSpecCandidate: Arb<SafeRollingSpec> = fc.record({
  naming: naming(maxNameLength('SafeRollingDeployment')),
  image: versionedImage,
  sizing: fc.oneof(
    { weight: 3, arbitrary: fc.record({ replicas: opt(fc.integer({ min: 1, max: 10 })) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        autoscaling: fc.record({
          minReplicas: opt(fc.integer({ min: 1, max: 5 })),
          maxReplicas: fc.integer({ min: 1, max: 20 }),
          targetCpuUtilization: opt(fc.integer({ min: 1, max: 400 })),
        }).map(clean),
      }),
    },
  ),
  rest: portsServiceWorkload(budget(true)),
}).map(({ naming: n, image, sizing, rest }) => clean({ construct: 'SafeRollingDeployment' as const, ...n, ...image, ...sizing, ...rest }) as SafeRollingSpec);

export const validSafeRollingSpec = safeRollingSpecCandidate.filter(acceptable);
export const validSafeRollingProps = validSafeRollingSpec.map(safeRollingProps);

const slotReplicas = (min: number) => opt(fc.integer({ min, max: 6 }));

export const blueGreenSpecCandidate: Arb<BlueGreenSpec> = fc.record({
  naming: naming(maxNameLength('BlueGreenApp')),
  activeSlot: fc.constantFrom<SlotName>('blue', 'green'),
  replicas: opt(fc.integer({ min: 1, max: 6 })),
  active: fc.record({ image: versionedImage, replicas: slotReplicas(1) }),
  idle: fc.oneof(
    { weight: 4, arbitrary: fc.record({ image: opt(versionedImage, 100), replicas: slotReplicas(0) }) },
    { weight: 1, arbitrary: fc.record({ replicas: slotReplicas(0) }) },
  ),
  idleSlot: opt(fc.oneof(
    fc.constant({ type: 'keepFull' as const }),
    fc.integer({ min: 0, max: 6 }).map((replicas) => ({ type: 'scaleTo' as const, replicas })),
    fc.constant({ type: 'scaleToZero' as const }),
  )),
  preview: opt(fc.boolean()),
  rest: portsServiceWorkload(budget(true)),
}).map(({ naming: n, activeSlot, active, idle, rest, ...others }) => {
  const slot = (s: { image?: { image: string; version?: string } | undefined; replicas?: number }) =>
    clean({ ...(s.image ?? {}), replicas: s.replicas });
  return clean({
    construct: 'BlueGreenApp' as const, ...n, activeSlot, ...others, ...rest,
    [activeSlot]: slot(active), [otherSlot(activeSlot)]: slot(idle as any),
  }) as unknown as BlueGreenSpec;
});

export const validBlueGreenSpec = blueGreenSpecCandidate.filter(acceptable);
export const validBlueGreenProps = validBlueGreenSpec.map(blueGreenProps);

/** The Gateway API router: gateway name, optional namespace and listener, 1–4 host names. */
export const gatewayRouter: Arb<RouterSpec> = fc.record({
  gatewayName: dns1123(63),
  gatewayNamespace: opt(dns1123(63)),
  sectionName: opt(dns1123(63)),
  hostnames: fc.uniqueArray(hostname(), { minLength: 1, maxLength: 4 }),
}).map((r) => clean({ type: 'gatewayApi' as const, ...r }));

export const router: Arb<RouterSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<RouterSpec>({ type: 'replicaRatio' }) },
  { weight: 3, arbitrary: gatewayRouter },
  {
    weight: 2,
    arbitrary: fc.record({
      hosts: opt(fc.uniqueArray(fc.oneof(dns1035(63), hostname(253, false)), { minLength: 1, maxLength: 3 })),
      gateways: opt(fc.array(fc.tuple(dns1123(63), dns1123(63)).map(([ns, name]) => `${ns}/${name}`), { minLength: 1, maxLength: 2 })),
    }).map((r) => clean({ type: 'istio' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ host: hostname(), path: opt(httpPath), ingressClassName: opt(dns1123(63)), tlsSecretName: opt(dns1123(63)) })
      .map((r) => clean({ type: 'nginxIngress' as const, ...r })),
  },
);

const headerValue = fc.string({ unit: chars(`${ALNUM} ._-:;=/`), minLength: 1, maxLength: 64 });
export const match: Arb<MatchSpec> = fc.oneof(
  fc.record({ type: fc.constant('header' as const), name: word(1, 64, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS), value: headerValue }),
  fc.record({ type: fc.constant('cookie' as const), name: word(1, 40, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS) }),
);

const weight = fc.oneof(fc.constantFrom(0, 1, 10, 25, 50, 99, 100), fc.integer({ min: 0, max: 100 }));

export const canarySpecCandidate: Arb<CanarySpec> = fc.record({
  naming: naming(maxNameLength('CanaryApp')),
  stable: versionedImage,
  canary: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: versionedImage },
    { weight: 1, arbitrary: labelValue.map((version) => ({ version })) },
  ),
  canaryWeight: opt(weight, 5),
  router,
  replicas: opt(fc.integer({ min: 1, max: 8 })),
  canaryReplicas: opt(fc.integer({ min: 0, max: 5 })),
  canaryMatch: opt(match),
  rest: portsServiceWorkload(budget(false)),
}).map(({ naming: n, rest, ...s }) => {
  const exact = s.router.type !== 'replicaRatio';
  const m = s.canaryMatch;
  return clean({
    construct: 'CanaryApp' as const, ...n, ...s, ...rest,
    // The router omitted half of the time: the replica ratio is the default.
    router: s.router.type === 'replicaRatio' && n.id.length % 2 === 0 ? undefined : s.router,
    canaryReplicas: exact ? s.canaryReplicas : undefined,
    canaryMatch: !exact || (m?.type === 'cookie' && s.router.type === 'gatewayApi') ? undefined : m,
  }) as CanarySpec;
});

export const validCanarySpec = canarySpecCandidate.filter(acceptable);
export const validCanaryProps = validCanarySpec.map(canaryProps);

// ------------------------------------------------------------------------- derived arbitraries

/** A neighbouring app of the same kind in the same namespace, whose names cannot collide with the app's. */
export function neighbourOf(spec: AnySpec): AnySpec {
  const name = appName(spec);
  const other = name !== 'nb0' && !name.startsWith('nb0-') ? 'nb0' : 'nb1';
  const image = 'registry.example.com/neighbour/app:2.0.0';
  const w: WorkloadSpec = { readiness: { type: 'httpGet', path: '/ready', ref: { by: 'first' }, timing: {} }, drain: { type: 'default' }, strategy: { type: 'default' }, disruptionBudget: { type: 'default' } };
  const base = { id: 'Neighbour', name: other, namespace: spec.namespace, w };
  if (spec.construct === 'SafeRollingDeployment') return { construct: 'SafeRollingDeployment', ...base, image };
  if (spec.construct === 'BlueGreenApp') return { construct: 'BlueGreenApp', ...base, activeSlot: 'blue', blue: { image }, green: { image: 'registry.example.com/neighbour/app:2.1.0' } };
  return { construct: 'CanaryApp', ...base, stable: { image }, canary: { image: 'registry.example.com/neighbour/app:2.1.0' }, canaryWeight: 50 };
}

/** A valid BlueGreenApp whose flipped twin (the other slot active) is valid too. */
export const flippableBlueGreen: Arb<[BlueGreenSpec, BlueGreenSpec]> = validBlueGreenSpec
  .map((s): [BlueGreenSpec, BlueGreenSpec] => [s, { ...s, activeSlot: otherSlot(s.activeSlot) }])
  .filter(([, flipped]) => isValid(flipped));

/** A valid CanaryApp and the same app at another weight (also valid). */
export const reweightedCanary: Arb<[CanarySpec, CanarySpec]> = validCanarySpec
  .chain((s) => weight.map((w): [CanarySpec, CanarySpec] => [s, { ...s, canaryWeight: w }]))
  .filter(([, moved]) => isValid(moved));

// ------------------------------------------------------------------------------------ mistakes

/** One known mistake: applied to a valid spec, it must make the library fail naming `props`. */
export interface Mistake<S extends AnySpec> {
  readonly name: string;
  /** Prop paths; the error must name at least one (and everything the model finds wrong). */
  readonly props: (spec: S) => string[];
  readonly apply: (spec: S) => Arb<S>;
  /**
   * Not a documented library rule but the API server's (or a pinned CRD's): the library has to
   * refuse it at synth because `kubectl apply` would.
   */
  readonly serverRule?: boolean;
}

const onW = <S extends AnySpec>(spec: S, change: Partial<WorkloadSpec>): S => ({ ...spec, w: clean({ ...spec.w, ...change }) });
const declaredPorts = (spec: AnySpec): PortSpec[] => spec.w.ports ?? [{ port: 8080, name: 'http' }];

/** Mistakes in the options every construct shares. */
export function workloadMistakes<S extends AnySpec>(): Mistake<S>[] {
  return [
    { name: 'missing readiness probe', props: () => ['readiness'], apply: (s) => fc.constant(onW(s, { readiness: undefined })) },
    {
      name: 'liveness identical to readiness',
      props: () => ['liveness'],
      apply: (s) => fc.constant(onW(s, { liveness: { ...s.w.readiness!, timing: {} }, disableLiveness: undefined })),
    },
    {
      name: 'liveness identical to readiness but for the HTTP scheme (same handler, path and port)',
      props: () => ['liveness'],
      apply: (s) => fc.tuple(httpPath, portRef(resolvedPorts(s.w).filter((p) => p.protocol === 'TCP')), fc.constantFrom<[('HTTP' | 'HTTPS' | undefined), 'HTTP' | 'HTTPS']>([undefined, 'HTTPS'], ['HTTPS', 'HTTP'], ['HTTP', 'HTTPS']))
        .map(([path, ref, [a, b]]) => onW(s, {
          readiness: clean({ type: 'httpGet' as const, path, scheme: a, ref, timing: {} }),
          liveness: { type: 'httpGet', path, scheme: b, ref, timing: {} },
          disableLiveness: undefined,
        })),
    },
    {
      name: 'readiness probe on an undeclared port',
      props: () => ['readiness.port', 'readiness.portName'],
      apply: (s) => {
        const declared = resolvedPorts(s.w);
        const ref: Arb<PortRef> = fc.oneof(
          portNumber.filter((p) => !declared.some((d) => d.port === p)).map((port): PortRef => ({ by: 'number', port })),
          portName.filter((n) => !declared.some((d) => d.name === n)).map((name): PortRef => ({ by: 'name', name })),
        );
        return fc.tuple(ref, fc.boolean()).map(([r, http]) => onW(s, { readiness: http ? { type: 'httpGet', path: '/ready', ref: r, timing: {} } : { type: 'tcpSocket', ref: r, timing: {} } }));
      },
    },
    {
      name: 'terminationGracePeriod not longer than the drain',
      props: () => ['terminationGracePeriod'],
      apply: (s) => fc.integer({ min: 1, max: 300 }).chain((d) =>
        fc.tuple(fc.integer({ min: 1, max: d }), fc.boolean()).map(([grace, sleep]) => onW(s, {
          drain: sleep ? { type: 'sleep', seconds: d } : { type: 'httpGet', path: '/drain', seconds: d, ref: { by: 'first' } },
          terminationGracePeriod: grace,
        }))),
    },
    {
      name: 'maxSurge and maxUnavailable both 0',
      props: () => ['strategy.maxSurge'],
      apply: (s) => fc.tuple(fc.constantFrom(count(0), percent(0)), fc.constantFrom(count(0), percent(0)), opt(fc.boolean()))
        .map(([a, b, allow]) => onW(s, { strategy: clean({ type: 'rolling' as const, maxSurge: a, maxUnavailable: b, allowCapacityDrop: allow }) })),
    },
    {
      name: 'maxUnavailable over 100%',
      props: () => ['strategy.maxUnavailable'],
      apply: (s) => fc.tuple(fc.integer({ min: 101, max: 1000 }), opt(surge), fc.boolean())
        .map(([p, sg, allow]) => onW(s, { strategy: clean({ type: 'rolling' as const, maxSurge: sg, maxUnavailable: percent(p), allowCapacityDrop: allow }) })),
    },
    {
      name: 'capacity drop without allowCapacityDrop',
      props: () => ['strategy.maxUnavailable'],
      apply: (s) => fc.tuple(fc.integer({ min: 1, max: 3 }), opt(surge), fc.constantFrom(undefined, false))
        .map(([u, sg, allow]) => onW(s, { strategy: clean({ type: 'rolling' as const, maxSurge: sg, maxUnavailable: count(u), allowCapacityDrop: allow }) })),
    },
    {
      name: 'capacity drop forced by the controller (both resolve to 0) without allowCapacityDrop',
      props: () => ['strategy.maxUnavailable'],
      apply: (s) => fc.tuple(fc.constantFrom(count(0), percent(0)), fc.integer({ min: 1, max: 30 }))
        .map(([sg, u]) => onW(s, { strategy: { type: 'rolling', maxSurge: sg, maxUnavailable: percent(u) } })),
    },
    {
      name: 'negative or fractional maxSurge',
      props: () => ['strategy.maxSurge'],
      apply: (s) => fc.constantFrom(count(-1), count(1.5), percent(12.5), percent(-25))
        .map((sg) => onW(s, { strategy: { type: 'rolling', maxSurge: sg, maxUnavailable: count(0) } })),
    },
    {
      name: 'fractional drain duration',
      props: () => ['drain.duration'],
      apply: (s) => fc.constantFrom(0.5, 1.5, 10.25).map((seconds) => onW(s, { drain: { type: 'sleep', seconds }, terminationGracePeriod: undefined })),
    },
    {
      name: 'port number 0, negative, fractional or above 65535',
      props: (s) => [`ports[${0}].port`, ...declaredPorts(s).map((_, i) => `ports[${i}].port`)],
      apply: (s) => fc.tuple(fc.nat(declaredPorts(s).length - 1), fc.constantFrom(0, -1, 80.5, 65536, 70000)).map(([i, port]) =>
        onW(s, { ports: declaredPorts(s).map((p, j) => (j === i ? { ...p, port } : p)) })),
    },
    {
      name: 'port name longer than 15 characters',
      props: (s) => declaredPorts(s).map((_, i) => `ports[${i}].name`),
      apply: (s) => fc.tuple(fc.nat(declaredPorts(s).length - 1), word(16, 20, LOWER, LOWER + DIGIT, LOWER + DIGIT, LOWER)).map(([i, name]) =>
        onW(s, { ports: declaredPorts(s).map((p, j) => (j === i ? { ...p, name } : p)) })),
    },
    {
      name: 'two ports with one name',
      props: (s) => declaredPorts(s).map((_, i) => `ports[${i}].name`).concat(`ports[${declaredPorts(s).length}].name`),
      apply: (s) => {
        const declared = resolvedPorts(s.w);
        const free = portNumber.filter((n) => !declared.some((d) => d.port === n));
        return fc.tuple(fc.constantFrom(...declared), free).map(([dup, port]) => onW(s, { ports: [...declaredPorts(s), { port, name: dup.name }] }));
      },
    },
    {
      name: 'progressDeadline not longer than minReady',
      props: () => ['progressDeadline'],
      apply: (s) => fc.integer({ min: 1, max: 600 }).chain((m) =>
        fc.integer({ min: 1, max: m }).map((d) => onW(s, { minReady: m, progressDeadline: d }))),
    },
    {
      name: 'CPU limit below the request',
      props: () => ['resources.cpuLimit'],
      apply: (s) => fc.integer({ min: 20, max: 4000 }).chain((req) => fc.integer({ min: 1, max: req - 1 }).map((lim) =>
        onW(s, { resources: { ...s.w.resources, cpuRequestMilli: req, cpuLimitMilli: lim } }))),
    },
    {
      name: 'liveness together with disableLiveness',
      props: () => ['liveness'],
      apply: (s) => fc.constant(onW(s, { liveness: { type: 'exec', command: ['/bin/alive'], timing: {} }, disableLiveness: true })),
    },
    {
      name: 'liveness successThreshold above 1',
      props: () => ['liveness.successThreshold'],
      apply: (s) => fc.integer({ min: 2, max: 5 }).map((n) => onW(s, { liveness: { type: 'exec', command: ['/bin/alive'], timing: { successThreshold: n } }, disableLiveness: undefined })),
    },
    {
      name: 'node port on a ClusterIP Service',
      props: () => ['service.nodePort'],
      apply: (s) => fc.integer({ min: 30000, max: 32767 })
        .map((nodePort) => ({ ...s, service: clean({ ...(s as any).service, type: undefined, nodePort }) })),
    },
    {
      name: 'disruption budget allowing no disruption',
      props: () => ['disruptionBudget.maxUnavailable'],
      apply: (s) => fc.constantFrom(count(0), percent(0)).map((pods) => onW(s, { disruptionBudget: { type: 'maxUnavailable', pods } })),
    },
    {
      name: 'user label with a key the construct sets',
      props: () => ['labels'],
      apply: (s) => fc.constantFrom('app.kubernetes.io/name', 'app.kubernetes.io/version', 'release-strategies.cdk8s.io/track')
        .map((key) => onW(s, { labels: { ...s.w.labels, [key]: 'x' } })),
    },
    {
      name: 'revisionHistoryLimit 0',
      props: () => ['revisionHistoryLimit'],
      apply: (s) => fc.constant(onW(s, { revisionHistoryLimit: 0 })),
    },
    {
      name: 'bad namespace',
      props: () => ['namespace'],
      apply: (s) => fc.constantFrom('Shop', 'shop_prod', '-shop', 'shop.prod', 'a'.repeat(64)).map((namespace) => ({ ...s, namespace })),
    },
    {
      name: 'readiness period beyond int32',
      props: () => ['readiness.period'],
      serverRule: true,
      apply: (s) => fc.integer({ min: 2 ** 31, max: 2 ** 40 }).map((period) => onW(s, { readiness: { type: 'tcpSocket', ref: { by: 'first' }, timing: { period } } })),
    },
  ];
}

/** A name the construct must refuse: bad characters, or too long (derived names included). */
export function badName<S extends AnySpec>(): Mistake<S> {
  return {
    name: 'bad or too long name',
    props: () => ['name'],
    apply: (s) => {
      const max = maxNameLength(s.construct);
      const tooLong = dns1035(Math.max(64, max + 10), max + 1);
      const broken = fc.tuple(dns1035(max - 1), fc.constantFrom('A', '_', '.', ' ')).chain(([n, c]) => fc.nat(n.length).map((i) => n.slice(0, i) + c + n.slice(i)));
      const ends = dns1035(max - 1).chain((n) => fc.constantFrom(`${n}-`, `1${n}`.slice(0, max), `-${n}`.slice(0, max)));
      return fc.oneof(tooLong, broken, ends, fc.constant('')).map((name) => ({ ...s, name }));
    },
  };
}

function withImage<S extends AnySpec>(s: S, prop: string, image: string): S {
  const parts = prop.split('.');
  if (parts.length === 1) return { ...s, [prop]: image, version: undefined } as S;
  const [group] = parts;
  return { ...s, [group]: clean({ ...((s as any)[group] ?? {}), image, version: undefined }) } as S;
}

/** `:latest`, or no tag at all, on the image at `prop`. */
export function mutableImage<S extends AnySpec>(prop: (s: S) => string): Mistake<S> {
  return {
    name: `:latest or untagged image`,
    props: (s) => [prop(s)],
    apply: (s) => fc.tuple(repository, fc.constantFrom(':latest', '')).map(([repo, tag]) => withImage(onW(s, { allowMutableImageTag: undefined }), prop(s), `registry.example.com/${repo}${tag}`)),
  };
}

export const MISTAKES_SAFE_ROLLING: Mistake<SafeRollingSpec>[] = [
  ...workloadMistakes<SafeRollingSpec>(),
  badName<SafeRollingSpec>(),
  mutableImage<SafeRollingSpec>(() => 'image'),
  {
    name: 'zero, negative or fractional replicas',
    props: () => ['replicas'],
    apply: (s) => fc.constantFrom(0, -1, 1.5, 2.5).map((replicas) => ({ ...s, autoscaling: undefined, replicas })),
  },
  {
    name: 'replicas together with autoscaling',
    props: () => ['replicas'],
    apply: (s) => fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 5, max: 10 }))
      .map(([replicas, max]) => ({ ...s, replicas, autoscaling: { maxReplicas: max } })),
  },
  {
    name: 'autoscaling maxReplicas below minReplicas',
    props: () => ['autoscaling.maxReplicas'],
    apply: (s) => fc.integer({ min: 3, max: 10 }).chain((min) => fc.integer({ min: 1, max: min - 1 })
      .map((max) => ({ ...s, replicas: undefined, autoscaling: { minReplicas: min, maxReplicas: max } }))),
  },
  {
    name: 'capacity drop only at the autoscaler\'s largest size',
    props: () => ['strategy.maxUnavailable'],
    apply: (s) => fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 6, max: 40 })).chain(([min, max]) =>
      // A percentage that rounds down to 0 pods at `min` but to at least 1 at `max`.
      fc.integer({ min: Math.ceil(100 / max), max: Math.ceil(100 / min) - 1 }).map((p) => onW(
        { ...s, replicas: undefined, autoscaling: { minReplicas: min, maxReplicas: max } },
        { strategy: { type: 'rolling', maxSurge: percent(25), maxUnavailable: percent(p) }, disruptionBudget: { type: 'default' } },
      ))),
  },
  {
    name: 'default disruption budget with 1 replica',
    props: () => ['disruptionBudget'],
    apply: (s) => fc.constant(onW({ ...s, autoscaling: undefined, replicas: 1 }, { disruptionBudget: { type: 'default' } })),
  },
];

export const MISTAKES_BLUE_GREEN: Mistake<BlueGreenSpec>[] = [
  ...workloadMistakes<BlueGreenSpec>(),
  badName<BlueGreenSpec>(),
  mutableImage<BlueGreenSpec>((s) => `${s.activeSlot}.image`),
  {
    name: 'zero, negative or fractional replicas',
    props: () => ['replicas'],
    apply: (s) => fc.constantFrom(0, -1, 1.5).map((replicas) => ({ ...s, replicas })),
  },
  {
    name: 'empty active slot',
    props: (s) => [`${s.activeSlot}.image`],
    apply: (s) => fc.constant({ ...s, [s.activeSlot]: clean({ replicas: s[s.activeSlot].replicas }) }),
  },
  {
    name: 'active slot with 0 replicas',
    props: (s) => [`${s.activeSlot}.replicas`],
    apply: (s) => fc.constant({ ...s, [s.activeSlot]: { ...s[s.activeSlot], replicas: 0 } }),
  },
  {
    name: 'idle slot scaled to a negative or fractional count',
    props: () => ['idleSlot'],
    apply: (s) => fc.tuple(fc.constantFrom(-1, 1.5), versionedImage).map(([replicas, image]) => ({
      ...s, idleSlot: { type: 'scaleTo' as const, replicas }, [otherSlot(s.activeSlot)]: { ...s[otherSlot(s.activeSlot)], ...(s[otherSlot(s.activeSlot)].image ? {} : image) },
    })),
  },
  {
    name: 'idle slot scaled above its full size with a maxUnavailable that then drops capacity',
    props: () => ['idleSlot'],
    apply: (s) => fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 12 }), versionedImage).map(([full, now, image]) => {
      const idle = otherSlot(s.activeSlot);
      // 25% is 0 pods at `full` (<= 3) but at least 1 at `now` (>= 4).
      return onW({ ...s, [idle]: { ...(s[idle].image ? s[idle] : image), replicas: full }, idleSlot: { type: 'scaleTo' as const, replicas: now } },
        { strategy: { type: 'rolling', maxSurge: count(1), maxUnavailable: percent(25) }, disruptionBudget: { type: 'none' } });
    }),
  },
];

/** Switches the router, keeping the rest of the spec valid for it (a canary pod where traffic goes). */
function withRouter(s: CanarySpec, r: RouterSpec, m?: MatchSpec): CanarySpec {
  const exact = r.type !== 'replicaRatio';
  const needsPod = exact && (s.canaryWeight ?? 0) + (m ? 1 : 0) > 0 && (s.canaryReplicas ?? (isReleasing(s) ? 2 : 0)) === 0;
  return clean({ ...s, router: r, canaryMatch: m, canaryReplicas: !exact ? undefined : needsPod ? 1 : s.canaryReplicas });
}

const gatewayOf = (s: CanarySpec): Arb<Extract<RouterSpec, { type: 'gatewayApi' }>> => (s.router?.type === 'gatewayApi' ? fc.constant(s.router) : gatewayRouter as any);
const nginxOf = (s: CanarySpec): Arb<Extract<RouterSpec, { type: 'nginxIngress' }>> => (s.router?.type === 'nginxIngress'
  ? fc.constant(s.router) : fc.record({ host: hostname() }).map((r) => ({ type: 'nginxIngress' as const, ...r })));
const headerName = word(1, 64, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS, TOKEN_CHARS);

export const MISTAKES_CANARY: Mistake<CanarySpec>[] = [
  ...workloadMistakes<CanarySpec>(),
  badName<CanarySpec>(),
  mutableImage<CanarySpec>(() => 'stable.image'),
  mutableImage<CanarySpec>(() => 'canary.image'),
  {
    name: 'missing stable image',
    props: () => ['stable.image'],
    apply: (s) => fc.constant({ ...s, stable: clean({ version: s.stable.version }), canary: s.canary?.image ? s.canary : { image: 'registry.example.com/x/y:1.0.0' } }),
  },
  {
    name: 'canaryWeight above 100, negative or fractional',
    props: () => ['canaryWeight'],
    apply: (s) => fc.constantFrom(101, 150, -1, 12.5, 99.9).map((canaryWeight) => ({ ...s, canaryWeight })),
  },
  {
    name: 'zero, negative or fractional replicas',
    props: () => ['replicas'],
    apply: (s) => fc.constantFrom(0, -1, 2.5).map((replicas) => ({ ...s, replicas })),
  },
  {
    name: 'canaryReplicas with the replica ratio',
    props: () => ['canaryReplicas'],
    apply: (s) => fc.integer({ min: 0, max: 5 }).map((n) => ({ ...withRouter(s, { type: 'replicaRatio' }), canaryReplicas: n })),
  },
  {
    name: 'a match with the replica ratio',
    props: () => ['canaryMatch'],
    apply: (s) => match.map((m) => ({ ...withRouter(s, { type: 'replicaRatio' }), canaryMatch: m })),
  },
  {
    name: 'cookie match with the Gateway API',
    props: () => ['canaryMatch'],
    apply: (s) => fc.tuple(gatewayOf(s), headerName).map(([r, name]) => withRouter(s, r, { type: 'cookie', name })),
  },
  {
    name: 'canaryReplicas 0 while the router sends the canary traffic',
    props: () => ['canaryReplicas'],
    apply: (s) => fc.tuple(fc.oneof(gatewayOf(s), nginxOf(s)), fc.integer({ min: 1, max: 100 }))
      .map(([r, w]) => ({ ...withRouter({ ...s, canaryWeight: w }, r), canaryReplicas: 0 })),
  },
  {
    name: 'header name that is not an HTTP token',
    props: () => ['canaryMatch.name'],
    apply: (s) => fc.tuple(fc.oneof(gatewayOf(s), nginxOf(s)), fc.constantFrom('X Canary', 'X-Canary:', '', 'é')).map(([r, name]) => withRouter(s, r, { type: 'header', name, value: 'always' })),
  },
  {
    name: 'Gateway API route without host names',
    props: () => ['trafficRouter.hostnames'],
    apply: (s) => gatewayOf(s).map((r) => withRouter(s, { ...r, hostnames: [] }, s.canaryMatch?.type === 'header' ? s.canaryMatch : undefined)),
  },
  {
    name: 'Gateway API host name that is not a DNS name',
    props: () => ['trafficRouter.hostnames[0]'],
    apply: (s) => fc.tuple(gatewayOf(s), fc.constantFrom('Shop.example.com', 'shop_example.com', '*.*.example.com', 'shop.example.com.', '-shop.example.com'))
      .map(([r, bad]) => withRouter(s, { ...r, hostnames: [bad, ...r.hostnames.slice(1)] }, s.canaryMatch?.type === 'header' ? s.canaryMatch : undefined)),
  },
  {
    name: 'name too long for the derived -stable / -canary names',
    props: () => ['name'],
    apply: (s) => dns1035(63, maxNameLength('CanaryApp') + 1).map((name) => ({ ...s, name })),
  },
  // The API server's and the pinned HTTPRoute CRD's rules, which the library has to apply at synth.
  {
    name: 'Gateway API sectionName that is not a DNS name (CRD pattern)',
    props: () => ['trafficRouter.sectionName'],
    serverRule: true,
    apply: (s) => fc.tuple(gatewayOf(s), fc.constantFrom('HTTPS', 'web_tls', 'https-', 'a b')).map(([r, sectionName]) => withRouter(s, { ...r, sectionName }, s.canaryMatch?.type === 'header' ? s.canaryMatch : undefined)),
  },
  {
    name: 'more than 16 Gateway API host names (CRD maxItems)',
    props: () => ['trafficRouter.hostnames'],
    serverRule: true,
    apply: (s) => fc.tuple(gatewayOf(s), fc.integer({ min: 17, max: 20 })).map(([r, n]) => withRouter(s, { ...r, hostnames: Array.from({ length: n }, (_, i) => `h${i}.example.com`) }, s.canaryMatch?.type === 'header' ? s.canaryMatch : undefined)),
  },
  {
    name: 'Gateway API header match value over 4096 characters (CRD maxLength)',
    props: () => ['canaryMatch.value'],
    serverRule: true,
    apply: (s) => fc.tuple(gatewayOf(s), fc.integer({ min: 4097, max: 5000 })).map(([r, n]) => withRouter(s, r, { type: 'header', name: 'X-Canary', value: 'v'.repeat(n) })),
  },
  {
    name: 'Gateway API header match name over 256 characters (CRD maxLength)',
    props: () => ['canaryMatch.name'],
    serverRule: true,
    apply: (s) => fc.tuple(gatewayOf(s), fc.integer({ min: 257, max: 300 })).map(([r, n]) => withRouter(s, r, { type: 'header', name: 'X'.repeat(n), value: 'always' })),
  },
  {
    name: 'NGINX ingressClassName that is not a DNS subdomain',
    props: () => ['trafficRouter.ingressClassName'],
    serverRule: true,
    apply: (s) => fc.tuple(nginxOf(s), fc.constantFrom('Nginx', 'nginx_internal', 'nginx.')).map(([r, ingressClassName]) => withRouter(s, { ...r, ingressClassName }, s.canaryMatch)),
  },
  {
    name: 'NGINX path the API server refuses for Prefix paths (//, /./, /../)',
    props: () => ['trafficRouter.path'],
    serverRule: true,
    apply: (s) => fc.tuple(nginxOf(s), fc.constantFrom('/a//b', '//', '/a/./b', '/a/../b', '/shop/..', '/shop/.')).map(([r, path]) => withRouter(s, { ...r, path }, s.canaryMatch)),
  },
  {
    name: 'NGINX host that is an IP address',
    props: () => ['trafficRouter.host'],
    serverRule: true,
    apply: (s) => fc.tuple(nginxOf(s), fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))).map(([r, ip]) => withRouter(s, { ...r, host: ip.join('.') }, s.canaryMatch)),
  },
];

/**
 * Applies a mistake to valid specs. `modelAgrees` says whether the model sees the mistake too; the
 * property fails when it does not (a mistake that is none would test nothing).
 */
export function invalidSpecs<S extends AnySpec>(valid: Arb<S>, mistake: Mistake<S>): Arb<{ spec: S; props: string[]; modelAgrees: boolean }> {
  return valid.chain((s) => mistake.apply(s).map((spec) => {
    const props = mistake.props(s);
    return { spec, props, modelAgrees: problemsOf(spec).some((p) => props.includes(p.prop)) };
  }));
}
