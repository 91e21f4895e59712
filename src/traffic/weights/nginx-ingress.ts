// The NGINX Ingress router's weight, read back from synthesized manifests (no cdk8s: the plan and the
// validation plugin load this; the router itself is ../nginx-ingress.ts).
import { RouteMatch, RouteWeight } from './route-weight';

/** The annotation marking NGINX's canary Ingress; `<it>-weight`, `-by-header`, ... carry its rules. */
export const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary';

/** The canary Ingress' weight (its `canary-weight` annotation), from synthesized manifests. */
export function readNginxCanaryWeights(objects: readonly any[]): RouteWeight[] {
  return objects.filter((o) => o?.kind === 'Ingress' && o.metadata?.annotations?.[NGINX_CANARY] === 'true').map((o) => ({
    source: `Ingress ${o.metadata?.name}`, namespace: o.metadata?.namespace,
    service: o.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service?.name,
    weight: Number(o.metadata.annotations[`${NGINX_CANARY}-weight`] ?? 0), exact: true,
  }));
}

/** The canary Ingress' backend when it routes by header or cookie (`canary-by-header`, `canary-by-cookie`). */
export function readNginxCanaryMatches(objects: readonly any[]): RouteMatch[] {
  return objects.filter((o) => o?.kind === 'Ingress' && o.metadata?.annotations?.[NGINX_CANARY] === 'true'
    && (o.metadata.annotations[`${NGINX_CANARY}-by-header`] !== undefined || o.metadata.annotations[`${NGINX_CANARY}-by-cookie`] !== undefined)).map((o) => ({
    source: `Ingress ${o.metadata?.name}`, namespace: o.metadata?.namespace, service: o.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service?.name,
  }));
}
