/**
 * `npm run bench:plugin`: what the validation plugin costs a consumer's app, measured. An app of five
 * constructs as the README's quick starts and the controllers page write them (37 objects: a
 * SafeRollingDeployment, two BlueGreenApps, a Gateway API CanaryApp with a header match and an Istio
 * CanaryApp under Argo Rollouts, built from lib/ as an installed package is) in a temporary folder, with the plugin enabled through `plugin.js`
 * and no crdFiles, in a git repository with its output committed (as a user's: the plugin's transition
 * review then costs one `git status`). Medians of `--runs` rounds, each running every state once:
 *
 *  - `cdk8s --version`: the CLI's own start-up, the yardstick;
 *  - `cdk8s synth` with the plugin: with the cache the previous synth left and the output as committed
 *    (every later synth), with an empty cache (a first synth), with the cache off, and with `--no-validate`;
 *    each also as its difference to `cdk8s --version` in the same round (median and spread);
 *  - the floor under every synth: the same 37 objects written by hand (below), `cdk8s synth --no-validate`
 *    with no library and no plugin;
 *  - the app alone (`node main.js`, as the CLI runs it), and the floor under it: the same 37 objects
 *    written as cdk8s ApiObjects by hand (the app's own output, read back), with cdk8s alone and with
 *    cdk8s-plus-27's Kubernetes bindings loaded too (which the library uses);
 *  - `validateManifests` of the same manifests in a fresh Node process (what an app's unit test pays),
 *    with the cache empty and warm.
 *
 * Run by hand; never in tests. Usage: npm run bench:plugin [-- --runs 5]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (!fs.existsSync(path.join(root, 'lib', 'src', 'index.js'))) {
  console.error('lib/ is missing: run `npm run build` first (the benchmark measures the compiled library, as consumers load it)');
  process.exit(1);
}

const app = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plugin-app-'));
const library = JSON.stringify(path.join(root, 'lib', 'src', 'index.js'));
fs.writeFileSync(path.join(app, 'main.js'), `'use strict';
const { App, Chart, Duration } = require(${JSON.stringify(require.resolve('cdk8s'))});
const { BlueGreenApp, CanaryApp, CanaryMatch, Drain, Probe, ReleaseController, RolloutStep, SafeRollingDeployment, Slot, TrafficRouter } = require(${library});
const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const readiness = Probe.httpGet('/ready');
new SafeRollingDeployment(chart, 'api', { image: 'registry.example.com/shop/api:2.0.1', readiness, drain: Drain.sleep(Duration.seconds(15)) });
new BlueGreenApp(chart, 'cart', {
  activeSlot: Slot.BLUE, blue: { image: 'registry.example.com/shop/cart:1.4.2' }, green: { image: 'registry.example.com/shop/cart:1.5.0' }, readiness,
});
new CanaryApp(chart, 'web', {
  stable: { image: 'registry.example.com/shop/web:1.4.2' }, canary: { image: 'registry.example.com/shop/web:1.5.0' }, canaryWeight: 10,
  trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }),
  canaryMatch: CanaryMatch.header('X-Canary', 'always'), readiness,
});
new CanaryApp(chart, 'search', {
  stable: { image: 'registry.example.com/shop/search:1.4.2' }, canary: { image: 'registry.example.com/shop/search:1.5.0' },
  trafficRouter: TrafficRouter.istio(), readiness,
  releaseController: ReleaseController.argoRollouts({
    analysis: { address: 'http://prometheus.monitoring:9090', successRateQuery: 'sum(rate(ok[1m]))', latencyQuery: 'histogram_quantile(0.99, x)', maxLatencyMs: 500 },
    steps: [RolloutStep.weight(10), RolloutStep.analysis(), RolloutStep.weight(50), RolloutStep.analysis()],
  }),
});
new BlueGreenApp(chart, 'checkout', {
  activeSlot: Slot.GREEN, blue: { image: 'registry.example.com/shop/checkout:3.0.0' }, green: { image: 'registry.example.com/shop/checkout:3.1.0' }, readiness,
});
app.synth();
`);
fs.writeFileSync(path.join(app, 'cdk8s.yaml'), [
  'language: typescript',
  'app: node main.js',
  'validations:',
  `  - package: ${path.join(root, 'plugin.js')}`,
  `    version: ${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).version}`,
  '    class: ReleaseStrategiesValidation',
  '',
].join('\n'));

/** validateManifests of the app's output in a fresh process, as a unit test of the app runs it. */
const VALIDATE = `
const fs = require('fs'); const path = require('path');
const [root, dist] = process.argv.slice(1);
const { parseAllDocuments } = require(require.resolve('yaml', { paths: [root] }));
const manifests = fs.readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml'))
  .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf-8')).map((d) => d.toJS()));
const { validateManifests } = require(path.join(root, 'lib', 'src', 'validation', 'index.js'));
const violations = validateManifests(manifests);
if (violations.some((v) => v.severity === 'error')) throw new Error(JSON.stringify(violations, null, 2));
`;

