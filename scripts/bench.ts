/**
 * `npm run bench`: what the library adds to cdk8s, measured. For N = 10, 100, 1,000 apps in one
 * process (each app: one SafeRollingDeployment, one BlueGreenApp, one CanaryApp), the median of 5 runs
 * of the library against the same objects written directly with the bindings; then `npx cdk8s synth`
 * of the examples (with the validation plugin, in each state of its cache) against the CLI's own
 * start-up (`npx cdk8s --version`). Run by hand; never in tests.
 *
 * Usage: npm run bench [-- --runs 5 --sizes 10,100,1000]   (`--sizes ''` measures only the synth)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
const sizes = arg('sizes', '10,100,1000').split(',').filter(Boolean).map(Number);

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
if (rows.length > 1) for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));

// `npx cdk8s synth` of the examples, in the states a user meets. The plugin's cache (parsed CRDs,
// compiled CRD validators, the last synth's parsed files and schema outcomes) lives in a folder of
// the benchmark's own, so each state is set up exactly and the user's cache is left alone.
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plugin-cache-'));
const synthEnv = { ...env, CDK8S_RELEASE_STRATEGIES_CACHE: cache };
const forget = (prefix: string) => fs.readdirSync(cache).filter((f) => f.startsWith(prefix)).forEach((f) => fs.rmSync(path.join(cache, f)));
const timedIn = (dir: string, command: string[], before: () => void = () => {}) => median(Array.from({ length: runs }, () => {
  before();
  const start = process.hrtime.bigint();
  execFileSync(command[0], command.slice(1), { cwd: dir, env: synthEnv, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}));
const timed = (command: string[], before?: () => void) => timedIn(root, command, before);

execFileSync('npx', ['cdk8s', 'synth'], { cwd: root, env: synthEnv, stdio: 'ignore' }); // warm the OS file cache
const startup = timed(['npx', 'cdk8s', '--version']);
const lines: [string, number][] = [
  ['npx cdk8s synth, output unchanged since the last synth', timed(['npx', 'cdk8s', 'synth'])],
  ['npx cdk8s synth, every manifest changed (parsed and checked)', timed(['npx', 'cdk8s', 'synth'], () => forget('app-'))],
  ['npx cdk8s synth, empty plugin cache (CRDs parsed, compiled)', timed(['npx', 'cdk8s', 'synth'], () => forget(''))],
  ['npx cdk8s synth --no-validate', timed(['npx', 'cdk8s', 'synth', '--no-validate'])],
];

// The inner loop: one example edited (a new canary image), then synthesized. In a checkout of its own
// (the repository's folders linked, examples/ copied) so the repository is never touched.
const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-checkout-'));
for (const shared of ['src', 'imports', 'lib', 'node_modules', 'package.json', 'tsconfig.json']) fs.symlinkSync(path.join(root, shared), path.join(checkout, shared));
fs.cpSync(path.join(root, 'examples'), path.join(checkout, 'examples'), { recursive: true });
fs.writeFileSync(path.join(checkout, 'cdk8s.yaml'), fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf-8').replace(/\.\.\/shared\//g, `${path.resolve(root, '..', 'shared')}/`));
const edited = path.join(checkout, 'examples', 'gateway-api-canary.ts');
const original = fs.readFileSync(edited, 'utf-8');
let release = 0;
const editOne = () => fs.writeFileSync(edited, original.replace("web:1.5.0'", `web:1.5.${++release}'`));
editOne();
execFileSync('npx', ['cdk8s', 'synth'], { cwd: checkout, env: synthEnv, stdio: 'ignore' });
lines.splice(1, 0, ['npx cdk8s synth, one example edited (a new canary image)', timedIn(checkout, ['npx', 'cdk8s', 'synth'], editOne)]);
fs.rmSync(checkout, { recursive: true, force: true });

const app = timed([process.execPath, 'examples/app.js']);
const appFromSources = timed([process.execPath, '--import', 'tsx', 'examples/main.ts']);
fs.rmSync(cache, { recursive: true, force: true });

console.log();
console.log(`cdk8s CLI start-up (npx cdk8s --version): ${startup.toFixed(0)} ms; medians of ${runs}`);
const width = Math.max(...lines.map(([what]) => what.length));
for (const [what, ms] of lines) console.log(`${what.padEnd(width)}  ${ms.toFixed(0).padStart(5)} ms  (+${(ms - startup).toFixed(0)} ms)`);
console.log(`the app alone: examples/app.js (transpile cache) ${app.toFixed(0)} ms, from sources through tsx ${appFromSources.toFixed(0)} ms`);
