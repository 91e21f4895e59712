import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp, bindController, servicePorts } from './common';
import { appSelector, SLOT_LABEL } from '../core/labels';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { AutoscalerSpec, AutoscalingOptions, autoscalingRange } from '../workload/autoscaling';
import { AppConfig } from '../workload/config';
import { ServiceOptions } from '../workload/service';
import { AppService, DeploymentSpec, SafeWorkload, WorkloadDeployment, WORKLOAD_PROP_KEYS, WorkloadProps } from '../workload/workload';
import { checkKeys, structKeys } from '../core/known-keys';
import { checkControlled, IReleaseController, ReleaseShape } from '../controllers/released-app';

export { SLOT_LABEL };

/** One of the two slots of a BlueGreenApp. */
export enum Slot {
  /** The blue slot: Deployment `<name>-blue`. */
  BLUE = 'blue',
  /** The green slot: Deployment `<name>-green`. */
  GREEN = 'green',
}

/** The version running in one slot. */
export interface SlotOptions {
  /**
   * The container image of this slot's version, pinned by tag or digest.
   * @default - the slot is empty: no Deployment (it cannot be active)
   */
  readonly image?: string;
  /**
   * The `app.kubernetes.io/version` label of this slot's pods.
   * @default - the image tag (or the start of the digest)
   */
  readonly version?: string;
  /**
   * Replicas of this slot while it is active, or idle under IdleSlot.keepFull(). Leave it unset with
   * `autoscaling`.
   * @default - the app's `replicas`
   */
  readonly replicas?: number;
  /**
   * This slot's configuration: it replaces the app's `config` for this slot, so each slot keeps its
   * own and the flip (and the flip back) switches code and configuration together.
   * @default - the app's `config`
   */
  readonly config?: AppConfig;
}

/** What happens to the slot that is not active. */
export class IdleSlot {
  /**
   * Keep it at full size: rollback is one flip of `activeSlot`, at the cost of running both versions.
   * Use it while a release is in progress.
   */
  public static keepFull(): IdleSlot {
    return new IdleSlot(undefined);
  }

  /** Keep a smaller number of pods: a rollback must first scale the slot back up. */
  public static scaleTo(replicas: number): IdleSlot {
    return new IdleSlot(replicas);
  }

  /** Stop every idle pod once the release is done: a rollback must first scale the slot back up. */
  public static scaleToZero(): IdleSlot {
    return new IdleSlot(0);
  }

  private constructor(private readonly replicas: number | undefined) {}

  /** @internal Whether the idle slot stays ready to take all traffic (IdleSlot.keepFull()). */
  public _keepsFull(): boolean {
    return this.replicas === undefined;
  }

  /** @internal The idle slot's replica count given its full size. */
  public _replicas(problems: Problems, full: number): number {
    if (this.replicas === undefined) return full;
    problems.check(isWholeNumber(this.replicas, 0), 'idleSlot', this.replicas, 'an idle slot runs a whole number of replicas, 0 or more');
    return this.replicas;
  }
}

