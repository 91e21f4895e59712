// The Istio router's weights, read back from synthesized manifests (no cdk8s: the plan and the
// validation plugin load this; the router itself is ../istio.ts).
import { percentOf, RouteMatch, RouteWeight } from './route-weight';

/**
 * Each subset's share of a VirtualService's weighted route (the last one: earlier ones are header or
 * cookie matches), from synthesized manifests.
 */
export function readVirtualServiceWeights(objects: readonly any[]): RouteWeight[] {
  return objects.filter((o) => o?.kind === 'VirtualService').flatMap((o) => {
    const http: any[] = o.spec?.http ?? [];
    const routes: any[] = http[http.length - 1]?.route ?? [];
    // A single destination without a weight takes everything (Istio's default).
    const weightOf = (r: any) => r.weight ?? (routes.length === 1 ? 100 : 0);
    const total = routes.reduce((sum, r) => sum + weightOf(r), 0);
    return routes.map((r) => ({
      source: `VirtualService ${o.metadata?.name}`, namespace: o.metadata?.namespace, service: r.destination?.host, subset: r.destination?.subset,
      weight: percentOf(weightOf(r), total), exact: true,
    }));
  });
}

/** The destinations of a VirtualService's match routes (every http route but the last, weighted one, that matches headers). */
export function readVirtualServiceMatches(objects: readonly any[]): RouteMatch[] {
  return objects.filter((o) => o?.kind === 'VirtualService').flatMap((o) => {
    const http: any[] = (o.spec?.http ?? []).slice(0, -1).filter((h: any) => (h.match ?? []).some((m: any) => m.headers !== undefined));
    return http.flatMap((h) => (h.route ?? []).map((r: any) => ({
      source: `VirtualService ${o.metadata?.name}`, namespace: o.metadata?.namespace, service: r.destination?.host, subset: r.destination?.subset,
    })));
  });
}
