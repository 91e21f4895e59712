/**
 * The plugin against the API server's verdicts over the mutation corpus (test/validation/corpus):
 * a mutation is predicted "refused" when the plugin reports any RS1xx error on it. Recall (refusals
 * predicted) and precision (predictions that are refusals) must both reach 0.99; every refusal must
 * come from the rule the corpus names. The CEL cases (corpus/cel.ts) count too: every rule of the
 * vendored CRDs, passed and failed.
 */
import { validateManifests } from '../../src/validation/validate';
import { AUTOSCALING_MUTATIONS } from './corpus/autoscaling';
import { autoscaler, deployment, ingress, Mutation, networkPolicy, pdb, service } from './corpus/base';
import { CEL_CASES } from './corpus/cel';
import { META_MUTATIONS } from './corpus/meta';
import { NETWORKING_MUTATIONS } from './corpus/networking';
import { POD_MUTATIONS } from './corpus/pods';
import { CRD_FILES, ROOT } from './fixtures';

const CORPUS: readonly Mutation[] = [...POD_MUTATIONS, ...NETWORKING_MUTATIONS, ...AUTOSCALING_MUTATIONS, ...META_MUTATIONS, ...CEL_CASES];

const serverErrors = (manifests: any[], previousManifests?: any[]) =>
  validateManifests(manifests, { crdFiles: CRD_FILES, baseDir: ROOT, previousManifests })
  .filter((v) => v.severity === 'error' && /^RS1/.test(v.ruleId));

describe('the mutation corpus', () => {
  const outcomes = CORPUS.map((mutation) => ({ mutation, errors: serverErrors(mutation.manifests(), mutation.previous?.()) }));

  test('has refusals and acceptances of every kind it covers, each with the server\'s message', () => {
    expect(CORPUS.filter((m) => m.verdict === 'refused').length).toBeGreaterThanOrEqual(100);
    expect(CORPUS.filter((m) => m.verdict === 'accepted').length).toBeGreaterThanOrEqual(30);
    for (const m of CORPUS) expect(m.server.length).toBeGreaterThan(3);
    for (const m of CORPUS) expect(m.rule === '').toBe(m.verdict === 'accepted');
  });

  test('its base objects are accepted and the plugin agrees', () => {
    for (const make of [deployment, service, pdb, networkPolicy, autoscaler, ingress]) expect(serverErrors([make()])).toEqual([]);
  });

  test('recall and precision of the plugin\'s RS1xx errors are at least 0.99', () => {
    const truePositives = outcomes.filter((o) => o.mutation.verdict === 'refused' && o.errors.length > 0);
    const missed = outcomes.filter((o) => o.mutation.verdict === 'refused' && o.errors.length === 0);
    const falsePositives = outcomes.filter((o) => o.mutation.verdict === 'accepted' && o.errors.length > 0);
    const describe = (o: typeof outcomes[number]) => `${o.mutation.what}: ${o.errors.map((e) => `${e.ruleId} ${e.path} ${e.message}`).join('; ') || o.mutation.server}`;
    const recall = truePositives.length / (truePositives.length + missed.length);
    const precision = truePositives.length / (truePositives.length + falsePositives.length);
    expect({ recall: recall >= 0.99, precision: precision >= 0.99, missed: missed.map(describe), falsePositives: falsePositives.map(describe) })
      .toEqual({ recall: true, precision: true, missed: [], falsePositives: [] });
  });

  test.each(CORPUS.filter((m) => m.verdict === 'refused').map((m) => [m.rule, m.what, m] as const))('%s reports %s', (rule, _what, m) => {
    expect(serverErrors(m.manifests(), m.previous?.()).map((e) => e.ruleId)).toContain(rule);
  });
});
