import { Report, Rule, RuleContext } from '../context';
import { at, isObject, list, show } from '../objects';
import { declaredPorts, longRunning, servicesSelecting } from '../../core/pod-templates';

export const RS201: Rule = {
  id: 'RS201',
  severity: 'error',
  title: 'no readiness probe behind a Service',
  why: 'Without a readiness probe a pod receives traffic as soon as its process starts, and a rolling update counts it as available and stops old pods before it can serve: requests fail on every release.',
  fix: 'Give each container that serves the Service a readinessProbe (httpGet on a health path, or tcpSocket on its port).',
  check: checkReadinessBehindService,
};

function checkReadinessBehindService(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    const services = servicesSelecting(template, context.objects);
    if (services.length === 0) continue;
    const candidates = longRunning(template);
    // The containers serving the Services' target ports; when none can be told, all of them.
    const targets = services.flatMap((s) => list(s.spec.ports).map((p) => (p?.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p?.port : p.targetPort)));
    const serving = candidates.filter(({ container }) => {
      const ports = declaredPorts(container);
      return targets.some((t) => (typeof t === 'string' ? ports.byName.has(t) : ports.numbers.has(t)));
    });
    for (const { container, path, name } of serving.length > 0 ? serving : candidates) {
      if (isObject(container.readinessProbe)) continue;
      report(template.owner, at(path, 'readinessProbe'),
        `container ${show(name)} has no readiness probe, but ${services.map((s) => s.ref).join(' and ')} sends it traffic: requests reach pods still starting, and a rollout stops old pods before new ones can serve`);
    }
  }
}
