/**
 * What makes a synth with the plugin fast, checked the way it runs: the compiled plugin from lib/ in
 * a fresh Node process per synth, as the cdk8s CLI loads it, against cdk8s-cli's own
 * ValidationContext. Each run reports which manifest files it parsed and which libraries it loaded.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { badApp, goodApp, ROOT } from './fixtures';

const PLUGIN = path.join(ROOT, 'lib', 'src', 'validation', 'plugin.js');
const HTTPROUTE_CRD = path.resolve(ROOT, 'crds', 'gateway-api-v1.6.1-httproutes.yaml');

/** One `cdk8s synth`'s validation, in its own process. */
const HARNESS = `
const path = require('path');
const [root, plugin, properties, ...files] = process.argv.slice(1);
const { createRequire } = require('module');
const { ValidationContext } = createRequire(path.join(root, 'package.json'))('cdk8s-cli/plugins');
const before = new Set(Object.keys(require.cache));
const { ReleaseStrategiesValidation } = require(plugin);
const context = new ValidationContext(files, 'cdk8s-release-strategies', '0.1.0', {}, false);
const parsed = [];
const parse = context.parseManifest.bind(context);
context.parseManifest = (file) => { parsed.push(path.basename(file)); return parse(file); };
// The CLI writes the manifests anew at every synth; this harness reuses the same files, so a failing
// report must leave them in place.
new ReleaseStrategiesValidation({ keepManifestsOnFailure: true, ...JSON.parse(properties) }).validate(context).then(() => {
  // Code only: reading a package's version (package.json) costs nothing worth reporting.
  const loaded = Object.keys(require.cache).filter((m) => !before.has(m) && m.endsWith('.js'));
  // The package whose own code a module is (the yaml parser nested under cdk8s is yaml's, not cdk8s').
  const owner = (m) => m.split(path.sep + 'node_modules' + path.sep).pop().split(path.sep).slice(0, 1)[0];
  const uses = (name) => loaded.some((m) => owner(m) === name);
  const report = context.report.toJson();
  console.log(JSON.stringify({
    success: context.report.success,
    violations: report.violations.map((v) => v.ruleName + ' ' + v.violatingConstructs.map((r) => r.resourceName + ' ' + r.locations.join(' | ')).join(' ; ')),
    parsed,
    loaded: { ajvCompiler: loaded.some((m) => m.endsWith(path.join('node_modules', 'ajv', 'dist', 'core.js'))), kubernetesModels: uses('kubernetes-models'), cdk8s: uses('cdk8s'), cdk8sPlus: uses('cdk8s-plus-27'), constructs: uses('constructs'), yaml: uses('yaml'), rules: loaded.some((m) => m.includes(path.join('validation', 'rules') + path.sep)) },
  }));
});
`;

let app: string;
let cache: string;
beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cache-app-'));
  cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cache-')), 'cache');
});
afterEach(() => {
  fs.rmSync(app, { recursive: true, force: true });
  fs.rmSync(path.dirname(cache), { recursive: true, force: true });
});

function writeManifests(name: string, manifests: unknown[]): string {
  const file = path.join(app, `${name}.k8s.yaml`);
  fs.writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
  return file;
}

function synth(files: string[], properties: object = {}, cacheSetting = cache) {
  const output = execFileSync(process.execPath, ['-e', HARNESS, ROOT, PLUGIN, JSON.stringify(properties), ...files], {
    cwd: app, encoding: 'utf-8', env: { ...process.env, CDK8S_RELEASE_STRATEGIES_CACHE: cacheSetting },
  });
  return JSON.parse(output.trim().split('\n').pop()!) as {
    success: boolean; violations: string[]; parsed: string[];
    loaded: {
      ajvCompiler: boolean; kubernetesModels: boolean; cdk8s: boolean; cdk8sPlus: boolean; constructs: boolean; yaml: boolean; rules: boolean;
    };
  };
}

const route = (weightField: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
  spec: {
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public' }], hostnames: ['shop.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 80, [weightField]: 1 }] }],
  },
});
/** The Service the route sends requests to (RS208 otherwise). */
const routeService = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};

