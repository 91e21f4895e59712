import { Report, Rule, RuleContext } from '../context';
import { at, list } from '../objects';
import { replicatedTemplates, selectsOwnPods } from '../../core/pod-templates';
import { HOSTNAME_KEY } from '../../core/well-known-labels';

export const RS214: Rule = {
  id: 'RS214',
  severity: 'warning',
  title: 'replicas not kept on different nodes',
  why: 'Without pod anti-affinity (or a spread constraint) on kubernetes.io/hostname, all replicas may land on one node and fail together.',
  fix: 'Add a preferred podAntiAffinity term on topologyKey kubernetes.io/hostname selecting the workload\'s own pods.',
  check: checkHostAntiAffinity,
};


function checkHostAntiAffinity(context: RuleContext, report: Report): void {
  for (const { template } of replicatedTemplates(context)) {
    const antiAffinity = template.spec.affinity?.podAntiAffinity;
    const terms = [
      ...list(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      ...list(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((p) => p?.podAffinityTerm),
      ...list(template.spec.topologySpreadConstraints),
    ];
    if (terms.some((term) => term?.topologyKey === HOSTNAME_KEY && selectsOwnPods(term, template))) continue;
    report(template.owner, at(at(template.specPath, 'affinity'), 'podAntiAffinity'),
      `nothing keeps its replicas on different nodes (anti-affinity or a spread constraint on ${HOSTNAME_KEY} selecting its own pods): one node failure can take them all`);
  }
}
