import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp, bindController, servicePorts } from './common';
import { ACHIEVED_WEIGHT_ANNOTATION, appSelector, TRACK_LABEL } from '../core/labels';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { CanaryMatch } from '../traffic/canary-match';
import { achievedWeight, splitReplicas } from '../traffic/replica-ratio';
import { AppRoute } from '../traffic/route';
import { TrafficRouter } from '../traffic/router';
import { AutoscalerSpec, AutoscalingOptions, autoscalingRange } from '../workload/autoscaling';
import { AppConfig } from '../workload/config';
import { ServiceOptions } from '../workload/service';
import { DeploymentSpec, SafeWorkload, WORKLOAD_PROP_KEYS, WorkloadProps } from '../workload/workload';
import { checkKeys, structKeys } from '../core/known-keys';
import { checkControlled, IReleaseController, ReleaseShape } from '../controllers/released-app';

export { ACHIEVED_WEIGHT_ANNOTATION, TRACK_LABEL };

/** The two tracks of a CanaryApp. */
export enum Track {
  /** The version serving most traffic. */
  STABLE = 'stable',
  /** The version being tried. */
  CANARY = 'canary',
}

/** The version running on one track. */
export interface TrackOptions {
  /**
   * The container image, pinned by tag or digest.
   * @default - stable: required; canary: the stable image (nothing to release)
   */
  readonly image?: string;
  /**
   * The `app.kubernetes.io/version` label of the track's pods.
   * @default - the image tag (or the start of the digest)
   */
  readonly version?: string;
  /**
   * This track's configuration, replacing the app's `config`: give the canary the new configuration
   * (with or without a new image) while stable keeps the one it runs.
   * @default - stable: the app's `config`; canary: the stable track's configuration
   */
  readonly config?: AppConfig;
}

/** How many pods each track runs, and the canary's resulting share of them. */
export interface ReplicaSplit {
  /** Pods of the stable track. */
  readonly stable: number;
  /** Pods of the canary track. */
  readonly canary: number;
  /** The canary's share of pods, in percent, to two decimals. */
  readonly achievedWeight: number;
}

/** Props of a CanaryApp. */
export interface CanaryAppProps extends WorkloadProps {
  /**
   * Name of the apex Service clients call; the tracks' Deployments and Services are
   * `<name>-stable` and `<name>-canary`. A DNS-1035 label.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** The stable version. */
  readonly stable: TrackOptions;
  /**
   * The canary version.
   * @default - the stable version: nothing is being released
   */
  readonly canary?: TrackOptions;
  /**
   * Percent of traffic for the canary: a whole number from 0 to 100.
   * @default 0
   */
  readonly canaryWeight?: number;
  /**
   * How traffic is split.
   * @default TrafficRouter.replicaRatio()
   */
  readonly trafficRouter?: TrafficRouter;
  /**
   * With the replica ratio: pods across both tracks. With a router: the stable track's pods. Leave it
   * unset with `autoscaling`.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * With a router only: give each track its own HorizontalPodAutoscaler (under a release controller,
   * one on the resource the controller scales, which scales both versions by weight); the Deployments then have no
   * `replicas`. The stable track's has this range, sized for all traffic, and never scales down
   * while the canary runs another version (an abort sends everything back at once); the canary's
   * is this range scaled by `canaryWeight`, at least `canaryReplicas`. The replica ratio refuses it:
   * an autoscaler would change the pod counts and with them the canary's share of traffic.
   * @default - fixed replica counts
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The canary track's pods, with a router (the replica ratio derives it from the weight). With
   * `autoscaling`: the least the canary's autoscaler keeps (0: no canary pods and no autoscaler).
   * @default - 2 while the canary runs another version than stable (one node drain does not remove it), otherwise 0
   */
  readonly canaryReplicas?: number;
  /**
   * Requests that always go to the canary, whatever the weight (A/B testing); needs a router that
   * can match them.
   * @default - none
   */
  readonly canaryMatch?: CanaryMatch;
  /**
   * The apex Service (the stable and canary Services get the same port).
   * @default - a ClusterIP Service on the first container port
   */
  readonly service?: ServiceOptions;
  /**
   * Who runs the release. With a controller (`ReleaseController.argoRollouts()`, `ReleaseController.flagger()`), the stable track's
   * Deployment carries the version to release (`canary` when given, else `stable`) as the pod template
   * of the controller's Rollout; the controller runs the canary pods and moves the router's weights by
   * its steps, so `canaryWeight` and `canaryReplicas` are errors, and so is the replica ratio; with
   * `autoscaling` the controller's resource gets the autoscaler (Argo Rollouts: the Rollout, Flagger:
   * the target Deployment). See docs/controllers.md ("Graduating to a controller").
   * @default - none: the manifests are the release, one reviewed commit per step
   */
  readonly releaseController?: IReleaseController;
}

