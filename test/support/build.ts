/**
 * Tests that run the compiled library (the plugin as the cdk8s CLI loads it, the library as a
 * consumer's app loads it) build lib/ first when it is missing or older than any source.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

function newest(dir: string): number {
  return Math.max(0, ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs;
  }));
}

/** Builds lib/ with `npm run build` unless it is current (jest's global setup calls it once per run). */
export function ensureLibBuilt(): void {
  const index = path.join(ROOT, 'lib', 'src', 'index.js');
  const data = ['crd-schemas.json', 'cel-parsed.json'].map((file) => path.join(ROOT, 'lib', file));
  const sources = Math.max(...['src', 'imports', 'crds'].map((dir) => newest(path.join(ROOT, dir))), fs.statSync(path.join(ROOT, 'scripts', 'crd-schemas.ts')).mtimeMs);
  if ([index, ...data].every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= sources)) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
}
