import { ApiObject, JsonPatch } from 'cdk8s';
import type * as istio from '../../imports/networking.istio.io';
import { Construct } from 'constructs';
import { CanaryMatch, CanaryMatchType } from './canary-match';
import { RouteContext } from './context';
import { AppRoute, cookieRegex, FlaggerRouting, flaggerMatchHeaders, ITrafficRouter, removeObject, TrafficRouterProps } from './route';
import { checkKeys, structKeys } from '../core/known-keys';

export { readVirtualServiceWeights } from './weights/istio';

/** Which traffic the VirtualService governs. */
export interface IstioRouterOptions {
  /**
   * Hosts the VirtualService applies to.
   * @default - the apex Service's name: every mesh client calling the app
   */
  readonly hosts?: string[];
  /**
   * Istio Gateways (`namespace/name`) whose traffic it also routes, besides the mesh.
   * @default - the mesh only
   */
  readonly gateways?: string[];
}

const ISTIO_KEYS = structKeys<IstioRouterOptions>()({ hosts: true, gateways: true });

/**
 * A VirtualService with exact weights between the `stable` and `canary` subsets of the apex Service,
 * and the DestinationRule that defines those subsets by the track label.
 */
export class IstioRouter implements ITrafficRouter {
  /** What it declares. */
  public static readonly PROPS: TrafficRouterProps = { name: 'Istio', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: true, apexSelectsAllTracks: true } };
  public readonly name = IstioRouter.PROPS.name;
  public readonly capabilities = IstioRouter.PROPS.capabilities;

  public constructor(private readonly options: IstioRouterOptions) {}

  public argoRolloutsTrafficRouting(route: AppRoute): any {
    // Subset-level splitting: Argo adds the ReplicaSets' pod-template hash to the two subsets.
    // Every pod of the Rollout comes from one template (the stable track's labels), so both
    // subsets select that track, and the hash tells them apart.
    const rule = route.objects.find((o) => o.kind === 'DestinationRule');
    rule?.addJsonPatch(JsonPatch.replace('/spec/subsets/1/labels', rule.toJson().spec.subsets[0].labels));
    const name = route.context.name;
    return { istio: { virtualService: { name, routes: ['weighted'] }, destinationRule: { name, stableSubsetName: 'stable', canarySubsetName: 'canary' } } };
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting {
    // Flagger writes the VirtualService and DestinationRules itself, for the apex host plus these.
    const spec = route.objects.find((o) => o.kind === 'VirtualService')?.toJson().spec;
    route.objects.forEach(removeObject);
    const hosts = (spec?.hosts as string[] | undefined)?.filter((h) => h !== route.context.name);
    return {
      provider: 'istio',
      service: { hosts: hosts?.length ? hosts : undefined, gateways: spec?.gateways },
      matchHeaders: flaggerMatchHeaders(route.context.match),
    };
  }

  public renderRoute(scope: Construct, ctx: RouteContext): ApiObject[] {
    const { options } = this;
    checkKeys(ctx._problems, 'trafficRouter', 'IstioRouterOptions', options, ISTIO_KEYS);
    const host = ctx.apexServiceName;
    const port = { number: ctx.servicePort };
    const destination = (subset: string) => ({ host, subset, port });
    const http: istio.VirtualServiceSpecHttp[] = [];
    if (ctx.match) {
      http.push({ name: 'canary-match', match: [istioMatch(ctx.match)], route: [{ destination: destination('canary') }] });
    }
    http.push({
      name: 'weighted',
      route: [
        { destination: destination('stable'), weight: 100 - ctx.weight },
        { destination: destination('canary'), weight: ctx.weight },
      ],
    });
    if (options.hosts !== undefined && options.hosts.length === 0) {
      ctx.addProblem('hosts', [], 'give at least one host, or leave it unset for the apex Service');
    }
    const metadata = { name: ctx.name, namespace: ctx.namespace, labels: ctx.labels };
    const { DestinationRule, VirtualService } = istioBindings();
    return [
      new VirtualService(scope, 'VirtualService', {
        metadata,
        spec: { hosts: options.hosts ?? [host], gateways: options.gateways, http },
      }),
      new DestinationRule(scope, 'DestinationRule', {
        metadata,
        spec: {
          host,
          subsets: ['stable', 'canary'].map((track) => ({ name: track, labels: { [ctx.trackLabel]: track } })),
        },
      }),
    ];
  }
}

/**
 * The Istio bindings: 400 KB of generated code (7 ms to load), so loaded by the apps that route
 * through Istio only, not by every app that loads the library.
 */
function istioBindings(): typeof istio {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/networking.istio.io');
}

function istioMatch(match: CanaryMatch): istio.VirtualServiceSpecHttpMatch {
  if (match.type === CanaryMatchType.HEADER) {
    // Istio matches header keys in lower case only.
    return { headers: { [match.name.toLowerCase()]: { exact: match.value } } };
  }
  return { headers: { cookie: { regex: cookieRegex(match) } } };
}

