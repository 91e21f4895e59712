/**
 * RS405: serving capacity that dips in a commit: a workload behind a Service scaled down (or
 * deleted) while the pods that take its place start, such as a stable track giving pods to a canary
 * that is not Ready yet.
 */
import { orderedByWaves, serviceLosses, wavesOrder } from '../../core/transition';
import { orderAdvice, transitionRule } from '../transition-rule';

export const RS405 = transitionRule({
  id: 'RS405',
  severity: 'error',
  title: 'serving capacity dips while replacement pods start',
  why: 'Scaling a serving Deployment down takes its pods out of the Service at once, while the pods meant to replace them (another Deployment behind the same Service) are created in the same commit and serve only once Ready: the app serves with fewer pods than before for that time.',
  fix: 'Start the new pods first and lower the old count in the next commit (or order it with Argo CD sync waves, the starting workload in a lower wave); with a CanaryApp on the replica ratio, raise \'replicas\' by the canary\'s pods in the first commit (the stable track keeps its count) and lower it in the next, or let Argo CD apply it (the shrinking stable track is in a later sync wave than the canary).',
  transition: (transition, report) => {
    for (const loss of serviceLosses(transition)) {
      if (loss.before === 0 || loss.withoutScaleDown < loss.before || loss.atApply >= loss.before) continue;
      // The pods meant to take the place of those removed: a workload behind the Service that grows.
      const growing = loss.starting.filter((w) => {
        const b = transition.beforeOf(w);
        return !b || transition.replicasAfter(w) > transition.replicasBefore(b);
      });
      if (growing.length === 0) continue;
      const shrunk = transition.selectedPods(loss.service).filter((r) => r.count < r.countBefore);
      for (const r of shrunk) {
        const after = transition.afterOf(r.workload) ?? r.workload;
        // Sync waves that grow the new pods before the old ones shrink order it under Argo CD.
        if (orderedByWaves(transition, growing, after)) continue;
        const starting = growing.map((w) => w.ref).join(', ');
        report(after, after === r.workload ? '' : 'spec.replicas', `${after.ref}: replicas go from ${r.countBefore} to ${r.count} while ${starting} start(s) in the same commit: ${loss.service.ref} has ${loss.before} Ready endpoint(s) before and ${loss.atApply} the moment the commit is applied, until the new pods are Ready. ${orderAdvice(`start ${starting} with ${after.ref} kept at ${r.countBefore}`, `lower ${after.ref} to ${r.count}`, wavesOrder(growing, after))}`);
      }
    }
  },
});
