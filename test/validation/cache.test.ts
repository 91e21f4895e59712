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
new ReleaseStrategiesValidation(JSON.parse(properties)).validate(context).then(() => {
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
    loaded: { ajvCompiler: loaded.some((m) => m.endsWith(path.join('node_modules', 'ajv', 'dist', 'core.js'))), kubernetesModels: uses('kubernetes-models'), cdk8s: uses('cdk8s'), cdk8sPlus: uses('cdk8s-plus-27'), constructs: uses('constructs') },
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
    loaded: { ajvCompiler: boolean; kubernetesModels: boolean; cdk8s: boolean; cdk8sPlus: boolean; constructs: boolean };
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

  test('a CRD schema is compiled once: later synths reuse the compiled validator, a damaged one is compiled again', () => {
    const properties = { crdFiles: [HTTPROUTE_CRD] };
    const compiled = synth([writeManifests('route', [route('weightt')])], properties);
    expect(compiled.loaded.ajvCompiler).toBe(true);
    expect(compiled.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weightt: unknown field');

    // Another object of the kind: not remembered, checked with the cached validator, no ajv.
    const reused = synth([writeManifests('route', [route('weighty')])], properties);
    expect(reused.loaded.ajvCompiler).toBe(false);
    expect(reused.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weighty: unknown field');

    const validators = fs.readdirSync(cache).filter((f) => f.startsWith('validator-'));
    expect(validators).toHaveLength(1);
    fs.writeFileSync(path.join(cache, validators[0]), 'module.exports = 42; throw new Error("damaged")');
    const recompiled = synth([writeManifests('route', [route('weightz')])], properties);
    expect(recompiled.loaded.ajvCompiler).toBe(true);
    expect(recompiled.violations.join('\n')).toContain('spec.rules[0].backendRefs[0].weightz: unknown field');
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

describe('a CRD validator read back from the cache', () => {
  const routeWith = (spec: object) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec });
  const rules = (backend: object, match: object = { path: { type: 'PathPrefix', value: '/' } }) => [{ matches: [match], backendRefs: [{ name: 'web', port: 80, ...backend }] }];
  const mistakes = [
    routeWith({ parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: rules({ weightt: 1 }) }),
    routeWith({ parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: rules({ port: '80' }) }),
    routeWith({ parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: rules({}, { path: { type: 'Regexx', value: '/' } }) }),
    routeWith({ parentRefs: [{ name: 'public' }], hostnames: ['Shop_Example'], rules: rules({ weight: 2 ** 40 }) }),
    routeWith({ parentRefs: [{ name: 'public' }], hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`), rules: rules({}) }),
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'shop' },
      spec: { host: 'web', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } } },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' },
      spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', port: { number: 'eighty' } }, weight: '10' }] }] },
    },
  ];
  const crdFiles = [path.resolve(ROOT, 'crds', '*.yaml')];

  test('gives exactly the findings of a freshly compiled one, without compiling', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-validators-'));
    const runCache = process.env.CDK8S_RELEASE_STRATEGIES_CACHE;
    process.env.CDK8S_RELEASE_STRATEGIES_CACHE = cacheDir;
    try {
      // Each isolated load starts without compiled validators in memory, as a new synth does.
      let compiled: string[] = [];
      jest.isolateModules(() => {
        const { validateManifests } = require('../../src/validation/validate');
        compiled = summarize(validateManifests(mistakes, { crdFiles }));
      });
      expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('validator-'))).toHaveLength(3); // HTTPRoute, DestinationRule, VirtualService

      let cached: string[] = [];
      jest.isolateModules(() => {
        jest.doMock('../../src/validation/bundled', () => ({
          ...jest.requireActual('../../src/validation/bundled'),
          loadAjv: () => { throw new Error('compiled instead of read from the cache'); },
        }));
        const { validateManifests } = require('../../src/validation/validate');
        cached = summarize(validateManifests(mistakes, { crdFiles }));
      });
      expect(cached).toEqual(compiled);
      // Every mistake is found, through every kind of keyword: unknown field, type, enum, pattern,
      // maximum, format, maxItems, oneOf (reviewed against the CRDs).
      expect(compiled.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
        'RS102 HTTPRoute/shop/web#spec.rules[0].backendRefs[0].weightt',
        'RS101 HTTPRoute/shop/web#spec.rules[0].backendRefs[0].port',
        'RS101 HTTPRoute/shop/web#spec.rules[0].matches[0].path.type',
        'RS101 HTTPRoute/shop/web#spec.hostnames[0]',
        'RS101 HTTPRoute/shop/web#spec.rules[0].backendRefs[0].weight',
        'RS101 HTTPRoute/shop/web#spec.rules[0].backendRefs[0].weight',
        'RS101 HTTPRoute/shop/web#spec.hostnames',
        'RS101 DestinationRule/shop/web#spec.trafficPolicy.loadBalancer',
        'RS101 VirtualService/shop/web#spec.http[0].route[0].destination.port.number',
        'RS101 VirtualService/shop/web#spec.http[0].route[0].weight',
      ]);
      expect(compiled.join('\n')).toContain('must match format "int32"');
      expect(compiled.join('\n')).toContain('set at most one of simple, consistentHash');
    } finally {
      if (runCache === undefined) delete process.env.CDK8S_RELEASE_STRATEGIES_CACHE;
      else process.env.CDK8S_RELEASE_STRATEGIES_CACHE = runCache;
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

function summarize(violations: { ruleId: string; object: string; path: string; message: string }[]): string[] {
  return violations.filter((v) => v.ruleId === 'RS101' || v.ruleId === 'RS102').map((v) => `${v.ruleId} ${v.object}#${v.path} ${v.message}`);
}
