/**
 * What runs in every pod of an application: the options every strategy takes, read by the pod
 * builder (pod.ts) and the workload builder (workload.ts), both above this module.
 */
import { Duration } from 'cdk8s';
import { AppConfig } from './config';
import { ContainerPort } from './ports';
import { Probe } from './probe';
import { ResourceOptions } from './resources';
import { SecurityOptions } from './security';
import { Drain } from './shutdown';
import { SpreadingOptions } from './spreading';

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
   * Configuration the app owns (files, environment variables, secrets), released with the code:
   * content-named immutable ConfigMaps and Secrets the pod template refers to. A blue/green slot or a
   * canary track can have its own (`config` of the slot or track), which replaces this one.
   * @default - none
   */
  readonly config?: AppConfig;
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
   * @default Drain.sleep(Duration.seconds(10)): the native sleep action from Kubernetes 1.30, `sleep 10` in the container below
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
   * @default - preferred anti-affinity across nodes, zone spread with maxSkew 1 (each per revision)
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

