/**
 * RS402: an object that serves (a workload whose pods are a Service's endpoints, a Service that has
 * endpoints or that a route sends requests to) deleted in the commit that creates its replacement:
 * a rename. Pruning deletes the old one at once, while the new pods start.
 */
import { KubeObject, list } from '../../core/kube-object';
import { podTemplate } from '../../core/pod-templates';
import { ChangeType } from '../../core/transition';
import { argoPrune, orderAdvice, routedServices, transitionRule } from '../transition-rule';

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
      // The same pods behind several Services (a StatefulSet's headless and client Services) count once.
      for (const r of transition.selectedPods(change.before)) serving.set(r.workload, Math.max(serving.get(r.workload) ?? 0, r.countBefore));
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
        // A StatefulSet's claims are named after it: under a new name its pods get new, empty volumes.
        const data = b.is('apps', 'StatefulSet') && list(b.spec.volumeClaimTemplates).length > 0
          ? ` Its data does not move: the new StatefulSet's pods get new, empty volume claims (claims are named <claim>-<statefulset>-<ordinal>), so keep the old name unless you migrate the data.`
          : '';
        report(b, '', `${b.ref} is deleted (pruned) while ${names} is created in the same commit: its ${serving.get(b)} Ready pod(s), which a Service sends requests to, stop at once while the new pods start.${data} ${orderAdvice(`add ${names} beside ${b.ref}`, `remove ${b.ref}`)} Under Argo CD, the sync option PruneLast=true on the old object (argocd.argoproj.io/sync-options, committed before the rename) also keeps it until the new pods are healthy.`);
      } else if (b.is('', 'Service')) {
        const pods = transition.selectedPods(b).reduce((n, r) => n + r.countBefore, 0);
        const isRouted = routed.has(`${b.namespace}/${b.name}`);
        if (pods === 0 && !isRouted) continue;
        // No order of one commit helps clients that call the old name: the Service must outlive them.
        report(b, '', `${b.ref} is deleted (pruned) while ${names} is created in the same commit: ${isRouted ? 'a route sends requests to it, and ' : ''}clients that address it (${pods} Ready endpoint(s) before) get connection errors from then on. Safe sequence: add ${names} beside ${b.ref} (both select the same pods), move clients and routes to the new name, and remove ${b.ref} in a later commit, once nothing calls it; a sync wave or PruneLast only delays the deletion, and callers of the old name still fail after it.`);
      }
    }
  },
});
