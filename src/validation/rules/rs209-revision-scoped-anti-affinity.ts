/**
 * RS209: required hostname anti-affinity that is not scoped to a revision, under a rolling update that
 * surges: the release needs replicas + surge nodes, and stalls on as many nodes as replicas.
 */
import { resolveRollout } from '../../core/rollout-arithmetic';
import { FIELD_SINCE, serves } from '../../core/target-version';
import { HOSTNAME_KEY, POD_TEMPLATE_HASH } from '../../core/well-known-labels';
import { Check, Rule } from '../context';
import { isObject, Json, list } from '../objects';
import { labelSelectorSelects } from '../../core/selectors';
import { affinityTerms, replicaRange, toPods } from '../../core/pod-templates';
import { nodesForRequiredAntiAffinity, unscopedNodesText } from '../../core/host-capacity';
import { REVISION_SCOPED_ANTI_AFFINITY_RULE } from '../../core/rule-ids';


export const RS209: Rule = {
  id: REVISION_SCOPED_ANTI_AFFINITY_RULE,
  severity: 'error',
  title: 'required host anti-affinity blocks a surging rollout',
  why: 'A required podAntiAffinity term on kubernetes.io/hostname that selects the Deployment\'s own pods of every revision allows one pod per node in total: the surge pod of a rolling update needs a node with no pod of the app, so the release needs replicas + maxSurge nodes and stalls (Pending, then ProgressDeadlineExceeded) with as many nodes as replicas.',
  fix: 'Add matchLabelKeys: [pod-template-hash] to the term (Kubernetes 1.31+): one pod per node per revision. Below 1.31, make sure the cluster has replicas + maxSurge nodes and waive RS209 with the node count, or use a preferred term.',
  check: (context, report) => checkUnscopedRequiredAntiAffinity(context, report),
};

/** Required hostname anti-affinity on the Deployment's own pods, not per revision, under a surge. */
const checkUnscopedRequiredAntiAffinity: Check = (context, report) => {
  const scopable = serves(context.target, FIELD_SINCE.affinityMatchLabelKeys);
  for (const template of context.templates) {
    const deployment = template.owner;
    if (!deployment.is('apps', 'Deployment')) continue;
    const strategy: Json = isObject(deployment.spec.strategy) ? deployment.spec.strategy : {};
    if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') continue;
    const rollingUpdate: Json = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    const surge = toPods(rollingUpdate.maxSurge ?? '25%');
    const unavailable = toPods(rollingUpdate.maxUnavailable ?? '25%');
    const replicas = replicaRange(deployment, context.objects).max;
    if (!surge || !unavailable || replicas < 1) continue; // invalid values are RS109's finding
    const surgePods = resolveRollout(replicas, surge, unavailable).maxSurge;
    if (surgePods === 0) continue;
    for (const { term, path, required, anti } of affinityTerms(template.spec, template.specPath)) {
      if (!required || !anti || term.topologyKey !== HOSTNAME_KEY) continue;
      if (!labelSelectorSelects(term.labelSelector, template.labels, false)) continue;
      if (list(term.matchLabelKeys).includes(POD_TEMPLATE_HASH)) continue;
      const need = nodesForRequiredAntiAffinity(replicas, surgePods, false);
      report(deployment, path, `required anti-affinity on ${HOSTNAME_KEY} over the Deployment's own pods, for every revision at once: each surge pod of a rolling update matches every running pod and needs a node with none, so a release needs ${unscopedNodesText(replicas, surgePods)} and waits on a Pending pod forever on fewer; `
        + (scopable
          ? `add matchLabelKeys: [${POD_TEMPLATE_HASH}] (one pod per node per revision, Kubernetes 1.${FIELD_SINCE.affinityMatchLabelKeys}+): ${replicas} nodes suffice`
          : `at target ${context.target.text} it cannot be scoped to a revision (1.${FIELD_SINCE.affinityMatchLabelKeys}+): run ${need} or more nodes and waive RS209 stating the node count, use preferred anti-affinity, or maxSurge 0`));
    }
  }
};
