/** Removes the plugin cache folder of the jest run (see global-setup.ts). */
import * as fs from 'fs';
import { TEST_CACHE_ENV } from './global-setup';

export default function globalTeardown(): void {
  const cache = process.env[TEST_CACHE_ENV];
  if (cache) fs.rmSync(cache, { recursive: true, force: true });
}
