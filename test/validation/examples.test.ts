import { Testing } from 'cdk8s';
import { buildExamples } from '../../examples/main';
import { validate } from './fixtures';

describe('the example charts under the validation plugin\'s rules', () => {
  const app = Testing.app();
  buildExamples(app);

  test.each(app.charts.map((chart) => [chart.node.id, chart] as const))('%s has no violation', (_id, chart) => {
    const violations = validate(Testing.synth(chart));
    expect(violations.filter((v) => v.severity === 'error').map((v) => `${v.ruleId} ${v.object} ${v.path}: ${v.message}`)).toEqual([]);
    // The README explains its only lint warnings (kube-score's NodePort, Polaris' priorityClass): neither is a rule here.
    expect(violations.map((v) => `${v.ruleId} ${v.object} ${v.path}: ${v.message}`)).toEqual([]);
  });

  test('all charts together (objects shared across charts, such as a Namespace, are no duplicates)', () => {
    expect(validate(app.charts.flatMap((chart) => Testing.synth(chart)))).toEqual([]);
  });
});
