import { quantityValue } from '../../core/quantity';
import { Report, Rule, RuleContext } from '../context';
import { at, entries, isObject, Json, show } from '../objects';
import { containers } from '../../core/pod-templates';

export const RS110: Rule = {
  id: 'RS110',
  severity: 'error',
  title: 'resource request above its limit',
  why: 'The API server refuses a container whose request for a resource exceeds its limit.',
  fix: 'Lower the request or raise the limit.',
  check: checkRequestsWithinLimits,
};

function checkRequestsWithinLimits(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    for (const { container, path } of containers(template, { withInit: true })) {
      const resources: Json = isObject(container.resources) ? container.resources : {};
      for (const [resource, request] of entries(resources.requests)) {
        const limit = isObject(resources.limits) ? resources.limits[resource] : undefined;
        if (limit === undefined) continue;
        const requested = quantityValue(String(request));
        const allowed = quantityValue(String(limit));
        if (requested !== undefined && allowed !== undefined && requested > allowed) {
          report(template.owner, at(at(at(path, 'resources'), 'requests'), resource), `request ${show(request)} is above the limit ${show(limit)}`);
        }
      }
    }
  }
}
