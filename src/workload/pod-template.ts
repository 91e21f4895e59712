import { Duration } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { checkUserLabels, objectLabels, podSelector, Variant } from '../core/labels';
import { dns1123LabelProblem, dns1123SubdomainProblem, ENV_NAME } from '../core/names';
import { Problems } from '../core/problems';
import { checkImage, resolveVersion } from './image';
import { PINNED_IMAGES_RULE } from '../core/rule-ids';
import { ResolvedPort, resolvePorts } from './ports';
import { Probe, RenderedProbe } from './probe';
import { renderResources } from './resources';
import { renderSecurity } from './security';
import { checkSleepInImage, DEFAULT_DRAIN, gracePeriodSeconds } from './shutdown';
import { ResolvedSpreading, resolveSpreading, spreadingFor } from './spreading';
import type { RenderedConfig } from './config';
import { ConfigMapMount, ImagePullPolicy, SecretMount, WorkloadOptions } from './workload-options';
import { checkKeys, structKeys } from '../core/known-keys';
import { Target } from '../core/target-version';

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

const CONFIG_MAP_MOUNT_KEYS = structKeys<ConfigMapMount>()({ configMapName: true, mountPath: true });
const SECRET_MOUNT_KEYS = structKeys<SecretMount>()({ secretName: true, mountPath: true });

const DEFAULT_STARTUP = { period: Duration.seconds(10), failureThreshold: 30 };

/**
 * What every pod of an app shares whatever its version: the container without its image, the pod
 * spec without its spreading, both checked once per app.
 */
export interface SharedPod {
  readonly ports: ResolvedPort[];
  readonly container: Omit<k8s.Container, 'image'>;
  readonly spec: Omit<k8s.PodSpec, 'containers'>;
  readonly spreading: ResolvedSpreading;
  /** Every volume's mount path and the prop it comes from, for a version's configuration to avoid. */
  readonly mounts: { path: string; prop: string }[];
  readonly target: Target;
  /** The drain's seconds when it runs `sleep` in the container (below 1.30) and the images must have it. */
  readonly sleepInImage?: number;
}

/**
 * The one safe pod builder, part one: probes, drain, grace period, security, mounts and spreading are
 * decided (and their options checked) here, once per app, for every Deployment of every strategy.
 */
export function renderSharedPod(problems: Problems, options: WorkloadOptions, behindService: boolean, target: Target): SharedPod {
  const ports = resolvePorts(problems, 'ports', options.ports);
  const containerName = options.containerName ?? 'app';
  const nameProblem = dns1123LabelProblem(containerName);
  if (nameProblem) problems.add('containerName', containerName, nameProblem);
  checkUserLabels(problems, 'labels', options.labels);

  const probes = renderProbes(problems, options, ports, behindService);
  const drain = (options.drain ?? DEFAULT_DRAIN)._render(problems, 'drain', ports, target);
  const grace = gracePeriodSeconds(problems, drain.seconds, options.shutdownBudget, options.terminationGracePeriod);
  const security = renderSecurity(problems, 'security', options.security);
  const spreading = resolveSpreading(problems, 'spreading', options.spreading);
  const mounts = renderMounts(problems, options, security.writablePaths);

  const env = Object.entries(options.env ?? {});
  env.forEach(([name, value]) => {
    problems.check(ENV_NAME.test(name), 'env', name, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\', and does not start with a digit');
    problems.check(typeof value === 'string', `env.${name}`, value, 'environment variable values are strings');
  });

  return {
    ports,
    spreading,
    mounts: mounts.paths,
    target,
    // The exec form of Drain.sleep needs `sleep` in each version's image.
    sleepInImage: drain.sleepInImage && !drain.sleepInImage.accepted ? drain.seconds : undefined,
    container: {
      name: containerName,
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
    },
    spec: {
      terminationGracePeriodSeconds: grace,
      securityContext: security.pod,
      automountServiceAccountToken: security.automountServiceAccountToken,
      serviceAccountName: options.serviceAccountName,
      priorityClassName: options.priorityClassName,
      volumes: mounts.volumes.length ? mounts.volumes : undefined,
    },
  };
}

/**
 * The one safe pod builder, part two: one Deployment's pods, from the shared part plus this version's
 * image and labels and the spreading over this Deployment's own pods.
 */
export function renderPod(problems: Problems, shared: SharedPod, appName: string, instance: string, options: WorkloadOptions,
  version: PodVersion, variant: Variant | undefined, config?: RenderedConfig, perRevision: boolean = true): RenderedPod {
  const image = checkImage(problems, version.imageProp, version.image, options.allowMutableImageTag ?? false);
  const resolvedVersion = resolveVersion(problems, version.versionProp, version.version, image);
  if (shared.sleepInImage !== undefined) checkSleepInImage(problems, version.imageProp, version.image, shared.sleepInImage, shared.target);
  const selector = podSelector(appName, instance, variant);
  const spreading = spreadingFor(shared.spreading, selector, shared.target, perRevision);
  return {
    selector,
    ports: shared.ports,
    version: resolvedVersion,
    waivers: image.mutableTagAccepted ? { [PINNED_IMAGES_RULE]: image.mutableTagAccepted } : {},
    template: {
      metadata: {
        labels: objectLabels(appName, instance, options.labels, resolvedVersion, variant),
        annotations: config && Object.keys(config.annotations).length ? config.annotations : undefined,
      },
      spec: {
        ...shared.spec,
        // This version's configuration (config.ts) comes after the shared env, mounts and volumes.
        containers: [{
          ...shared.container,
          image: version.image ?? '',
          env: joined(shared.container.env, config?.env),
          volumeMounts: joined(shared.container.volumeMounts, config?.volumeMounts),
        }],
        volumes: joined(shared.spec.volumes, config?.volumes),
        affinity: spreading.affinity,
        topologySpreadConstraints: spreading.topologySpreadConstraints,
      },
    },
  };
}

/** Two optional lists as one, undefined when both are empty (an empty list would be written as `[]`). */
function joined<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  const all = [...(a ?? []), ...(b ?? [])];
  return all.length ? all : undefined;
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
  const paths: { path: string; prop: string }[] = [];
  const mount = (prop: string, name: string, mountPath: string, volume: Omit<k8s.Volume, 'name'>, readOnly: boolean) => {
    if (problems.check(typeof mountPath === 'string' && mountPath.startsWith('/'), prop, mountPath, 'a mount path is an absolute directory')) {
      problems.check(!seen.has(mountPath), prop, mountPath, 'two volumes cannot be mounted at the same path');
      seen.add(mountPath);
      paths.push({ path: mountPath, prop });
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
  return { volumes, volumeMounts, paths };
}
