/**
 * A throwaway checkout of the repository for runs that edit files (tests, the benchmark): the
 * folders named in `copy` are copied, everything else the examples need is linked. node_modules is a
 * folder of its own whose entries link to the repository's, so the checkout's caches
 * (node_modules/.cache) stay its own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const LINKED = ['src', 'imports', 'lib', 'package.json', 'tsconfig.json'];

/** Creates the checkout in a new temporary folder and returns its path; remove it when done. */
export function checkout(root: string, copy: readonly string[] = ['examples']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-strategies-checkout-'));
  for (const name of LINKED.filter((n) => !copy.includes(n))) fs.symlinkSync(path.join(root, name), path.join(dir, name));
  for (const name of copy) fs.cpSync(path.join(root, name), path.join(dir, name), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of fs.readdirSync(path.join(root, 'node_modules')).filter((e) => e !== '.cache')) {
    fs.symlinkSync(path.join(root, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  }
  return dir;
}
