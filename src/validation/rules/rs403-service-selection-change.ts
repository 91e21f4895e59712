/**
 * RS403: a Service whose selection or targetPort changes so that the pods Ready before the change
 * stop being its endpoints before the pods it selects afterwards are Ready: a container port renamed
 * with the template (a named targetPort resolves per pod), a flip to a slot with no Ready pod, or to
 * a slot whose template changes in the same commit.
 */
import { orderedByWaves, serviceLosses, wavesOrder } from '../../core/transition';
import { orderAdvice, transitionRule } from '../transition-rule';

export const RS403 = transitionRule({
  id: 'RS403',
  severity: 'error',
  title: 'Service selects pods that are not ready yet',
  why: 'A Service\'s endpoints are the Ready pods its selector matches and whose container ports have the named targetPort. kubectl apply changes the Service and the workloads at once, so a new selector or port name takes the old pods out of the endpoints immediately, and requests fail until the pods it now selects are Ready.',
  fix: 'Split it: first start the pods the Service will select (a new slot at full size, a new port under its own name and number beside the old one), wait for the rollout, then change the Service; or order it with Argo CD sync waves (the workload in a lower wave than the Service). A workload that rolls in place away from the labels or port name the Service uses cannot be ordered by waves: keep them, or move the Service over in separate commits.',
  transition: (transition, report) => {
    for (const loss of serviceLosses(transition)) {
      const { service } = loss;
      const before = transition.beforeOf(service)!;
      const selection = (o: typeof service) =>
        JSON.stringify({ selector: o.spec.selector, ports: (o.spec.ports ?? []).map((p: any) => p.targetPort ?? p.port) });
      const changed = selection(before) !== selection(service);
      const servedBefore = new Set(transition.selectedPods(before).map((r) => r.workload));
      // A workload that serves and rolls in place (a port renamed with the template): its old pods leave
      // the endpoints as the roll replaces them, whatever the order, so waves do not make it safe.
      const inPlace = loss.starting.filter((w) => servedBefore.has(transition.beforeOf(w)!));
      // Sync waves that start the selected workloads first order this under Argo CD (kubectl and Flux ignore them).
      if (inPlace.length === 0 && orderedByWaves(transition, loss.starting, service)) continue;
      // Fewer endpoints, none of them waiting for a pod to start: the Service now selects a part of
      // what it served (an apex Service narrowed to one track), all Ready; nothing fails.
      const narrowed = loss.starting.length === 0 && loss.withoutScaleDown > 0;
      if (loss.before > 0 && loss.withoutScaleDown < loss.before && !narrowed) {
        const what = changed
          ? `its selection changes from ${selection(before)} to ${selection(service)}`
          : 'the pods it selects change their labels or port names';
        const advice = inPlace.length > 0
          ? `${inPlace.map((w) => w.ref).join(', ')} rolls in place away from what the Service used, so no order of the objects (sync waves included) keeps it served. Safe sequence: keep the pods' labels and port names; to move to a new port name, three commits: declare a new port (its own name and number, the app listening on both) beside the old one; then point the Service at it with its port number kept (service: { targetPortName, port: the number clients call }: unset, the port follows the new container port's number and its clients fail, RS408); then remove the old port`
          : orderAdvice('start the pods the Service will select (a new port under its own name and number beside the old one)', 'change the Service',
            wavesOrder(loss.starting, service));
        report(service, changed ? 'spec' : '', `${service.ref}: ${what}: the ${loss.before} Ready pod(s) that were its endpoints drop to ${loss.withoutScaleDown} the moment the commit is applied${loss.starting.length > 0 ? `, until the pods of ${loss.starting.map((w) => w.ref).join(', ')} are Ready` : ''}; requests to it fail meanwhile. ${advice}`);
        continue;
      }
      // A flip to pods that roll in the same commit: the Service sends traffic to a slot being replaced.
      const newly = loss.starting.filter((w) => transition.beforeOf(w) && !servedBefore.has(transition.beforeOf(w)!));
      if (changed && newly.length > 0) {
        report(service, 'spec.selector', `${service.ref}: its selection changes from ${selection(before)} to ${selection(service)} and now selects ${newly.map((w) => w.ref).join(', ')}, whose pod template changes in the same commit: the Service sends requests to the previous version's pods while they are replaced (a rolling update under traffic, capacity down to replicas − maxUnavailable). ${orderAdvice(`change ${newly.map((w) => w.ref).join(', ')}`, 'flip the Service', wavesOrder(newly, service))}`);
      }
    }
  },
});
