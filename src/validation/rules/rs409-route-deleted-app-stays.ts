/**
 * RS409: a route (an Ingress, a Gateway API HTTPRoute, an Istio VirtualService) deleted in the commit
 * while a Service it sends requests to stays: the app keeps running, and the requests that still
 * arrive through the deleted route (DNS and clients point at its controller) fail from the moment it
 * is pruned. Typically a change of router (nginxIngress to gatewayApi): the new route is created in
 * the same commit, and DNS cannot move to it before the commit is applied.
 *
 * Not reported: an object of the same kind and name after (an update, also across API groups), an app
 * that goes as a whole (its Services are deleted too), an object Argo CD keeps (Prune=false) when the
 * review is told Argo CD applies the folder, an NGINX canary Ingress whose host keeps its main Ingress
 * (its share goes back to the main one: an app moved under Argo Rollouts or Flagger, which write their own).
 */
import { isObject, KubeObject, list } from '../../core/kube-object';
import { ChangeType } from '../../core/transition';
import { argoPrune, isRoute, servicesRoutedBy, transitionRule } from '../transition-rule';

/** The route kinds whose deletion is checked, by API group. */
const ROUTES: readonly (readonly [string, string])[] = [
  ['networking.k8s.io', 'Ingress'],
  ['gateway.networking.k8s.io', 'HTTPRoute'],
  ['networking.istio.io', 'VirtualService'],
];

/** The host names a route answers for (Ingress rules' hosts, an HTTPRoute's hostnames, a VirtualService's hosts). */
function hostsOf(route: KubeObject): string[] {
  const hosts = route.kind === 'Ingress'
    ? list(route.spec.rules).map((r) => (isObject(r) ? r.host : undefined))
    : list(route.kind === 'HTTPRoute' ? route.spec.hostnames : route.spec.hosts);
  return [...new Set(hosts.filter((h): h is string => typeof h === 'string'))];
}

/** An ingress-nginx canary Ingress (`nginx.ingress.kubernetes.io/canary: "true"`): a share of its host's main Ingress. */
function isNginxCanary(ingress: KubeObject): boolean {
  return ingress.kind === 'Ingress' && String(ingress.annotations['nginx.ingress.kubernetes.io/canary']) === 'true';
}

export const RS409 = transitionRule({
  id: 'RS409',
  severity: 'error',
  title: 'route deleted while the app it routes to stays',
  why: 'Pruning (kubectl apply --prune, Argo CD prune, Flux prune) deletes a route in the sync that applies the commit. Where the app stays and another route takes over (a new router: an HTTPRoute on a Gateway instead of Ingresses on ingress-nginx), the requests that still arrive through the old route fail from then on: DNS and clients point at the old controller until they are moved, which cannot happen before the new route exists.',
  fix: 'Keep the old route one more commit: under Argo CD, add argocd.argoproj.io/sync-options: Prune=false to it in the commit before (CanaryApp: on each of routingObjects; tell the review Argo CD applies the folder: syncWaves: true, --sync-waves); under kubectl, apply the commit that removes it without --prune (or waive RS409 on it in the commit before and delete it by hand later); Flux: kustomize.toolkit.fluxcd.io/prune: disabled on it in the commit before, with the waiver. Move DNS and clients to the new route, then delete the old one (kubectl delete).',
  transition: (transition, report) => {
    const services = new Set(transition.after.filter((o) => o.is('', 'Service')).map((o) => `${o.namespace}/${o.name}`));
    const created = transition.changes.filter((c) => c.type === ChangeType.CREATED && isRoute(c.after!)).map((c) => c.after!);
    for (const change of transition.changes) {
      if (change.type !== ChangeType.DELETED) continue;
      const b = change.before!;
      if (!ROUTES.some(([group, kind]) => b.is(group, kind))) continue;
      // The same kind and name after (under another API group too): an update of the route, not a deletion.
      if (transition.after.some((a) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name)) continue;
      // Argo CD never prunes an object that carries Prune=false (read from the object in the cluster: before).
      if (transition.syncWaves && argoPrune(b) === 'never') continue;
      // An NGINX canary Ingress splits requests off its host's main Ingress: without it they all go to the main one.
      if (isNginxCanary(b) && transition.after.some((a) => a.is('networking.k8s.io', 'Ingress') && !isNginxCanary(a) && hostsOf(a).some((h) => hostsOf(b).includes(h)))) continue;
      // The app stays when a Service the route sends requests to stays; with its Services gone, nothing is left to reach.
      const staying = servicesRoutedBy(b).filter((s) => services.has(s));
      if (staying.length === 0) continue;
      const names = staying.map((s) => s.slice(s.indexOf('/') + 1)).join(', ');
      const successors = created.filter((r) => servicesRoutedBy(r).some((s) => staying.includes(s))).map((r) => r.ref);
      const hosts = hostsOf(b);
      const takesOver = successors.length > 0 ? `; ${successors.join(', ')} is created to route to it` : '';
      const ns = b.namespace ? ` -n ${b.namespace}` : '';
      report(b, '', `${b.ref} is deleted (pruned) in this commit while Service ${names}, which it routes to, stays${takesOver}. Requests that still arrive through ${b.kind} ${b.name}${hosts.length > 0 ? ` (${hosts.join(', ')})` : ''}, from DNS and clients that point at its controller, fail from the moment it is pruned, and they cannot move to a route that does not exist yet. Safe sequence: keep ${b.ref} one more commit (Argo CD: argocd.argoproj.io/sync-options: Prune=false on it in the commit before, and syncWaves: true / --sync-waves for the review; kubectl: apply this commit without --prune, with RS409 waived on it in the commit before), move DNS and clients to the new route, then delete it (kubectl delete ${b.kind.toLowerCase()} ${b.name}${ns})`);
    }
  },
});
