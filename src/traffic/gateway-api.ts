import { ApiObject } from 'cdk8s';
import type * as gateway from '../../imports/gateway.networking.k8s.io';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../core/names';
import { Construct } from 'constructs';
import { RouteContext } from './context';
import { AppRoute, FlaggerRouting, flaggerMatchHeaders, ITrafficRouter, removeObject, TrafficRouterProps } from './route';
import { checkKeys, structKeys } from '../core/known-keys';
import { CanaryMatchType } from './canary-match';

export { readHttpRouteWeights } from './weights/gateway-api';

/** The Gateway API traffic router plugin's name in an Argo Rollouts `trafficRouting.plugins`. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** A Gateway API host name: a DNS subdomain, optionally with a leading `*.` label, at most 253 characters. */
function hostnameProblem(host: string): string {
  if (host.length > 253) return `is ${host.length} characters long; at most 253 are allowed`;
  return dns1123SubdomainProblem(host.startsWith('*.') ? host.slice(2) : host);
}

/** Where the HTTPRoute attaches. */
export interface GatewayApiRouterOptions {
  /** Name of the Gateway the HTTPRoute attaches to. */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway. A Gateway in another namespace accepts the route only when the
   * listener's `allowedRoutes.namespaces.from` is `All`, or `Selector` matching the app's namespace:
   * with the default `Same` the route's status says `NotAllowedByListeners` and no traffic reaches it.
   * No ReferenceGrant is needed (the route's backends are in its own namespace).
   * @default - the app's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * The Gateway listener to attach to.
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
  /**
   * Host names the route serves (at least one). Explicit names keep the canary from catching every
   * host of a shared listener.
   */
  readonly hostnames: string[];
}

const GATEWAY_KEYS = structKeys<GatewayApiRouterOptions>()({ gatewayName: true, gatewayNamespace: true, sectionName: true, hostnames: true });

/**
 * A router whose one object is an HTTPRoute (on a Gateway, or on the apex Service in a mesh): Argo
 * Rollouts moves its weights through the Gateway API plugin, and Flagger's `gatewayapi` provider
 * writes its own HTTPRoute with the same parents and host names.
 */
export abstract class HttpRouteRouter implements ITrafficRouter {
  public readonly name: string;
  public readonly capabilities: TrafficRouterProps['capabilities'];

  protected constructor(props: TrafficRouterProps) {
    this.name = props.name;
    this.capabilities = props.capabilities;
  }

  public abstract renderRoute(scope: Construct, context: RouteContext): ApiObject[];

  public argoRolloutsTrafficRouting(route: AppRoute): any {
    // The plugin sets the HTTPRoute's two backend weights; the header rule stays as the router wrote it.
    const { name, namespace } = route.context;
    return { plugins: { [GATEWAY_API_PLUGIN]: { httpRoute: name, ...(namespace ? { namespace } : {}) } } };
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting {
    // Flagger writes the HTTPRoute itself (`<name>`, to `<name>-primary` and `<name>-canary`), with these parents and host names.
    const spec = route.objects.find((o) => o.kind === 'HTTPRoute')?.toJson().spec;
    route.objects.forEach(removeObject);
    return {
      provider: 'gatewayapi:v1',
      service: { hosts: spec?.hostnames, gatewayRefs: spec?.parentRefs },
      matchHeaders: flaggerMatchHeaders(route.context.match),
    };
  }
}

/**
 * An HTTPRoute (gateway.networking.k8s.io/v1) splitting requests between the stable and canary
 * Services by exact weights; a header match, when asked for, sends matching requests to the canary.
 */
export class GatewayApiRouter extends HttpRouteRouter {
  /** What it declares: the Gateway API has no cookie match. */
  public static readonly PROPS: TrafficRouterProps = { name: 'Gateway API', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: false } };

  public constructor(private readonly options: GatewayApiRouterOptions) {
    super(GatewayApiRouter.PROPS);
  }

