/**
 * A consumer that is not this repository: a fresh cdk8s app in a temporary folder installs the packed
 * tarball plus the peer dependencies, runs the README's quick-start code through the public entry
 * point only, and synthesizes with the cdk8s CLI. Slow (it packs and installs), so it runs when
 * CONSUMER_TEST=1, as CI does (`.ci/run`).
 */
import { execFileSync } from 'child_process';
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

run('the packed library, consumed by a fresh cdk8s app', () => {
  let dir: string;
  let manifests: Record<string, any[]>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (!fs.existsSync(path.join(root, 'lib', 'src', 'index.js'))) npm(['run', 'build'], root);
    const tarball = npm(['pack', '--pack-destination', dir, '--silent'], root).trim().split('\n').pop()!;
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
    fs.writeFileSync(path.join(dir, 'main.ts'), programs.map((_, i) => `import './quickstart-${i}';`).join('\n') + '\n');
    const register = path.join(root, 'node_modules', 'ts-node', 'register', 'transpile-only');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${register} main.ts\n`);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, esModuleInterop: true } }));
    execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
      cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(dir, 'tsconfig.json') },
    });
    manifests = Object.fromEntries(fs.readdirSync(path.join(dir, 'dist')).map((f) => [f.replace('.k8s.yaml', ''), Yaml.load(path.join(dir, 'dist', f))]));
  }, 180_000);

  afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  test('the tarball holds the compiled library and its API reference, no tests or examples', () => {
    const files = execFileSync('tar', ['-tzf', fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(dir, f))[0]], { encoding: 'utf-8' }).split('\n');
    expect(files).toContain('package/lib/src/index.js');
    expect(files).toContain('package/.jsii');
    expect(files).toContain('package/API.md');
    expect(files.filter((f) => /\/(test|examples|dist)\/|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test('every README quick start synthesizes', () => {
    expect(Object.keys(manifests).sort()).toEqual(quickStarts().map((_, i) => `quickstart-${i}`).sort());
  });

  test('the SafeRollingDeployment quick start gives the documented objects', () => {
    const kinds = Object.values(manifests).find((objects) => objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'web' && !o.metadata.labels['release-strategies.cdk8s.io/slot']))!;
    expect(kinds.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web', 'PodDisruptionBudget/web-pdb', 'Service/web', 'NetworkPolicy/web']);
  });

  test('the BlueGreenApp and CanaryApp quick starts give their documented objects', () => {
    const all = Object.values(manifests).flat().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-blue', 'Deployment/web-green', 'Service/web-preview']));
    expect(all).toEqual(expect.arrayContaining(['Deployment/web-stable', 'Deployment/web-canary', 'Service/web-canary', 'HTTPRoute/web']));
  });
});
