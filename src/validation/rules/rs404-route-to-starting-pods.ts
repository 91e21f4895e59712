/**
 * RS404: a canary's route weight raised in the commit that starts the canary's pods (creates them,
 * scales them from zero or changes their template): the router sends the new share at once, to a
 * Service with no Ready endpoint (503/500) or to the previous canary version being replaced.
 */
import { LABEL_NAME, TRACK_LABEL } from '../../core/labels';
import { podTemplate } from '../../core/pod-templates';
import { orderedByWaves, wavesOrder } from '../../core/transition';
import { canaryWeightOf, readRouteWeights } from '../../traffic/weights';
import { orderAdvice, transitionRule } from '../transition-rule';

export const RS404 = transitionRule({
  id: 'RS404',
  severity: 'error',
  title: 'route weight raised to pods that start in the same commit',
  why: 'A router (Gateway API, Istio, NGINX) applies a weight the moment its object changes; it does not wait for the pods behind the Service. A share sent to a Service without Ready endpoints fails (HTTP 500 for a Gateway API backendRef, 503 for Istio and NGINX), and a share sent to pods being replaced hits the previous version.',
  fix: 'Start the canary at weight 0 in one commit, wait for `kubectl rollout status`, then raise the weight in the next; or order it with Argo CD sync waves (the canary Deployment in a lower wave than the route).',
  transition: (transition, report) => {
    const routed = (objects: typeof transition.after) => readRouteWeights(objects.map((o) => o.manifest)).filter((w) => w.exact);
    const [routedBefore, routedAfter] = [routed(transition.before), routed(transition.after)];
    for (const canary of transition.after) {
      const template = podTemplate(canary);
      if (!template || template.labels[TRACK_LABEL] !== 'canary') continue;
      const service = transition.servicesOf(canary).find((s) => s.spec.selector?.[TRACK_LABEL] === 'canary');
      if (!service) continue;
      const services = { namespace: canary.namespace, canaryService: service.name, apexService: template.labels[LABEL_NAME] };
      const after = canaryWeightOf(routedAfter, services);
      const before = canaryWeightOf(routedBefore, services);
      if (!after || after.weight <= (before?.weight ?? 0)) continue;
      const route = transition.after.find((o) => `${o.kind} ${o.name}` === after.source && o.namespace === canary.namespace)!;
      // A route created in this commit served nothing before: whatever share fails at first, no request
      // that was served before fails (a new app, or a new route in front of one).
      if (!transition.beforeOf(route)) continue;
      if (!transition.starts(canary) || orderedByWaves(transition, [canary], route)) continue;
      const ready = transition.selectedPods(service).reduce((n, r) => n + r.count, 0);
      const what = ready === 0 ? 'it has no Ready pod yet: that share of requests fails' : `its ${ready} Ready pod(s) run the previous canary version and are being replaced`;
      report(route, '', `${route.ref}: the canary weight goes from ${before?.weight ?? 0}% to ${after.weight}% in the commit that starts ${canary.ref}'s pods; the router sends ${after.weight}% of requests to Service ${service.name} at once, and ${what}. ${orderAdvice(`start ${canary.ref} at weight ${before?.weight ?? 0}`, `set the weight to ${after.weight}`, wavesOrder([canary], route))}`);
    }
  },
});
