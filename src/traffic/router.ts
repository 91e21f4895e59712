import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import { CanaryMatch, CanaryMatchType } from './canary-match';
import { RouteContext, RouteParts } from './context';
import { GatewayApiRouter, GatewayApiRouterOptions } from './gateway-api';
import { GatewayApiMeshRouter } from './gateway-api-mesh';
import { IstioRouter, IstioRouterOptions } from './istio';
import { NginxIngressRouter, NginxIngressRouterOptions } from './nginx-ingress';
import { ReplicaRatioRouter } from './replica-ratio';
import { AppRoute, FlaggerRouting, ITrafficRouter, TrafficRouterCapabilities, TrafficRouterProps } from './route';

/**
 * How requests are split between the stable and the canary track. A router declares what it can do,
 * renders its own objects and says how each release controller drives them; a new router (AWS ALB,
 * Traefik, ...) is one subclass, in this library or in an app.
 */
export abstract class TrafficRouter implements ITrafficRouter {
  /**
   * No router: the canary gets the share of pods closest to the weight, and Services balance
   * connections (not requests) over pods, so the split is approximate and per connection.
   */
  public static replicaRatio(): TrafficRouter {
    return new BuiltInRouter(new ReplicaRatioRouter());
  }

  /** An HTTPRoute attached to a Gateway: exact weights; header matches. */
  public static gatewayApi(options: GatewayApiRouterOptions): TrafficRouter {
    return new BuiltInRouter(new GatewayApiRouter(options));
  }

  /**
   * A mesh (GAMMA) HTTPRoute whose parent is the app's apex Service: exact weights and header matches
   * for in-cluster callers, through a mesh that implements the Gateway API for meshes (Istio, Cilium).
   * It governs mesh traffic to the apex Service; traffic entering through a Gateway is what
   * `gatewayApi()` splits.
   */
  public static gatewayApiMesh(): TrafficRouter {
    return new BuiltInRouter(new GatewayApiMeshRouter());
  }

  /** An Istio VirtualService: exact weights for mesh and gateway traffic; header and cookie matches. */
  public static istio(options: IstioRouterOptions = {}): TrafficRouter {
    return new BuiltInRouter(new IstioRouter(options));
  }

  /**
   * NGINX Ingress canary annotations: exact weights for ingress traffic; header and cookie matches.
   *
   * @deprecated Legacy: ingress-nginx was retired upstream in March 2026. It stays for existing
   * users; new apps use `gatewayApi()` (an HTTPRoute on a Gateway). docs/canary.md ("Moving from
   * NGINX Ingress to the Gateway API") shows the change.
   */
  public static nginxIngress(options: NginxIngressRouterOptions): TrafficRouter {
    return new BuiltInRouter(new NginxIngressRouter(options));
  }

  /** The router's name in messages. */
  public readonly name: string;
  /** What the router can do. */
  public readonly capabilities: TrafficRouterCapabilities;

  protected constructor(props: TrafficRouterProps) {
    this.name = props.name;
    this.capabilities = { ...props.capabilities };
  }

  /** Whether weights are exact (a router) rather than approximated by replica counts. */
  public get isExact(): boolean {
    return this.capabilities.exactWeights;
  }

  /**
   * @internal The one place where what a CanaryApp asks of its router is checked against what the
   * router declares it can do. Returns the match the router should render (none when it cannot).
   */
  public _checkAsked(problems: Problems, asked: { match?: CanaryMatch; canaryReplicas?: number }): CanaryMatch | undefined {
    const can = this.capabilities;
    if (!can.exactWeights && asked.canaryReplicas !== undefined) {
      problems.add('canaryReplicas', asked.canaryReplicas, `with the ${this.name} the weight decides the canary's pods; leave it unset, or choose a traffic router`);
    }
    const match = asked.match;
    if (match === undefined) return undefined;
    if (!can.headerMatch && !can.cookieMatch) {
      problems.add('canaryMatch', match.toString(), `matching requests needs a traffic router (${routersThat(['headerMatch', 'cookieMatch'])}); the ${this.name} cannot look at requests`);
      return undefined;
    }
    const [able, other, factory] = match.type === CanaryMatchType.COOKIE
      ? [can.cookieMatch, 'cookieMatch', 'header'] as const : [can.headerMatch, 'headerMatch', 'cookie'] as const;
    if (!able) {
      problems.add('canaryMatch', match.toString(), `the ${this.name} has no ${match.type} match; use CanaryMatch.${factory}(), or the ${routersThat([other])} router`);
      return undefined;
    }
    return match;
  }

  /** @internal Renders the router's objects in `scope` (the CanaryApp) and returns them with the context they were rendered for. */
  public _route(scope: Construct, parts: RouteParts): AppRoute {
    const context = RouteContext._of(parts);
    return { router: this, context, objects: this.renderRoute(scope, context) };
  }

  /** Creates the router's objects in `scope` (the CanaryApp) for the app `context` describes. */
  public renderRoute(scope: Construct, context: RouteContext): ApiObject[] {
    return this.renderObjects(scope, context);
  }

  /**
   * The Rollout's `trafficRouting` for this router's objects (Argo Rollouts' traffic routers and
   * plugins), adapting the objects to what Argo Rollouts expects of them. A router Argo Rollouts can
   * drive overrides it; this default reports that it cannot.
   */
  public argoRolloutsTrafficRouting(route: AppRoute): any {
    route.context._problems.add('trafficRouter', this.name, `the ${this.name} router cannot be driven by Argo Rollouts: it does not implement argoRolloutsTrafficRouting() (the Rollout's trafficRouting for its objects)`);
    return undefined;
  }

  /**
   * How Flagger drives this router: its provider, and its objects replaced by the ones Flagger
   * creates. A router Flagger can drive overrides it; this default reports that it cannot.
   */
  public flaggerRouting(route: AppRoute): FlaggerRouting | undefined {
    route.context._problems.add('trafficRouter', this.name, `the ${this.name} router cannot be driven by Flagger: it does not implement flaggerRouting() (the Canary's provider for its objects)`);
    return undefined;
  }

  /**
   * Creates the router's objects in `scope` (the CanaryApp), for the app `context` describes, and
   * reports bad options through `context.addProblem()`. A CanaryApp calls it once, after checking
   * that the router can do what the app asks (`capabilities`).
   */
  protected abstract renderObjects(scope: Construct, context: RouteContext): ApiObject[];
}

/** A built-in router behind the TrafficRouter factories: each is one file implementing ITrafficRouter. */
class BuiltInRouter extends TrafficRouter {
  public constructor(private readonly implementation: ITrafficRouter) {
    super({ name: implementation.name, capabilities: implementation.capabilities });
  }

  public argoRolloutsTrafficRouting(route: AppRoute): any {
    return this.implementation.argoRolloutsTrafficRouting(route);
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting | undefined {
    return this.implementation.flaggerRouting(route);
  }

  protected renderObjects(scope: Construct, context: RouteContext): ApiObject[] {
    return this.implementation.renderRoute(scope, context);
  }
}

/** The built-in routers with a capability, for suggestions: `Gateway API, Istio or NGINX Ingress`. */
function routersThat(capabilities: (keyof TrafficRouterCapabilities)[]): string {
  const all = [ReplicaRatioRouter.PROPS, GatewayApiRouter.PROPS, IstioRouter.PROPS, NginxIngressRouter.PROPS];
  const names = all.filter((r) => capabilities.some((c) => r.capabilities[c])).map((r) => r.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}