  public renderRoute(scope: Construct, ctx: RouteContext): ApiObject[] {
    const { options } = this;
    checkKeys(ctx._problems, 'trafficRouter', 'GatewayApiRouterOptions', options, GATEWAY_KEYS);
    const gatewayProblem = typeof options.gatewayName === 'string' ? dns1123SubdomainProblem(options.gatewayName) : 'is missing';
    if (!options.gatewayName || gatewayProblem) {
      ctx.addProblem('gatewayName', options.gatewayName, `the HTTPRoute must attach to a Gateway: name one (a DNS subdomain${gatewayProblem ? `; it ${gatewayProblem}` : ''})`);
    }
    if (options.gatewayNamespace !== undefined) {
      const problem = dns1123LabelProblem(options.gatewayNamespace);
      if (problem) ctx.addProblem('gatewayNamespace', options.gatewayNamespace, `a namespace name ${problem}`);
    }
    const hostnames = options.hostnames ?? [];
    if (hostnames.length === 0 || hostnames.length > 16) {
      ctx.addProblem('hostnames', options.hostnames, 'name 1 to 16 hosts (the HTTPRoute CRD allows 16): a route without host names takes every host of the Gateway\'s listener');
    }
    hostnames.forEach((host, i) => {
      const problem = typeof host === 'string' ? hostnameProblem(host) : 'is not a string';
      if (problem) ctx.addProblem(`hostnames[${i}]`, host, `a host name is a DNS name (optionally starting with '*.'): it ${problem}`);
    });
    if (options.sectionName !== undefined) {
      const problem = dns1123SubdomainProblem(options.sectionName);
      if (problem) ctx.addProblem('sectionName', options.sectionName, `a listener name is a DNS subdomain: it ${problem}`);
    }
    return [createHttpRoute(scope, ctx, [{
      group: GATEWAY_API_GROUP, kind: 'Gateway', name: options.gatewayName, namespace: options.gatewayNamespace, sectionName: options.sectionName,
    }], hostnames)];
  }
}

/** The API group of the Gateway API: the default `group` of an HTTPRoute parentRef. */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The Gateway API bindings: 120 KB of generated code, so loaded by the apps that route through the
 * Gateway API only, not by every app that loads the library.
 */
function gatewayBindings(): typeof gateway {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/gateway.networking.k8s.io');
}

/**
 * The HTTPRoute of a Gateway API canary, attached to `parentRefs` (a Gateway, or the app's Service
 * in a mesh). Every default the v1.6.1 CRD would fill in is written out (parentRef and backendRef
 * group and kind, backendRef weight, the `/` path prefix, Exact header matches): the stored object
 * then equals the manifest, and GitOps tools see no drift (rule RS216). Rules are named, so that
 * diffs and controller status point at `canary-match` and `weighted` rather than list indexes.
 */
export function createHttpRoute(scope: Construct, ctx: RouteContext, parentRefs: gateway.HttpRouteSpecParentRefs[], hostnames?: string[]): ApiObject {
  const { HttpRoute, HttpRouteSpecRulesMatchesHeadersType, HttpRouteSpecRulesMatchesPathType } = gatewayBindings();
  // The match the API server fills into a rule or match without a path: every path.
  const everyPath = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' };
  const problems = ctx._problems;
  if (ctx.match?.type === CanaryMatchType.HEADER) {
    problems.check(ctx.match.name.length <= 256, 'canaryMatch.name', ctx.match.name, 'the HTTPRoute CRD allows header names of at most 256 characters');
    problems.check(ctx.match.value.length <= 4096, 'canaryMatch.value', ctx.match.value, 'the HTTPRoute CRD allows header values of at most 4096 characters');
  }
  const backend = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: ctx.servicePort, weight });
  const rules: gateway.HttpRouteSpecRules[] = [];
  if (ctx.match) {
    rules.push({
      name: 'canary-match',
      matches: [{ path: everyPath, headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: ctx.match.name, value: ctx.match.value }] }],
      backendRefs: [backend(ctx.canaryServiceName, 1)],
    });
  }
  // Both backends stay listed at every weight, so moving the weight changes two numbers and nothing else.
  rules.push({
    name: 'weighted',
    matches: [{ path: everyPath }],
    backendRefs: [backend(ctx.stableServiceName, 100 - ctx.weight), backend(ctx.canaryServiceName, ctx.weight)],
  });
  return new HttpRoute(scope, 'HttpRoute', {
    metadata: { name: ctx.name, namespace: ctx.namespace, labels: ctx.labels },
    spec: { parentRefs, hostnames, rules },
  });
}
