/**
 * `npm run bench`: what the library adds to cdk8s, measured. For N = 10, 100, 1,000 apps in one
 * process (each app: one SafeRollingDeployment, one BlueGreenApp, one CanaryApp), paired runs of the
 * library and of the same objects written directly with the bindings (library, baseline, library,
 * ...): the ratio of each pair, its median and spread (min-max); then `npx cdk8s synth` of the
 * examples (with the validation plugin, in each state of its cache) against the CLI's own start-up
 * (`npx cdk8s --version`), round by round, as the median and spread of the difference to the
 * start-up run of the same round. Pairing keeps the figures meaningful on a machine whose load
 * drifts. Run by hand; never in tests.
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
/** The median and spread of `values`: `1.03 (0.98-1.10)`. */
const spread = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

if (!fs.existsSync(path.join(root, 'lib', 'src', 'index.js'))) {
  console.error('lib/ is missing: run `npm run build` first (the benchmark measures the compiled library, as consumers load it)');
  process.exit(1);
}

function worker(mode: string, count: number): { ms: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bench-worker.ts'), mode, String(count)], { cwd: root, env, encoding: 'utf-8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const rows: string[][] = [
  ['N', 'library ms', 'baseline ms', 'time ratio (pairs)', 'library peak MB', 'baseline peak MB', 'memory ratio (pairs)',
    'library ms/app'],
];
for (const n of sizes) {
  const lib: { ms: number; maxRssMb: number }[] = [];
  const base: { ms: number; maxRssMb: number }[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate the modes so drift in machine load hits both alike; each pair gives one ratio.
    lib.push(worker('library', n));
    base.push(worker('baseline', n));
  }
  const [lt, bt] = [median(lib.map((x) => x.ms)), median(base.map((x) => x.ms))];
  const [lm, bm] = [median(lib.map((x) => x.maxRssMb)), median(base.map((x) => x.maxRssMb))];
  const timeRatios = lib.map((x, i) => x.ms / base[i].ms);
  const memoryRatios = lib.map((x, i) => x.maxRssMb / base[i].maxRssMb);
  rows.push([String(n), lt.toFixed(0), bt.toFixed(0), spread(timeRatios, 2), lm.toFixed(0), bm.toFixed(0), spread(memoryRatios, 2),
    (lt / n).toFixed(2)]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
if (rows.length > 1) {
  console.log(`${runs} pairs; ratios: median (min-max) of the pairs`);
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
}

// `npx cdk8s synth` of the examples (run with tsx, as cdk8s.yaml says), in the states a user meets.
// Each state has a plugin cache folder of its own (the last synth's parsed files and schema outcomes),
// so it is set up exactly and the user's cache is left alone. The states take turns,
// round by round, so that drift in the machine's load hits them alike.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
/** The plugin cache folder of a state (created private, as the plugin requires). */
const cacheOf = (state: string) => {
  const dir = path.join(scratch, `cache-${state}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};
const forget = (state: string, prefix: string) => {
  for (const f of fs.readdirSync(cacheOf(state)).filter((name) => name.startsWith(prefix))) fs.rmSync(path.join(cacheOf(state), f));
};

interface State { readonly what: string; readonly cache: string; readonly command: string[]; readonly before?: () => void }
const states: State[] = [
  { what: 'cdk8s CLI start-up (npx cdk8s --version)', cache: 'startup', command: ['npx', 'cdk8s', '--version'] },
  { what: 'npx cdk8s synth, output unchanged since the last synth', cache: 'unchanged', command: ['npx', 'cdk8s', 'synth'] },
  { what: 'npx cdk8s synth, every manifest changed (parsed and checked)', cache: 'changed', command: ['npx', 'cdk8s', 'synth'], before: () => forget('changed', 'app-') },
  { what: 'npx cdk8s synth, empty plugin cache', cache: 'empty', command: ['npx', 'cdk8s', 'synth'], before: () => forget('empty', '') },
  { what: 'npx cdk8s synth --no-validate', cache: 'unchanged', command: ['npx', 'cdk8s', 'synth', '--no-validate'] },
  { what: 'the app alone: node --import tsx examples/main.ts', cache: 'app', command: [process.execPath, '--import', 'tsx', 'examples/main.ts'] },
];
const run = (state: State) => {
  state.before?.();
  const start = process.hrtime.bigint();
  execFileSync(state.command[0], state.command.slice(1), { cwd: root, env: { ...env, CDK8S_RELEASE_STRATEGIES_CACHE: cacheOf(state.cache) }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
states.forEach(run); // warm-up round: OS file cache, plugin caches
const times = states.map(() => [] as number[]);
for (let r = 0; r < runs; r++) states.forEach((state, i) => times[i].push(run(state)));
fs.rmSync(scratch, { recursive: true, force: true });

const startup = times[0];
console.log();
console.log(`${runs} rounds; medians (min-max); in brackets: above the CLI's start-up in the same round, and as a ratio to it`);
const width = Math.max(...states.map((s) => s.what.length));
states.forEach((state, i) => {
  const above = i > 0 && state.command[0] === 'npx'
    ? `  (+${spread(times[i].map((t, r) => t - startup[r]), 0)} ms; ${spread(times[i].map((t, r) => t / startup[r]), 2)}x)`
    : '';
  console.log(`${state.what.padEnd(width)}  ${spread(times[i], 0).padStart(17)} ms${above}`);
});
