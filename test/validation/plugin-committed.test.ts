/**
 * The plugin compares the synthesized output folder with its last committed version (git HEAD) and
 * reports the transition rules (RS4xx) like every other rule; a folder outside git is skipped, and
 * `compareWithCommitted: false` turns the comparison off.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { CanaryApp, Probe, SafeRollingDeployment, ServiceOptions, TrafficRouter } from '../../src';
import { readFilesAtRevision } from '../../src/plan/base';
import { ReleaseStrategiesValidation } from '../../src/validation/plugin';

// The committed version is read through this function only: counting its calls shows what git read.
jest.mock('../../src/plan/base', () => {
  const actual = jest.requireActual('../../src/plan/base');
  return { ...actual, readFilesAtRevision: jest.fn(actual.readFilesAtRevision) };
});

const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

function app(port: string, image: string, service?: ServiceOptions): string {
  const chart = Testing.chart();
  new SafeRollingDeployment(chart, 'web', { namespace: 'shop', image, readiness: Probe.httpGet('/ready'), replicas: 3, ports: [{ port: 8080, name: port }], service });
  return Testing.synth(chart).map((m) => stringify(m)).join('---\n');
}

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-committed-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function synth(text: string, properties: Record<string, unknown> = {}) {
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  const file = path.join(dist, 'shop.k8s.yaml');
  fs.writeFileSync(file, text);
  // As under `cdk8s synth`: the CLI's file for plugins sits beside the manifests while they are validated.
  fs.writeFileSync(path.join(dist, 'construct-metadata.json'), '{}');
  const context = new ValidationContext([file], 'cdk8s-release-strategies', '0.1.0', {}, false);
  await new ReleaseStrategiesValidation({ keepManifestsOnFailure: true, ...properties }).validate(context);
  return { success: context.report.success, rules: context.report.toJson().violations.map((v: any) => v.ruleName.split(' ')[0]) };
}

function commit(text: string) {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  if (!fs.existsSync(path.join(dir, '.git'))) git('init', '-q');
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), text);
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'release');
}

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';

test('a port renamed with the image against the committed output fails the synth with RS403; an image bump passes', async () => {
  commit(app('http', V1));
  expect(await synth(app('web', V2))).toEqual({ success: false, rules: ['RS403'] });
  expect(await synth(app('http', V2))).toEqual({ success: true, rules: [] });
});

test('a Service port renumbered (RS408) and a router replaced (RS409) against the committed output fail the synth', async () => {
  commit(app('http', V1));
  expect(await synth(app('http', V1, { port: 80 }))).toEqual({ success: false, rules: ['RS408'] });
  const canary = (trafficRouter: TrafficRouter) => {
    const chart = Testing.chart();
    new CanaryApp(chart, 'web', { namespace: 'shop', readiness: Probe.httpGet('/ready'), stable: { image: V1 }, trafficRouter });
    return Testing.synth(chart).map((m) => stringify(m)).join('---\n');
  };
  commit(canary(TrafficRouter.nginxIngress({ host: 'shop.example.com' })));
  const switched = canary(TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }));
  expect(await synth(switched)).toEqual({ success: false, rules: ['RS409'] });
});

test('unchanged output, a folder outside git, and compareWithCommitted: false find nothing', async () => {
  expect(await synth(app('web', V2))).toEqual({ success: true, rules: [] }); // not a repository
  commit(app('http', V1));
  expect(await synth(app('http', V1))).toEqual({ success: true, rules: [] });
  expect(await synth(app('web', V2), { compareWithCommitted: false })).toEqual({ success: true, rules: [] });
});

test('a property that is not a boolean is refused', async () => {
  await expect(synth(app('http', V1), { compareWithCommitted: 'yes' })).rejects.toThrow(/properties.compareWithCommitted must be true or false/);
});

test('an output unchanged since the commit is not read from git, with the CLI\'s construct-metadata.json beside it', async () => {
  commit(app('http', V1));
  const readCommitted = readFilesAtRevision as jest.MockedFunction<typeof readFilesAtRevision>;
  readCommitted.mockClear();
  expect(await synth(app('http', V1))).toEqual({ success: true, rules: [] });
  expect(readCommitted).not.toHaveBeenCalled(); // one `git status` decided it
  expect(fs.existsSync(path.join(dir, 'dist', 'construct-metadata.json'))).toBe(false); // still taken away
  expect(await synth(app('http', V2))).toEqual({ success: true, rules: [] });
  expect(readCommitted).toHaveBeenCalledTimes(1); // a change is compared with the commit
});
