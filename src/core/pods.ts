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
