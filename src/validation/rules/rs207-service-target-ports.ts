import { mapSelects } from '../../core/selectors';
import { Report, Rule, RuleContext } from '../context';
import { at, list, show } from '../objects';
import { declaredPorts, longRunning } from '../../core/pod-templates';

export const RS207: Rule = {
  id: 'RS207',
  severity: 'error',
  title: 'Service target port not declared by its pods',
  why: 'A Service whose targetPort names a port the selected pods do not declare gets no endpoints for it: every request to that port fails.',
  fix: 'Name the container port as the Service\'s targetPort, or target the port by number.',
  check: checkServiceTargetPorts,
};

function checkServiceTargetPorts(context: RuleContext, report: Report): void {
  for (const service of context.objects.filter((o) => o.is('', 'Service') && o.spec.type !== 'ExternalName')) {
    const selected = context.templates.filter((t) => t.owner.namespace === service.namespace && mapSelects(service.spec.selector, t.labels));
    if (selected.length === 0) continue; // the pods are not part of this app
    list(service.spec.ports).forEach((port, i) => {
      if (typeof port?.targetPort !== 'string' || port.targetPort === '') return;
      for (const template of selected) {
        if (longRunning(template).some(({ container }) => declaredPorts(container).byName.has(port.targetPort))) continue;
        report(service, at(at('spec.ports', i), 'targetPort'),
          `no container of ${template.owner.ref} declares a port named ${show(port.targetPort)}: the Service gets no endpoints for this port on those pods`);
      }
    });
  }
}