export const PROPS_KEYS = structKeys<CanaryAppProps>()({
  ...WORKLOAD_PROP_KEYS, name: true, namespace: true, stable: true, canary: true, canaryWeight: true, trafficRouter: true,
  replicas: true, autoscaling: true, canaryReplicas: true, canaryMatch: true, service: true, releaseController: true,
});
const TRACK_KEYS = structKeys<TrackOptions>()({ image: true, version: true, config: true });

/**
 * A stable and a canary version of one app, each a safe Deployment on its own track, behind an apex
 * Service `<name>` and per-track Services `<name>-stable` and `<name>-canary` (Flagger's names).
 * Traffic is split by replica counts, or exactly by a Gateway API, Istio or NGINX Ingress router.
 * A release is a sequence of small diffs: canary image at weight 0, raise the weight, promote.
 */
export class CanaryApp extends Construct {
  /** The label naming a pod's track (`stable` or `canary`); Services and routers select on it. */
  public static readonly TRACK_LABEL = TRACK_LABEL;
  /** Annotation on the apex Service with the canary share the replica ratio achieves. */
  public static readonly ACHIEVED_WEIGHT_ANNOTATION = ACHIEVED_WEIGHT_ANNOTATION;

  /**
   * The replica-ratio split of `total` pods for a canary `weight` (percent): the canary gets the whole
   * number of pods closest to weight × total, ties rounded up, at least one pod above 0.
   */
  public static splitReplicas(total: number, weight: number): ReplicaSplit {
    const split = splitReplicas(total, weight);
    return { ...split, achievedWeight: achievedWeight(split.stable, split.canary) };
  }

  /** The app's name: the apex Service's name. */
  public readonly name: string;
  /** The Service clients call. */
  public readonly apexService?: ApiObject;
  /** The Service selecting the stable track only. */
  public readonly stableService?: ApiObject;
  /** The Service selecting the canary track only. */
  public readonly canaryService?: ApiObject;
  /** The stable Deployment. */
  public readonly stableDeployment: ApiObject;
  /** The canary Deployment. */
  public readonly canaryDeployment?: ApiObject;
  /** Pods of the stable track (with `autoscaling`, its autoscaler's minimum). */
  public readonly stableReplicas: number;
  /** Pods of the canary track (with `autoscaling`, its autoscaler's minimum, or 0 without one). */
  public readonly canaryReplicas: number;
  /** The stable track's HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly stableAutoscaler?: ApiObject;
  /** The canary track's HorizontalPodAutoscaler, with `autoscaling` while the canary has pods. */
  public readonly canaryAutoscaler?: ApiObject;
  /**
   * Percent of traffic the canary actually gets: the weight with a router; with the replica ratio,
   * its share of pods (to two decimals), which Services apply per connection.
   */
  public readonly achievedCanaryWeight: number;
  /** The router's objects (HTTPRoute; VirtualService and DestinationRule; or the two Ingresses). */
  public readonly routingObjects: ApiObject[];
  /** The NetworkPolicy covering both tracks, unless `networkPolicy: false`. */
  public readonly networkPolicy?: ApiObject;
  /** The release controller's objects (Rollout or Canary, analysis templates, autoscaler), with `releaseController`. */
  public readonly controllerObjects: ApiObject[];

