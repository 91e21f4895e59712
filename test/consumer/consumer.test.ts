/**
 * A consumer that is not this repository: a fresh cdk8s app in a temporary folder installs the packed
 * tarball plus the peer dependencies, runs the manual's code (README.md and docs/*.md: every TypeScript
 * block that builds a construct, its cdk8s.yaml blocks verbatim, its shell blocks) through the public
 * entry points only, and synthesizes with the cdk8s CLI. Slow (it packs and installs), so it runs when
 * CONSUMER_TEST=1, as CI does (`.ci/run`). test/manual.test.ts checks the same blocks without a package.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { buildsApp, CodeBlock, codeBlocks, manualPages, programOf, where } from '../../scripts/manual';

const root = path.resolve(__dirname, '..', '..');
/** The cdk8s-plus the manual says works beside the library (the one `cdk8s init typescript-app` brings). */
const PLUS_33_VERSION = '2.5.57';
const enabled = process.env.CONSUMER_TEST === '1';
const run = enabled ? describe : describe.skip;

const manualBlocks = manualPages(root).flatMap(codeBlocks);

/**
 * The manual's TypeScript blocks that build one of the constructs (the README's quick starts first): a
 * complete program, or a fragment that runs in a chart with the package's exports in scope. Fragments
 * such as a custom router class or setting the target version build nothing to synthesize.
 */
function quickStarts(): CodeBlock[] {
  // An excerpt of an example is checked as one (test/manual.test.ts); the example tests synthesize it.
  return manualBlocks.filter((b) => (b.lang === 'ts' || b.lang === 'typescript') && b.excerptOf === undefined && buildsApp(b.code));
}

/** The manual's cdk8s.yaml blocks (what a reader pastes into the app's cdk8s.yaml), each text once. */
function cdk8sYamlBlocks(): CodeBlock[] {
  // By its top-level keys as written, so that a block that is not valid YAML reaches the CLI too.
  const yaml = manualBlocks.filter((b) => b.lang === 'yaml' && /^(validations|app|imports):/m.test(b.code));
  return yaml.filter((b, i) => yaml.findIndex((other) => other.code === b.code) === i);
}

/** The manual's shell blocks not marked `<!-- not run: reason -->`: run in the app's folder. */
function shellBlocks(): CodeBlock[] {
  return manualBlocks.filter((b) => (b.lang === 'sh' || b.lang === 'bash') && b.notRun === undefined);
}

/**
 * A chart of the consumer's own hand-written ApiObjects with a mistake (seed 004's maxSure), for the
 * validation plugin the consumer enables in its cdk8s.yaml.
 */
const HAND_WRITTEN_CHART = `import { ApiObject, App, Chart } from 'cdk8s';
const app = new App();
const chart = new Chart(app, 'hand-written', { namespace: 'shop' });
const labels = { app: 'api' };
new ApiObject(chart, 'api-deployment', {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' },
  spec: {
    replicas: 1, selector: { matchLabels: labels },
    strategy: { rollingUpdate: { maxSure: 1, maxUnavailable: 0 } },
    template: { metadata: { labels }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{
      name: 'api', image: 'registry.example.com/shop/api:2.0.1',
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }] } },
  },
});
app.synth();
`;

/**
 * Canaries through Gateway API and Istio whose router objects are changed through cdk8s' escape hatches
 * (a JSON patch out of the CRD's bounds, a hand-written ApiObject with a misspelled field): the plugin
 * must know the library's own custom resource kinds without any crdFiles. (A JSON patch cannot add an
 * unknown field to an object built with generated bindings: their toJson drops it.)
 */
const ESCAPE_HATCH_CHART = `import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { CanaryApp, Probe, TrafficRouter } from 'cdk8s-release-strategies';
const app = new App();
const chart = new Chart(app, 'escape-hatch', { namespace: 'shop' });
const canary = (id: string, trafficRouter: TrafficRouter) => new CanaryApp(chart, id, {
  stable: { image: 'registry.example.com/shop/web:1.4.2' }, canary: { image: 'registry.example.com/shop/web:1.5.0' },
  canaryWeight: 10, readiness: Probe.httpGet('/ready'), trafficRouter,
});
const routerObject = (app: CanaryApp, kind: string) => app.node.findAll().find((c) => c instanceof ApiObject && c.kind === kind) as ApiObject;
const gateway = canary('gw', TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }));
routerObject(gateway, 'HTTPRoute').addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/weight', 2000000));
const mesh = canary('mesh', TrafficRouter.istio());
routerObject(mesh, 'VirtualService').addJsonPatch(JsonPatch.replace('/spec/http/0/route/0/weight', 'ninety'));
new ApiObject(chart, 'extra-route', {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'extra' },
  spec: { parentRefs: [{ name: 'shop-gateway' }], rules: [{ backendRefs: [{ name: 'gw-stable', port: 8080, weigth: 1 }] }] },
});
app.synth();
`;

