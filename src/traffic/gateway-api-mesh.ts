import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RouteContext } from './context';
import { createHttpRoute } from './gateway-api';
import { TrafficRouter, TrafficRouterProps, TrafficRouterType } from './router';

/**
 * East-west canaries through a service mesh that implements the Gateway API for meshes (GAMMA:
 * Istio, Cilium, ...): an HTTPRoute whose parent is the app's apex Service (`group: ""`, `kind:
 * Service`), so that every in-cluster caller of the apex Service gets the exact weights and the header
 * match, not the pod-count split of the Service alone. A mesh route has no host names: it applies to
 * the Service's own name.
 */
export class GatewayApiMeshRouter extends TrafficRouter {
  /** What it declares: the Gateway API has no cookie match. */
  public static readonly PROPS: TrafficRouterProps = { name: 'Gateway API mesh', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: false } };

  public constructor() {
    super(GatewayApiMeshRouter.PROPS);
  }

  /** @deprecated read `capabilities` */
  public get type(): TrafficRouterType | undefined {
    return TrafficRouterType.GATEWAY_API;
  }

  protected renderObjects(scope: Construct, ctx: RouteContext): ApiObject[] {
    return [createHttpRoute(scope, ctx, [{ group: '', kind: 'Service', name: ctx.apexServiceName }])];
  }
}
