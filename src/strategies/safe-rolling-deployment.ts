import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp, bindController, servicePorts } from './common';
import { IReleaseController, ReleaseShape } from '../controllers/released-app';
import { AutoscalingOptions, autoscalingRange } from '../workload/autoscaling';
import { ServiceOptions } from '../workload/service';
import { SafeWorkload, WORKLOAD_PROP_KEYS, WorkloadProps } from '../workload/workload';
import { structKeys } from '../core/known-keys';

/** Props of a SafeRollingDeployment. */
export interface SafeRollingDeploymentProps extends WorkloadProps {
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
   * The Service in front of the pods.
   * @default - a ClusterIP Service on the first container port
   */
  readonly service?: ServiceOptions;
  /**
   * Who runs the release, when not Kubernetes' own rolling update: a controller that releases a
   * single Deployment behind one Service (written in an app; IReleaseController). Argo Rollouts and
   * Flagger refuse it: they release a BlueGreenApp or a CanaryApp.
   * @default - none: the Deployment's rolling update is the release
   */
  readonly releaseController?: IReleaseController;
}

export const PROPS_KEYS = structKeys<SafeRollingDeploymentProps>()({
  ...WORKLOAD_PROP_KEYS, name: true, namespace: true, image: true, version: true, replicas: true, autoscaling: true, service: true,
  releaseController: true,
});

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
  /** The NetworkPolicy, unless `networkPolicy: false`. */
  public readonly networkPolicy?: ApiObject;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly autoscaler?: ApiObject;
  /** The release controller's objects, with `releaseController`. */
  public readonly controllerObjects: ApiObject[];
  /** Pods added above the replica count during a rollout, as Kubernetes resolves it (undefined for Recreate). */
  public readonly resolvedMaxSurge?: number;
  /** Pods that may be unavailable during a rollout, as Kubernetes resolves it (undefined for Recreate). */
  public readonly resolvedMaxUnavailable?: number;

  public constructor(scope: Construct, id: string, props: SafeRollingDeploymentProps) {
    super(scope, id);
    const { problems, name, replicas } = beginApp('SafeRollingDeployment', id, props, PROPS_KEYS);
    this.name = name;

    if (props.autoscaling && props.replicas !== undefined) {
      problems.add('replicas', props.replicas, 'leave it unset with \'autoscaling\': the autoscaler owns the replica count');
    }
    const autoscaler = props.autoscaling && autoscalingRange(problems, 'autoscaling', props.autoscaling);

    const workload = new SafeWorkload(this, { problems, appName: this.name, namespace: props.namespace, props, service: props.service });
    const only = workload.addDeployment('Default', {
      deploymentName: this.name,
      version: { image: props.image, version: props.version, imageProp: 'image', versionProp: 'version' },
      replicas,
      autoscaler,
      range: autoscaler ?? { min: replicas, max: replicas },
    });
    this.deployment = only.deployment;
    this.disruptionBudget = only.disruptionBudget;
    this.autoscaler = only.autoscaler;
    this.resolvedMaxSurge = only.rollout?.maxSurge;
    this.resolvedMaxUnavailable = only.rollout?.maxUnavailable;
    this.serviceName = this.name;
    const controller = props.releaseController;
    // A controller that creates the Services replaces the pods behind them too: Flagger's primary, for one.
    problems.check(!controller?.ownsServices, 'releaseController', controller?.name,
      'a SafeRollingDeployment keeps its one Service; a controller that creates its own Services releases a BlueGreenApp or a CanaryApp');
    const finished = workload.finish(this, [{ id: 'Service', name: this.name, selector: only.pod.selector, entry: true }]);
    this.service = finished.services[0];
    this.networkPolicy = finished.networkPolicy;
    this.controllerObjects = bindController(this, controller, workload, () => ({
      problems, construct: 'SafeRollingDeployment', shape: ReleaseShape.ROLLING, name: this.name, namespace: props.namespace, labels: workload.labels,
      deployment: only.deployment, selector: only.pod.selector, disruptionBudget: only.disruptionBudget, replicas, ...servicePorts(finished.port),
      serviceName: this.name,
    }));
  }
}
