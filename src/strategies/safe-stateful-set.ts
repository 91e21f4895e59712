import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp } from './common';
import { CONTROLLER_FREE_KEYS, ControllerFreeWorkloadProps, refuseReleaseController } from './controller-free';
import { ACHIEVED_WEIGHT_ANNOTATION } from './canary-app';
import { structKeys } from '../core/known-keys';
import { Pods } from '../core/rollout-arithmetic';
import { achievedWeight } from '../traffic/replica-ratio';
import { DisruptionBudget } from '../workload/disruption-budget';
import { ServiceOptions } from '../workload/service';
import { ClaimRetention, PodManagementPolicy, renderStatefulSetParts, VolumeClaim } from '../workload/stateful-set';
import { SafeWorkload } from '../workload/workload';

/** Props of a SafeStatefulSet. */
export interface SafeStatefulSetProps extends ControllerFreeWorkloadProps {
  /**
   * Number of pods (ordinals 0 to replicas - 1).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * A canary: only the pods with the `canaryReplicas` highest ordinals get a new pod template
   * (`partition: replicas - canaryReplicas`); the others keep the revision they run. Promote by
   * setting it back to 0, which lets the controller replace the rest.
   * @default 0 - a release replaces every pod
   */
  readonly canaryReplicas?: number;
  /**
   * Pods replaced at once during an update (`maxUnavailable`). Only Kubernetes 1.37 and later serve
   * more than one (feature MaxUnavailableStatefulSet; 1.35 and 1.36 have it off by default).
   * @default Pods.count(1) - one pod at a time
   */
  readonly maxUnavailable?: Pods;
  /**
   * How pods are created and deleted when the StatefulSet scales.
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * A persistent volume per pod, mounted writable into the app container.
   * @default - none
   */
  readonly volumeClaims?: VolumeClaim[];
  /**
   * What happens to the pods' volume claims when the StatefulSet is deleted.
   * @default ClaimRetention.RETAIN - the data stays
   */
  readonly claimsWhenDeleted?: ClaimRetention;
  /**
   * What happens to a pod's volume claims when the StatefulSet scales down past it.
   * @default ClaimRetention.RETAIN - the data stays, and a scale-up gets it back
   */
  readonly claimsWhenScaled?: ClaimRetention;
  /**
   * List pods in the headless Service's DNS records before they are ready, for members that must
   * find each other while starting (peer discovery). The client Service never does.
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * The client Service in front of the pods (ready pods only).
   * @default - a ClusterIP Service on the first container port
   */
  readonly service?: ServiceOptions;
  /**
   * Budget for voluntary disruptions such as node drains.
   * @default - maxUnavailable 1 (with unhealthyPodEvictionPolicy AlwaysAllow) for 2 or more replicas; with 1 replica you must choose
   */
  readonly disruptionBudget?: DisruptionBudget;
}

const PROPS_KEYS = structKeys<SafeStatefulSetProps>()({
  ...CONTROLLER_FREE_KEYS, replicas: true, canaryReplicas: true, maxUnavailable: true, podManagementPolicy: true, volumeClaims: true,
  claimsWhenDeleted: true, claimsWhenScaled: true, publishNotReadyAddresses: true, service: true, disruptionBudget: true,
});

/** Suffix of the headless Service's name. */
const HEADLESS_SUFFIX = '-headless';
/** The longest suffix Kubernetes derives from a StatefulSet's name: the controller-revision-hash label `<name>-<10 characters>`. */
const REVISION_LABEL_SUFFIX = '-0123456789';

/**
 * A StatefulSet that releases without dropping a request or a volume: the same safe pods as every
 * strategy (probes, drain, grace period, security, spreading, disruption budget), updated one pod at
 * a time from the highest ordinal, with a partition as a controller-free canary; a headless Service
 * for the pods' identities and a ClusterIP Service that only routes to ready pods. Its name (the
 * construct id unless `name` is given) is at most 52 characters: the controller labels each pod with
 * `<name>-<10-character revision hash>`; the headless Service is `<name>-headless`.
 */
export class SafeStatefulSet extends Construct {
  /** The name of the StatefulSet, the client Service and the budget. */
  public readonly name: string;
  public readonly statefulSet: ApiObject;
  /** The Service clients call: ready pods only. */
  public readonly service: ApiObject;
  /** The headless Service that gives each pod its DNS name (`<name>-<ordinal>.<name>-headless`). */
  public readonly headlessService: ApiObject;
  /** The headless Service's name: the StatefulSet's `serviceName`. */
  public readonly headlessServiceName: string;
  public readonly disruptionBudget?: ApiObject;
  public readonly networkPolicy?: ApiObject;
  /** `updateStrategy.rollingUpdate.partition`: ordinals from here up get a new revision. */
  public readonly partition: number;
  /** Pods the controller replaces at once during an update. */
  public readonly resolvedMaxUnavailable: number;
  /**
   * The share of pods (so of client connections, roughly) that runs the canary once its pods are
   * replaced, in percent to two decimals: canaryReplicas / replicas, as for a replica-ratio canary.
   */
  public readonly achievedCanaryWeight: number;

  public constructor(scope: Construct, id: string, props: SafeStatefulSetProps) {
    super(scope, id);
    const { problems, name, replicas } = beginApp('SafeStatefulSet', id, props, PROPS_KEYS,
      REVISION_LABEL_SUFFIX.length > HEADLESS_SUFFIX.length ? REVISION_LABEL_SUFFIX : HEADLESS_SUFFIX);
    this.name = name;
    refuseReleaseController(problems, 'StatefulSet', props.releaseController,
      "leave it unset and release with 'canaryReplicas' (a partition), which Kubernetes' own controller runs");
    this.headlessServiceName = `${name}${HEADLESS_SUFFIX}`;
    problems.check(props.publishNotReadyAddresses === undefined || typeof props.publishNotReadyAddresses === 'boolean',
      'publishNotReadyAddresses', props.publishNotReadyAddresses, 'true or false');

    const workload = new SafeWorkload(this, { problems, appName: name, namespace: props.namespace, props, service: props.service });
    const set = renderStatefulSetParts(problems, { ...props, serviceName: this.headlessServiceName, replicas }, workload.target, workload.mountPaths);
    const only = workload.addStatefulSet('Default', {
      deploymentName: name,
      version: { image: props.image, version: props.version, imageProp: 'image', versionProp: 'version' },
      replicas,
      range: { min: replicas, max: replicas },
    }, set);
    this.statefulSet = only.statefulSet;
    this.disruptionBudget = only.disruptionBudget;
    this.partition = set.update.partition;
    this.resolvedMaxUnavailable = set.update.maxUnavailable;
    const canary = set.update.partition > 0 ? set.update.updatedPods : 0;
    this.achievedCanaryWeight = canary > 0 ? achievedWeight(replicas - canary, canary) : 0;

    const finished = workload.finish(this, [
      { id: 'HeadlessService', name: this.headlessServiceName, selector: only.pod.selector,
        headless: { publishNotReadyAddresses: props.publishNotReadyAddresses === true } },
      { id: 'Service', name, selector: only.pod.selector, entry: true,
        annotations: canary > 0 ? { [ACHIEVED_WEIGHT_ANNOTATION]: String(this.achievedCanaryWeight) } : undefined },
    ]);
    [this.headlessService, this.service] = finished.services;
    this.networkPolicy = finished.networkPolicy;
  }
}
