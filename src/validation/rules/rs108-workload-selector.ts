import { labelSelectorSelects } from '../../core/selectors';
import { Report, Rule, RuleContext } from '../context';
import { entries, isObject, list } from '../objects';

export const RS108: Rule = {
  id: 'RS108',
  severity: 'error',
  title: 'selector does not select the pod template',
  why: 'A Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout adopts pods by its selector: the API server refuses one that does not match its own template\'s labels, or is empty. (The selector is immutable once applied.)',
  fix: 'Make spec.selector a subset of spec.template.metadata.labels, using labels that never change between releases (not a version).',
  check: checkWorkloadSelectors,
};

/** Kinds whose controller adopts pods by `spec.selector`, so their own pods must match it. */
const SELECTOR_OWNERS = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'argoproj.io/Rollout'];

function checkWorkloadSelectors(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    const owner = template.owner;
    if (!SELECTOR_OWNERS.includes(`${owner.group}/${owner.kind}`)) continue;
    const selector = owner.spec.selector;
    if (!isObject(selector)) continue; // missing: the schema's finding
    if (entries(selector.matchLabels).length === 0 && list(selector.matchExpressions).length === 0) {
      report(owner, 'spec.selector', 'an empty selector would select every pod of the namespace; the API server refuses it');
    } else if (!labelSelectorSelects(selector, template.labels, false)) {
      report(owner, 'spec.selector', `does not select the pod template's labels ${JSON.stringify(template.labels)}: the controller would never see its own pods (the API server refuses it)`);
    }
  }
}
