import { Report, Rule, RuleContext } from '../context';
import { at, Json, show } from '../objects';
import { declaredPorts, longRunning, probeHandler } from '../../core/pod-templates';

export const RS202: Rule = {
  id: 'RS202',
  severity: 'error',
  title: 'liveness probe identical to readiness',
  why: 'When liveness checks exactly what readiness checks, a slow dependency fails both on every pod and Kubernetes restarts them all at once instead of just taking them out of rotation.',
  fix: 'Make liveness a cheaper check that does not depend on other services (a tcpSocket on the port, or a separate /livez), or drop it.',
  check: checkDistinctLiveness,
};

function checkDistinctLiveness(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    for (const { container, path, name } of longRunning(template)) {
      const liveness = probeKey(container.livenessProbe, container);
      if (liveness === undefined || liveness !== probeKey(container.readinessProbe, container)) continue;
      report(template.owner, at(path, 'livenessProbe'),
        `container ${show(name)} uses the same check for liveness and readiness: when a dependency slows down, every pod fails both and Kubernetes restarts them all at once`);
    }
  }
}

/** What a probe checks, with named ports resolved: two probes with the same key check the same thing. */
function probeKey(probe: unknown, container: Json): string | undefined {
  const found = probeHandler(probe);
  if (!found) return undefined;
  const { type, handler } = found;
  const ports = declaredPorts(container);
  const port = typeof handler.port === 'string' ? ports.byName.get(handler.port) ?? handler.port : handler.port;
  switch (type) {
    case 'httpGet':
      return JSON.stringify([type, port, handler.path ?? '/', handler.host ?? '', handler.scheme ?? 'HTTP', handler.httpHeaders ?? []]);
    case 'grpc':
      return JSON.stringify([type, port, handler.service ?? '']);
    case 'exec':
      return JSON.stringify([type, handler.command ?? []]);
    default:
      return JSON.stringify([type, port, handler.host ?? '']);
  }
}
