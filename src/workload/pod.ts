import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { checkUserLabels, objectLabels, podSelector, Variant } from '../core/labels';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../core/names';
import { Problems } from '../core/problems';
import { checkImage, MUTABLE_TAG_RULE, resolveVersion } from './image';
import { ContainerPort, ResolvedPort, resolvePorts } from './ports';
import { Probe, RenderedProbe } from './probe';
import { ResourceOptions, renderResources } from './resources';
import { renderSecurity, SecurityOptions } from './security';
import { DEFAULT_DRAIN, Drain, gracePeriodSeconds } from './shutdown';
import { renderSpreading, SpreadingOptions } from './spreading';
import { checkKeys, structKeys } from '../core/known-keys';

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Check the registry on every container start (cheap with a digest); validates pull credentials. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must already be on the node (local clusters). */
  NEVER = 'Never',
}

/** A ConfigMap mounted as a read-only directory. */
export interface ConfigMapMount {
  /** Name of the ConfigMap, in the same namespace. */
  readonly configMapName: string;
  /** Absolute directory the ConfigMap's keys appear in as files. */
  readonly mountPath: string;
}

/** A Secret mounted as a read-only directory. */
export interface SecretMount {
  /** Name of the Secret, in the same namespace. */
  readonly secretName: string;
  /** Absolute directory the Secret's keys appear in as files. */
  readonly mountPath: string;
}

/**
 * What runs in every pod of an application, shared by all its versions: SafeRollingDeployment,
 * both slots of a BlueGreenApp and both tracks of a CanaryApp are built from these.
 */
export interface WorkloadOptions {
  /**
   * Name of the application container.
   * @default 'app'
   */
  readonly containerName?: string;
  /**
   * Ports the container listens on. The first is the one Services, probes and the drain use unless
   * told otherwise.
   * @default - one port, 8080, named 'http'
   */
  readonly ports?: ContainerPort[];
  /**
   * Entrypoint override.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * ConfigMaps mounted as read-only directories.
   * @default - none
   */
  readonly configMapMounts?: ConfigMapMount[];
  /**
   * Secrets mounted as read-only directories.
   * @default - none
   */
  readonly secretMounts?: SecretMount[];
  /**
   * CPU and memory requests and limits.
   * @default - requests 100m CPU, 128Mi memory, 100Mi ephemeral storage; limits 500m CPU, 256Mi memory, 1Gi ephemeral storage
   */
  readonly resources?: ResourceOptions;
  /**
   * Decides when a pod receives traffic and when a rollout may move on. Required for every pod
   * behind a Service: without it, traffic reaches pods that are still starting.
   * @default - none, which is an error for pods behind a Service
   */
  readonly readiness?: Probe;
  /**
   * Restarts a container that stopped responding. It must not check the same thing as readiness
   * (same handler, path and port): a slow dependency would then restart every pod at once.
   * @default - a TCP connection check of the readiness probe's port, unless readiness is already that
   */
  readonly liveness?: Probe;
  /**
   * Do not give the container any liveness probe.
   * @default false
   */
  readonly disableLiveness?: boolean;
  /**
   * Holds liveness (and readiness) back until a slow starter is up.
   * @default - when there is a liveness probe: a TCP check of the same port, every 10 s, for up to 5 minutes
   */
  readonly startup?: Probe;
  /**
   * What the pod does before SIGTERM, while routing stops sending it requests.
   * @default Drain.sleep(Duration.seconds(10))
   */
  readonly drain?: Drain;
  /**
   * How long the application needs after SIGTERM to finish in-flight work and exit.
   * @default Duration.seconds(20)
   */
  readonly shutdownBudget?: Duration;
  /**
   * terminationGracePeriodSeconds: the whole time from the stop request to a forced kill. Must be
   * longer than the drain.
   * @default - the drain plus the shutdownBudget (30 s with the defaults)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Security context and related settings.
   * @default - Pod Security Standards "restricted", uid/gid 10001, read-only root filesystem, writable /tmp
   */
  readonly security?: SecurityOptions;
  /**
   * How replicas spread over nodes and zones.
   * @default - preferred anti-affinity across nodes, zone spread with maxSkew 1
   */
  readonly spreading?: SpreadingOptions;
  /**
   * Extra labels on every object and pod. Keys the construct sets itself are refused.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * When the kubelet pulls the image.
   * @default ImagePullPolicy.ALWAYS
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Accept an untagged or `:latest` image.
   * @default false
   */
  readonly allowMutableImageTag?: boolean;
  /**
   * PriorityClass of the pods: which pods the scheduler preempts first when the cluster is full. The
   * class must exist in the cluster (Polaris warns while it is unset).
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Service account the pods run as.
   * @default - the namespace's default service account
   */
  readonly serviceAccountName?: string;
}

