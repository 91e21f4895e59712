/**
 * Turns specs (model.ts) into props through the public API only, and synthesizes them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, CanaryMatch, DisruptionBudget, Drain, HostSpreading, HttpScheme,
  IdleSlot, ImagePullPolicy, Pods, Probe, Protocol, RolloutStrategy, SafeRollingDeployment, SafeRollingDeploymentProps, ServiceType,
  Slot, TrafficRouter,
} from '../../src';
import {
  AnySpec, BlueGreenSpec, BudgetSpec, CanarySpec, DrainSpec, PodsSpec, PortRef, ProbeSpec, RolloutSpec, SafeRollingSpec, ServiceSpec, WorkloadSpec,
} from './model';

/** Drops keys whose value is undefined: the library reports unknown keys, and specs never mean "explicitly undefined". */
function defined<T extends object>(o: T): T {
  const out: any = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** Whole seconds as Duration.seconds; a fraction (a mistake under test) as milliseconds. */
function duration(seconds: number | undefined): Duration | undefined {
  if (seconds === undefined) return undefined;
  return Number.isInteger(seconds) ? Duration.seconds(seconds) : Duration.millis(Math.round(seconds * 1000));
}

function pods(p: PodsSpec): Pods {
  return p.kind === 'percent' ? Pods.percent(p.amount) : Pods.count(p.amount);
}

function portOptions(ref: PortRef): { port?: number; portName?: string } {
  if (ref.by === 'number') return { port: ref.port };
  if (ref.by === 'name') return { portName: ref.name };
  return {};
}

function probe(spec: ProbeSpec): Probe {
  const t = spec.timing;
  const timing = defined({
    initialDelay: duration(t.initialDelay), period: duration(t.period), timeout: duration(t.timeout),
    failureThreshold: t.failureThreshold, successThreshold: t.successThreshold,
  });
  if (spec.type === 'exec') return Probe.exec(spec.command, timing);
  if (spec.type === 'tcpSocket') return Probe.tcpSocket({ ...timing, ...portOptions(spec.ref) });
  const scheme = spec.scheme === undefined ? undefined : spec.scheme === 'HTTPS' ? HttpScheme.HTTPS : HttpScheme.HTTP;
  return Probe.httpGet(spec.path, defined({ ...timing, ...portOptions(spec.ref), scheme }));
}

function drain(spec: DrainSpec): Drain | undefined {
  switch (spec.type) {
    case 'default': return undefined;
    case 'none': return Drain.none();
    case 'sleep': return Drain.sleep(duration(spec.seconds)!);
    default: return Drain.httpGet(spec.path, { duration: duration(spec.seconds)!, ...portOptions(spec.ref) });
  }
}

function strategy(spec: RolloutSpec): RolloutStrategy | undefined {
  if (spec.type === 'default') return undefined;
  if (spec.type === 'recreate') return RolloutStrategy.recreate();
  return RolloutStrategy.rollingUpdate(defined({
    maxSurge: spec.maxSurge && pods(spec.maxSurge),
    maxUnavailable: spec.maxUnavailable && pods(spec.maxUnavailable),
    allowCapacityDrop: spec.allowCapacityDrop,
  }));
}

function budget(spec: BudgetSpec): DisruptionBudget | undefined {
  switch (spec.type) {
    case 'default': return undefined;
    case 'none': return DisruptionBudget.none();
    case 'maxUnavailable': return DisruptionBudget.maxUnavailable(pods(spec.pods));
    default: return DisruptionBudget.minAvailable(pods(spec.pods));
  }
}

const SERVICE_TYPES = { ClusterIP: ServiceType.CLUSTER_IP, NodePort: ServiceType.NODE_PORT, LoadBalancer: ServiceType.LOAD_BALANCER };
const PROTOCOLS = { TCP: Protocol.TCP, UDP: Protocol.UDP, SCTP: Protocol.SCTP };
const PULL = { Always: ImagePullPolicy.ALWAYS, IfNotPresent: ImagePullPolicy.IF_NOT_PRESENT, Never: ImagePullPolicy.NEVER };
const HOSTS = { PREFERRED: HostSpreading.PREFERRED, REQUIRED: HostSpreading.REQUIRED, NONE: HostSpreading.NONE };

function service(spec: ServiceSpec | undefined) {
  if (!spec) return undefined;
  return defined({ type: spec.type && SERVICE_TYPES[spec.type], port: spec.port, targetPortName: spec.targetPortName, nodePort: spec.nodePort });
}

const mi = (n: number | undefined) => (n === undefined ? undefined : n % 1024 === 0 ? `${n / 1024}Gi` : `${n}Mi`);
const cpu = (m: number | undefined) => (m === undefined ? undefined : m % 1000 === 0 ? `${m / 1000}` : `${m}m`);

/** WorkloadProps (shared by the three constructs). */
export function workloadProps(w: WorkloadSpec) {
  const r = w.resources;
  const s = w.security;
  const sp = w.spreading;
  return defined({
    containerName: w.containerName,
    ports: w.ports?.map((p) => defined({ port: p.port, name: p.name, protocol: p.protocol && PROTOCOLS[p.protocol] })),
    command: w.command,
    args: w.args,
    env: w.env,
    configMapMounts: w.configMapMounts,
    secretMounts: w.secretMounts,
    resources: r && defined({
      cpuRequest: cpu(r.cpuRequestMilli), cpuLimit: cpu(r.cpuLimitMilli), memoryRequest: mi(r.memoryRequestMi), memoryLimit: mi(r.memoryLimitMi),
      ephemeralStorageRequest: mi(r.storageRequestMi), ephemeralStorageLimit: mi(r.storageLimitMi),
    }),
    readiness: w.readiness && probe(w.readiness),
    liveness: w.liveness && probe(w.liveness),
    disableLiveness: w.disableLiveness,
    startup: w.startup && probe(w.startup),
    drain: drain(w.drain),
    shutdownBudget: duration(w.shutdownBudget),
    terminationGracePeriod: duration(w.terminationGracePeriod),
    security: s && defined({ ...s }),
    spreading: sp && defined({ acrossHosts: sp.acrossHosts && HOSTS[sp.acrossHosts], acrossZones: sp.acrossZones, zoneMaxSkew: sp.zoneMaxSkew }),
    labels: w.labels,
    imagePullPolicy: w.imagePullPolicy && PULL[w.imagePullPolicy],
    allowMutableImageTag: w.allowMutableImageTag,
    priorityClassName: w.priorityClassName,
    serviceAccountName: w.serviceAccountName,
    minReady: duration(w.minReady),
    progressDeadline: duration(w.progressDeadline),
    revisionHistoryLimit: w.revisionHistoryLimit,
    changeCause: w.changeCause,
    strategy: strategy(w.strategy),
    disruptionBudget: budget(w.disruptionBudget),
    networkPolicy: w.networkPolicy,
  });
}

export function safeRollingProps(spec: SafeRollingSpec): SafeRollingDeploymentProps {
  return defined({
    ...workloadProps(spec.w), name: spec.name, namespace: spec.namespace, image: spec.image, version: spec.version,
    replicas: spec.replicas, autoscaling: spec.autoscaling && defined({ ...spec.autoscaling }), service: service(spec.service),
  }) as SafeRollingDeploymentProps;
}

export function blueGreenProps(spec: BlueGreenSpec): BlueGreenAppProps {
  const idle = spec.idleSlot;
  return defined({
    ...workloadProps(spec.w), name: spec.name, namespace: spec.namespace,
    activeSlot: spec.activeSlot === 'blue' ? Slot.BLUE : Slot.GREEN,
    blue: defined({ ...spec.blue }), green: defined({ ...spec.green }), replicas: spec.replicas,
    idleSlot: idle && (idle.type === 'keepFull' ? IdleSlot.keepFull() : idle.type === 'scaleToZero' ? IdleSlot.scaleToZero() : IdleSlot.scaleTo(idle.replicas)),
    preview: spec.preview, service: service(spec.service),
  }) as BlueGreenAppProps;
}

export function canaryProps(spec: CanarySpec): CanaryAppProps {
  const r = spec.router;
  let trafficRouter: TrafficRouter | undefined;
  if (r?.type === 'replicaRatio') trafficRouter = TrafficRouter.replicaRatio();
  if (r?.type === 'gatewayApi') trafficRouter = TrafficRouter.gatewayApi(defined({ gatewayName: r.gatewayName, gatewayNamespace: r.gatewayNamespace, sectionName: r.sectionName, hostnames: r.hostnames }));
  if (r?.type === 'istio') trafficRouter = TrafficRouter.istio(defined({ hosts: r.hosts, gateways: r.gateways }));
  if (r?.type === 'nginxIngress') trafficRouter = TrafficRouter.nginxIngress(defined({ host: r.host, path: r.path, ingressClassName: r.ingressClassName, tlsSecretName: r.tlsSecretName }));
  const m = spec.canaryMatch;
  return defined({
    ...workloadProps(spec.w), name: spec.name, namespace: spec.namespace,
    stable: defined({ ...spec.stable }), canary: spec.canary && defined({ ...spec.canary }),
    canaryWeight: spec.canaryWeight, trafficRouter, replicas: spec.replicas, canaryReplicas: spec.canaryReplicas,
    canaryMatch: m && (m.type === 'header' ? CanaryMatch.header(m.name, m.value) : CanaryMatch.cookie(m.name)),
    service: service(spec.service),
  }) as CanaryAppProps;
}

/** Adds the construct a spec describes to `scope`. */
export function build(scope: Construct, spec: AnySpec): Construct {
  switch (spec.construct) {
    case 'SafeRollingDeployment': return new SafeRollingDeployment(scope, spec.id, safeRollingProps(spec));
    case 'BlueGreenApp': return new BlueGreenApp(scope, spec.id, blueGreenProps(spec));
    default: return new CanaryApp(scope, spec.id, canaryProps(spec));
  }
}

// ------------------------------------------------------------------------------- synthesis

/**
 * One output directory for every test chart of this process. `Testing.chart()` makes a fresh temp
 * directory per call; at tens of thousands of cases that litters /tmp, and `Testing.synth` never
 * writes to it anyway.
 */
let sharedOutdir: string | undefined;
export function testChart(): Chart {
  if (!sharedOutdir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'properties-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    sharedOutdir = dir;
  }
  return new Chart(Testing.app({ outdir: sharedOutdir }), 'test');
}

/** Kind/name of every API object under `construct`. */
export function objectKeys(construct: Construct): Set<string> {
  return new Set(construct.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => `${o.kind}/${o.name}`));
}

