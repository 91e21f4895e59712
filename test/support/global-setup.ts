/**
 * Once per jest run, before any test file: builds lib/ when it is stale (tests that run the compiled
 * plugin or library need it, and building it from several workers at once would race), and points
 * the validation plugin's cache at a folder of the run's own, so tests neither read nor fill the
 * developer's cache. Workers inherit the environment.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureLibBuilt } from './build';

export const TEST_CACHE_ENV = 'RELEASE_STRATEGIES_TEST_CACHE';

export default function globalSetup(): void {
  ensureLibBuilt();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'release-strategies-test-cache-'));
  process.env[TEST_CACHE_ENV] = cache;
  process.env.CDK8S_RELEASE_STRATEGIES_CACHE = path.join(cache, 'plugin');
}
