/**
 * Property tests of CanaryApp (issue #5): random valid and invalid prop sets, and weight changes.
 * PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import fc from 'fast-check';
import { diffPaths } from '../support/diff';
import { dns1123, MISTAKES_CANARY, reweightedCanary, validCanarySpec } from './arbitraries';
import { synthesize } from './build';
import { assertProperty, RUNS, timeoutFor } from './config';
import { expectedWeightDiff, schemaViolations } from './invariants';
import { CanarySpec, isValid } from './model';
import { invalidSetsProperties, lintProperty, none, validSetsProperty } from './suite';

describe('CanaryApp properties', () => {
  validSetsProperty('CanaryApp', validCanarySpec);
  lintProperty('CanaryApp', validCanarySpec);

  test(`moving canaryWeight (${RUNS} cases) changes only weight fields (routers) or the two replica counts and the achieved weight (replica ratio)`, () => {
    assertProperty('CanaryApp', 'weight diff', fc.property(reweightedCanary, ([before, after]) => {
      const diff = diffPaths(synthesize(before).manifests, synthesize(after).manifests);
      const expected = expectedWeightDiff(before, after);
      none(diff.filter((p) => !expected.includes(p)).map((p) => `unexpected change: ${p}`)
        .concat(expected.filter((p) => !diff.includes(p)).map((p) => `missing change: ${p}`)));
    }), RUNS);
  }, timeoutFor(RUNS));

  // The main arbitrary keeps wildcard host names to 246 characters; the HTTPRoute CRD allows 253,
  // the '*.' included. This property covers the last 7 on its own so that a failure here does not
  // hide the other invariants.
  /** `*.` and 63-character labels (the last one shorter) making a host name of exactly `length` characters. */
  const wildcardOfLength = (length: number, letter: string) => {
    const labels: string[] = [];
    let left = length - 2;
    while (left > 0) {
      // Never leave a single '.' with nothing after it: a label needs at least one character.
      const size = left > 63 ? Math.min(63, left - 2) : left;
      labels.push(letter.repeat(size));
      left -= size + (left > size ? 1 : 0);
    }
    return `*.${labels.join('.')}`;
  };
  const longWildcard = fc.tuple(fc.integer({ min: 247, max: 253 }), fc.constantFrom(...'abcxyz0189'.split(''))).map(([length, c]) => wildcardOfLength(length, c));
  const withLongWildcard = fc.tuple(validCanarySpec, longWildcard, dns1123(63)).map(([s, host, gatewayName]): CanarySpec => ({
    ...s, router: { type: 'gatewayApi', gatewayName, hostnames: [host] }, canaryMatch: s.canaryMatch?.type === 'header' ? s.canaryMatch : undefined,
    canaryReplicas: s.canaryReplicas ?? 1,
  })).filter(isValid);
  const runs = Math.max(20, Math.ceil(RUNS / 20));
  test(`Gateway API wildcard host names of 247-253 characters, valid for the HTTPRoute CRD, are accepted (${runs} cases)`, () => {
    assertProperty('CanaryApp', 'long wildcard host names', fc.property(withLongWildcard, (spec) => {
      none(schemaViolations(synthesize(spec).manifests));
    }), runs);
  }, timeoutFor(runs));

  invalidSetsProperties('CanaryApp', validCanarySpec, MISTAKES_CANARY);
});