describe('the validation plugin between synths', () => {
  test('never loads cdk8s, cdk8s-plus-27 or constructs into the CLI: it reads manifests, not constructs', () => {
    const first = synth([writeManifests('web', goodApp())]);
    expect(first.success).toBe(true);
    expect(first.loaded).toMatchObject({ cdk8s: false, cdk8sPlus: false, constructs: false, kubernetesModels: true });
  });

  test('an unchanged output is neither parsed nor schema-checked again, and gets the same report', () => {
    const files = [writeManifests('web', badApp((d) => { d.spec.strategy.rollingUpdate.maxSure = 1; })), writeManifests('route', [route('weight'), routeService])];
    const properties = { crdFiles: [HTTPROUTE_CRD] };
    const first = synth(files, properties);
    const second = synth(files, properties);
    expect(first.violations.join('\n')).toContain('spec.strategy.rollingUpdate.maxSure: unknown field');
    expect(first.parsed).toEqual(['web.k8s.yaml', 'route.k8s.yaml']);
    expect(second.parsed).toEqual([]);
    expect(second.loaded).toMatchObject({ ajvCompiler: false, kubernetesModels: false });
    expect(second.violations).toEqual(first.violations);
    expect(second.success).toBe(false);
  });

  test('an output unchanged as a whole replays the last report: no rule is loaded, the same violations and verdict', () => {
    const files = [writeManifests('web', badApp((d) => { d.spec.strategy.rollingUpdate.maxSure = 1; })), writeManifests('route', [route('weight'), routeService])];
    const first = synth(files);
    expect(first.loaded.rules).toBe(true);
    const second = synth(files);
    expect(second.loaded.rules).toBe(false);
    expect(second).toMatchObject({ success: first.success, violations: first.violations, parsed: [] });
    expect(second.success).toBe(false);
    // Anything the report depends on, changed, is checked again: an option, then a file.
    const retargeted = synth(files, { targetVersion: '1.33' });
    expect(retargeted.loaded.rules).toBe(true);
    expect(retargeted.violations).toEqual(first.violations);
    writeManifests('web', goodApp());
    const fixed = synth(files, { targetVersion: '1.33' });
    expect(fixed.loaded.rules).toBe(true);
    expect(fixed.violations.join('\n')).not.toContain('maxSure');
  });

  test('a report that shows a Secret\'s file is not kept: the next synth checks it again', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web', namespace: 'shop' }, type: 'Opaque', stringData: { password: 'hunter2' } };
    const files = [writeManifests('secret', [secret])];
    synth(files);
    expect(synth(files).loaded.rules).toBe(true);
    expect(fs.readdirSync(cache).map((name) => fs.readFileSync(path.join(cache, name), 'utf-8')).join('')).not.toContain('hunter2');
  });

  test('RS113 remembers what it found in an unchanged file: the text is not parsed again (no YAML parser loaded), the finding stays', () => {
    // `0o755` unquoted: kubectl reads the number 493 where the file's parser read a string.
    const file = path.join(app, 'config.k8s.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\ndata:\n  mode: 0o755\n');
    const first = synth([file]);
    const second = synth([file]);
    const rs113 = (run: { violations: string[] }) => run.violations.filter((v) => v.startsWith('RS113'));
    expect(rs113(first).join('\n')).toContain('data.mode: the value "0o755" is written unquoted as 0o755');
    expect(first.loaded.yaml).toBe(true); // the plugin's own parser (the CLI's was loaded before the plugin)
    expect(second.loaded.yaml).toBe(false);
    expect(rs113(second)).toEqual(rs113(first));
    // An edit is read again: quoted, the value is what kubectl reads.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('0o755', '"0o755"'));
    const edited = synth([file]);
    expect(edited.loaded.yaml).toBe(true);
    expect(rs113(edited)).toEqual([]);
  });

  test('a synth that changes nothing of the entry leaves it unwritten', () => {
    const files = [writeManifests('web', goodApp())];
    synth(files);
    synth(files);
    const [entry] = fs.readdirSync(cache).map((name) => path.join(cache, name));
    const written = fs.statSync(entry, { bigint: true }).mtimeNs;
    expect(synth(files).parsed).toEqual([]);
    expect(fs.statSync(entry, { bigint: true }).mtimeNs).toBe(written);
  });

  test('an edited file is parsed and checked again, the others are not', () => {
    const web = writeManifests('web', goodApp());
    const other = writeManifests('other', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
    expect(synth([web, other]).success).toBe(true);
    writeManifests('web', badApp((d) => { d.spec.strategy.rollingUpdate.maxSure = 1; }));
    const edited = synth([web, other]);
    expect(edited.parsed).toEqual(['web.k8s.yaml']);
    expect(edited.success).toBe(false);
    expect(edited.violations.join('\n')).toContain('spec.strategy.rollingUpdate.maxSure: unknown field');
  });

  test('a changed CRD file invalidates every remembered outcome, even with its size and modification time unchanged', () => {
    const crd = path.join(app, 'httproute-crd.yaml');
    const time = new Date('2026-01-01T00:00:00Z');
    fs.copyFileSync(HTTPROUTE_CRD, crd);
    fs.utimesSync(crd, time, time);
    const files = [writeManifests('route', [route('weight'), routeService])];
    expect(synth(files, { crdFiles: [crd] }).success).toBe(true);
    // The same CRD with `weight` of backendRefs spelled `waight` (as `cp -p` or a tar extraction would
    // leave it: same size, same time): the unchanged route now has an unknown field.
    const before = fs.statSync(crd);
    fs.writeFileSync(crd, fs.readFileSync(crd, 'utf-8').replace(/\n( +)weight:\n(\1 )/g, '\n$1waight:\n$2'));
    fs.utimesSync(crd, time, time);
    expect(fs.statSync(crd)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    const after = synth(files, { crdFiles: [crd] });
    expect(after.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weight: unknown field');
  });

  test('holds data only: every entry is JSON, no compiled validator is kept, a changed custom resource is compiled for again', () => {
    const properties = { crdFiles: [HTTPROUTE_CRD] };
    const first = synth([writeManifests('route', [route('weightt')])], properties);
    expect(first.loaded.ajvCompiler).toBe(true);
    expect(first.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weightt: unknown field');
    const changed = synth([writeManifests('route', [route('weighty')])], properties);
    expect(changed.loaded.ajvCompiler).toBe(true);
    expect(changed.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weighty: unknown field');
    const entries = fs.readdirSync(cache);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatch(/^app-[0-9a-f]+\.json$/);
      expect(() => JSON.parse(fs.readFileSync(path.join(cache, entry), 'utf-8'))).not.toThrow();
    }
  });

  test('a corrupt or foreign entry is ignored (everything parsed and checked again) and rebuilt', () => {
    const files = [writeManifests('web', badApp((d) => { d.spec.strategy.rollingUpdate.maxSure = 1; }))];
    const fresh = synth(files);
    expect(fresh.violations.join('\n')).toContain('spec.strategy.rollingUpdate.maxSure: unknown field');
    const [name] = fs.readdirSync(cache);
    const entryFile = path.join(cache, name);
    const valid = JSON.parse(fs.readFileSync(entryFile, 'utf-8'));
    const damages: [string, string][] = [
      ['not JSON', '{"format": "2", "files": {'],
      ['another app\'s entry', JSON.stringify({ ...valid, app: path.join(os.tmpdir(), 'another-app') })],
      // Remembered outcomes that would claim the Deployment clean, in a shape the plugin never writes.
      ['outcomes of the wrong shape', JSON.stringify({ ...valid, outcomes: Object.fromEntries(Object.keys(valid.outcomes).map((k) => [k, { status: 'checked', findings: 'none' }])) })],
      ['documents that are not lists', JSON.stringify({ ...valid, files: Object.fromEntries(Object.keys(valid.files).map((k) => [k, { kind: 'Namespace' }])) })],
      // A remembered report that would claim the output clean, in a shape the plugin never writes.
      ['a report of the wrong shape', JSON.stringify({ ...valid, report: { key: valid.report.key, violations: [{ ruleId: 'RS101' }] } })],
    ];
    for (const [what, content] of damages) {
      fs.writeFileSync(entryFile, content);
      const after = synth(files);
      expect({ what, parsed: after.parsed, violations: after.violations }).toEqual({ what, parsed: ['web.k8s.yaml'], violations: fresh.violations });
      // Rebuilt: the next synth reads it back.
      expect(synth(files).parsed).toEqual([]);
    }
  });

  test('a cache folder others may write to is not used, nor is the cache when it is off', () => {
    fs.mkdirSync(cache, { mode: 0o777 });
    fs.chmodSync(cache, 0o777);
    const files = [writeManifests('web', goodApp())];
    synth(files);
    expect(synth(files).parsed).toEqual(['web.k8s.yaml']);
    expect(fs.readdirSync(cache)).toEqual([]);

    expect(synth(files, {}, 'off').parsed).toEqual(['web.k8s.yaml']);
    expect(synth(files, {}, 'off').parsed).toEqual(['web.k8s.yaml']);
  });

  test('YAML that JSON cannot keep exactly is parsed and checked on every synth: .nan is not taken for null', () => {
    const file = writeManifests('web', goodApp());
    const withReplicas = (value: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(/\n {2}replicas: [^\n]*\n/, `\n  replicas: ${value}\n`));
    withReplicas('null');
    synth([file]);
    withReplicas('.nan');
    const nan = synth([file]);
    expect(nan.parsed).toEqual(['web.k8s.yaml']);
    expect(synth([file]).parsed).toEqual(['web.k8s.yaml']);
    expect(nan.violations.join('\n')).toContain('spec.replicas: must be an integer, not the number NaN');
    expect(nan.violations).toEqual(synth([file], {}, 'off').violations);
  });

  test('keeps nothing of a Secret: the cache outlives dist/', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: 'hunter2-do-not-keep' } };
    const file = writeManifests('secret', [secret, ...goodApp()]);
    synth([file]);
    expect(synth([file]).parsed).toEqual(['secret.k8s.yaml']);
    for (const entry of fs.readdirSync(cache)) expect(fs.readFileSync(path.join(cache, entry), 'utf-8')).not.toContain('hunter2');
  });
});