/** An app on cdk8s-plus-33 (what `cdk8s init typescript-app` brings) uses the library beside it. */
const PLUS_33_CHART = `import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Probe, SafeRollingDeployment } from 'cdk8s-release-strategies';
const app = new App();
const chart = new Chart(app, 'plus-33', { namespace: 'shop' });
new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { mode: 'strict' } });
new SafeRollingDeployment(chart, 'orders', { image: 'registry.example.com/shop/orders:2.0.1', readiness: Probe.httpGet('/ready') });
app.synth();
`;

/** The entry points from CommonJS and from an ES module (under "type": "module" semantics: .mjs). */
const ENTRY_POINTS = {
  'entry-points.cjs': `const lib = require('cdk8s-release-strategies');
const { validateManifests, ReleaseStrategiesValidation } = require('cdk8s-release-strategies/validation');
const Plugin = require('cdk8s-release-strategies/plugin').ReleaseStrategiesValidation;
const { planManifests } = require('cdk8s-release-strategies/plan');
console.log(JSON.stringify({ construct: typeof lib.SafeRollingDeployment, validate: typeof validateManifests, plan: typeof planManifests,
  plugin: Plugin === ReleaseStrategiesValidation, rules: validateManifests([{ apiVersion: 'v1', kind: 'Serviice', metadata: { name: 'x' } }]).map((v) => v.ruleId) }));
`,
  'entry-points.mjs': `import { SafeRollingDeployment } from 'cdk8s-release-strategies';
import { validateManifests, ReleaseStrategiesValidation } from 'cdk8s-release-strategies/validation';
import plugin from 'cdk8s-release-strategies/plugin';
import { planManifests } from 'cdk8s-release-strategies/plan';
console.log(JSON.stringify({ construct: typeof SafeRollingDeployment, validate: typeof validateManifests, plan: typeof planManifests,
  plugin: plugin.ReleaseStrategiesValidation === ReleaseStrategiesValidation, rules: validateManifests([{ apiVersion: 'v1', kind: 'Serviice', metadata: { name: 'x' } }]).map((v) => v.ruleId) }));
`,
  // TypeScript finds the types of both entry points, with the module resolution of \`cdk8s init\` (node10) and node16.
  'entry-points-types.ts': `import { SafeRollingDeployment } from 'cdk8s-release-strategies';
import { validateManifests, type Violation } from 'cdk8s-release-strategies/validation';
import { planManifests } from 'cdk8s-release-strategies/plan';
const violations: Violation[] = validateManifests([]);
export const used = [SafeRollingDeployment, violations, planManifests];
`,
};

