/**
 * A consumer that is not this repository: a fresh cdk8s app in a temporary folder installs the packed
 * tarball plus the peer dependencies, runs the README's quick-start code through the public entry
 * point only, and synthesizes with the cdk8s CLI. Slow (it packs and installs), so it runs when
 * CONSUMER_TEST=1, as CI does (`.ci/run`).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';

const root = path.resolve(__dirname, '..', '..');
const enabled = process.env.CONSUMER_TEST === '1';
const run = enabled ? describe : describe.skip;

/** The README's TypeScript blocks that start with a construct call or an import: the quick starts. */
function quickStarts(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
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

run('the packed library, consumed by a fresh cdk8s app', () => {
  let dir: string;
  let manifests: Record<string, any[]>;
  let synth: { status: number | null; output: string; reports: any };

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
      },
    }, null, 2));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);

    // Each README quick start becomes one chart of the consumer's app, unchanged but for its wrapper.
    const blocks = quickStarts();
    const programs = blocks.map((code, i) => code.includes('new App()') ? code.replace(/new Chart\(app, '([^']+)'\)/, `new Chart(app, 'quickstart-${i}')`) : [
      'import { App, Chart, Duration } from \'cdk8s\';',
      'import * as lib from \'cdk8s-release-strategies\';',
      'const { BlueGreenApp, CanaryApp, CanaryMatch, IdleSlot, Probe, SafeRollingDeployment, Slot, TrafficRouter } = lib;',
      'void Duration; void IdleSlot; void SafeRollingDeployment;',
      'const app = new App();',
      `const chart = new Chart(app, 'quickstart-${i}');`,
      code,
      'app.synth();',
    ].join('\n'));
    programs.forEach((program, i) => fs.writeFileSync(path.join(dir, `quickstart-${i}.ts`), program));
    fs.writeFileSync(path.join(dir, 'hand-written.ts'), HAND_WRITTEN_CHART);
    // Each program synthesizes its own App; the CLI's construct metadata is that of the last one.
    fs.writeFileSync(path.join(dir, 'main.ts'), [...programs.map((_, i) => `import './quickstart-${i}';`), 'import \'./hand-written\';'].join('\n') + '\n');
    const register = path.join(root, 'node_modules', 'ts-node', 'register', 'transpile-only');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      `app: node -r ${register} main.ts`,
      // The validation plugin, enabled as the README says.
      'validations:',
      '  - package: ./node_modules/cdk8s-release-strategies/lib/src/validation/plugin.js',
      `    version: ${own.version}`,
      '    class: ReleaseStrategiesValidation',
      '    properties:',
      `      crdFiles: [${JSON.stringify(path.join(root, '..', 'shared', 'crds', '*.yaml'))}]`,
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } }));
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--validation-reports-output-file', 'validation.json'], {
      cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(dir, 'tsconfig.json') },
    });
    const reportsFile = path.join(dir, 'validation.json');
    synth = {
      status: result.status,
      output: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, ''),
      reports: fs.existsSync(reportsFile) ? JSON.parse(fs.readFileSync(reportsFile, 'utf-8')).reports : [],
    };
    // The CLI writes every chart before it validates them.
    manifests = Object.fromEntries(fs.readdirSync(path.join(dir, 'dist'))
      .filter((f) => f.endsWith('.k8s.yaml') && f !== 'hand-written.k8s.yaml')
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

  test('every README quick start synthesizes', () => {
    expect(Object.keys(manifests).sort()).toEqual(quickStarts().map((_, i) => `quickstart-${i}`).sort());
  });

  test('the SafeRollingDeployment quick start gives the documented objects', () => {
    const kinds = Object.values(manifests).find((objects) => objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'web' && !o.metadata.labels['release-strategies.cdk8s.io/slot']))!;
    expect(kinds.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'PodDisruptionBudget/web-pdb', 'Service/web', 'NetworkPolicy/web']);
  });

  test('the validation plugin fails the synth on the hand-written ApiObject, naming it; the quick starts pass it', () => {
    expect(synth.status).not.toBe(0);
    expect(synth.output).toContain('RS102 unknown field (1 occurrences)');
    expect(synth.output).toContain('Construct Path: hand-written/api-deployment');
    expect(synth.output).toContain('Resource Name: Deployment/shop/api');
    expect(synth.output).toContain('> spec.strategy.rollingUpdate.maxSure: unknown field');
    expect(synth.output).toContain('How to fix: Correct the spelling or remove the field.');
    const [report] = synth.reports;
    expect(report.summary.status).toBe('failure');
    const violating = report.violations.flatMap((v: any) => v.violatingConstructs.map((c: any) => `${v.ruleName}: ${c.resourceName} in ${path.basename(c.manifestPath)}`));
    expect(violating).toEqual(['RS102 unknown field: Deployment/shop/api in hand-written.k8s.yaml']);
  });

  test('the BlueGreenApp and CanaryApp quick starts give their documented objects', () => {
    const all = Object.values(manifests).flat().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-blue', 'Deployment/web-green', 'Service/web-preview']));
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-stable', 'Deployment/web-canary', 'Service/web-canary', 'HTTPRoute/web']));
  });
});
