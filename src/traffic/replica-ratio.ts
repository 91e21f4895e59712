import { ApiObject } from 'cdk8s';
import { TrafficRouter, TrafficRouterProps, TrafficRouterType } from './router';

/**
 * No router: the apex Service selects both tracks, so the split follows the tracks' pod counts
 * (per connection, approximately); it creates no object and cannot look at requests.
 */
export class ReplicaRatioRouter extends TrafficRouter {
  /** What it declares. */
  public static readonly PROPS: TrafficRouterProps = { name: 'replica ratio', capabilities: { exactWeights: false, headerMatch: false, cookieMatch: false } };

  public constructor() {
    super(ReplicaRatioRouter.PROPS);
  }

  /** @deprecated read `capabilities` */
  public get type(): TrafficRouterType | undefined {
    return TrafficRouterType.REPLICA_RATIO;
  }

  protected renderObjects(): ApiObject[] {
    return [];
  }
}

/**
 * The replica split that approximates a canary weight without a traffic router, as Argo Rollouts
 * does: the whole number of canary pods closest to weight × replicas, ties rounded up, at least one
 * pod for any weight above 0, the total kept.
 */
export function splitReplicas(total: number, weight: number): { stable: number; canary: number } {
  if (weight <= 0) return { stable: total, canary: 0 };
  // Integer arithmetic: total × weight / 100 = whole + remainder / 100; round half up.
  const whole = Math.floor((total * weight) / 100);
  const remainder = (total * weight) % 100;
  const canary = Math.min(total, Math.max(1, whole + (remainder * 2 >= 100 ? 1 : 0)));
  return { stable: total - canary, canary };
}

/** The share of pods (so of connections, roughly) the canary gets, in percent, to two decimals. */
export function achievedWeight(stable: number, canary: number): number {
  const total = stable + canary;
  return total === 0 ? 0 : Math.round((canary * 10000) / total) / 100;
}
