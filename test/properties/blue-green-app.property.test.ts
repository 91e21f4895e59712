/**
 * Property tests of BlueGreenApp (issue #5): random valid and invalid prop sets, and the flip.
 * PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import fc from 'fast-check';
import { diffPaths } from '../support/diff';
import { flippableBlueGreen, MISTAKES_BLUE_GREEN, validBlueGreenSpec } from './arbitraries';
import { synthesize } from './build';
import { assertProperty, RUNS, timeoutFor } from './config';
import { expectedFlipDiff } from './invariants';
import { invalidSetsProperties, lintProperty, none, validSetsProperty } from './suite';

describe('BlueGreenApp properties', () => {
  validSetsProperty('BlueGreenApp', validBlueGreenSpec);
  lintProperty('BlueGreenApp', validBlueGreenSpec);

  test(`flipping activeSlot (${RUNS} cases) changes only the Services' slot selector values, the slots' rollout settings (and, under a scaling idle policy, the two replica counts)`, () => {
    assertProperty('BlueGreenApp', 'flip diff', fc.property(flippableBlueGreen, ([before, after]) => {
      // Below 1.31 with required host spreading, the two slots' rollout settings move with the flip too
      // (the idle slot replaces its pods at once): test/strategies/blue-green-app.test.ts; never a pod template.
      const rolloutSettings = /^Deployment\/\S+ (spec\.strategy\.|metadata\.annotations\.(release-strategies\.cdk8s\.io\/rollout|waive\.release-strategies\.cdk8s\.io\/RS204)$)/;
      const diff = diffPaths(synthesize(before).manifests, synthesize(after).manifests).filter((p) => !rolloutSettings.test(p));
      const expected = expectedFlipDiff(before, after);
      none(diff.filter((p) => !expected.includes(p)).map((p) => `unexpected change: ${p}`)
        .concat(expected.filter((p) => !diff.includes(p)).map((p) => `missing change: ${p}`)));
    }), RUNS);
  }, timeoutFor(RUNS));

  invalidSetsProperties('BlueGreenApp', validBlueGreenSpec, MISTAKES_BLUE_GREEN);
});