/** One version of the application: the part that differs between blue and green, or stable and canary. */
export interface PodVersion {
  /** The image. */
  readonly image?: string;
  /** The version label; derived from the image when undefined. */
  readonly version?: string;
  /** Prop path of the image and version in messages (`image`, `blue.image`, …). */
  readonly imageProp: string;
  readonly versionProp: string;
}

/** The pod template of one Deployment and what callers need to know about it. */
export interface RenderedPod {
  readonly template: k8s.PodTemplateSpec;
  /** The Deployment's selector: only labels that never change between releases. */
  readonly selector: Record<string, string>;
  readonly ports: ResolvedPort[];
  readonly version?: string;
  /** Plugin rules the user's opt-ins waive for this pod's Deployment (rule id -> reason). */
  readonly waivers: Record<string, string>;
}

/** Every prop of WorkloadOptions: strategies compose their props' key lists from it. */
export const WORKLOAD_OPTION_KEYS = {
  containerName: true, ports: true, command: true, args: true, env: true, configMapMounts: true, secretMounts: true,
  resources: true, readiness: true, liveness: true, disableLiveness: true, startup: true, drain: true, shutdownBudget: true,
  terminationGracePeriod: true, security: true, spreading: true, labels: true, imagePullPolicy: true, allowMutableImageTag: true,
  priorityClassName: true, serviceAccountName: true,
} as const satisfies Record<keyof WorkloadOptions, true>;
const CONFIG_MAP_MOUNT_KEYS = structKeys<ConfigMapMount>()({ configMapName: true, mountPath: true });
const SECRET_MOUNT_KEYS = structKeys<SecretMount>()({ secretName: true, mountPath: true });

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DEFAULT_STARTUP = { period: Duration.seconds(10), failureThreshold: 30 };

/**
 * The one safe pod builder. Every Deployment of every strategy gets its pods from here, so probes,
 * drain, grace period, security and spreading are decided in one place.
 */
export function renderPod(problems: Problems, appName: string, instance: string, options: WorkloadOptions, version: PodVersion,
  variant: Variant | undefined, behindService: boolean): RenderedPod {
  const image = checkImage(problems, version.imageProp, version.image, options.allowMutableImageTag ?? false);
  const resolvedVersion = resolveVersion(problems, version.versionProp, version.version, image);
  const ports = resolvePorts(problems, 'ports', options.ports);
  const containerName = options.containerName ?? 'app';
  const nameProblem = dns1123LabelProblem(containerName);
  if (nameProblem) problems.add('containerName', containerName, nameProblem);
  checkUserLabels(problems, 'labels', options.labels);

  const probes = renderProbes(problems, options, ports, behindService);
  const drain = (options.drain ?? DEFAULT_DRAIN)._render(problems, 'drain', ports);
  const grace = gracePeriodSeconds(problems, drain.seconds, options.shutdownBudget, options.terminationGracePeriod);
  const security = renderSecurity(problems, 'security', options.security);
  const selector = podSelector(appName, instance, variant);
  const spreading = renderSpreading(problems, 'spreading', selector, options.spreading);
  const mounts = renderMounts(problems, options, security.writablePaths);

  const env = Object.entries(options.env ?? {});
  env.forEach(([name, value]) => {
    problems.check(ENV_NAME.test(name), 'env', name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\', and does not start with a digit');
    problems.check(typeof value === 'string', `env.${name}`, value, 'environment variable values are strings');
  });

  const labels = objectLabels(appName, instance, options.labels, resolvedVersion, variant);

  const container: k8s.Container = {
    name: containerName,
    image: version.image ?? '',
    imagePullPolicy: options.imagePullPolicy ?? ImagePullPolicy.ALWAYS,
    command: options.command,
    args: options.args,
    ports: ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })),
    env: env.length ? env.map(([name, value]) => ({ name, value })) : undefined,
    resources: renderResources(problems, 'resources', options.resources),
    readinessProbe: probes.readiness?.probe,
    livenessProbe: probes.liveness?.probe,
    startupProbe: probes.startup?.probe,
    lifecycle: drain.lifecycle,
    securityContext: security.container,
    volumeMounts: mounts.volumeMounts.length ? mounts.volumeMounts : undefined,
  };

  return {
    selector,
    ports,
    version: resolvedVersion,
    waivers: image.mutableTagAccepted ? { [MUTABLE_TAG_RULE]: image.mutableTagAccepted } : {},
    template: {
      metadata: { labels },
      spec: {
        containers: [container],
        terminationGracePeriodSeconds: grace,
        securityContext: security.pod,
        automountServiceAccountToken: security.automountServiceAccountToken,
        serviceAccountName: options.serviceAccountName,
        priorityClassName: options.priorityClassName,
        affinity: spreading.affinity,
        topologySpreadConstraints: spreading.topologySpreadConstraints,
        volumes: mounts.volumes.length ? mounts.volumes : undefined,
      },
    },
  };
}

