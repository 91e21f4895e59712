/**
 * Property tests of SafeRollingDeployment (issue #5): random valid and invalid prop sets.
 * PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import { MISTAKES_SAFE_ROLLING, validSafeRollingSpec } from './arbitraries';
import { invalidSetsProperties, lintProperty, validSetsProperty } from './suite';

describe('SafeRollingDeployment properties', () => {
  validSetsProperty('SafeRollingDeployment', validSafeRollingSpec);
  lintProperty('SafeRollingDeployment', validSafeRollingSpec);
  invalidSetsProperties('SafeRollingDeployment', validSafeRollingSpec, MISTAKES_SAFE_ROLLING);
});