  public constructor(scope: Construct, id: string, props: CanaryAppProps) {
    super(scope, id);
    const { problems, name, replicas } = beginApp('CanaryApp', id, props, PROPS_KEYS, '-stable');
    this.name = name;
    checkKeys(problems, 'stable', 'TrackOptions', props.stable, TRACK_KEYS);
    checkKeys(problems, 'canary', 'TrackOptions', props.canary, TRACK_KEYS);
    const router = props.trafficRouter ?? TrafficRouter.replicaRatio();
    const match = router._checkAsked(problems, { match: props.canaryMatch, canaryReplicas: props.canaryReplicas });
    const autoscaling = props.autoscaling && autoscalingRange(problems, 'autoscaling', props.autoscaling);
    if (autoscaling) {
      problems.check(router.isExact, 'autoscaling', props.autoscaling, `the ${router.name} splits traffic by pod counts, and an autoscaler changes them: the canary's share would follow the load of each track instead of 'canaryWeight'; use a router with exact weights (TrafficRouter.gatewayApi(), TrafficRouter.istio(), TrafficRouter.nginxIngress()), or fixed replicas`);
      problems.check(props.replicas === undefined, 'replicas', props.replicas, 'leave it unset with \'autoscaling\': the stable track\'s autoscaler owns its replica count');
    }
    const controller = props.releaseController;
    const basics: CanaryBasics = { problems, props, name, replicas, router, match, autoscaling };
    // The one place the release's driver matters: the commits move the weight, or the controller does.
    const tracks = controller ? controlledTracks(basics, controller) : committedTracks(basics);
    this.stableReplicas = tracks.stableReplicas;
    this.canaryReplicas = tracks.canaryReplicas;
    this.achievedCanaryWeight = tracks.achievedWeight;
    problems.check(typeof props.stable?.image === 'string', 'stable.image', props.stable?.image, 'the stable track needs a version to serve');

    const workload = new SafeWorkload(this, { problems, appName: this.name, namespace: props.namespace, props, service: props.service });
    const [stable, canary] = tracks.deployments.map((spec, i) => workload.addDeployment(i === 0 ? 'Stable' : 'Canary', spec));
    this.stableDeployment = stable.deployment;
    this.canaryDeployment = canary?.deployment;
    this.stableAutoscaler = stable.autoscaler;
    this.canaryAutoscaler = canary?.autoscaler;

    const trackSelector = (which: Track) => appSelector(this.name, { key: TRACK_LABEL, value: which });
    // Behind a router the canary takes the router's traffic only: clients in the cluster that call the
    // apex Service directly stay on stable (with the replica ratio the apex Service is the split, and
    // Istio's subsets are subsets of its endpoints). Under a controller every pod is on the stable track.
    const apexSelector = router.isExact && !router.capabilities.apexSelectsAllTracks ? trackSelector(Track.STABLE) : appSelector(this.name);
    props.canaryMatch?._check(problems, 'canaryMatch');
    let route: AppRoute | undefined;
    // Flagger creates the app's Services itself (`<name>`, `<name>-primary`, `<name>-canary`).
    const finished = workload.finish(this, controller?.ownsServices ? [] : [
      { id: 'ApexService', name: this.name, selector: apexSelector, entry: true,
        annotations: router.isExact ? undefined : { [ACHIEVED_WEIGHT_ANNOTATION]: String(this.achievedCanaryWeight) } },
      { id: 'StableService', name: `${this.name}-stable`, selector: trackSelector(Track.STABLE) },
      { id: 'CanaryService', name: `${this.name}-canary`, selector: trackSelector(tracks.canaryServiceTrack) },
    ], (port) => {
      route = router._route(this, {
        problems, name: this.name, namespace: props.namespace, labels: workload.labels,
        apexServiceName: this.name, stableServiceName: `${this.name}-stable`, canaryServiceName: `${this.name}-canary`,
        servicePort: port.port, trackLabel: TRACK_LABEL, weight: tracks.weight, match,
      });
      return route.objects;
    });
    [this.apexService, this.stableService, this.canaryService] = finished.services;
    this.networkPolicy = finished.networkPolicy;
    this.controllerObjects = bindController(this, controller, workload, () => ({
      problems, construct: 'CanaryApp', shape: ReleaseShape.TRACKS, name: this.name, namespace: props.namespace, labels: workload.labels,
      networkPolicy: finished.networkPolicy,
      deployment: stable.deployment, selector: stable.pod.selector, disruptionBudget: stable.disruptionBudget,
      replicas: autoscaling?.min ?? replicas, autoscaling,
      ...servicePorts(finished.port),
      serviceName: `${this.name}-stable`, secondServiceName: `${this.name}-canary`, route,
    }));
    // The controller may have removed a router object it replaces (NGINX's canary Ingress).
    this.routingObjects = (route?.objects ?? []).filter((o) => this.node.tryFindChild(o.node.id) === o);
  }
}

