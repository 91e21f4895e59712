/**
 * Pod counts and Kubernetes' rollout arithmetic, free of any Kubernetes bindings: the constructs
 * render them (workload/rollout.ts) and the validation plugin, which runs inside the cdk8s CLI
 * without loading cdk8s-plus-27, checks manifests with the very same numbers.
 */

/** A number of pods, absolute or as a percentage of the replica count. */
export class Pods {
  /** An absolute number of pods. */
  public static count(pods: number): Pods {
    return new Pods(pods, false);
  }

  /** A whole percentage of the replica count. */
  public static percent(percent: number): Pods {
    return new Pods(percent, true);
  }

  private constructor(
    /** The number of pods, or the percentage. */
    public readonly amount: number,
    /** Whether `amount` is a percentage. */
    public readonly isPercent: boolean,
  ) {}

  /** `3` or `25%`, as Kubernetes writes it. */
  public toString(): string {
    return this.isPercent ? `${this.amount}%` : String(this.amount);
  }

  /** @internal Scales against `replicas` the way the controllers do: percentages rounded up or down. */
  public _resolve(replicas: number, roundUp: boolean): number {
    if (!this.isPercent) return this.amount;
    const exact = (replicas * this.amount) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }

  /** @internal Whether Kubernetes treats it as literally zero (`0` or `0%`). */
  public _isZero(): boolean {
    return this.amount === 0;
  }
}

/** The resolved surge and unavailability of a rolling update at one replica count. */
export interface ResolvedRollout {
  /** Pods the controller may add above `replicas`. */
  readonly maxSurge: number;
  /** Pods that may be unavailable below `replicas`. */
  readonly maxUnavailable: number;
  /** True when both resolved to 0 and the controller forces maxUnavailable to 1. */
  readonly forced: boolean;
}

/**
 * Kubernetes' own arithmetic (deployment_util.go, ResolveFenceposts): maxSurge percentages round up,
 * maxUnavailable percentages round down, and when both come to 0 the controller lets one pod be
 * unavailable so the rollout can move at all.
 */
export function resolveRollout(replicas: number, maxSurge: Pods, maxUnavailable: Pods): ResolvedRollout {
  const surge = maxSurge._resolve(replicas, true);
  const unavailable = maxUnavailable._resolve(replicas, false);
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1, forced: true };
  return { maxSurge: surge, maxUnavailable: unavailable, forced: false };
}

/** An int-or-percent value (maxSurge, maxUnavailable, minAvailable) as the API server reads it. */
export function parseIntOrPercent(value: unknown): { amount: number; percent: boolean } | undefined {
  if (Number.isInteger(value)) return { amount: value as number, percent: false };
  if (typeof value === 'string' && /^[0-9]+%$/.test(value)) return { amount: parseInt(value, 10), percent: true };
  return undefined;
}

/** Where a rolling update lets available pods drop below the replica count, over a range of replica counts. */
export interface CapacityDrop {
  /** The lowest replica count of the range at which available pods drop. */
  readonly replicas: number;
  /** The rollout resolved at `replicas`. */
  readonly first: ResolvedRollout;
  /** The rollout where the most pods may be unavailable: at the top of the range, or the forced 1 below it. */
  readonly worst: ResolvedRollout;
}

/**
 * Whether, and from which replica count on, a rolling update lets available pods drop at some count
 * in [minReplicas, maxReplicas] (0 replicas run nothing, so the range starts at 1). Shared by the
 * constructs (workload/rollout.ts) and the plugin's RS204.
 *
 * No count needs to be tried one by one. Pods drop at r when the resolved maxUnavailable is above 0,
 * or when both resolve to 0 (the forced 1). The resolved maxUnavailable (a count, or a percentage
 * rounded down) never decreases as r grows, and neither does the resolved maxSurge (rounded up):
 * "unavailable above 0" holds from some count up, "both 0" from some count down. So pods drop
 * somewhere in the range exactly when they drop at one of its ends; and when they drop at the top
 * only, the first count is where a percentage p of unavailability first rounds down to 1:
 * floor(r * p / 100) >= 1, i.e. r = ceil(100 / p).
 */
export function capacityDrop(minReplicas: number, maxReplicas: number, maxSurge: Pods, maxUnavailable: Pods): CapacityDrop | undefined {
  const low = Math.max(minReplicas, 1);
  if (maxReplicas < low) return undefined;
  const atLow = resolveRollout(low, maxSurge, maxUnavailable);
  const atHigh = resolveRollout(maxReplicas, maxSurge, maxUnavailable);
  if (atLow.maxUnavailable > 0) return { replicas: low, first: atLow, worst: atHigh };
  if (atHigh.maxUnavailable === 0) return undefined;
  // Dropping at the top only: maxUnavailable is a percentage above 0 (a count would drop alike at both ends).
  const replicas = Math.max(low, Math.ceil(100 / maxUnavailable.amount));
  return { replicas, first: resolveRollout(replicas, maxSurge, maxUnavailable), worst: atHigh };
}
