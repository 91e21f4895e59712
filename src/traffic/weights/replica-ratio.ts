// The replica ratio's achieved weight, read back from synthesized manifests (no cdk8s: the plan and
// the validation plugin load this; the router itself is ../replica-ratio.ts).
import { ACHIEVED_WEIGHT_ANNOTATION } from '../../core/labels';
import { RouteWeight } from './route-weight';

/**
 * The canary weight of a replica-ratio canary, from the synthesized manifests: the canary's share of
 * the apex Service's pods, which its annotation records.
 */
export function readReplicaRatioWeights(objects: readonly any[]): RouteWeight[] {
  return objects.filter((o) => o?.kind === 'Service' && o.metadata?.annotations?.[ACHIEVED_WEIGHT_ANNOTATION] !== undefined)
    .map((o) => ({
      source: `Service ${o.metadata.name}`, namespace: o.metadata.namespace, service: o.metadata.name, subset: 'canary',
      weight: Number(o.metadata.annotations[ACHIEVED_WEIGHT_ANNOTATION]), exact: false,
    }));
}
