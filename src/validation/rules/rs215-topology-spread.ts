import { Report, Rule, RuleContext } from '../context';
import { at, list } from '../objects';
import { replicatedTemplates, selectsOwnPods } from '../../core/pod-templates';

export const RS215: Rule = {
  id: 'RS215',
  severity: 'warning',
  title: 'no topology spread constraint',
  why: 'Without a topology spread constraint the replicas may pile up in one zone.',
  fix: 'Add a topologySpreadConstraint on topology.kubernetes.io/zone selecting the pods, with matchLabelKeys: [pod-template-hash] so each revision spreads on its own.',
  check: checkTopologySpread,
};

function checkTopologySpread(context: RuleContext, report: Report): void {
  for (const { template } of replicatedTemplates(context)) {
    if (list(template.spec.topologySpreadConstraints).some((c) => selectsOwnPods(c, template))) continue;
    report(template.owner, at(template.specPath, 'topologySpreadConstraints'),
      'no topology spread constraint selects its own pods: replicas may pile up in one zone');
  }
}
