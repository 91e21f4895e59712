/**
 * RS401: a change of a field the API server refuses to change on an existing object (apps/v1
 * selectors, a StatefulSet's claim templates, service name and pod management policy, a Service's
 * clusterIP, a Job's template, the data of an immutable ConfigMap or Secret). `kubectl apply` fails
 * with "field is immutable"; the rest of the commit is applied without it.
 */
import { KubeObject } from '../../core/kube-object';
import { statefulSetImmutableChanges } from '../../core/stateful-set';
import { sameJson } from '../../core/transition';
import { show } from '../objects';
import { transitionRule } from '../transition-rule';

/** group/Kind -> the fields that may not change once the object exists (a StatefulSet's: every spec field but the mutable ones). */
const IMMUTABLE: Record<string, readonly string[]> = {
  'apps/Deployment': ['spec.selector'],
  'apps/ReplicaSet': ['spec.selector'],
  'apps/DaemonSet': ['spec.selector'],
  'batch/Job': ['spec.selector', 'spec.template'],
  '/Service': ['spec.clusterIP', 'spec.clusterIPs'],
};

function immutablePaths(before: KubeObject, after: KubeObject): readonly string[] {
  if (after.group === 'apps' && after.kind === 'StatefulSet') return statefulSetImmutableChanges(before.manifest, after.manifest);
  return IMMUTABLE[`${after.group}/${after.kind}`] ?? [];
}

function field(object: KubeObject, path: string): unknown {
  return path.split('.').reduce<any>((value, key) => (value === undefined || value === null ? undefined : value[key]), object.manifest);
}

/** How to make the change anyway, for the object and field. */
function safeWay(object: KubeObject, path: string): string {
  if (object.kind === 'StatefulSet' && object.group === 'apps') {
    // A renamed or replaced StatefulSet gets new, empty claims (or loses its pods for a while): keep the pods and claims instead.
    const claims = path === 'spec.volumeClaimTemplates'
      ? 'To grow a volume, resize each existing claim (kubectl patch pvc <claim>-<name>-<ordinal> to the new size, where the StorageClass allows expansion), then '
      : 'Then ';
    return `${claims}delete the StatefulSet but not its pods and claims (kubectl delete statefulset ${object.name} --cascade=orphan${object.namespace ? ` -n ${object.namespace}` : ''}) and apply the new one: it adopts the running pods and their claims by name. Renaming it would start new pods with new, empty claims`;
  }
  return 'Rename the object (create the new one, remove the old in a later commit) or recreate it with kubectl replace --force / Argo CD Replace=true,Force=true, which deletes it first';
}

export const RS401 = transitionRule({
  id: 'RS401',
  severity: 'error',
  title: 'change of a field the API server refuses to change',
  why: 'The field is immutable once the object exists: kubectl apply (and Argo CD, Flux) fail on this object with "field is immutable" while applying the rest of the commit, so the release is half applied.',
  fix: 'A StatefulSet\'s volumeClaimTemplates: follow the message (resize each claim, orphan-delete the StatefulSet, apply), never a new name or a forced replace, which give its pods new, empty volumes. Any other object: give it a new name (a new object beside the old, the old one removed in a later commit), or recreate it on purpose: kubectl replace --force, or Argo CD\'s sync options Replace=true,Force=true, delete and recreate it (a workload\'s pods go with it). The library names configuration objects after their content, so a configuration change is a new object.',
  transition: (transition, report) => {
    for (const change of transition.changes) {
      const { before: b, after: a } = change;
      if (!b || !a) continue;
      for (const path of immutablePaths(b, a)) {
        const was = field(b, path);
        const now = field(a, path);
        // A Service's clusterIP is only immutable once set: leaving it out lets the cluster keep its own.
        if (a.kind === 'Service' && (was === undefined || now === undefined)) continue;
        if (!sameJson(was, now)) {
          report(a, path, `${path} changes from ${show(was)} to ${show(now)}: the API server refuses the update of ${a.ref} ("field is immutable"), so applying this commit fails for it and the rest is applied without it. ${safeWay(a, path)}`);
        }
      }
      const immutableConfig = (a.kind === 'ConfigMap' || a.kind === 'Secret') && a.group === '' && b.manifest.immutable === true;
      if (!immutableConfig) continue;
      for (const path of ['data', 'binaryData', 'stringData', 'immutable']) {
        if (!sameJson(b.manifest[path], a.manifest[path])) {
          const shown = a.kind === 'Secret' && path !== 'immutable' ? `(${Object.keys(b.manifest[path] ?? {}).length} keys) to (${Object.keys(a.manifest[path] ?? {}).length} keys, values differ)` : `${show(b.manifest[path])} to ${show(a.manifest[path])}`;
          report(a, path, `${path} of the immutable ${a.kind} changes from ${shown}: the API server refuses it (immutable: true), so applying this commit fails for it. Put the new data under a new name (the library names its configuration after the content) and point the pod template at it: the Deployment then rolls to it, and the old object stays for rollbacks`);
        }
      }
    }
  },
});
