import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RouteContext } from './context';
import { createHttpRoute, HttpRouteRouter } from './gateway-api';
import { TrafficRouterProps } from './route';

/**
 * East-west canaries through a service mesh that implements the Gateway API for meshes (GAMMA:
 * Istio, Cilium, ...): an HTTPRoute whose parent is the app's apex Service (`group: ""`, `kind:
 * Service`), so that every in-cluster caller of the apex Service gets the exact weights and the header
 * match, not the pod-count split of the Service alone. A mesh route has no host names: it applies to
 * the Service's own name. Under Argo Rollouts the Gateway API plugin moves the route's weights (it
 * edits backendRefs, whatever the parent); under Flagger the `gatewayapi` provider writes its own
 * HTTPRoute with the same Service parent, the apex Service Flagger creates.
 */
export class GatewayApiMeshRouter extends HttpRouteRouter {
  /** What it declares: the Gateway API has no cookie match. */
  public static readonly PROPS: TrafficRouterProps = { name: 'Gateway API mesh', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: false } };

  public constructor() {
    super(GatewayApiMeshRouter.PROPS);
  }

  public renderRoute(scope: Construct, ctx: RouteContext): ApiObject[] {
    return [createHttpRoute(scope, ctx, [{ group: '', kind: 'Service', name: ctx.apexServiceName }])];
  }
}