/** Props of a BlueGreenApp. */
export interface BlueGreenAppProps extends WorkloadProps {
  /**
   * Name of the active Service and the `app.kubernetes.io/name` label; the Deployments are
   * `<name>-blue` and `<name>-green`, the preview Service `<name>-preview`. A DNS-1035 label.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** The slot that receives all traffic through the active Service. Flipping it is the release. */
  readonly activeSlot: Slot;
  /** The blue slot's version. */
  readonly blue: SlotOptions;
  /** The green slot's version. */
  readonly green: SlotOptions;
  /**
   * Replicas of each slot at full size. Leave it unset with `autoscaling`.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Give each slot that serves or is ready to serve (the active slot, and the idle slot under
   * IdleSlot.keepFull()) its own HorizontalPodAutoscaler; those Deployments then have no `replicas`.
   * An idle slot scaled down (IdleSlot.scaleTo(n), IdleSlot.scaleToZero()) has a fixed replica count
   * and no autoscaler: it serves nothing to scale on. Under a release controller, one autoscaler on
   * the resource the controller scales (Argo Rollouts: the Rollout; Flagger: the target Deployment).
   * @default - fixed replica counts
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * With `autoscaling` while the idle slot is kept full: each slot's autoscaler minimum, so that the
   * slot a flip sends traffic to can serve all of it at that moment. Set it to at least the active
   * slot's current replica count (`kubectl get hpa <name>-<slot>`) when the release starts; remove it
   * with the commit that scales the idle slot down, at least 5 minutes after the flip.
   * @default - none; required with `autoscaling` while the idle slot is kept full and has a version
   */
  readonly flipReplicas?: number;
  /**
   * What happens to the slot that is not active.
   * @default IdleSlot.keepFull()
   */
  readonly idleSlot?: IdleSlot;
  /**
   * The active Service.
   * @default - a ClusterIP Service on the first container port
   */
  readonly service?: ServiceOptions;
  /**
   * Create `<name>-preview`, a ClusterIP Service that always selects the idle slot, to test the next
   * version through a real Service before it gets traffic.
   * @default true
   */
  readonly preview?: boolean;
  /**
   * Who runs the release. With a controller (`ReleaseController.argoRollouts()`, `ReleaseController.flagger()`), the active slot's
   * Deployment becomes the pod template of the controller's Rollout, the idle slot is the controller's
   * (an idle slot with another version and pods is an error), and the Services are the controller's
   * active and preview Services. See docs/controllers.md ("Graduating to a controller").
   * @default - none: the manifests are the release, one reviewed commit per step
   */
  readonly releaseController?: IReleaseController;
}

export const PROPS_KEYS = structKeys<BlueGreenAppProps>()({
  ...WORKLOAD_PROP_KEYS, name: true, namespace: true, activeSlot: true, blue: true, green: true, replicas: true, autoscaling: true,
  flipReplicas: true, idleSlot: true, service: true, preview: true,
  releaseController: true,
});
const SLOT_KEYS = structKeys<SlotOptions>()({ image: true, version: true, replicas: true, config: true });

/**
 * Two versions side by side in two slots, blue and green. The active Service selects the active
 * slot; the preview Service the other. Releasing is deploying to the idle slot, testing it through
 * the preview Service, and flipping `activeSlot`: the flip changes one selector value on each
 * Service (below Kubernetes 1.31 with required host spreading, also the two slots' rollout settings:
 * the idle slot, serving no live traffic, replaces its pods at once), and flipping back is the rollback.
 */
export class BlueGreenApp extends Construct {
  /** The label naming a pod's slot (`blue` or `green`); the Services select on it. */
  public static readonly SLOT_LABEL = SLOT_LABEL;

  /** The app's name: the active Service's name. */
  public readonly name: string;
  /** The slot receiving traffic. */
  public readonly activeSlot: Slot;
  /** The slot not receiving traffic. */
  public readonly idleSlot: Slot;
  /** The Service that selects the active slot. */
  public readonly activeService?: ApiObject;
  /** Its name, for clients to connect to. */
  public readonly activeServiceName: string;
  /** The Service that selects the idle slot (when `preview` is on and the idle slot has a version). */
  public readonly previewService?: ApiObject;
  /** The NetworkPolicy covering both slots, unless `networkPolicy: false`. */
  public readonly networkPolicy?: ApiObject;
  /** The blue Deployment, unless the blue slot is empty. */
  public readonly blueDeployment?: ApiObject;
  /** The green Deployment, unless the green slot is empty. */
  public readonly greenDeployment?: ApiObject;
  /** The blue slot's HorizontalPodAutoscaler, with `autoscaling` while the slot serves or is kept full. */
  public readonly blueAutoscaler?: ApiObject;
  /** The green slot's HorizontalPodAutoscaler, with `autoscaling` while the slot serves or is kept full. */
  public readonly greenAutoscaler?: ApiObject;
  /** The release controller's objects (Rollout or Canary, analysis templates, autoscaler), with `releaseController`. */
  public readonly controllerObjects: ApiObject[];

