import { Testing } from 'cdk8s';
import { buildExamples } from '../../examples/main';
import { labelSelectorSelects } from '../../src/core/selectors';
import { modelPods } from '../support/controller-pods';

const app = Testing.app();
buildExamples(app);
const charts = Object.fromEntries(app.charts.map((chart) => [chart.node.id, Testing.synth(chart)]));

/**
 * Every pod that serves has its undeclared ports closed and a disruption budget: each pod of every
 * example, Flagger's primary pods and Argo Rollouts' pods included (modelled as the controllers
 * create them), is selected by exactly one NetworkPolicy and one PodDisruptionBudget, both of its own app.
 * A DaemonSet's pods have no budget: they are not evicted by a node drain (`kubectl drain
 * --ignore-daemonsets`) and the DaemonSet controller does not consult one.
 */
describe.each(Object.keys(charts))('example chart %s', (id) => {
  const manifests = charts[id];
  const selecting = (kind: string, pods: ReturnType<typeof modelPods>[number]) => manifests
    .filter((m) => m.kind === kind && m.metadata.namespace === pods.namespace && labelSelectorSelects(kind === 'NetworkPolicy' ? m.spec.podSelector : m.spec.selector, pods.labels, true))
    .map((m) => `${m.kind}/${m.metadata.name} of ${m.metadata.labels['app.kubernetes.io/name']}`);

  test.each(modelPods(manifests).map((p) => [p.source, p] as const))('%s: one NetworkPolicy and one disruption budget of its app', (_, pods) => {
    const policies = selecting('NetworkPolicy', pods);
    const budgets = selecting('PodDisruptionBudget', pods);
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatch(new RegExp(` of ${pods.app}$`));
    if (pods.source.startsWith('DaemonSet/')) {
      expect(budgets).toEqual([]);
    } else {
      expect(budgets).toHaveLength(1);
      expect(budgets[0]).toMatch(new RegExp(` of ${pods.app}$`));
    }
  });

  if (id.startsWith('flagger-')) {
    test('Flagger\'s primary is among the modelled pods', () => {
      expect(modelPods(manifests).some((p) => p.source.startsWith('Flagger primary') && p.labels['app.kubernetes.io/name'].endsWith('-primary'))).toBe(true);
    });
  }
});