run('the packed library, consumed by a fresh cdk8s app', () => {
  let dir: string;
  let manifests: Record<string, any[]>;
  let synth: { status: number | null; output: string; reports: any; dist: string[] };
  let clean: typeof synth;
  /** A synth with each further cdk8s.yaml block of the manual (one whose text differs from the README's). */
  let others: { block: CodeBlock; result: typeof synth }[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
    // lib/ is built once for the whole run (test/support/global-setup.ts); packing must not rebuild it
    // under the feet of the other test files that load it.
    const tarball = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], root).trim().split('\n').pop()!;
    const own = require(path.join(root, 'package.json'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
      name: 'consumer-app', version: '0.0.0', private: true,
      dependencies: {
        'cdk8s-release-strategies': `file:./${tarball}`,
        'cdk8s': own.devDependencies.cdk8s, 'cdk8s-plus-27': own.devDependencies['cdk8s-plus-27'], 'constructs': own.devDependencies.constructs,
        'cdk8s-plus-33': PLUS_33_VERSION,
      },
    }, null, 2));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);

    // The cdk8s CLI as `cdk8s init` gives an app (a devDependency), so that the manual's `npx cdk8s` runs.
    fs.symlinkSync(path.join(root, 'node_modules', 'cdk8s-cli'), path.join(dir, 'node_modules', 'cdk8s-cli'), 'dir');
    fs.symlinkSync(path.join('..', 'cdk8s-cli', 'bin', 'cdk8s'), path.join(dir, 'node_modules', '.bin', 'cdk8s'));

    // Each quick start becomes one chart of the consumer's app, unchanged but for its chart's name; a
    // fragment has every export of the installed package in scope, as a reader imports what a block uses.
    const exported = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(Object.keys(require("cdk8s-release-strategies")))'], { cwd: dir, encoding: 'utf-8' }));
    const programs = quickStarts().map((block, i) => programOf(block, exported, `quickstart-${i}`).text);
    programs.forEach((program, i) => fs.writeFileSync(path.join(dir, `quickstart-${i}.ts`), program));
    fs.writeFileSync(path.join(dir, 'hand-written.ts'), HAND_WRITTEN_CHART);
    fs.writeFileSync(path.join(dir, 'escape-hatch.ts'), ESCAPE_HATCH_CHART);
    fs.writeFileSync(path.join(dir, 'plus-33.ts'), PLUS_33_CHART);
    for (const [file, text] of Object.entries(ENTRY_POINTS)) fs.writeFileSync(path.join(dir, file), text);
    // Each program synthesizes its own App; the CLI's construct metadata is that of the last one.
    // With MISTAKES=1 the app also has the charts the plugin must refuse (escape hatches, hand-written).
    fs.writeFileSync(path.join(dir, 'main.ts'), [
      ...programs.map((_, i) => `import './quickstart-${i}';`), 'import \'./plus-33\';',
      'if (process.env.MISTAKES === \'1\') { require(\'./escape-hatch\'); require(\'./hand-written\'); }',
    ].join('\n') + '\n');
    const register = path.join(root, 'node_modules', 'ts-node', 'register', 'transpile-only');
    // The manual's cdk8s.yaml blocks pasted verbatim below what `cdk8s init` writes (the validation plugin,
    // enabled as the README says: no CRD files anywhere in this app).
    const configs = cdk8sYamlBlocks();
    const useConfig = (block: CodeBlock) => fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${register} main.ts\n${block.code}`);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } }));
    const cdk8sSynth = (mistakes: boolean) => {
      const reportsFile = path.join(dir, `validation-${mistakes}.json`);
      // The CLI refuses to overwrite a report: each synth writes its own (several cdk8s.yaml blocks synthesize in turn).
      fs.rmSync(reportsFile, { force: true });
      const result = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--validation-reports-output-file', reportsFile], {
        cwd: dir, encoding: 'utf-8',
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(dir, 'tsconfig.json'), MISTAKES: mistakes ? '1' : '0' },
      });
      return {
        status: result.status,
        output: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, ''),
        reports: fs.existsSync(reportsFile) ? JSON.parse(fs.readFileSync(reportsFile, 'utf-8')).reports : [],
        dist: fs.existsSync(path.join(dir, 'dist')) ? fs.readdirSync(path.join(dir, 'dist')) : [],
      };
    };
    others = configs.slice(1).map((block) => { useConfig(block); return { block, result: cdk8sSynth(false) }; });
    useConfig(configs[0]);
    synth = cdk8sSynth(true);
    // Without the refused charts, the synth passes and dist/ holds the manifests.
    clean = cdk8sSynth(false);
    manifests = Object.fromEntries(clean.dist
      .filter((f) => f.endsWith('.k8s.yaml') && f !== 'plus-33.k8s.yaml')
      .map((f) => [f.replace('.k8s.yaml', ''), Yaml.load(path.join(dir, 'dist', f))]));
  }, 180_000);

  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  test('the tarball holds the compiled library and its API reference, no tests or examples', () => {
    const files = execFileSync('tar', ['-tzf', fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(dir, f))[0]], { encoding: 'utf-8' }).split('\n');
    expect(files).toContain('package/lib/src/index.js');
    expect(files).toContain('package/.jsii');
    expect(files).toContain('package/API.md');
    // Our own files only: the bundled kubernetes-models tree under package/node_modules ships as it is.
    const own = files.filter((f) => !f.startsWith('package/node_modules/'));
    expect(own.filter((f) => /\/(test|examples|dist)\/|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test('every quick start of the manual synthesizes, the README\'s three among them', () => {
    expect(Object.keys(manifests).sort()).toEqual(quickStarts().map((_, i) => `quickstart-${i}`).sort());
    expect(quickStarts().filter((b) => b.file === 'README.md').length).toBe(3);
  });

  test('the manual\'s cdk8s.yaml block, pasted verbatim into the app\'s cdk8s.yaml, runs the plugin in a real synth', () => {
    const outcome = (block: CodeBlock, result: typeof synth) => ({ block: where(block), status: result.status, output: result.status === 0 ? '' : result.output });
    const configs = cdk8sYamlBlocks();
    expect(configs[0].file).toBe('README.md');
    expect([outcome(configs[0], clean), ...others.map((o) => outcome(o.block, o.result))])
      .toEqual(configs.map((block) => ({ block: where(block), status: 0, output: '' })));
    const version = require(path.join(root, 'package.json')).version;
    expect(clean.reports.map((r: any) => `${r.title}: ${r.summary.status}`))
      .toEqual([expect.stringMatching(new RegExp(`^Validation Report \\(.*cdk8s-release-strategies/plugin@${version}\\): success$`))]);
  });

  test('the manual\'s shell blocks run in the app (the ones not marked "not run")', () => {
    const failed = shellBlocks().map((block) => {
      const result = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', block.code], {
        cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(dir, 'tsconfig.json') },
      });
      return result.status === 0 ? undefined : `${where(block)}: exit ${result.status}\n${result.stdout}${result.stderr}`;
    }).filter(Boolean);
    expect(failed).toEqual([]);
    expect(shellBlocks().length).toBeGreaterThan(0);
  });

  test('the SafeRollingDeployment quick start gives the documented objects', () => {
    const kinds = Object.values(manifests).find((objects) => objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'web' && !o.metadata.labels['release-strategies.cdk8s.io/slot']))!;
    expect(kinds.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'PodDisruptionBudget/web-pdb', 'Service/web', 'NetworkPolicy/web']);
  });

  test('the validation plugin fails the synth on the hand-written ApiObject, naming it; the quick starts pass it', () => {
    expect(synth.status).not.toBe(0);
    expect(synth.output).toContain('RS102 unknown field (2 occurrences)');
    expect(synth.output).toContain('Construct Path: hand-written/api-deployment');
    expect(synth.output).toContain('Resource Name: Deployment/shop/api');
    expect(synth.output).toContain('> spec.strategy.rollingUpdate.maxSure: unknown field');
    expect(synth.output).toContain('How to fix: Correct the spelling or remove the field.');
    const [report] = synth.reports;
    expect(report.summary.status).toBe('failure');
    const violating = report.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName}: ${c.resourceName} in ${path.basename(c.manifestPath)}`));
    expect(violating.sort()).toEqual([
      'RS101 does not match its schema: HTTPRoute/shop/gw in escape-hatch.k8s.yaml',
      'RS101 does not match its schema: VirtualService/shop/mesh in escape-hatch.k8s.yaml',
      'RS102 unknown field: Deployment/shop/api in hand-written.k8s.yaml',
      'RS102 unknown field: HTTPRoute/shop/extra in escape-hatch.k8s.yaml',
      // A warning: the hand-written route leaves out the defaults the API server fills in (GitOps drift).
      'RS216 custom resource changes under its CRD\'s defaults: HTTPRoute/shop/extra in escape-hatch.k8s.yaml',
    ]);
    expect(synth.output).toContain('> spec.rules[0].backendRefs[0].weight: ');
    expect(synth.output).toContain('> spec.http[0].route[0].weight: ');
    expect(synth.output).toContain('> spec.rules[0].backendRefs[0].weigth: unknown field');
    expect(fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'cdk8s.yaml')).toEqual([]);
    // A failed synth ships nothing; the passing one leaves the manifests only.
    expect(synth.dist).toEqual([]);
    expect(clean.status).toBe(0);
    expect(clean.dist.length).toBeGreaterThan(0);
    expect(clean.dist.every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('an app on cdk8s-plus-33 uses the library beside it (the library brings its own cdk8s-plus-27)', () => {
    const objects = Yaml.load(path.join(dir, 'dist', 'plus-33.k8s.yaml'));
    expect(objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining(['ConfigMap/settings', 'Deployment/orders', 'PodDisruptionBudget/orders-pdb']));
    expect(clean.reports[0].summary.status).toBe('success');
  });

  test('the rollout plan command runs from the installed package on the app\'s dist/', () => {
    const result = spawnSync('npx', ['--no-install', 'cdk8s-release-strategies', 'plan', 'dist', '--out', 'plan'], { cwd: dir, encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'plan', 'plan.md'), 'utf-8')).toContain('BlueGreenApp');
    expect(fs.readdirSync(path.join(dir, 'plan')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
  });

  test('the entry points work from CommonJS and ES modules, and TypeScript finds their types', () => {
    for (const file of ['entry-points.cjs', 'entry-points.mjs']) {
      expect(JSON.parse(execFileSync('node', [file], { cwd: dir, encoding: 'utf-8' }))).toEqual({
        construct: 'function', validate: 'function', plan: 'function', plugin: true, rules: ['RS104'], // a misspelled built-in kind
      });
    }
    const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
    for (const resolution of [['--module', 'commonjs', '--moduleResolution', 'node10'], ['--module', 'node16', '--moduleResolution', 'node16']]) {
      execFileSync(tsc, ['--noEmit', '--strict', '--skipLibCheck', '--ignoreDeprecations', '5.0', ...resolution, 'entry-points-types.ts'], { cwd: dir, encoding: 'utf-8' });
    }
  });

  test('the BlueGreenApp and CanaryApp quick starts give their documented objects', () => {
    const all = Object.values(manifests).flat().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-blue', 'Deployment/web-green', 'Service/web-preview']));
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-stable', 'Deployment/web-canary', 'Service/web-canary', 'HTTPRoute/web']));
  });
});