  public constructor(scope: Construct, id: string, props: BlueGreenAppProps) {
    super(scope, id);
    const { problems, name, replicas } = beginApp('BlueGreenApp', id, props, PROPS_KEYS, '-preview');
    this.name = name;
    problems.check(Object.values(Slot).includes(props.activeSlot), 'activeSlot', props.activeSlot, 'it must be Slot.BLUE or Slot.GREEN');
    this.activeSlot = props.activeSlot;
    this.idleSlot = props.activeSlot === Slot.BLUE ? Slot.GREEN : Slot.BLUE;

    const autoscaling = props.autoscaling && autoscalingRange(problems, 'autoscaling', props.autoscaling);
    if (autoscaling && props.replicas !== undefined) {
      problems.add('replicas', props.replicas, 'leave it unset with \'autoscaling\': each slot\'s autoscaler owns its replica count');
    }
    const controller = props.releaseController;
    const basics: BlueGreenBasics = {
      problems, props, name, replicas, autoscaling, activeSlot: this.activeSlot, idlePolicy: props.idleSlot ?? IdleSlot.keepFull(),
    };
    // The one place the release's driver matters: the commits flip the Services, or the controller does.
    const release = controller ? controlledSlots(basics, controller) : committedSlots(basics);
    const workload = new SafeWorkload(this, { problems, appName: this.name, namespace: props.namespace, props, service: props.service });
    const slots: Partial<Record<Slot, WorkloadDeployment>> = {};
    for (const [slot, spec] of release.deployments) slots[slot] = workload.addDeployment(slot === Slot.BLUE ? 'Blue' : 'Green', spec);
    this.blueDeployment = slots[Slot.BLUE]?.deployment;
    this.greenDeployment = slots[Slot.GREEN]?.deployment;
    this.blueAutoscaler = slots[Slot.BLUE]?.autoscaler;
    this.greenAutoscaler = slots[Slot.GREEN]?.autoscaler;

    const selectorOf = (slot: Slot) => appSelector(this.name, { key: SLOT_LABEL, value: slot });
    this.activeServiceName = this.name;
    // Flagger creates the app's Services itself (`<name>`, `<name>-primary`, `<name>-canary`).
    const ownServices = !controller?.ownsServices;
    if (controller?.ownsServices) {
      problems.check(props.preview ?? true, 'preview', false, `under ${controller.name} the controller always creates its own preview Service (${this.name}-canary)`);
    }
    const services: AppService[] = ownServices ? [{ id: 'ActiveService', name: this.name, selector: selectorOf(this.activeSlot), entry: true }] : [];
    if (ownServices && (props.preview ?? true) && release.previewSlot) {
      services.push({ id: 'PreviewService', name: `${this.name}-preview`, selector: selectorOf(release.previewSlot) });
    }
    const finished = workload.finish(this, services);
    [this.activeService, this.previewService] = finished.services;
    this.networkPolicy = finished.networkPolicy;
    const template = slots[this.activeSlot];
    this.controllerObjects = bindController(this, controller, workload, () => template && {
      problems, construct: 'BlueGreenApp', shape: ReleaseShape.SLOTS, name: this.name, namespace: props.namespace, labels: workload.labels,
      networkPolicy: finished.networkPolicy,
      deployment: template.deployment, selector: template.pod.selector, disruptionBudget: template.disruptionBudget, ...servicePorts(finished.port),
      replicas: autoscaling?.min ?? (this.activeSlot === Slot.BLUE ? props.blue : props.green)?.replicas ?? replicas, autoscaling,
      serviceName: this.name, secondServiceName: this.previewService ? `${this.name}-preview` : undefined,
    });
  }
}

/** What both ways of releasing a BlueGreenApp start from: the checked props. */
interface BlueGreenBasics {
  readonly problems: Problems;
  readonly props: BlueGreenAppProps;
  readonly name: string;
  readonly replicas: number;
  readonly autoscaling?: AutoscalerSpec & { min: number; max: number };
  readonly activeSlot: Slot;
  readonly idlePolicy: IdleSlot;
}

