import { ApiObject } from 'cdk8s';
import type * as istio from '../../imports/networking.istio.io';
import { Construct } from 'constructs';
import { CanaryMatch, CanaryMatchType } from './canary-match';
import { RouteContext } from './context';
import { TrafficRouter, TrafficRouterProps, TrafficRouterType } from './router';
import { checkKeys, structKeys } from '../core/known-keys';

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
export class IstioRouter extends TrafficRouter {
  /** What it declares. */
  public static readonly PROPS: TrafficRouterProps = { name: 'Istio', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: true } };

  public constructor(private readonly options: IstioRouterOptions) {
    super(IstioRouter.PROPS);
  }

  /** @deprecated read `capabilities` */
  public get type(): TrafficRouterType | undefined {
    return TrafficRouterType.ISTIO;
  }

  protected renderObjects(scope: Construct, ctx: RouteContext): ApiObject[] {
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
  const name = match.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { headers: { cookie: { regex: `^(.*?;\\s*)?(${name}=${match.value})(;.*)?$` } } };
}
