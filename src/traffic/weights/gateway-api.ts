// The Gateway API router's weights, read back from synthesized manifests (no cdk8s: the plan and the
// validation plugin load this; the router itself is ../gateway-api.ts).
import { percentOf, RouteMatch, RouteWeight } from './route-weight';

/**
 * Each backend's share of an HTTPRoute's weighted rule (the last one: earlier ones are header
 * matches), from synthesized manifests. A backend without a weight has the API's default, 1.
 */
export function readHttpRouteWeights(objects: readonly any[]): RouteWeight[] {
  return objects.filter((o) => o?.kind === 'HTTPRoute').flatMap((o) => {
    const rules: any[] = o.spec?.rules ?? [];
    const refs: any[] = rules[rules.length - 1]?.backendRefs ?? [];
    const total = refs.reduce((sum, r) => sum + (r.weight ?? 1), 0);
    return refs.map((r) => ({
      source: `HTTPRoute ${o.metadata?.name}`, namespace: o.metadata?.namespace, service: r.name, weight: percentOf(r.weight ?? 1, total), exact: true,
    }));
  });
}

/** The backends of an HTTPRoute's match rules (every rule but the last, weighted one, that matches headers). */
export function readHttpRouteMatches(objects: readonly any[]): RouteMatch[] {
  return objects.filter((o) => o?.kind === 'HTTPRoute').flatMap((o) => {
    const rules: any[] = (o.spec?.rules ?? []).slice(0, -1).filter((r: any) => (r.matches ?? []).some((m: any) => (m.headers ?? []).length > 0));
    return rules.flatMap((r) => (r.backendRefs ?? []).map((ref: any) => ({ source: `HTTPRoute ${o.metadata?.name}`, namespace: o.metadata?.namespace, service: ref.name })));
  });
}
