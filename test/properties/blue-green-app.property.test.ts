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

  test(`flipping activeSlot (${RUNS} cases) changes only the Services' slot selector values (and, under a scaling idle policy, the two replica counts)`, () => {
    assertProperty('BlueGreenApp', 'flip diff', fc.property(flippableBlueGreen, ([before, after]) => {
      const diff = diffPaths(synthesize(before).manifests, synthesize(after).manifests);
      const expected = expectedFlipDiff(before, after);
      none(diff.filter((p) => !expected.includes(p)).map((p) => `unexpected change: ${p}`)
        .concat(expected.filter((p) => !diff.includes(p)).map((p) => `missing change: ${p}`)));
    }), RUNS);
  }, timeoutFor(RUNS));

  invalidSetsProperties('BlueGreenApp', validBlueGreenSpec, MISTAKES_BLUE_GREEN);
});
