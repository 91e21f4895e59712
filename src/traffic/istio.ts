import { ApiObject } from 'cdk8s';
import type * as istio from '../../imports/networking.istio.io';
import { RouteContext } from './context';
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

/**
 * A VirtualService with exact weights between the `stable` and `canary` subsets of the apex Service,
 * and the DestinationRule that defines those subsets by the track label.
 */
const ISTIO_KEYS = structKeys<IstioRouterOptions>()({ hosts: true, gateways: true });

export function renderIstio(ctx: RouteContext, options: IstioRouterOptions): ApiObject[] {
  checkKeys(ctx.problems, 'trafficRouter', 'IstioRouterOptions', options, ISTIO_KEYS);
  const host = ctx.apexService;
  const port = { number: ctx.port.port };
  const destination = (subset: string) => ({ host, subset, port });
  const http: istio.VirtualServiceSpecHttp[] = [];
  if (ctx.match) {
    http.push({ name: 'canary-match', match: [istioMatch(ctx)], route: [{ destination: destination('canary') }] });
  }
  http.push({
    name: 'weighted',
    route: [
      { destination: destination('stable'), weight: 100 - ctx.weight },
      { destination: destination('canary'), weight: ctx.weight },
    ],
  });
  if (options.hosts !== undefined && options.hosts.length === 0) {
    ctx.problems.add('trafficRouter.hosts', [], 'give at least one host, or leave it unset for the apex Service');
  }
  const metadata = { name: ctx.name, namespace: ctx.namespace, labels: ctx.labels };
  const { DestinationRule, VirtualService } = istioBindings();
  return [
    new VirtualService(ctx.scope, 'VirtualService', {
      metadata,
      spec: { hosts: options.hosts ?? [host], gateways: options.gateways, http },
    }),
    new DestinationRule(ctx.scope, 'DestinationRule', {
      metadata,
      spec: {
        host,
        subsets: ['stable', 'canary'].map((track) => ({ name: track, labels: { [ctx.trackLabel]: track } })),
      },
    }),
  ];
}

/**
 * The Istio bindings: 400 KB of generated code (7 ms to load), so loaded by the apps that route
 * through Istio only, not by every app that loads the library.
 */
function istioBindings(): typeof istio {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/networking.istio.io');
}

function istioMatch(ctx: RouteContext): istio.VirtualServiceSpecHttpMatch {
  const match = ctx.match!;
  if (match._type === 'header') {
    // Istio matches header keys in lower case only.
    return { headers: { [match.name.toLowerCase()]: { exact: match.value } } };
  }
  const name = match.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { headers: { cookie: { regex: `^(.*?;\\s*)?(${name}=${match.value})(;.*)?$` } } };
}