/** The slots' Deployments, and the slot the preview Service selects (none: no preview Service). */
interface BlueGreenSlots {
  readonly deployments: [Slot, DeploymentSpec][];
  readonly previewSlot?: Slot;
}

/** A slot with a version: its props, whether it is active, its full size and the replicas it runs now. */
interface SizedSlot {
  readonly slot: Slot;
  readonly options: SlotOptions;
  readonly active: boolean;
  readonly full: number;
  readonly replicas: number;
}

/** Each slot's props checked, and the slots that have a version with their sizes. */
function sizedSlots({ problems, props, replicas, autoscaling, activeSlot, idlePolicy }: BlueGreenBasics): SizedSlot[] {
  problems.check(autoscaling !== undefined || props.flipReplicas === undefined, 'flipReplicas', props.flipReplicas, 'it applies only with \'autoscaling\': without it, a kept-full idle slot already runs the full replica count');
  const sized: SizedSlot[] = [];
  for (const slot of [Slot.BLUE, Slot.GREEN]) {
    const options = slot === Slot.BLUE ? props.blue : props.green;
    checkKeys(problems, slot, 'SlotOptions', options, SLOT_KEYS);
    const active = slot === activeSlot;
    if (autoscaling && options?.replicas !== undefined) {
      problems.add(`${slot}.replicas`, options.replicas, 'leave it unset with \'autoscaling\': the slot\'s autoscaler owns its replica count');
    }
    // With an autoscaler, a slot's full size is the most its autoscaler may run.
    const full = autoscaling ? autoscaling.max : options?.replicas ?? replicas;
    problems.check(autoscaling !== undefined || isWholeNumber(full, active ? 1 : 0), `${slot}.replicas`, full, active
      ? `the active slot serves all traffic: it needs a whole number of at least 1 replica`
      : 'it must be a whole number of at least 0');
    if (options?.image === undefined) {
      if (active) problems.add(`${slot}.image`, undefined, `the active slot needs a version to serve; deploy one to the ${slot} slot, or make the other slot active`);
      continue;
    }
    sized.push({ slot, options, active, full, replicas: active ? full : idlePolicy._replicas(problems, full) });
  }
  return sized;
}

/** A slot's Deployment: what is the same whoever releases it. */
function slotDeployment(name: string, autoscaling: BlueGreenBasics['autoscaling'], { slot, options, active, full }: SizedSlot): DeploymentSpec {
  return {
    deploymentName: `${name}-${slot}`,
    version: { image: options.image, version: options.version, imageProp: `${slot}.image`, versionProp: `${slot}.version` },
    variant: { key: SLOT_LABEL, value: slot },
    // Judged at full size (an autoscaler's whole range): scaling the idle slot then changes its
    // replica count (or autoscaler) and nothing else.
    range: autoscaling ?? { min: full, max: full },
    budgetReplicas: autoscaling?.min ?? full,
    config: options.config === undefined ? undefined : { value: options.config, prop: `${slot}.config` },
    // No live traffic: a release to it replaces its pods at once, on the nodes it already uses.
    idle: !active,
    // The idle slot is rolled out (or scaled down) only after the Services have flipped away from it.
    servesTraffic: active,
  };
}

/**
 * Released by commits: each slot with a version is a Deployment; the active Service selects the
 * active slot, the preview Service the idle one once it has a version; flipping `activeSlot` is the release.
 */
