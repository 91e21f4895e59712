/**
 * What the transition rules (RS4xx) share: their shape, the safe-sequence advice of their messages,
 * which Services a route sends requests to, and when Argo CD prunes a deleted object.
 */
import { isObject, KubeObject, list } from '../core/kube-object';
import { Rule } from './context';

/**
 * How to order a change that must not happen at once, for the rules' messages: two commits, or sync
 * waves, and which tools honour an order inside one commit.
 */
export function orderAdvice(first: string, then: string, wavesAlreadyOrder: boolean = false): string {
  const waves = wavesAlreadyOrder
    ? 'or one commit applied by Argo CD: the manifests already order it with sync waves (Argo CD waits for each wave to be healthy), '
      + 'so if Argo CD applies this folder, say so to the review: `syncWaves: true` in the plugin\'s properties in cdk8s.yaml, '
      + '`--sync-waves` for `plan --base`, `{ syncWaves: true }` for reviewTransition. '
    : `or one commit ordered with Argo CD sync waves (annotation argocd.argoproj.io/sync-wave, ${first} in a lower wave: Argo CD waits for each wave to be healthy). `;
  return `Safe sequence: two commits (first ${first}; once \`kubectl rollout status\` says it is done, ${then}), ${waves}`
    + 'Flux\'s kustomize-controller applies one Kustomization in its own order (no waves: split it into two Kustomizations with dependsOn and wait), and plain kubectl apply sends everything at once.';
}

/** A rule that checks changes only. */
export function transitionRule(rule: Omit<Rule, 'check'>): Rule {
  return { ...rule, check: () => undefined };
}

/** Whether an object routes requests to Services by its rules: a Gateway API route, an Ingress, an Istio VirtualService. */
export function isRoute(object: KubeObject): boolean {
  return object.kind.endsWith('Route') || object.kind === 'Ingress' || object.kind === 'VirtualService';
}

/**
 * The Services (`namespace/name`) a route sends requests to: an Ingress's backends (its rules' and its
 * default backend), a Gateway API route's backendRefs (in their own namespace when they name one), an
 * Istio VirtualService's destination hosts (`name`, or `name.namespace.svc...`).
 */
export function servicesRoutedBy(route: KubeObject): string[] {
  const names = new Set<string>();
  const namespace = route.namespace;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) { value.forEach(walk); return; }
    if (!isObject(value)) return;
    if (isObject(value.service) && typeof value.service.name === 'string') names.add(`${namespace}/${value.service.name}`); // Ingress backend
    if (typeof value.name === 'string' && (value.kind ?? 'Service') === 'Service' && typeof value.port === 'number') names.add(`${value.namespace ?? namespace}/${value.name}`); // backendRef
    if (isObject(value.destination) && typeof value.destination.host === 'string') { // Istio
      const labels = value.destination.host.split('.');
      names.add(`${labels.length >= 3 && labels[2] === 'svc' ? labels[1] : namespace}/${labels[0]}`);
    }
    Object.values(value).forEach(walk);
  };
  walk([...list(route.spec.rules), ...list(route.spec.http), ...list(route.spec.tcp), ...list(route.spec.tls), route.spec.defaultBackend]);
  return [...names];
}

/** The Services (`namespace/name`) the routes of `objects` send requests to. */
export function routedServices(objects: readonly KubeObject[]): Set<string> {
  return new Set(objects.filter(isRoute).flatMap(servicesRoutedBy));
}

/**
 * When Argo CD prunes a deleted object, by its sync options (argocd.argoproj.io/sync-options,
 * comma-separated, read from the object in the cluster, i.e. the manifest before): never
 * (Prune=false), last (PruneLast=true: after every other object of the sync is healthy), or with the
 * rest of its wave. kubectl apply --prune and Flux ignore them.
 */
export function argoPrune(object: KubeObject): 'never' | 'last' | 'in-wave' {
  const options = String(object.annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((o) => o.trim());
  return options.includes('Prune=false') ? 'never' : options.includes('PruneLast=true') ? 'last' : 'in-wave';
}
