import { WAIVER_PREFIX } from '../../src/validation/waivers';
import { badApp, validate } from './fixtures';

/** The good app, with the default 25%/25% strategy at 4 replicas (RS204) and `annotations` on the Deployment. */
const capacityDrop = (annotations: Record<string, string>, on: 'deployment' | 'service' = 'deployment') => badApp((d, s) => {
  delete d.spec.strategy;
  (on === 'deployment' ? d : s).metadata.annotations = annotations;
});
const ids = (violations: ReturnType<typeof validate>) => violations.map((v) => v.ruleId);

describe('waivers', () => {
  test('the key is waive.release-strategies.cdk8s.io/<RULE-ID>', () => {
    expect(WAIVER_PREFIX).toBe('waive.release-strategies.cdk8s.io/');
  });

  test('without a waiver the rule fails', () => {
    expect(ids(validate(capacityDrop({})))).toEqual(['RS204']);
  });

  test('a waiver with a reason silences that rule on that object', () => {
    expect(validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS204': 'batch consumer: a dip in capacity is fine' }))).toEqual([]);
  });

  test('waived violations can still be listed, with their reason', () => {
    const [waived] = validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS204': 'batch consumer' }), { includeWaived: true });
    expect(waived).toMatchObject({ ruleId: 'RS204', object: 'Deployment/shop/web', waivedBecause: 'batch consumer' });
  });

  test('a waiver without a reason waives nothing and is an error itself', () => {
    const violations = validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS204': '  ' }));
    expect(ids(violations).sort()).toEqual(['RS204', 'RS301']);
    expect(violations.find((v) => v.ruleId === 'RS301')!.message).toMatch(/waives RS204 without a reason/);
  });

  test('a waiver applies only to the object that carries it, and only to the rule it names', () => {
    expect(ids(validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS204': 'reason' }, 'service')))).toEqual(['RS204']);
    expect(ids(validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS203': 'reason' })))).toEqual(['RS204']);
  });

  test('the rule id is case-insensitive; the invalid-waiver rule cannot be waived', () => {
    expect(validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/rs204': 'reason' }))).toEqual([]);
    const violations = validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS301': 'reason', 'waive.release-strategies.cdk8s.io/RS204': '' }));
    expect(ids(violations).sort()).toEqual(['RS204', 'RS301', 'RS301']);
  });

  test('RS112, the waiver rule\'s former id, still names it: a waiver of it is refused as RS301\'s, not as an unknown rule', () => {
    const violations = validate(capacityDrop({ 'waive.release-strategies.cdk8s.io/RS112': 'reason' }));
    const invalid = violations.filter((v) => v.ruleId === 'RS301');
    expect(invalid.map((v) => v.message)).toEqual(['RS301 (formerly RS112) cannot be waived: fix or remove the bad waiver instead']);
  });

  test('a waived error no longer fails: only warnings may remain', () => {
    const violations = validate(badApp((d) => {
      delete d.spec.strategy;
      delete d.spec.template.spec.topologySpreadConstraints;
      d.metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS204': 'reason' };
    }));
    expect(violations.map((v) => `${v.ruleId} ${v.severity}`)).toEqual(['RS215 warning']);
  });
});
