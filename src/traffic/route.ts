import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryMatch, CanaryMatchType } from './canary-match';
import { RouteContext } from './context';

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
  /**
   * Whether the router needs the apex Service (`<name>`) to select every track's pods: Istio's
   * DestinationRule subsets are subsets of the apex Service's endpoints. Otherwise the apex Service
   * selects only the stable track, so that clients in the cluster that call it directly (not through
   * the router) reach the stable version until the canary is promoted, whatever the canary's pod count.
   * @default false
   */
  readonly apexSelectsAllTracks?: boolean;
}

/** Props of a TrafficRouter subclass. */
export interface TrafficRouterProps {
  /** The router's name in messages, e.g. `NGINX Ingress` ("the NGINX Ingress router"). */
  readonly name: string;
  /** What the router can do. */
  readonly capabilities: TrafficRouterCapabilities;
}

/**
 * How Flagger drives a router: the Canary's `provider`, what its `service` says about the route, and
 * the Flagger objects the router's own objects give way to (the router removes those Flagger creates).
 */
export interface FlaggerRouting {
  /** The Canary's `spec.provider` (`gatewayapi:v1`, `istio`, `nginx`, ...). */
  readonly provider: string;
  /**
   * Fields of the Canary's `spec.service` besides `name`, `port` and `targetPort` (`hosts`,
   * `gateways`, `gatewayRefs`, ...).
   * @default - none
   */
  readonly service?: { [key: string]: any };
  /**
   * The Canary's `spec.ingressRef`, for an Ingress-based provider.
   * @default - none
   */
  readonly ingressRef?: { [key: string]: any };
  /**
   * The `headers` of the Canary's `analysis.match`, for the app's `canaryMatch` (A/B testing).
   * @default - none: the app has no canaryMatch
   */
  readonly matchHeaders?: { [key: string]: any };
}

/**
 * A router's traffic as a release controller meets it: the router, the app it routes for, and the
 * objects it rendered, which the controller's method on the router may adapt or remove.
 */
export interface AppRoute {
  /** The router. */
  readonly router: ITrafficRouter;
  /** The app it routes for. */
  readonly context: RouteContext;
  /** The objects it rendered (still in the app's construct tree unless a controller removed them). */
  readonly objects: ApiObject[];
}

/**
 * Everything about one kind of traffic routing, in the shape of Argo Rollouts' TrafficRoutingReconciler:
 * what it can do, the objects it renders, and how each release controller drives it. A controller asks
 * the router; it never names one.
 */
export interface ITrafficRouter {
  /** The router's name in messages. */
  readonly name: string;
  /** What the router can do. */
  readonly capabilities: TrafficRouterCapabilities;
  /** Creates the router's objects in `scope` (the CanaryApp) for the app `context` describes. */
  renderRoute(scope: Construct, context: RouteContext): ApiObject[];
  /**
   * The Rollout's `spec.strategy.canary.trafficRouting` for the router's objects, adapting them to
   * what Argo Rollouts expects; undefined (with a problem reported through the context) when Argo
   * Rollouts cannot drive this router.
   */
  argoRolloutsTrafficRouting(route: AppRoute): any;
  /**
   * How Flagger drives the router; undefined (with a problem reported through the context) when
   * Flagger cannot drive it.
   */
  flaggerRouting(route: AppRoute): FlaggerRouting | undefined;
}

/** Removes `object` from the construct tree: a controller creates its own in its place. */
export function removeObject(object: ApiObject): void {
  object.node.scope?.node.tryRemoveChild(object.node.id);
}

/** The Flagger `analysis.match` headers for `match`: Istio-style exact header, or a regular expression on the Cookie header. */
export function flaggerMatchHeaders(match: CanaryMatch | undefined): { [key: string]: any } | undefined {
  if (!match) return undefined;
  if (match.type === CanaryMatchType.HEADER) return { [match.name.toLowerCase()]: { exact: match.value } };
  return { cookie: { regex: cookieRegex(match) } };
}

/** A regular expression on the Cookie header that matches the cookie `name=value`. */
export function cookieRegex(match: CanaryMatch): string {
  const name = match.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(.*?;\\s*)?(${name}=${match.value})(;.*)?$`;
}
