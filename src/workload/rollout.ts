import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { isWholeNumber } from '../core/numbers';
import { capacityDrop, Pods, ResolvedRollout, resolveRollout } from '../core/rollout-arithmetic';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';
import { ROLLOUT_CAPACITY_RULE } from '../core/rule-ids';


/** Options of a rolling update. */
export interface RollingUpdateOptions {
  /**
   * Pods added above `replicas` during a rollout. Percentages round up, so any percentage above 0
   * gives at least one pod.
   * @default Pods.percent(25)
   */
  readonly maxSurge?: Pods;
  /**
   * Pods below `replicas` that may be unavailable during a rollout. Anything that resolves above 0
   * lowers serving capacity while a release is in progress.
   * @default Pods.count(0)
   */
  readonly maxUnavailable?: Pods;
  /**
   * Accept settings under which available pods drop below `replicas` during a rollout (a resolved
   * maxUnavailable above 0, including the 1 the controller forces when both resolve to 0).
   * @default false
   */
  readonly allowCapacityDrop?: boolean;
}

/** @internal A pod count as Kubernetes writes it: `3` or `"25%"`. */
export function intOrString(pods: Pods): k8s.IntOrString {
  return pods.isPercent ? k8s.IntOrString.fromString(`${pods.amount}%`) : k8s.IntOrString.fromNumber(pods.amount);
}

const ROLLING_UPDATE_KEYS = structKeys<RollingUpdateOptions>()({ maxSurge: true, maxUnavailable: true, allowCapacityDrop: true });

/** How a Deployment replaces old pods with new ones. */
export class RolloutStrategy {
  /** Annotation on each Deployment stating the rollout numbers Kubernetes will use. */
  public static readonly SUMMARY_ANNOTATION = 'release-strategies.cdk8s.io/rollout';

  /**
   * Resolves maxSurge and maxUnavailable at a replica count exactly as the Deployment controller
   * does: percentages of surge round up, of unavailability down, and 0/0 becomes 0/1.
   */
  public static resolve(replicas: number, maxSurge: Pods, maxUnavailable: Pods): ResolvedRollout {
    return resolveRollout(replicas, maxSurge, maxUnavailable);
  }

  /** Replace pods gradually, starting new ones before stopping old ones. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): RolloutStrategy {
    return new RolloutStrategy(options);
  }

  /**
   * Stop every old pod, then start the new ones. Every release has downtime: use it only for
   * applications that cannot run two versions at once.
   */
  public static recreate(): RolloutStrategy {
    return new RolloutStrategy(undefined);
  }

  private constructor(private readonly rolling: RollingUpdateOptions | undefined) {}

  private pods(): { maxSurge: Pods; maxUnavailable: Pods } {
    return { maxSurge: this.rolling?.maxSurge ?? Pods.percent(25), maxUnavailable: this.rolling?.maxUnavailable ?? Pods.count(0) };
  }

  /** Whether this is the Recreate strategy. */
  public get isRecreate(): boolean {
    return this.rolling === undefined;
  }

  /** @internal Checks the strategy's own settings, whatever the replica count (once per app). */
  public _check(problems: Problems, prop: string): void {
    if (this.rolling === undefined) return;
    checkKeys(problems, prop, 'RollingUpdateOptions', this.rolling, ROLLING_UPDATE_KEYS);
    const { maxSurge, maxUnavailable } = this.pods();
    checkPods(problems, `${prop}.maxSurge`, maxSurge, false);
    checkPods(problems, `${prop}.maxUnavailable`, maxUnavailable, true);
    if (maxSurge._isZero() && maxUnavailable._isZero()) {
      problems.add(`${prop}.maxSurge`, maxSurge.toString(), 'maxSurge and maxUnavailable cannot both be 0: the rollout could neither add nor remove a pod (the API server rejects it)');
    }
  }

