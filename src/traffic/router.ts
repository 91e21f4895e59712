import { ApiObject } from 'cdk8s';
import { RouteContext } from './context';
import { GatewayApiRouterOptions, renderGatewayApi } from './gateway-api';
import { IstioRouterOptions, renderIstio } from './istio';
import { NginxIngressRouterOptions, renderNginxIngress } from './nginx-ingress';

/** The kinds of traffic routing a CanaryApp can use. */
export enum TrafficRouterType {
  /** No router: the apex Service selects both tracks and the split follows the pod counts. */
  REPLICA_RATIO = 'REPLICA_RATIO',
  /** A Gateway API HTTPRoute with weighted backends. */
  GATEWAY_API = 'GATEWAY_API',
  /** An Istio VirtualService and DestinationRule. */
  ISTIO = 'ISTIO',
  /** NGINX Ingress' canary annotations on a second Ingress. */
  NGINX_INGRESS = 'NGINX_INGRESS',
}

/** How requests are split between the stable and the canary track. */
export class TrafficRouter {
  /**
   * No router: the canary gets the share of pods closest to the weight, and Services balance
   * connections (not requests) over pods, so the split is approximate and per connection.
   */
  public static replicaRatio(): TrafficRouter {
    return new TrafficRouter(TrafficRouterType.REPLICA_RATIO);
  }

  /** An HTTPRoute attached to a Gateway: exact weights; header matches. */
  public static gatewayApi(options: GatewayApiRouterOptions): TrafficRouter {
    return new TrafficRouter(TrafficRouterType.GATEWAY_API, options);
  }

  /** An Istio VirtualService: exact weights for mesh and gateway traffic; header and cookie matches. */
  public static istio(options: IstioRouterOptions = {}): TrafficRouter {
    return new TrafficRouter(TrafficRouterType.ISTIO, options);
  }

  /** NGINX Ingress canary annotations: exact weights for ingress traffic; header and cookie matches. */
  public static nginxIngress(options: NginxIngressRouterOptions): TrafficRouter {
    return new TrafficRouter(TrafficRouterType.NGINX_INGRESS, options);
  }

  private constructor(
    /** Which router this is. */
    public readonly type: TrafficRouterType,
    private readonly options?: GatewayApiRouterOptions | IstioRouterOptions | NginxIngressRouterOptions,
  ) {}

  /** Whether weights are exact (a router) rather than approximated by replica counts. */
  public get isExact(): boolean {
    return this.type !== TrafficRouterType.REPLICA_RATIO;
  }

  /** @internal Creates the router's objects; none for the replica ratio. */
  public _render(ctx: RouteContext): ApiObject[] {
    switch (this.type) {
      case TrafficRouterType.GATEWAY_API: return renderGatewayApi(ctx, this.options as GatewayApiRouterOptions);
      case TrafficRouterType.ISTIO: return renderIstio(ctx, this.options as IstioRouterOptions);
      case TrafficRouterType.NGINX_INGRESS: return renderNginxIngress(ctx, this.options as NginxIngressRouterOptions);
      default:
        if (ctx.match) ctx.problems.add('canaryMatch', ctx.match.toString(), 'matching requests needs a traffic router (Gateway API, Istio or NGINX Ingress); the replica ratio cannot look at requests');
        return [];
    }
  }
}
