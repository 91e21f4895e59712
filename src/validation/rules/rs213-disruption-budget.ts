import { labelSelectorSelects } from '../../core/selectors';
import { Report, Rule, RuleContext } from '../context';
import { replicatedTemplates } from '../../core/pod-templates';

export const RS213: Rule = {
  id: 'RS213',
  severity: 'warning',
  title: 'no PodDisruptionBudget',
  why: 'Without a disruption budget a node drain or cluster upgrade may evict every replica at the same time.',
  fix: 'Add a PodDisruptionBudget selecting the pods with maxUnavailable: 1 (and unhealthyPodEvictionPolicy: AlwaysAllow).',
  check: checkDisruptionBudget,
};

function checkDisruptionBudget(context: RuleContext, report: Report): void {
  for (const { template, max } of replicatedTemplates(context)) {
    const covered = context.objects.some((o) => o.is('policy', 'PodDisruptionBudget') && o.namespace === template.owner.namespace
      && labelSelectorSelects(o.spec.selector, template.labels, true));
    if (!covered) report(template.owner, '', `no PodDisruptionBudget selects its pods: a node drain may evict all ${max} replicas at once`);
  }
}