/** What both ways of releasing a CanaryApp start from: the checked props. */
interface CanaryBasics {
  readonly problems: Problems;
  readonly props: CanaryAppProps;
  readonly name: string;
  readonly replicas: number;
  readonly router: TrafficRouter;
  readonly match?: CanaryMatch;
  readonly autoscaling?: AutoscalerSpec & { min: number; max: number };
}

/** The tracks' Deployments (stable first) and what the Services and router are given. */
interface CanaryTracks {
  readonly deployments: DeploymentSpec[];
  /** The canary's weight the router is rendered with. */
  readonly weight: number;
  readonly stableReplicas: number;
  readonly canaryReplicas: number;
  readonly achievedWeight: number;
  /** The track the `<name>-canary` Service selects. */
  readonly canaryServiceTrack: Track;
}

/** The version on each track, as the props give it, and whether the canary differs from stable. */
function trackVersions(props: CanaryAppProps) {
  const canaryImage = props.canary?.image ?? props.stable?.image;
  const stableConfig = props.stable?.config === undefined ? undefined : { value: props.stable.config, prop: 'stable.config' };
  return {
    canaryImage,
    // A canary of configuration only (same image, its own config) is a release too.
    releasing: canaryImage !== props.stable?.image || (props.canary?.version ?? props.stable?.version) !== props.stable?.version
      || props.canary?.config !== undefined,
    stableConfig,
    canaryConfig: props.canary?.config === undefined ? stableConfig : { value: props.canary.config, prop: 'canary.config' },
  };
}

/**
 * Released by commits: each track a Deployment of its own version, the weight (and with the replica
 * ratio, the pod counts) set by the props, one reviewed commit per step.
 */
function committedTracks({ problems, props, name, replicas, router, match, autoscaling }: CanaryBasics): CanaryTracks {
  const weight = props.canaryWeight ?? 0;
  const weightOk = problems.check(isWholeNumber(weight, 0, 100), 'canaryWeight', weight, 'it must be a whole number from 0 to 100 (percent of traffic for the canary)');
  const { canaryImage, releasing, stableConfig, canaryConfig } = trackVersions(props);
  let split: { stable: number; canary: number };
  if (router.isExact) {
    const canaryReplicas = props.canaryReplicas ?? (releasing ? 2 : 0);
    problems.check(isWholeNumber(canaryReplicas, 0), 'canaryReplicas', canaryReplicas, 'it must be a whole number of at least 0');
    if (!releasing && props.canaryReplicas === undefined && (weight !== 0 || props.canaryMatch)) {
      // Promoted (or not started): no canary version, so no canary pods (the default) to send requests to.
      const noCanary = 'there is no canary version (canary is unset or runs the stable version)';
      if (weight !== 0 && weightOk) {
        problems.add('canaryWeight', weight, `${noCanary}, so the canary track has no pod (canaryReplicas defaults to 0) and the ${weight}% of requests the router sends it would reach none; set canaryWeight: 0${props.canary ? ' and remove canary' : ''} in the commit that promotes the canary`);
      }
      if (props.canaryMatch) {
        problems.add('canaryMatch', props.canaryMatch.toString(), `${noCanary}, so matching requests would reach no pod; remove canaryMatch in the commit that promotes the canary, and add it back with the next canary`);
      }
    } else if (canaryReplicas === 0 && (weight > 0 || props.canaryMatch)) {
      problems.add('canaryReplicas', 0, `the router sends ${weight > 0 ? `${weight}% of requests` : 'matching requests'} to the canary, which would have no pod to serve them; run at least 1 canary replica${props.canaryMatch && weight === 0 ? ', or leave canaryMatch out until there is a canary version' : ''}`);
    }
    split = { stable: replicas, canary: canaryReplicas };
  } else {
    split = isWholeNumber(weight, 0, 100) && isWholeNumber(replicas, 1) ? splitReplicas(replicas, weight) : { stable: replicas, canary: 0 };
  }
  // Each track its own autoscaler: one across both would average two versions' CPU.
  const stableScaler: AutoscalerSpec | undefined = autoscaling && { ...autoscaling, holdScaleDown: releasing };
  const canaryScaler = autoscaling && split.canary > 0 ? canaryAutoscaler(autoscaling, split.canary, weight) : undefined;

  // With the replica ratio, a track's pod count moves with the weight; its rollout numbers are judged
  // (and its budget sized) at the app's full size, so moving the weight changes replica counts only.
  const total = router.isExact ? undefined : replicas;
  const track = (which: Track, count: number, options: TrackOptions | undefined, image: string | undefined,
    config: DeploymentSpec['config'], autoscaler?: AutoscalerSpec): DeploymentSpec => {
    const range = autoscaler ? { min: autoscaler.minReplicas, max: autoscaler.maxReplicas } : { min: total ?? count, max: total ?? count };
    return {
      deploymentName: `${name}-${which}`,
      version: { image, version: options?.version ?? (which === Track.CANARY && !props.canary?.image ? props.stable?.version : undefined), imageProp: `${which}.image`, versionProp: `${which}.version` },
      variant: { key: TRACK_LABEL, value: which },
      replicas: count,
      autoscaler,
      range,
      // An autoscaled track is judged up to the app's largest size, whatever the weight; its annotation states its own range.
      judgedMax: autoscaling?.max,
      budgetReplicas: Math.max(2, range.min),
      config,
      // The canary serves requests when the router gives it a weight or a match, or, without a router, when it has pods.
      // A stable track that gives pods to the replica ratio's canary shrinks only after the canary is
      // healthy (Argo CD's later wave), so the app's serving capacity never dips below its size.
      servesTraffic: which === Track.STABLE
        ? total === undefined || count >= total
        : router.isExact ? weight > 0 || match !== undefined : count > 0,
    };
  };
  return {
    deployments: [
      track(Track.STABLE, split.stable, props.stable, props.stable?.image, stableConfig, stableScaler),
      track(Track.CANARY, split.canary, props.canary, canaryImage, canaryConfig, canaryScaler),
    ],
    weight,
    stableReplicas: stableScaler?.minReplicas ?? split.stable,
    canaryReplicas: canaryScaler?.minReplicas ?? split.canary,
    achievedWeight: router.isExact ? weight : achievedWeight(split.stable, split.canary),
    canaryServiceTrack: Track.CANARY,
  };
}

