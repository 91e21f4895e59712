import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import { CanaryMatch, CanaryMatchType } from './canary-match';
import { RouteContext, RouteParts } from './context';
import type { GatewayApiRouterOptions } from './gateway-api';
import type { IstioRouterOptions } from './istio';
import type { NginxIngressRouterOptions } from './nginx-ingress';

/**
 * The built-in traffic routers.
 * @deprecated Routers are subclasses of TrafficRouter; read `capabilities` for what one can do.
 */
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

/** What a traffic router can do; a CanaryApp checks what it is asked against these. */
export interface TrafficRouterCapabilities {
  /**
   * Whether it splits requests by exact weights. Without, the split follows the tracks' pod counts:
   * the canary's replicas derive from the weight.
   */
  readonly exactWeights: boolean;
  /** Whether it sends requests with a given header value to the canary (CanaryMatch.header()). */
  readonly headerMatch: boolean;
  /** Whether it sends requests with a given cookie to the canary (CanaryMatch.cookie()). */
  readonly cookieMatch: boolean;
}

/** Props of a TrafficRouter subclass. */
export interface TrafficRouterProps {
  /** The router's name in messages, e.g. `NGINX Ingress` ("the NGINX Ingress router"). */
  readonly name: string;
  /** What the router can do. */
  readonly capabilities: TrafficRouterCapabilities;
}

/**
 * How requests are split between the stable and the canary track. Each router is a subclass that
 * declares what it can do and renders its own objects; a new router (AWS ALB, Traefik, ...) is one
 * subclass, in this library or in an app.
 */
export abstract class TrafficRouter {
  /**
   * No router: the canary gets the share of pods closest to the weight, and Services balance
   * connections (not requests) over pods, so the split is approximate and per connection.
   */
  public static replicaRatio(): TrafficRouter {
    return new (builtIns().ReplicaRatioRouter)();
  }

  /** An HTTPRoute attached to a Gateway: exact weights; header matches. */
  public static gatewayApi(options: GatewayApiRouterOptions): TrafficRouter {
    return new (builtIns().GatewayApiRouter)(options);
  }

  /**
   * A mesh (GAMMA) HTTPRoute whose parent is the app's apex Service: exact weights and header matches
   * for in-cluster callers, through a mesh that implements the Gateway API for meshes (Istio, Cilium).
   * It governs mesh traffic to the apex Service; traffic entering through a Gateway is what
   * `gatewayApi()` splits.
   */
  public static gatewayApiMesh(): TrafficRouter {
    return new (builtIns().GatewayApiMeshRouter)();
  }

  /** An Istio VirtualService: exact weights for mesh and gateway traffic; header and cookie matches. */
  public static istio(options: IstioRouterOptions = {}): TrafficRouter {
    return new (builtIns().IstioRouter)(options);
  }

  /**
   * NGINX Ingress canary annotations: exact weights for ingress traffic; header and cookie matches.
   *
   * @deprecated Legacy: ingress-nginx was retired upstream in March 2026. It stays for existing
   * users; new apps use `gatewayApi()` (an HTTPRoute on a Gateway). docs/canary.md ("Moving from
   * NGINX Ingress to the Gateway API") shows the change.
   */
  public static nginxIngress(options: NginxIngressRouterOptions): TrafficRouter {
    return new (builtIns().NginxIngressRouter)(options);
  }

  /** The router's name in messages. */
  public readonly name: string;
  /** What the router can do. */
  public readonly capabilities: TrafficRouterCapabilities;

  protected constructor(props: TrafficRouterProps) {
    this.name = props.name;
    this.capabilities = { ...props.capabilities };
  }

  /**
   * Which built-in router this is.
   * @deprecated read `capabilities`; undefined for routers defined outside this library
   */
  public get type(): TrafficRouterType | undefined {
    return undefined;
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

  /** @internal Creates the router's objects in `scope` (the CanaryApp). */
  public _render(scope: Construct, parts: RouteParts): ApiObject[] {
    return this.renderObjects(scope, RouteContext._of(parts));
  }

  /**
   * Creates the router's objects in `scope` (the CanaryApp), for the app `context` describes, and
   * reports bad options through `context.addProblem()`. A CanaryApp calls it once, after checking
   * that the router can do what the app asks (`capabilities`).
   */
  protected abstract renderObjects(scope: Construct, context: RouteContext): ApiObject[];
}

/** The built-in routers with a capability, for suggestions: `Gateway API, Istio or NGINX Ingress`. */
function routersThat(capabilities: (keyof TrafficRouterCapabilities)[]): string {
  const { ReplicaRatioRouter, GatewayApiRouter, IstioRouter, NginxIngressRouter } = builtIns();
  const all = [ReplicaRatioRouter.PROPS, GatewayApiRouter.PROPS, IstioRouter.PROPS, NginxIngressRouter.PROPS];
  const names = all.filter((r) => capabilities.some((c) => r.capabilities[c])).map((r) => r.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

type BuiltIns = typeof import('./replica-ratio') & typeof import('./gateway-api') & typeof import('./gateway-api-mesh') & typeof import('./istio')
  & typeof import('./nginx-ingress');

/**
 * The built-in routers' modules. They extend TrafficRouter, so they load after it, when a factory
 * first runs: an import at the top would be a cycle that breaks whenever a router file loads first.
 */
function builtIns(): BuiltIns {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...require('./replica-ratio'), ...require('./gateway-api'), ...require('./gateway-api-mesh'), ...require('./istio'), ...require('./nginx-ingress'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