export interface Synthesized {
  readonly manifests: any[];
  /** The construct under test. */
  readonly construct: Construct;
  /** Kind/name of the objects the construct under test made. */
  readonly own: Set<string>;
}

/**
 * A neighbouring app's manifests, synthesized once per construct and name (without a namespace) and
 * then put in the namespace asked for: it is the same fixture in every case.
 */
const neighbours = new Map<string, any[]>();
function neighbourManifests(neighbour: AnySpec): any[] {
  const cacheKey = `${neighbour.construct}/${neighbour.name}`;
  let manifests = neighbours.get(cacheKey);
  if (!manifests) {
    const chart = testChart();
    build(chart, { ...neighbour, namespace: undefined });
    manifests = Testing.synth(chart);
    neighbours.set(cacheKey, manifests);
  }
  const copy = JSON.parse(JSON.stringify(manifests));
  if (neighbour.namespace !== undefined) for (const m of copy) m.metadata.namespace = neighbour.namespace;
  return copy;
}

/** Synthesizes `spec` with Testing.synth; a neighbouring app's manifests (same namespace) follow when given. */
export function synthesize(spec: AnySpec, neighbour?: AnySpec): Synthesized {
  const chart = testChart();
  const construct = build(chart, spec);
  const manifests = Testing.synth(chart);
  return { manifests: neighbour ? [...manifests, ...neighbourManifests(neighbour)] : manifests, construct, own: objectKeys(construct) };
}

/** Outcome of synthesizing an invalid spec: the error, and what a real `app.synth()` left on disk. */
export function synthesizeInvalid(spec: AnySpec, outdir: string): { error?: Error; returned: boolean; filesWritten: string[]; appError?: Error } {
  let error: Error | undefined;
  let returned = false;
  try {
    const chart = testChart();
    build(chart, spec);
    Testing.synth(chart);
    returned = true;
  } catch (e) {
    error = e as Error;
  }
  // The same props through a real App writing to disk: nothing may be written.
  for (const f of fs.readdirSync(outdir)) fs.rmSync(path.join(outdir, f), { recursive: true, force: true });
  let appError: Error | undefined;
  try {
    const app = new App({ outdir });
    build(new Chart(app, 'invalid'), spec);
    app.synth();
  } catch (e) {
    appError = e as Error;
  }
  const filesWritten = fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml'));
  return { error, returned, filesWritten, appError };
}