function renderProbes(problems: Problems, options: WorkloadOptions, ports: ResolvedPort[], behindService: boolean):
{ readiness?: RenderedProbe; liveness?: RenderedProbe; startup?: RenderedProbe } {
  const readiness = options.readiness?._render(problems, 'readiness', ports, 'readiness');
  if (!readiness && behindService) {
    problems.add('readiness', undefined,
      'a readiness probe is required for pods behind a Service: without it, traffic reaches pods that are still starting and the rollout moves on before they can serve (e.g. Probe.httpGet(\'/healthz\'))');
  }
  if (options.disableLiveness && options.liveness) {
    problems.add('liveness', 'a probe', 'it cannot be given together with \'disableLiveness: true\'');
  }
  let liveness: RenderedProbe | undefined;
  if (options.liveness) {
    liveness = options.liveness._render(problems, 'liveness', ports, 'liveness');
    if (readiness && liveness.key === readiness.key) {
      problems.add('liveness', liveness.key,
        'it checks exactly what readiness checks (same handler, path and port): a slow dependency would fail both and restart every pod at once; give liveness its own cheap check (e.g. Probe.tcpSocket()) or set \'disableLiveness: true\'');
    }
  } else if (!options.disableLiveness) {
    // Default liveness: "the process accepts connections" — never depends on downstream services.
    const candidate = Probe.tcpSocket({ port: readinessPort(readiness, ports) })._render(problems, 'liveness', ports, 'liveness');
    if (!readiness || candidate.key !== readiness.key) liveness = candidate;
  }
  let startup = options.startup?._render(problems, 'startup', ports, 'startup');
  if (!startup && liveness) {
    // Without it, liveness would restart a slow starter before it ever came up.
    startup = Probe.tcpSocket({ ...DEFAULT_STARTUP, port: readinessPort(readiness, ports) })._render(problems, 'startup', ports, 'startup');
  }
  return { readiness, liveness, startup };
}

/** The port number a readiness probe checks, so default probes check the same port. */
function readinessPort(readiness: RenderedProbe | undefined, ports: ResolvedPort[]): number | undefined {
  const ref = readiness?.probe.httpGet?.port ?? readiness?.probe.tcpSocket?.port;
  const found = ref && ports.find((p) => p.name === ref.value || p.port === ref.value);
  return (found || ports[0])?.port;
}

function renderMounts(problems: Problems, options: WorkloadOptions, writablePaths: string[]) {
  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  const seen = new Set<string>();
  const mount = (prop: string, name: string, mountPath: string, volume: Omit<k8s.Volume, 'name'>, readOnly: boolean) => {
    if (problems.check(typeof mountPath === 'string' && mountPath.startsWith('/'), prop, mountPath, 'a mount path is an absolute directory')) {
      problems.check(!seen.has(mountPath), prop, mountPath, 'two volumes cannot be mounted at the same path');
      seen.add(mountPath);
    }
    volumes.push({ name, ...volume });
    volumeMounts.push({ name, mountPath, readOnly: readOnly || undefined });
  };
  (options.configMapMounts ?? []).forEach((m, i) => {
    checkKeys(problems, `configMapMounts[${i}]`, 'ConfigMapMount', m, CONFIG_MAP_MOUNT_KEYS);
    const problem = dns1123SubdomainProblem(m.configMapName ?? '');
    if (problem) problems.add(`configMapMounts[${i}].configMapName`, m.configMapName, problem);
    mount(`configMapMounts[${i}].mountPath`, `config-${i}`, m.mountPath, { configMap: { name: m.configMapName } }, true);
  });
  (options.secretMounts ?? []).forEach((m, i) => {
    checkKeys(problems, `secretMounts[${i}]`, 'SecretMount', m, SECRET_MOUNT_KEYS);
    const problem = dns1123SubdomainProblem(m.secretName ?? '');
    if (problem) problems.add(`secretMounts[${i}].secretName`, m.secretName, problem);
    mount(`secretMounts[${i}].mountPath`, `secret-${i}`, m.mountPath, { secret: { secretName: m.secretName } }, true);
  });
  writablePaths.forEach((p, i) => mount(`security.writablePaths[${i}]`, `writable-${i}`, p, { emptyDir: {} }, false));
  return { volumes, volumeMounts };
}
