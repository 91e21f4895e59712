import { ApiObject } from 'cdk8s';
import { ACHIEVED_WEIGHT_ANNOTATION } from '../core/labels';
import { AppRoute, FlaggerRouting, ITrafficRouter, TrafficRouterProps } from './route';

export { ACHIEVED_WEIGHT_ANNOTATION };
export { readReplicaRatioWeights } from './weights/replica-ratio';

/** Why no controller drives the replica ratio, after `<controller> drives `. */
const CONTROLLED_ONLY = 'a Gateway API, Istio or NGINX Ingress router (TrafficRouter.gatewayApi(), gatewayApiMesh(), istio(), nginxIngress())';

/**
 * No router: the apex Service selects both tracks, so the split follows the tracks' pod counts
 * (per connection, approximately); it creates no object and cannot look at requests.
 */
export class ReplicaRatioRouter implements ITrafficRouter {
  /** What it declares. */
  public static readonly PROPS: TrafficRouterProps = { name: 'replica ratio', capabilities: { exactWeights: false, headerMatch: false, cookieMatch: false, apexSelectsAllTracks: true } };
  public readonly name = ReplicaRatioRouter.PROPS.name;
  public readonly capabilities = ReplicaRatioRouter.PROPS.capabilities;

  public renderRoute(): ApiObject[] {
    return [];
  }

  public argoRolloutsTrafficRouting(route: AppRoute): undefined {
    route.context._problems.add('trafficRouter', 'TrafficRouter.replicaRatio()',
      `Argo Rollouts drives ${CONTROLLED_ONLY}; a replica-ratio canary would split by pod counts behind the controller's back`);
    return undefined;
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting | undefined {
    route.context._problems.add('trafficRouter', 'TrafficRouter.replicaRatio()', `Flagger drives ${CONTROLLED_ONLY}; its replica-count mode is blue/green only`);
    return undefined;
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
