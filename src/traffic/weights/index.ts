/**
 * The routers' weights read back from synthesized manifests (plain objects as read from YAML): one
 * reader per router, beside its router in `..`, and free of cdk8s bindings, so the rollout plan and
 * the validation plugin (which never load cdk8s) read weights the way the routers write them.
 */
import { readHttpRouteMatches, readHttpRouteWeights } from './gateway-api';
import { readVirtualServiceMatches, readVirtualServiceWeights } from './istio';
import { readNginxCanaryMatches, readNginxCanaryWeights } from './nginx-ingress';
import { readReplicaRatioWeights } from './replica-ratio';
import { RouteMatch, RouteWeight } from './route-weight';

export type { RouteMatch, RouteWeight } from './route-weight';

/**
 * Every canary weight the library's routers wrote into `objects`: one entry per backend of each
 * route, and the replica ratio's achieved share on each apex Service. Each router reads its own objects.
 */
export function readRouteWeights(objects: readonly any[]): RouteWeight[] {
  return [readReplicaRatioWeights, readHttpRouteWeights, readVirtualServiceWeights, readNginxCanaryWeights].flatMap((read) => read(objects));
}

/** Every header or cookie match rule the library's routers wrote into `objects`, each router reading its own objects. */
export function readRouteMatches(objects: readonly any[]): RouteMatch[] {
  return [readHttpRouteMatches, readVirtualServiceMatches, readNginxCanaryMatches].flatMap((read) => read(objects));
}

/** Where a canary's pods are addressed: its own Service, and its app's apex Service (which selects both tracks). */
export interface CanaryServices {
  /** The namespace of the app; undefined or '' for none. */
  readonly namespace?: string;
  /** The canary track's Service. */
  readonly canaryService: string;
  /** The app's apex Service. */
  readonly apexService: string;
}

/**
 * The weight a canary gets: the backend that is its Service (Gateway API, NGINX Ingress), or the
 * `canary` part of its app's apex Service (Istio's subset, the replica ratio); the first found.
 */
export function canaryWeightOf(weights: readonly RouteWeight[], canary: CanaryServices): RouteWeight | undefined {
  return weights.find((w) => (w.namespace ?? '') === (canary.namespace ?? '')
    && (w.subset === undefined ? w.service === canary.canaryService : w.service === canary.apexService && w.subset === 'canary'));
}

/** The match rule that sends requests to a canary (its Service, or the `canary` subset of its apex Service), if any. */
export function canaryMatchOf(matches: readonly RouteMatch[], canary: CanaryServices): RouteMatch | undefined {
  return matches.find((m) => (m.namespace ?? '') === (canary.namespace ?? '')
    && (m.subset === undefined ? m.service === canary.canaryService : m.service === canary.apexService && m.subset === 'canary'));
}