describe('the YAML parser the plugin reads files with', () => {
  /** In a process whose main module is `main` (relative to a scratch folder holding node_modules/yaml): which yaml the plugin loads. */
  const yamlLoadedUnder = (main: string) => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-yaml-'));
    try {
      fs.mkdirSync(path.join(scratch, 'node_modules'), { recursive: true });
      fs.symlinkSync(path.dirname(require.resolve('yaml/package.json')), path.join(scratch, 'node_modules', 'yaml'));
      const script = path.join(scratch, main);
      fs.mkdirSync(path.dirname(script), { recursive: true });
      fs.writeFileSync(script, `const bundled = require(${JSON.stringify(path.join(ROOT, 'lib', 'src', 'validation', 'bundled.js'))});
const before = new Set(Object.keys(require.cache));
bundled.loadYaml();
console.log(JSON.stringify(Object.keys(require.cache).filter((m) => !before.has(m) && m.endsWith(require('path').join('yaml', 'dist', 'index.js')))));`);
      return JSON.parse(execFileSync(process.execPath, ['--preserve-symlinks', script], { encoding: 'utf-8' }).trim()) as string[];
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };

  test('in the cdk8s CLI, the CLI\'s own (loaded already: no second parser), elsewhere the one cdk8s writes with', () => {
    const cli = yamlLoadedUnder(path.join('node_modules', 'cdk8s-cli', 'bin', 'cdk8s.js'));
    expect(cli).toHaveLength(1);
    expect(cli[0]).toContain(path.join('plugin-yaml-'));
    const elsewhere = yamlLoadedUnder('test.js');
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]).toContain(path.join('node_modules', 'cdk8s', 'node_modules', 'yaml'));
  });
});
