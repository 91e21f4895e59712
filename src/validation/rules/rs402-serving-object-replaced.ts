/**
 * RS402: an object that serves (a workload whose pods are a Service's endpoints, a Service that has
 * endpoints or that a route sends requests to) deleted in the commit that creates its replacement:
 * a rename. Pruning deletes the old one at once, while the new pods start.
 */
import { KubeObject, list, isObject } from '../../core/kube-object';
import { podTemplate } from '../../core/pod-templates';
import { ChangeType } from '../../core/transition';
import { orderAdvice, transitionRule } from '../transition-rule';

/** The Service names a route or Ingress of `objects` sends requests to. */
function routedServices(objects: readonly KubeObject[]): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown, namespace: string): void => {
    if (Array.isArray(value)) { value.forEach((v) => walk(v, namespace)); return; }
    if (!isObject(value)) return;
    if (isObject(value.service) && typeof value.service.name === 'string') names.add(`${namespace}/${value.service.name}`); // Ingress backend
    if (typeof value.name === 'string' && (value.kind ?? 'Service') === 'Service' && typeof value.port === 'number') names.add(`${value.namespace ?? namespace}/${value.name}`); // backendRef
    if (isObject(value.destination) && typeof value.destination.host === 'string') names.add(`${namespace}/${value.destination.host.split('.')[0]}`); // Istio
    Object.values(value).forEach((v) => walk(v, namespace));
  };
  for (const o of objects) if (o.kind.endsWith('Route') || o.kind === 'Ingress' || o.kind === 'VirtualService') walk(list(o.spec.rules).concat(list(o.spec.http)), o.namespace);
  return names;
}

/**
 * When Argo CD prunes the object, by its sync options (argocd.argoproj.io/sync-options, comma-separated,
 * read from the object in the cluster): never (Prune=false), last (PruneLast=true: after every other
 * object of the sync is healthy), or with the rest of its wave.
 */
function argoPrune(object: KubeObject): 'never' | 'last' | 'in-wave' {
  const options = String(object.annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((o) => o.trim());
  return options.includes('Prune=false') ? 'never' : options.includes('PruneLast=true') ? 'last' : 'in-wave';
}

export const RS402 = transitionRule({
  id: 'RS402',
  severity: 'error',
  title: 'serving object deleted while its replacement starts',
  why: 'Renaming an app (its name or construct id) is a delete plus a create. Pruning (kubectl apply --prune, Argo CD prune, Flux prune) deletes the old Deployment or Service in the same sync that creates the new one, so the old pods stop, or the Service clients address disappears, while the new pods are still starting.',
  fix: 'Add the new object beside the old one first, move traffic to it, and remove the old one in a later commit; or keep the old one until the end of the sync with Argo CD\'s sync option PruneLast=true (Flux: kustomize.toolkit.fluxcd.io/prune: disabled on the old object, removed in a later commit).',
  transition: (transition, report) => {
    const created = transition.changes.filter((c) => c.type === ChangeType.CREATED).map((c) => c.after!);
    const routed = routedServices(transition.before);
    const serving = new Map<KubeObject, number>();
    for (const change of transition.ofKind('', 'Service')) {
      if (!change.before) continue;
      for (const r of transition.selectedPods(change.before)) serving.set(r.workload, (serving.get(r.workload) ?? 0) + r.countBefore);
    }
    for (const change of transition.changes) {
      if (change.type !== ChangeType.DELETED) continue;
      const b = change.before!;
      const replacements = created.filter((a) => a.namespace === b.namespace && a.kind === b.kind);
      if (replacements.length === 0) continue;
      const names = replacements.map((a) => a.ref).join(', ');
      // Under Argo CD, an object kept (Prune=false) drops nothing; one pruned last stops only once the new
      // workload's pods are Ready (a Service clients address by name is gone all the same).
      const prune = transition.syncWaves ? argoPrune(b) : 'in-wave';
      if (prune === 'never') continue;
      if (podTemplate(b)?.replicated && (serving.get(b) ?? 0) > 0 && prune === 'in-wave') {
        report(b, '', `${b.ref} is deleted (pruned) while ${names} is created in the same commit: its ${serving.get(b)} Ready pod(s), which a Service sends requests to, stop at once while the new pods start. ${orderAdvice(`add ${names} beside ${b.ref}`, `remove ${b.ref}`)}; or Argo CD's sync option PruneLast=true on it`);
      } else if (b.is('', 'Service')) {
        const pods = transition.selectedPods(b).reduce((n, r) => n + r.countBefore, 0);
        const isRouted = routed.has(`${b.namespace}/${b.name}`);
        if (pods === 0 && !isRouted) continue;
        report(b, '', `${b.ref} is deleted (pruned) while ${names} is created in the same commit: ${isRouted ? 'a route sends requests to it, and ' : ''}clients that address it (${pods} Ready endpoint(s) before) get connection errors from then on. ${orderAdvice(`add ${names} and move clients and routes to it`, `remove ${b.ref}`)}`);
      }
    }
  },
});
