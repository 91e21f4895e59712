import { Duration } from 'cdk8s';
import { Problems } from '../core/problems';
import { IReleaseController } from '../controllers/released-app';
import { AppConfig } from '../workload/config';
import { WORKLOAD_OPTION_KEYS, WorkloadOptions } from '../workload/workload';

/**
 * What SafeStatefulSet and SafeDaemonSet share beyond the pod: the workload object's settings, the
 * app's NetworkPolicy, configurations and sync waves, and the (refused) release controller.
 */
export interface ControllerFreeWorkloadProps extends WorkloadOptions {
  /**
   * Name of the workload object and the `app.kubernetes.io/name` label.
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
   * How long a new pod must stay ready before the controller replaces the next one. There is no
   * progress deadline: a pod that never becomes available stops the update (see the docs).
   * @default Duration.seconds(5)
   */
  readonly minReady?: Duration;
  /**
   * Old revisions (ControllerRevisions) kept for `kubectl rollout undo`. At least 1.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Why this revision was made (`kubernetes.io/change-cause`, shown by `kubectl rollout history`).
   * @default - no annotation
   */
  readonly changeCause?: string;
  /**
   * Create a NetworkPolicy for the pods: ingress on the declared container ports only.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Configurations the app ran before, kept in the output for rollbacks (see WorkloadProps).
   * @default - none
   */
  readonly previousConfigs?: AppConfig[];
  /**
   * Annotate every object with its Argo CD sync wave.
   * @default true
   */
  readonly syncWaves?: boolean;
  /**
   * Not supported: neither Argo Rollouts nor Flagger releases this kind as the construct writes it;
   * giving one is an error naming the reason.
   * @default - none: Kubernetes' own controller runs the release
   */
  readonly releaseController?: IReleaseController;
}

/** Every prop of ControllerFreeWorkloadProps. */
export const CONTROLLER_FREE_KEYS = {
  ...WORKLOAD_OPTION_KEYS, name: true, namespace: true, image: true, version: true, minReady: true, revisionHistoryLimit: true,
  changeCause: true, networkPolicy: true, previousConfigs: true, syncWaves: true, releaseController: true,
} as const satisfies Record<keyof ControllerFreeWorkloadProps, true>;

/**
 * What the release controllers support of StatefulSets and DaemonSets (late 2026): Argo Rollouts
 * releases neither (a Rollout replaces a Deployment only; StatefulSet support is argoproj/argo-rollouts
 * issue 1635, open since 2021); Flagger's Canary targets Deployments and DaemonSets, not StatefulSets
 * (fluxcd/flagger issue 410, open since 2020). The constructs release without a controller; this
 * refuses a `releaseController` with the reason and the controller-free alternative.
 */
export function refuseReleaseController(problems: Problems, kind: 'StatefulSet' | 'DaemonSet', controller: IReleaseController | undefined,
  alternative: string): void {
  if (controller === undefined) return;
  const name = controller.name;
  const why = name === 'Flagger' && kind === 'DaemonSet'
    ? 'Flagger can canary a DaemonSet, but this construct does not emit a Flagger Canary for one (its primary DaemonSet would double every node\'s agent during analysis)'
    : name === 'Flagger'
      ? 'Flagger does not release StatefulSets (fluxcd/flagger issue 410)'
      : `Argo Rollouts does not release ${kind}s: a Rollout manages ReplicaSets only${kind === 'StatefulSet' ? ' (argoproj/argo-rollouts issue 1635)' : ''}`;
  problems.add('releaseController', name, `${why}; ${alternative}`);
}
