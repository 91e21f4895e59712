/**
 * `npm run bench:plugin`: what the validation plugin costs a consumer's app, measured. An app of five
 * constructs as the README's quick starts and the controllers page write them (37 objects: a
 * SafeRollingDeployment, two BlueGreenApps, a Gateway API CanaryApp with a header match and an Istio
 * CanaryApp under Argo Rollouts, built from lib/ as an installed package is) in a temporary folder, with the plugin enabled through `plugin.js`
 * and no crdFiles. Medians of `--runs` runs of:
 *
 *  - `cdk8s synth` with the plugin, each run with an empty plugin cache (a first synth) and with the
 *    cache the previous synth left (every later synth), and with `--no-validate`;
 *  - `validateManifests` of the same manifests in a fresh Node process (what an app's unit test pays),
 *    with the cache empty and warm.
 *
 * Run by hand; never in tests. Usage: npm run bench:plugin [-- --runs 5]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

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
const time = (command: string, args: string[], cache: string) => {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { cwd: app, env: { ...env, CDK8S_RELEASE_STRATEGIES_CACHE: cache }, stdio: 'ignore' });
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

interface State { readonly what: string; readonly run: () => number }
const states: State[] = [
  { what: 'cdk8s synth --no-validate', run: () => time(cli, ['synth', '--no-validate'], 'off') },
  { what: 'cdk8s synth, empty plugin cache', run: () => time(cli, ['synth'], emptyCache()) },
  { what: 'cdk8s synth, warm plugin cache', run: () => time(cli, ['synth'], warm) },
  { what: 'validateManifests (fresh process), empty cache', run: () => time(process.execPath, ['-e', VALIDATE, root, path.join(app, 'dist')], emptyCache()) },
  { what: 'validateManifests (fresh process), warm cache', run: () => time(process.execPath, ['-e', VALIDATE, root, path.join(app, 'dist')], warm) },
];
try {
  states.forEach((state) => state.run()); // warm-up round: OS file cache, the warm plugin cache
  const times = states.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) states.forEach((state, i) => times[i].push(state.run()));
  const width = Math.max(...states.map((s) => s.what.length));
  console.log(`medians of ${runs}`);
  states.forEach((state, i) => console.log(`${state.what.padEnd(width)}  ${median(times[i]).toFixed(0).padStart(5)} ms`));
} finally {
  fs.rmSync(app, { recursive: true, force: true });
}