/**
 * Released by a controller: one Deployment, the stable track's, is the controller's template of the
 * version to release; the controller runs the canary pods and moves the router's weight by its steps.
 */
function controlledTracks({ problems, props, name, replicas, router, autoscaling }: CanaryBasics, controller: IReleaseController): CanaryTracks {
  checkControlled(problems, controller, props.service, {
    canaryWeight: { value: props.canaryWeight || undefined, why: 'the controller moves the weight by its steps (releaseController.steps); leave it unset' },
    canaryReplicas: { value: props.canaryReplicas, why: 'the controller scales the canary with the weight (or RolloutStep.canaryScale()); leave it unset' },
  });
  const { canaryImage, canaryConfig } = trackVersions(props);
  return {
    deployments: [{
      deploymentName: `${name}-${Track.STABLE}`,
      version: props.canary?.image
        ? { image: canaryImage, version: props.canary?.version, imageProp: 'canary.image', versionProp: 'canary.version' }
        : { image: props.stable?.image, version: props.canary?.version ?? props.stable?.version, imageProp: 'stable.image', versionProp: 'stable.version' },
      variant: { key: TRACK_LABEL, value: Track.STABLE },
      // The controller's autoscaler scales it (Flagger) or the Rollout that replaces it (Argo Rollouts).
      range: autoscaling ?? { min: replicas, max: replicas },
      budgetReplicas: Math.max(2, autoscaling?.min ?? replicas),
      config: canaryConfig,
    }],
    weight: 0,
    stableReplicas: autoscaling?.minReplicas ?? replicas,
    canaryReplicas: 0,
    achievedWeight: router.isExact ? 0 : achievedWeight(replicas, 0),
    // All pods share the template's track; the controller adds the pod-template hash to the selectors.
    canaryServiceTrack: Track.STABLE,
  };
}

/**
 * The canary track's autoscaler: the app's range scaled by the canary's share of traffic (rounded
 * up), never below `floor` (canaryReplicas), and with room above its minimum to scale.
 */
function canaryAutoscaler(app: AutoscalerSpec, floor: number, weight: number): AutoscalerSpec {
  const minReplicas = Math.max(floor, Math.ceil(app.minReplicas * weight / 100));
  const maxReplicas = Math.max(minReplicas + 1, Math.ceil(app.maxReplicas * weight / 100));
  return { minReplicas, maxReplicas, targetCpuUtilization: app.targetCpuUtilization };
}
