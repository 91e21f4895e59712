/**
 * RS406: `replicas` removed from a running workload (typically when it moves under an autoscaler).
 * Client-side kubectl apply deletes a field that is in the last-applied annotation and not in the
 * manifest, and the API server defaults it to 1 until the autoscaler scales up again.
 */
import { isObject } from '../../core/kube-object';
import { transitionRule } from '../transition-rule';

export const RS406 = transitionRule({
  id: 'RS406',
  severity: 'error',
  title: '`replicas` removed from a running workload',
  why: 'With client-side kubectl apply (the default, and Argo CD\'s) the three-way merge deletes spec.replicas, which the last-applied-configuration annotation still holds; the API server defaults it to 1 and the Deployment scales down to one pod until the autoscaler reacts. Server-side apply resets it too while your field manager owns the field.',
  fix: 'Hand the field over before the commit that removes it: with client-side apply, `kubectl apply edit-last-applied deployment/<name>` and delete spec.replicas from the annotation; with server-side apply, transfer the field to another field manager (Kubernetes\' HPA documentation, "Migrating Deployments and StatefulSets to horizontal autoscaling"). Then apply the commit and waive RS406 on the workload. Keeping replicas in the manifest longer does not avoid this: the constructs refuse replicas with autoscaling, a patch that keeps it resets the count on every apply while the autoscaler runs, and the commit that finally drops it removes the field the same way.',
  transition: (transition, report) => {
    for (const change of transition.changes) {
      const { before: b, after: a } = change;
      if (!b || !a || !(a.kind === 'Deployment' || a.kind === 'StatefulSet' || a.kind === 'ReplicaSet')) continue;
      const was = isObject(b.spec) ? b.spec.replicas : undefined;
      if (typeof was !== 'number' || was <= 1 || a.spec.replicas !== undefined) continue;
      report(a, 'spec.replicas', `${a.ref}: spec.replicas goes from ${was} to absent: under client-side kubectl apply the field is deleted and defaults to 1, so ${was} running pods become 1 until an autoscaler scales it up again. Before applying, run \`kubectl apply edit-last-applied ${a.kind.toLowerCase()}/${a.name}${a.namespace ? ` -n ${a.namespace}` : ''}\` and delete spec.replicas from the annotation (with server-side apply: hand the field to another field manager first), then waive RS406 on it. Keeping replicas: ${was} for another commit does not avoid it: the commit that drops the field resets the count the same way`);
    }
  },
});