const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const time = (command: string, args: string[], cache: string, cwd: string = app) => {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { cwd, env: { ...env, CDK8S_RELEASE_STRATEGIES_CACHE: cache }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const emptyCache = () => {
  const dir = path.join(app, 'cache-empty');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const warm = path.join(app, 'cache-warm');
fs.mkdirSync(warm, { mode: 0o700 });

interface State { readonly what: string; readonly run: () => number; readonly synth?: boolean }
/** The app's output written by hand: each object as a cdk8s ApiObject (`bindings`: with cdk8s-plus-27's k8s bindings loaded). */
const handWritten = (bindings: boolean) => {
  const objects = fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.k8s.yaml'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(app, 'dist', f), 'utf-8')).map((d) => d.toJS()));
  const file = path.join(app, bindings ? 'hand-written-bindings.js' : 'hand-written.js');
  fs.writeFileSync(file, `'use strict';
const { App, ApiObject, Chart } = require(${JSON.stringify(require.resolve('cdk8s'))});
${bindings ? `require(${JSON.stringify(require.resolve('cdk8s-plus-27/lib/imports/k8s'))});` : ''}
const app = new App();
const chart = new Chart(app, 'shop');
${JSON.stringify(objects)}.forEach((object, i) => new ApiObject(chart, 'o' + i, object));
app.synth();
`);
  return file;
};
const appAlone = (script: string) => () => {
  const start = process.hrtime.bigint();
  // As the CLI runs the app when a validation plugin is on.
  execFileSync(process.execPath, [script], { cwd: app, env: { ...env, CDK8S_OUTDIR: path.join(app, 'out'), CDK8S_RECORD_CONSTRUCT_METADATA: 'true' }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
try {
  // The user's repository: the output of a first synth committed.
  execFileSync(cli, ['synth'], { cwd: app, env: { ...env, CDK8S_RELEASE_STRATEGIES_CACHE: warm }, stdio: 'ignore' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: app, stdio: 'ignore' });
  fs.writeFileSync(path.join(app, '.gitignore'), 'cache-*/\nout/\nfloor/\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'app and its output');
  // The floor: the same objects written by hand, synthesized by the CLI with no library and no plugin.
  const floor = path.join(app, 'floor');
  fs.mkdirSync(floor);
  fs.writeFileSync(path.join(floor, 'cdk8s.yaml'), `language: typescript\napp: node ${JSON.stringify(handWritten(false))}\n`);
  const states: State[] = [
    { what: 'cdk8s --version', run: () => time(cli, ['--version'], 'off') },
    { what: 'cdk8s synth --no-validate', run: () => time(cli, ['synth', '--no-validate'], 'off'), synth: true },
    { what: 'cdk8s synth, warm plugin cache, output as committed', run: () => time(cli, ['synth'], warm), synth: true },
    { what: 'cdk8s synth, empty plugin cache', run: () => time(cli, ['synth'], emptyCache()), synth: true },
    { what: 'cdk8s synth, plugin cache off', run: () => time(cli, ['synth'], 'off'), synth: true },
    { what: 'the floor: the same objects by hand, cdk8s synth --no-validate', run: () => time(cli, ['synth', '--no-validate'], 'off', floor), synth: true },
    { what: 'the app alone (node main.js)', run: appAlone('main.js') },
    { what: 'the same objects by hand, cdk8s alone', run: appAlone(handWritten(false)) },
    { what: 'the same objects by hand, with the k8s bindings', run: appAlone(handWritten(true)) },
    { what: 'validateManifests (fresh process), empty cache', run: () => time(process.execPath, ['-e', VALIDATE, root, path.join(app, 'dist')], emptyCache()) },
    { what: 'validateManifests (fresh process), warm cache', run: () => time(process.execPath, ['-e', VALIDATE, root, path.join(app, 'dist')], warm) },
  ];
  states.forEach((state) => state.run()); // warm-up round: OS file cache, the warm plugin cache
  const times = states.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) states.forEach((state, i) => times[i].push(state.run()));
  const width = Math.max(...states.map((s) => s.what.length));
  const ms = (value: number) => value.toFixed(0);
  console.log(`medians of ${runs} rounds; synths also as their difference to \`cdk8s --version\` in the same round: median (min-max)`);
  states.forEach((state, i) => {
    const above = times[i].map((t, r) => t - times[0][r]);
    const extra = state.synth ? `  +${ms(median(above))} ms (${ms(Math.min(...above))}-${ms(Math.max(...above))})` : '';
    console.log(`${state.what.padEnd(width)}  ${ms(median(times[i])).padStart(5)} ms${extra}`);
  });
} finally {
  fs.rmSync(app, { recursive: true, force: true });
}