  /**
   * @internal Renders the strategy for a Deployment of [minReplicas, maxReplicas] and checks the
   * capacity promise at every replica count up to `judgedMax` (at least maxReplicas: a canary's
   * autoscaler may be replaced by the app's whole range as its weight grows). Once per range:
   * Deployments of one size share the verdict. `resolved` and the summary are at maxReplicas,
   * `judged` at judgedMax.
   */
  public _render(problems: Problems, prop: string, minReplicas: number, maxReplicas: number, judgedMax: number = maxReplicas):
  { strategy: k8s.DeploymentStrategy; resolved?: ResolvedRollout; judged?: ResolvedRollout; summary: string; waivers: Record<string, string> } {
    if (this.rolling === undefined) {
      return {
        strategy: { type: 'Recreate' },
        summary: 'Recreate: every old pod stops before new ones start',
        waivers: { [ROLLOUT_CAPACITY_RULE]: `${prop}: RolloutStrategy.recreate() chosen in code: every release stops all old pods before new ones start` },
      };
    }
    const { maxSurge, maxUnavailable } = this.pods();
    const resolved = resolveRollout(maxReplicas, maxSurge, maxUnavailable);
    const judged = resolveRollout(judgedMax, maxSurge, maxUnavailable);
    const drop = capacityDrop(minReplicas, judgedMax, maxSurge, maxUnavailable);
    const waivers: Record<string, string> = {};
    if (drop && this.rolling.allowCapacityDrop) {
      waivers[ROLLOUT_CAPACITY_RULE] = `${prop}.allowCapacityDrop: true set in code: up to ${drop.worst.maxUnavailable} pod(s) below the replica count during a rollout`;
    } else if (drop) {
      const worst = drop.worst;
      const at = minReplicas === judgedMax ? `${judgedMax} replicas` : `up to ${judgedMax} replicas`;
      const why = worst.forced
        ? `maxSurge ${maxSurge} and maxUnavailable ${maxUnavailable} both resolve to 0 at ${at}, so the controller forces 1 pod unavailable`
        : `maxUnavailable ${maxUnavailable} resolves to ${worst.maxUnavailable} pod(s) at ${at}`;
      problems.add(`${prop}.maxUnavailable`, maxUnavailable.toString(),
        `${why}: serving capacity drops below the replica count during every rollout; use maxUnavailable Pods.count(0) with a maxSurge of at least 1 pod, or set 'allowCapacityDrop: true'`);
    }
    const range = minReplicas === maxReplicas ? `${maxReplicas} replicas` : `up to ${maxReplicas} replicas`;
    return {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString(maxSurge), maxUnavailable: intOrString(maxUnavailable) } },
      resolved,
      judged,
      waivers,
      summary: `maxSurge ${maxSurge} = ${resolved.maxSurge} pod(s), maxUnavailable ${maxUnavailable} = ${resolved.maxUnavailable} pod(s) at ${range}`,
    };
  }

  /**
   * @internal The strategy of a blue/green slot that serves no live traffic: every pod replaced at
   * once (maxSurge 0, maxUnavailable 100%), so deploying to it needs no node beyond the slot's own
   * and no capacity is promised. Recreate stays Recreate.
   */
  public _renderIdle(problems: Problems, prop: string, replicas: number): ReturnType<RolloutStrategy['_render']> {
    if (this.rolling === undefined) return this._render(problems, prop, replicas, replicas);
    const resolved = resolveRollout(replicas, Pods.count(0), Pods.percent(100));
    return {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString(Pods.count(0)), maxUnavailable: intOrString(Pods.percent(100)) } },
      resolved,
      summary: `idle slot (no live traffic): maxSurge 0 = ${resolved.maxSurge} pod(s), maxUnavailable 100% = ${resolved.maxUnavailable} pod(s) at ${replicas} replicas; the app's strategy once active`,
      waivers: { [ROLLOUT_CAPACITY_RULE]: 'idle blue/green slot: serves no live traffic, so a release replaces its pods at once, on the nodes the slot already uses; it takes the app\'s strategy when it becomes active' },
    };
  }
}

function checkPods(problems: Problems, prop: string, pods: Pods, isUnavailability: boolean): void {
  const max = pods.isPercent && isUnavailability ? 100 : Number.MAX_SAFE_INTEGER;
  const allowed = pods.isPercent
    ? `a percentage is a whole number from 0${isUnavailability ? ' to 100' : ''}`
    : 'a pod count is a whole number of at least 0';
  problems.check(isWholeNumber(pods.amount, 0, max), prop, pods.toString(), allowed);
}
