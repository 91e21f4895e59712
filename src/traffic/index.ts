import { readHttpRouteWeights } from './gateway-api';
import { readVirtualServiceWeights } from './istio';
import { readNginxCanaryWeights } from './nginx-ingress';
import { readReplicaRatioWeights } from './replica-ratio';
import { RouteWeight } from './route-weight';

export type { RouteWeight } from './route-weight';

/**
 * Every canary weight the library's routers wrote into `objects` (synthesized manifests, as plain
 * objects read from YAML): one entry per backend of each route, and the replica ratio's achieved
 * share on each apex Service. Each router reads its own objects.
 */
export function readRouteWeights(objects: any[]): RouteWeight[] {
  return [readReplicaRatioWeights, readHttpRouteWeights, readVirtualServiceWeights, readNginxCanaryWeights].flatMap((read) => read(objects));
}
