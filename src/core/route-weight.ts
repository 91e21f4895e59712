/**
 * The canary weight a router's manifests set: the one place the plan and the transition rules read
 * route weights (the routers will own this reading; until then it is here alone).
 */

/** The canary's router weight: HTTPRoute backendRefs, VirtualService routes, NGINX canary Ingress. */
export function routerWeight(objects: readonly any[], ns: string | undefined, canaryService: string): { weight: number; router: string; manifest: any } | undefined {
  for (const o of objects) {
    if (o.metadata?.namespace !== ns) continue;
    if (o.kind === 'HTTPRoute' || o.kind === 'VirtualService') {
      const rules = o.kind === 'HTTPRoute' ? o.spec?.rules ?? [] : o.spec?.http ?? [];
      // The last rule is the weighted default; earlier ones are header/cookie matches.
      const rule = rules[rules.length - 1];
      const refs: any[] = o.kind === 'HTTPRoute' ? rule?.backendRefs ?? [] : rule?.route ?? [];
      const isCanary = (r: any) => (o.kind === 'HTTPRoute' ? r.name === canaryService : r.destination?.subset === 'canary');
      if (!refs.some(isCanary)) continue;
      const sum = refs.reduce((n, r) => n + (r.weight ?? (o.kind === 'HTTPRoute' ? 1 : 0)), 0);
      const canary = refs.filter(isCanary).reduce((n, r) => n + (r.weight ?? (o.kind === 'HTTPRoute' ? 1 : 0)), 0);
      return { weight: sum > 0 ? Math.round((canary / sum) * 10000) / 100 : 0, router: `${o.kind} ${o.metadata?.name}`, manifest: o };
    }
    const annotations = o.metadata?.annotations ?? {};
    if (o.kind === 'Ingress' && annotations['nginx.ingress.kubernetes.io/canary'] === 'true') {
      return { weight: Number(annotations['nginx.ingress.kubernetes.io/canary-weight'] ?? 0), router: `Ingress ${o.metadata?.name}`, manifest: o };
    }
  }
  return undefined;
}
