import { Report, Rule, RuleContext } from '../context';
import { at, show } from '../objects';
import { declaredPorts, longRunning, probeHandler } from '../../core/pod-templates';

export const RS206: Rule = {
  id: 'RS206',
  severity: 'error',
  title: 'probe on an undeclared port',
  why: 'A probe on a port name the container does not declare can never succeed (the pod never becomes ready, or is restarted forever); one on an undeclared number probably checks the wrong port.',
  fix: 'Declare the port in the container\'s ports with a name and probe it by that name.',
  check: checkProbePorts,
};

function checkProbePorts(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    for (const { container, path, name } of longRunning(template)) {
      const ports = declaredPorts(container);
      for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const found = probeHandler(container[field]);
        if (!found || found.type === 'exec') continue;
        const port = found.handler.port;
        const declared = typeof port === 'string' ? ports.byName.has(port) : typeof port === 'number' ? ports.numbers.has(port) : true;
        if (declared) continue;
        report(template.owner, at(at(at(path, field), found.type), 'port'), typeof port === 'string'
          ? `container ${show(name)} has no port named ${show(port)}: the probe can never succeed`
          : `container ${show(name)} does not declare port ${port}: declare it in ports (and name it) so the probe checks the port the app serves on`);
      }
    }
  }
}
