import { ClusterOverrides } from './overrides';

/** How many clusters of a ring Argo CD syncs at once (the RollingSync step's `maxUpdate`). */
export class MaxUpdate {
  /**
   * At most this many clusters at once. 0 syncs none: the ring waits until someone syncs its
   * Applications by hand (Argo CD's manual gate).
   */
  public static clusters(count: number): MaxUpdate {
    return new MaxUpdate(count, false);
  }

  /** At most this percent of the ring's clusters at once, rounded down but at least one (Argo CD's rule for a percent above 0). */
  public static percent(percent: number): MaxUpdate {
    return new MaxUpdate(percent, true);
  }

  private constructor(
    /** The count or percent. */
    public readonly amount: number,
    /** Whether `amount` is a percent. */
    public readonly isPercent: boolean,
  ) {}

  /** `3` or `25%`. */
  public toString(): string {
    return this.isPercent ? `${this.amount}%` : String(this.amount);
  }

  /** @internal The value Argo CD reads: an integer or a percent string. */
  public _toJson(): number | string {
    return this.isPercent ? `${this.amount}%` : this.amount;
  }
}

/** One cluster of a fleet. */
export interface FleetCluster {
  /**
   * The cluster's name: its Application is `<fleet>-<name>`. A DNS-1123 label.
   */
  readonly name: string;
  /** The cluster's API server URL, as registered in Argo CD (`https://kubernetes.default.svc` for Argo CD's own cluster). */
  readonly server: string;
  /**
   * The cluster's output folder under the fleet's `outdir` (what its Application syncs): one path
   * segment of letters, digits, '.', '_' and '-'.
   * @default - the cluster's name
   */
  readonly folder?: string;
  /**
   * How this cluster differs from the app (on top of its ring's overrides).
   * @default - none
   */
  readonly overrides?: ClusterOverrides;
  /**
   * Keep this cluster on the fleet's `previous` app while the others release `app`.
   * @default - the ring's holdBack
   */
  readonly holdBack?: boolean;
}

/** A group of clusters released together, after the rings before it are healthy. */
export interface FleetRing {
  /** The ring's name: the value of the ring label on its Applications. A DNS-1123 label. */
  readonly name: string;
  /** The ring's clusters, at least one. */
  readonly clusters: FleetCluster[];
  /**
   * How many of the ring's clusters Argo CD syncs at once.
   * @default - all of them at once
   */
  readonly maxUpdate?: MaxUpdate;
  /**
   * How every cluster of the ring differs from the app (a cluster's own overrides win).
   * @default - none
   */
  readonly overrides?: ClusterOverrides;
  /**
   * Keep the ring's clusters on the fleet's `previous` app (hold the ring back) while the rings
   * around it release `app`.
   * @default false
   */
  readonly holdBack?: boolean;
}
