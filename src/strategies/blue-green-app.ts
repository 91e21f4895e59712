import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp } from './common';
import { appSelector, OWN_PREFIX } from '../core/labels';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { ServiceOptions } from '../workload/service';
import { AppService, SafeWorkload, WorkloadDeployment, WORKLOAD_PROP_KEYS, WorkloadProps } from '../workload/workload';
import { checkKeys, structKeys } from '../core/known-keys';

/** Label on every blue/green pod naming its slot; the Services select on it. */
export const SLOT_LABEL = `${OWN_PREFIX}/slot`;

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
   * Replicas of this slot while it is active, or idle under IdleSlot.keepFull().
   * @default - the app's `replicas`
   */
  readonly replicas?: number;
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
   * Replicas of each slot at full size.
   * @default 2
   */
  readonly replicas?: number;
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
}

const PROPS_KEYS = structKeys<BlueGreenAppProps>()({
  ...WORKLOAD_PROP_KEYS, name: true, namespace: true, activeSlot: true, blue: true, green: true, replicas: true, idleSlot: true, service: true, preview: true,
});
const SLOT_KEYS = structKeys<SlotOptions>()({ image: true, version: true, replicas: true });

/**
 * Two versions side by side in two slots, blue and green. The active Service selects the active
 * slot; the preview Service the other. Releasing is deploying to the idle slot, testing it through
 * the preview Service, and flipping `activeSlot`: the flip changes one selector value on each
 * Service and nothing else, and flipping back is the rollback.
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
  public readonly activeService: ApiObject;
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

  public constructor(scope: Construct, id: string, props: BlueGreenAppProps) {
    super(scope, id);
    const { problems, name, replicas } = beginApp('BlueGreenApp', id, props, PROPS_KEYS, '-preview');
    this.name = name;
    problems.check(Object.values(Slot).includes(props.activeSlot), 'activeSlot', props.activeSlot, 'it must be Slot.BLUE or Slot.GREEN');
    this.activeSlot = props.activeSlot;
    this.idleSlot = props.activeSlot === Slot.BLUE ? Slot.GREEN : Slot.BLUE;

    const idlePolicy = props.idleSlot ?? IdleSlot.keepFull();

    const workload = new SafeWorkload(this, { problems, appName: this.name, namespace: props.namespace, props, service: props.service });
    const slots: Partial<Record<Slot, WorkloadDeployment>> = {};
    for (const slot of [Slot.BLUE, Slot.GREEN]) {
      const options = slot === Slot.BLUE ? props.blue : props.green;
      checkKeys(problems, slot, 'SlotOptions', options, SLOT_KEYS);
      const active = slot === this.activeSlot;
      const full = options?.replicas ?? replicas;
      problems.check(isWholeNumber(full, active ? 1 : 0), `${slot}.replicas`, full, active
        ? `the active slot serves all traffic: it needs a whole number of at least 1 replica`
        : 'it must be a whole number of at least 0');
      if (options?.image === undefined) {
        if (active) problems.add(`${slot}.image`, undefined, `the active slot needs a version to serve; deploy one to the ${slot} slot, or make the other slot active`);
        continue;
      }
      const slotReplicas = active ? full : idlePolicy._replicas(problems, full);
      if (slotReplicas > full) {
        problems.add('idleSlot', slotReplicas, `an idle slot runs at most its full size (${full} replica(s) in the ${slot} slot); use IdleSlot.keepFull()`);
      }
      slots[slot] = workload.addDeployment(slot === Slot.BLUE ? 'Blue' : 'Green', {
        deploymentName: `${this.name}-${slot}`,
        version: { image: options.image, version: options.version, imageProp: `${slot}.image`, versionProp: `${slot}.version` },
        variant: { key: SLOT_LABEL, value: slot },
        replicas: slotReplicas,
        // Judged at full size: scaling the idle slot then changes its replica count and nothing else.
        range: { min: full, max: full },
        budgetReplicas: full,
        // The idle slot is rolled out (or scaled down) only after the Services have flipped away from it.
        servesTraffic: active,
      });
    }
    this.blueDeployment = slots[Slot.BLUE]?.deployment;
    this.greenDeployment = slots[Slot.GREEN]?.deployment;

    const selectorOf = (slot: Slot) => appSelector(this.name, { key: SLOT_LABEL, value: slot });
    this.activeServiceName = this.name;
    const services: AppService[] = [{ id: 'ActiveService', name: this.name, selector: selectorOf(this.activeSlot), entry: true }];
    // A preview of an empty slot would select nothing: it appears once the idle slot has a version.
    if ((props.preview ?? true) && slots[this.idleSlot]) {
      services.push({ id: 'PreviewService', name: `${this.name}-preview`, selector: selectorOf(this.idleSlot) });
    }
    const finished = workload.finish(this, services);
    [this.activeService, this.previewService] = finished.services;
    this.networkPolicy = finished.networkPolicy;
  }
}
