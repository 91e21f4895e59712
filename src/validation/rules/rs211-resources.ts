import { Report, Rule, RuleContext } from '../context';
import { at, isObject, Json, show } from '../objects';
import { containers } from '../../core/pod-templates';

export const RS211: Rule = {
  id: 'RS211',
  severity: 'warning',
  title: 'resources not set',
  why: 'Without cpu and memory requests the scheduler places pods blind; without limits a leaking pod can starve its node.',
  fix: 'Set resources.requests and resources.limits for cpu and memory on every container.',
  check: checkResources,
};

function checkResources(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    for (const { container, path, name } of containers(template, { withInit: true })) {
      const resources: Json = isObject(container.resources) ? container.resources : {};
      const missing = [['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory']]
        .filter(([kind, resource]) => !isObject(resources[kind]) || resources[kind][resource] === undefined)
        .map(([kind, resource]) => `${kind}.${resource}`);
      if (missing.length > 0) report(template.owner, at(path, 'resources'), `container ${show(name)} sets no ${missing.join(', ')}`);
    }
  }
}
