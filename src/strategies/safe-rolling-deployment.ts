import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkNamespace, resolveAppName } from '../core/app-name';
import { objectLabels, OWN_PREFIX } from '../core/labels';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { AutoscalingOptions, autoscalingRange, createAutoscaler } from '../workload/autoscaling';
import { createDeployment, DeploymentOptions, renderDeploymentSettings } from '../workload/deployment';
import { createDisruptionBudget, DisruptionBudget } from '../workload/disruption-budget';
import { renderPod, WorkloadOptions } from '../workload/pod';
import { RolloutStrategy } from '../workload/rollout';
import { createService, resolveServicePort, ServiceOptions, ServiceType } from '../workload/service';

/** Annotation on each Deployment with the rollout numbers Kubernetes will actually use. */
export const ROLLOUT_ANNOTATION = `${OWN_PREFIX}/rollout`;

/** Props of a SafeRollingDeployment. */
export interface SafeRollingDeploymentProps extends WorkloadOptions, DeploymentOptions {
  /**
   * Name of the Deployment, the Service and the PodDisruptionBudget, and the `app.kubernetes.io/name`
   * label. A DNS-1035 label: lower case letters, digits and '-', starting with a letter.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** The container image, pinned by version tag or digest. */
  readonly image: string;
  /**
   * The `app.kubernetes.io/version` label of the pods.
   * @default - the image tag (or the start of the digest)
   */
  readonly version?: string;
  /**
   * Number of pods. Leave it unset with `autoscaling`.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Let a HorizontalPodAutoscaler own the replica count; the Deployment then has no `replicas`.
   * @default - a fixed replica count
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * How new pods replace old ones.
   * @default - RolloutStrategy.rollingUpdate(): maxSurge 25% (at least one pod), maxUnavailable 0
   */
  readonly strategy?: RolloutStrategy;
  /**
   * The Service in front of the pods.
   * @default - a ClusterIP Service on the first container port
   */
  readonly service?: ServiceOptions;
  /**
   * Budget for voluntary disruptions such as node drains.
   * @default - maxUnavailable 1 (with unhealthyPodEvictionPolicy AlwaysAllow) for 2 or more replicas; with 1 replica you must choose
   */
  readonly disruptionBudget?: DisruptionBudget;
}

/**
 * A Deployment that releases without dropping a request: readiness-gated, surging new pods before
 * any old pod stops, draining old pods before SIGTERM with a grace period that covers it, guarded by
 * a PodDisruptionBudget and spread over nodes and zones; plus its Service.
 */
export class SafeRollingDeployment extends Construct {
  /** The name shared by the Deployment and the Service. */
  public readonly name: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service in front of the pods. */
  public readonly service: ApiObject;
  /** The Service's name, for clients to connect to. */
  public readonly serviceName: string;
  /** The PodDisruptionBudget, unless DisruptionBudget.none() was chosen. */
  public readonly disruptionBudget?: ApiObject;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly autoscaler?: ApiObject;
  /** Pods added above the replica count during a rollout, as Kubernetes resolves it (undefined for Recreate). */
  public readonly resolvedMaxSurge?: number;
  /** Pods that may be unavailable during a rollout, as Kubernetes resolves it (undefined for Recreate). */
  public readonly resolvedMaxUnavailable?: number;

  public constructor(scope: Construct, id: string, props: SafeRollingDeploymentProps) {
    super(scope, id);
    const problems = new Problems('SafeRollingDeployment');
    this.name = resolveAppName(problems, id, props.name, '-pdb');
    checkNamespace(problems, props.namespace);

    if (props.autoscaling && props.replicas !== undefined) {
      problems.add('replicas', props.replicas, 'leave it unset with \'autoscaling\': the autoscaler owns the replica count');
    }
    const replicas = props.replicas ?? 2;
    problems.check(isWholeNumber(replicas, 1), 'replicas', replicas, 'it must be a whole number of at least 1');
    const range = props.autoscaling ? autoscalingRange(problems, 'autoscaling', props.autoscaling) : { min: replicas, max: replicas };

    const pod = renderPod(problems, this.name, props, { image: props.image, version: props.version, imageProp: 'image', versionProp: 'version' }, undefined, true);
    const rollout = (props.strategy ?? RolloutStrategy.rollingUpdate())._render(problems, 'strategy', range.min, range.max);
    this.resolvedMaxSurge = rollout.resolved?.maxSurge;
    this.resolvedMaxUnavailable = rollout.resolved?.maxUnavailable;
    const labels = objectLabels(this.name, props.labels);

    this.deployment = createDeployment(this, 'Deployment', {
      name: this.name,
      namespace: props.namespace,
      labels: objectLabels(this.name, props.labels, pod.version),
      annotations: { [ROLLOUT_ANNOTATION]: rollout.summary },
      replicas: props.autoscaling ? undefined : replicas,
      selector: pod.selector,
      template: pod.template,
      strategy: rollout.strategy,
      settings: renderDeploymentSettings(problems, props),
    });
    this.serviceName = this.name;
    this.service = createService(this, 'Service', {
      name: this.name,
      namespace: props.namespace,
      labels,
      selector: pod.selector,
      port: resolveServicePort(problems, 'service', pod.ports, props.service),
      type: props.service?.type ?? ServiceType.CLUSTER_IP,
    });
    this.disruptionBudget = createDisruptionBudget(this, 'DisruptionBudget', problems, props.disruptionBudget, {
      name: this.name, namespace: props.namespace, labels, selector: pod.selector, minReplicas: range.min,
    });
    if (props.autoscaling) {
      this.autoscaler = createAutoscaler(this, 'Autoscaler', props.autoscaling, { deploymentName: this.name, namespace: props.namespace, labels });
    }
    problems.attachTo(this);
  }
}
