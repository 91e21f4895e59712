import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectLabels, Variant } from '../core/labels';
import { Problems } from '../core/problems';
import { waiverAnnotations } from '../core/waivers';
import { createDeployment, DeploymentOptions, renderDeploymentSettings } from './deployment';
import { createDisruptionBudget, DisruptionBudget } from './disruption-budget';
import { PodVersion, RenderedPod, renderPod, WORKLOAD_OPTION_KEYS, WorkloadOptions } from './pod';
import { ResolvedRollout } from '../core/pods';
import { RolloutStrategy } from './rollout';
import { DEPLOYMENT_OPTION_KEYS } from './deployment';


/** Options every strategy passes through to each of its Deployments. */
export interface WorkloadProps extends WorkloadOptions, DeploymentOptions {
  /**
   * How new pods replace old ones within a Deployment.
   * @default - RolloutStrategy.rollingUpdate(): maxSurge 25% (at least one pod), maxUnavailable 0
   */
  readonly strategy?: RolloutStrategy;
  /**
   * Budget for voluntary disruptions such as node drains, per Deployment.
   * @default - maxUnavailable 1 (with unhealthyPodEvictionPolicy AlwaysAllow) for 2 or more replicas; with 1 replica you must choose
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * Create a NetworkPolicy for the app's pods: ingress on the declared container ports only, egress
   * unrestricted. Switch it off when cluster-wide policies already govern the namespace.
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/** Every prop of WorkloadProps; each strategy adds its own props to this list. */
export const WORKLOAD_PROP_KEYS = {
  ...WORKLOAD_OPTION_KEYS, ...DEPLOYMENT_OPTION_KEYS, strategy: true, disruptionBudget: true, networkPolicy: true,
} as const satisfies Record<keyof WorkloadProps, true>;

/** One Deployment of an app (the only one, a slot, or a track) and what it is made of. */
export interface WorkloadSpec {
  readonly appName: string;
  readonly deploymentName: string;
  readonly namespace?: string;
  readonly props: WorkloadProps;
  readonly version: PodVersion;
  /** The label that tells this Deployment's pods from the app's others (slot, track). */
  readonly variant?: Variant;
  /** Fixed replica count, or undefined when an autoscaler owns it. */
  readonly replicas?: number;
  /** Smallest and largest replica count the Deployment runs with. */
  readonly range: { min: number; max: number };
  /**
   * The replica count the disruption budget is judged at. A slot or track scaled down on purpose
   * is judged at the size it serves with, not at its idle size.
   * @default - range.min
   */
  readonly budgetReplicas?: number;
}

/** A Deployment with its PodDisruptionBudget, built by the one safe pod builder. */
export interface Workload {
  readonly deployment: ApiObject;
  readonly disruptionBudget?: ApiObject;
  readonly pod: RenderedPod;
  readonly rollout?: ResolvedRollout;
}

/**
 * Creates the Deployment (ids `<idPrefix>Deployment`, `<idPrefix>DisruptionBudget`) that every
 * strategy arranges: SafeRollingDeployment once, BlueGreenApp per slot, CanaryApp per track.
 */
export function createWorkload(scope: Construct, idPrefix: string, problems: Problems, spec: WorkloadSpec): Workload {
  const { props } = spec;
  const pod = renderPod(problems, spec.appName, spec.deploymentName, props, spec.version, spec.variant, true);
  const rollout = (props.strategy ?? RolloutStrategy.rollingUpdate())._render(problems, 'strategy', spec.range.min, spec.range.max);
  const labels = objectLabels(spec.appName, spec.deploymentName, props.labels, undefined, spec.variant);
  const deployment = createDeployment(scope, `${idPrefix}Deployment`, {
    name: spec.deploymentName,
    namespace: spec.namespace,
    labels: objectLabels(spec.appName, spec.deploymentName, props.labels, pod.version, spec.variant),
    // An opt-in stated in code is a decision with a reason: recorded as the plugin's waiver.
    annotations: { [RolloutStrategy.SUMMARY_ANNOTATION]: rollout.summary, ...waiverAnnotations({ ...rollout.waivers, ...pod.waivers }) },
    replicas: spec.replicas,
    selector: pod.selector,
    template: pod.template,
    strategy: rollout.strategy,
    settings: renderDeploymentSettings(problems, props),
  });
  const disruptionBudget = createDisruptionBudget(scope, `${idPrefix}DisruptionBudget`, problems, props.disruptionBudget, {
    name: spec.deploymentName, namespace: spec.namespace, labels, selector: pod.selector,
    minReplicas: spec.budgetReplicas ?? spec.range.min,
  });
  return { deployment, disruptionBudget, pod, rollout: rollout.resolved };
}
