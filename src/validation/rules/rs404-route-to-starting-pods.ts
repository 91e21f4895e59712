/**
 * RS404: a canary's route weight raised in the commit that starts the canary's pods (creates them,
 * scales them from zero or changes their template): the router sends the new share at once, to a
 * Service with no Ready endpoint (503/500) or to the previous canary version being replaced.
 */
import { LABEL_NAME, TRACK_LABEL } from '../../core/labels';
import { podTemplate } from '../../core/pod-templates';
import { orderedByWaves, Transition, wavesOrder } from '../../core/transition';
import { KubeObject } from '../../core/kube-object';
import { Report } from '../context';
import { canaryMatchOf, canaryWeightOf, readRouteMatches, readRouteWeights, RouteMatch } from '../../traffic/weights';
import { orderAdvice, transitionRule } from '../transition-rule';

export const RS404 = transitionRule({
  id: 'RS404',
  severity: 'error',
  title: 'route weight raised to pods that start in the same commit',
  why: 'A router (Gateway API, Istio, NGINX) applies a weight the moment its object changes; it does not wait for the pods behind the Service. A share sent to a Service without Ready endpoints fails (HTTP 500 for a Gateway API backendRef, 503 for Istio and NGINX), and a share sent to pods being replaced hits the previous version. A header or cookie match rule (canaryMatch) sends its requests the same way, whatever the weight.',
  fix: 'Start the canary at weight 0 in one commit, wait for `kubectl rollout status`, then raise the weight in the next; or order it with Argo CD sync waves (the canary Deployment in a lower wave than the route).',
  transition: (transition, report) => {
    const routed = (objects: typeof transition.after) => readRouteWeights(objects.map((o) => o.manifest)).filter((w) => w.exact);
    const [routedBefore, routedAfter] = [routed(transition.before), routed(transition.after)];
    const matchesAfter = readRouteMatches(transition.after.map((o) => o.manifest));
    for (const canary of transition.after) {
      const template = podTemplate(canary);
      if (!template || template.labels[TRACK_LABEL] !== 'canary') continue;
      const service = transition.servicesOf(canary).find((s) => s.spec.selector?.[TRACK_LABEL] === 'canary');
      if (!service) continue;
      const services = { namespace: canary.namespace, canaryService: service.name, apexService: template.labels[LABEL_NAME] };
      const after = canaryWeightOf(routedAfter, services);
      const before = canaryWeightOf(routedBefore, services);
      if (!after || after.weight <= (before?.weight ?? 0)) {
        checkMatch(transition, report, canary, service, canaryMatchOf(matchesAfter, services));
        continue;
      }
      const route = routeOf(transition, after.source, canary.namespace);
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

/** The route object a weight or match was read from (`<kind> <name>` in the canary's namespace). */
function routeOf(transition: Transition, source: string, namespace: string): KubeObject {
  return transition.after.find((o) => `${o.kind} ${o.name}` === source && o.namespace === namespace)!;
}

/**
 * A match rule (canaryMatch) that sends requests to a canary whose pods start in the commit with none
 * Ready: the router applies the rule at once, and matching requests fail until a canary pod is Ready.
 */
function checkMatch(transition: Transition, report: Report, canary: KubeObject, service: KubeObject, match: RouteMatch | undefined): void {
  if (!match) return;
  const route = routeOf(transition, match.source, canary.namespace);
  // A route created in this commit served nothing before (a new app).
  if (!route || !transition.beforeOf(route) || !transition.starts(canary) || orderedByWaves(transition, [canary], route)) return;
  if (transition.selectedPods(service).reduce((n, r) => n + r.count, 0) > 0) return; // Ready pods keep serving while they are replaced
  report(route, '', `${route.ref}: its match rule (canaryMatch) sends every matching request to Service ${service.name} whatever the weight, in the commit that starts ${canary.ref}'s pods; it has no Ready pod yet, so matching requests fail until one is. ${orderAdvice(`start ${canary.ref} without canaryMatch`, 'add canaryMatch', wavesOrder([canary], route))}`);
}
