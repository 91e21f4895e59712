/**
 * RS208: a route whose backend is a Service the output does not contain. Gateway API answers the
 * share of requests a weighted backendRef cannot resolve with HTTP 500; an Istio destination host with
 * no Service behind it fails its requests the same way (503, no healthy upstream).
 */
import type { Rule } from '../context';
import { at, isObject, KubeObject, list, str } from '../objects';

const GATEWAY_API = 'gateway.networking.k8s.io';

/** The Service an Istio host names in the VirtualService's namespace: `name`, or `name.namespace.svc[.domain]`; undefined for other hosts. */
function istioService(host: string, namespace: string): { name: string; namespace: string } | undefined {
  if (host.includes('*')) return undefined;
  const labels = host.split('.');
  if (labels.length === 1) return { name: host, namespace };
  if (labels.length >= 3 && labels[2] === 'svc') return { name: labels[0], namespace: labels[1] };
  return undefined; // an external host (a ServiceEntry's), or a name Istio does not expand
}

export const RS208: Rule = {
  id: 'RS208',
  severity: 'error',
  title: 'route to a Service that is not in the output',
  why: 'A Gateway API backendRef that names no existing Service makes its share of requests fail with HTTP 500 (a weighted canary backend: its weight in percent of all requests); an Istio destination host with no Service fails with 503; a mesh (GAMMA) route whose parent Service does not exist routes nothing.',
  fix: 'Route to a Service of the app (the constructs route to their own), or correct the name and namespace. If the Service is managed elsewhere (another repository, an operator), waive RS208 on the route and name where it comes from.',
  check: (context, report) => {
    const services = new Set(context.objects.filter((o) => o.is('', 'Service')).map((o) => `${o.namespace}/${o.name}`));
    const missing = (object: KubeObject, fieldPath: string, name: string, namespace: string | undefined, what: string) => {
      const ns = namespace ?? object.namespace;
      if (services.has(`${ns}/${name}`)) return;
      report(object, fieldPath, `${what} Service "${name}"${ns ? ` in namespace "${ns}"` : ''}, which is not in the output`);
    };
    const isService = (ref: Record<string, unknown>, defaultKind: string) => (str(ref.group) ?? (defaultKind === 'Service' ? '' : GATEWAY_API)) === '' && (str(ref.kind) ?? defaultKind) === 'Service';
    for (const object of context.objects) {
      if (object.group === GATEWAY_API && object.kind.endsWith('Route')) {
        list(object.spec.parentRefs).forEach((ref, i) => {
          if (isObject(ref) && typeof ref.name === 'string' && isService(ref, 'Gateway')) {
            missing(object, at(at('spec.parentRefs', i), 'name'), ref.name, str(ref.namespace), 'the mesh route attaches to');
          }
        });
        list(object.spec.rules).forEach((rule, r) => {
          list(isObject(rule) ? rule.backendRefs : undefined).forEach((ref, b) => {
            if (!isObject(ref) || typeof ref.name !== 'string' || !isService(ref, 'Service')) return;
            const share = typeof ref.weight === 'number' ? ` (weight ${ref.weight}: that share of requests fails with HTTP 500)` : ' (its requests fail with HTTP 500)';
            missing(object, `spec.rules[${r}].backendRefs[${b}].name`, ref.name, str(ref.namespace), `sends requests${share} to the`);
          });
        });
      } else if (object.is('networking.istio.io', 'VirtualService')) {
        for (const protocol of ['http', 'tcp', 'tls']) {
          list(object.spec[protocol]).forEach((route, r) => {
            list(isObject(route) ? route.route : undefined).forEach((destination, d) => {
              const host = isObject(destination) && isObject(destination.destination) ? str(destination.destination.host) : undefined;
              const service = host === undefined ? undefined : istioService(host, object.namespace);
              if (service) missing(object, `spec.${protocol}[${r}].route[${d}].destination.host`, service.name, service.namespace, 'sends requests to the');
            });
          });
        }
      }
    }
  },
};