function committedSlots(app: BlueGreenBasics): BlueGreenSlots {
  const { problems, props, autoscaling, activeSlot, idlePolicy } = app;
  const idleOptions = activeSlot === Slot.BLUE ? props.green : props.blue;
  const flipReady = idlePolicy._keepsFull() && idleOptions?.image !== undefined;
  const flipReplicas = autoscaling ? flipFloor(app, autoscaling, flipReady) : undefined;
  const deployments = sizedSlots(app).map((sized): [Slot, DeploymentSpec] => {
    const { slot, full, active } = sized;
    if (sized.replicas > full) {
      problems.add('idleSlot', sized.replicas, `an idle slot runs at most its full size (${full} replica(s) in the ${slot} slot${autoscaling ? ', autoscaling.maxReplicas' : ''}); use IdleSlot.keepFull()`);
    }
    const serving = active || idlePolicy._keepsFull();
    return [slot, {
      ...slotDeployment(app.name, autoscaling, sized),
      replicas: sized.replicas,
      // The same autoscaler on both slots while a flip may come, so the flip stays a selector change.
      autoscaler: autoscaling && serving ? { ...autoscaling, minReplicas: flipReplicas ?? autoscaling.min } : undefined,
    }];
  });
  // A preview of an empty slot would select nothing: it appears once the idle slot has a version.
  const idleSlot = activeSlot === Slot.BLUE ? Slot.GREEN : Slot.BLUE;
  return { deployments, previewSlot: deployments.some(([slot]) => slot === idleSlot) ? idleSlot : undefined };
}

/**
 * Released by a controller: the active slot's Deployment is the controller's template (the controller
 * owns its count and autoscaler), and the controller runs the preview; an idle slot is history.
 */
function controlledSlots(app: BlueGreenBasics, controller: IReleaseController): BlueGreenSlots {
  const { problems, props, autoscaling, activeSlot, idlePolicy } = app;
  checkControlled(problems, controller, props.service, {
    flipReplicas: { value: props.flipReplicas, why: 'the controller runs the preview at the autoscaled count (or previewReplicas) and promotes it once it is fully available; leave it unset' },
  });
  const activeOptions = activeSlot === Slot.BLUE ? props.blue : props.green;
  const deployments: [Slot, DeploymentSpec][] = [];
  for (const sized of sizedSlots(app)) {
    const { slot, options } = sized;
    if (sized.active) {
      deployments.push([slot, slotDeployment(app.name, autoscaling, sized)]);
      continue;
    }
    // The controller keeps the previous version itself (scaleDownDelay).
    const history = options.image === activeOptions?.image && options.version === activeOptions?.version;
    problems.check(sized.replicas === 0 || history, 'idleSlot', idlePolicy._keepsFull() ? 'IdleSlot.keepFull()' : sized.replicas,
      `under ${controller.name} the controller runs the preview: release a version by giving it to the active slot (${activeSlot}.image), and keep the ${slot} slot's previous version at IdleSlot.scaleToZero() or remove its image`);
  }
  // Both Services select the template's labels; the controller adds the pod-template hash.
  return { deployments, previewSlot: activeSlot };
}

/**
 * The autoscaler minimum of both slots while a flip may come (`flipReady`: the idle slot is kept
 * full and has a version): the active slot's current need, which only the user can read from the
 * cluster. Undefined otherwise, and then `flipReplicas` must be unset.
 */
function flipFloor({ problems, props, name, activeSlot }: BlueGreenBasics, range: { min: number; max: number },
  flipReady: boolean): number | undefined {
  const floor = props.flipReplicas;
  if (!flipReady) {
    problems.check(floor === undefined, 'flipReplicas', floor,
      'it applies only while the idle slot is kept full (IdleSlot.keepFull()) with a version to flip to; remove it once the release is done so the active slot\'s autoscaler can go back to minReplicas');
    return undefined;
  }
  if (floor === undefined) {
    problems.add('flipReplicas', undefined,
      `with 'autoscaling' and IdleSlot.keepFull(), set it to at least the active slot's current replica count (\`kubectl get hpa ${name}-${activeSlot}\`): the idle slot gets no traffic, so its autoscaler keeps it at minReplicas (${range.min}), and a flip would send it all traffic at once`);
    return undefined;
  }
  problems.check(isWholeNumber(floor, range.min) && floor < range.max, 'flipReplicas', floor,
    `it must be a whole number from autoscaling.minReplicas (${range.min}) to below autoscaling.maxReplicas (${range.max}): an autoscaler whose minimum equals its maximum cannot scale; raise maxReplicas`);
  return floor;
}
