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

const medians = times.map(median);
const startup = medians[0];
console.log();
console.log(`medians of ${runs}; in brackets: above the CLI's start-up`);
const width = Math.max(...states.map((s) => s.what.length));
states.forEach((state, i) => {
  const above = i > 0 && state.command[0] === 'npx' ? `  (+${(medians[i] - startup).toFixed(0)} ms)` : '';
  console.log(`${state.what.padEnd(width)}  ${medians[i].toFixed(0).padStart(5)} ms${above}`);
});
