/**
 * `npm run bench`: what the library adds to cdk8s, measured. For N = 10, 100, 1,000 apps in one
 * process (each app: one SafeRollingDeployment, one BlueGreenApp, one CanaryApp), the median of 5 runs
 * of the library against the same objects written directly with the bindings; then `npx cdk8s synth`
 * of the examples against the CLI's own start-up (`cdk8s --version`). Run by hand; never in tests.
 *
 * Usage: npm run bench [-- --runs 5 --sizes 10,100,1000]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
const sizes = arg('sizes', '10,100,1000').split(',').map(Number);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

if (!fs.existsSync(path.join(root, 'lib', 'src', 'index.js'))) {
  console.error('lib/ is missing: run `npm run build` first (the benchmark measures the compiled library, as consumers load it)');
  process.exit(1);
}

function worker(mode: string, count: number): { ms: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bench-worker.ts'), mode, String(count)], { cwd: root, env, encoding: 'utf-8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function wall(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { cwd: root, env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const rows: string[][] = [['N', 'library ms', 'baseline ms', 'time ratio', 'library peak MB', 'baseline peak MB', 'memory ratio', 'library ms/app']];
for (const n of sizes) {
  const lib: { ms: number; maxRssMb: number }[] = [];
  const base: { ms: number; maxRssMb: number }[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate the modes so drift in machine load hits both alike.
    lib.push(worker('library', n));
    base.push(worker('baseline', n));
  }
  const [lt, bt] = [median(lib.map((x) => x.ms)), median(base.map((x) => x.ms))];
  const [lm, bm] = [median(lib.map((x) => x.maxRssMb)), median(base.map((x) => x.maxRssMb))];
  rows.push([String(n), lt.toFixed(0), bt.toFixed(0), (lt / bt).toFixed(2), lm.toFixed(0), bm.toFixed(0), (lm / bm).toFixed(2), (lt / n).toFixed(2)]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));

const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const startup = median(Array.from({ length: runs }, () => wall(cli, ['--version'])));
const synth = median(Array.from({ length: runs }, () => wall(cli, ['synth'])));
console.log();
console.log(`cdk8s CLI start-up (cdk8s --version): ${startup.toFixed(0)} ms (median of ${runs})`);
console.log(`cdk8s synth of the examples:          ${synth.toFixed(0)} ms (median of ${runs}), ${(synth - startup).toFixed(0)} ms above the CLI's start-up`);
