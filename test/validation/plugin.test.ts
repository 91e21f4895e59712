/**
 * The plugin class against cdk8s-cli's own ValidationContext (what `cdk8s synth` hands it), without
 * running the CLI: manifests in a temporary folder, construct metadata as the CLI loads it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Validation } from 'cdk8s-cli/lib/plugins/validation';
import { stringify } from 'yaml';
import { attributeConstructPaths } from '../../src/validation/construct-paths';
import { ReleaseStrategiesValidation } from '../../src/validation/plugin';
import { badApp, CRD_FILES, goodApp, ROOT } from './fixtures';

// The CLI's public entry for plugins (its `exports` map hides lib/; the types are read from there).
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes one manifest file per chart and runs the plugin as the CLI would. */
async function run(
  charts: Record<string, any[]>, metadata: Record<string, { path: string }> = {}, properties: Record<string, unknown> = { crdFiles: CRD_FILES },
) {
  const files = Object.entries(charts).map(([chart, manifests]) => {
    const file = path.join(dir, `${chart}.k8s.yaml`);
    fs.writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
    return file;
  });
  const plugin: Validation = new ReleaseStrategiesValidation(properties);
  const context = new ValidationContext(files, 'cdk8s-release-strategies', '0.1.0', { ...metadata }, false);
  const cwd = process.cwd();
  process.chdir(ROOT); // crdFiles are relative to the app's folder, where `cdk8s synth` runs
  try {
    await plugin.validate(context);
  } finally {
    process.chdir(cwd);
  }
  return { json: context.report.toJson(), text: context.report.toString(), success: context.report.success };
}

describe('ReleaseStrategiesValidation', () => {
  test('a clean app passes with an empty report', async () => {
    const { json, success } = await run({ shop: goodApp() });
    expect(success).toBe(true);
    expect(json.violations).toEqual([]);
    expect(json.summary.metadata).toEqual({ Errors: '0', Warnings: '0', Waived: '0' });
  });

  test('an error fails the report; each violation names the rule, the object, the field, the fix and the construct', async () => {
    const app = badApp((d) => { d.spec.strategy.rollingUpdate = { maxSure: '25%', maxUnavailable: 0 }; });
    const { json, text, success } = await run({ shop: app }, { web: { path: 'shop/web-service' } });
    expect(success).toBe(false);
    expect(json.violations).toEqual([{
      ruleName: 'RS102 unknown field',
      recommendation: expect.stringMatching(/^\[error\] A field the schema does not declare/),
      fix: 'Correct the spelling or remove the field. To waive it for one object, annotate that object with waive.release-strategies.cdk8s.io/RS102: "<reason>".',
      violatingConstructs: [{
        resourceName: 'Deployment/shop/web',
        // "web" names the Deployment, Service and PDB of chart "shop": cdk8s kept the path of the last one only.
        constructPath: expect.stringMatching(/^unknown \(cdk8s records construct paths by metadata.name/),
        manifestPath: path.join(dir, 'shop.k8s.yaml'),
        locations: ['spec.strategy.rollingUpdate.maxSure: unknown field: the schema does not declare it'],
      }],
    }]);
    expect(text).toContain('RS102 unknown field (1 occurrences)');
    expect(text).toContain('Resource Name: Deployment/shop/web');
    expect(json.summary.metadata).toEqual({ Errors: '1', Warnings: '0', Waived: '0' });
  });

  test('the construct path of an object whose name is its own comes from the CLI\'s metadata', async () => {
    const [deployment, service, pdb] = badApp((_d, s) => { s.spec.ports[0].targetPort = 'web'; });
    deployment.metadata.name = 'web-deployment';
    pdb.metadata.name = 'web-pdb';
    const { json } = await run({ shop: [deployment, service, pdb] }, { 'web': { path: 'shop/web/Service' }, 'web-deployment': { path: 'shop/web/Deployment' } });
    expect(json.violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => `${c.constructPath} ${c.resourceName}`)])).toEqual([
      ['RS207 Service target port not declared by its pods', ['shop/web/Service Service/shop/web']],
    ]);
  });

  test('warnings alone pass; errors are listed before warnings', async () => {
    const warningsOnly = await run({ shop: badApp((d) => { delete d.spec.template.spec.topologySpreadConstraints; }) });
    expect(warningsOnly.success).toBe(true);
    expect(warningsOnly.json.violations.map((v) => v.ruleName)).toEqual(['RS215 no topology spread constraint']);

    const both = await run({ shop: badApp((d) => { delete d.spec.template.spec.topologySpreadConstraints; delete d.spec.strategy; }) });
    expect(both.success).toBe(false);
    expect(both.json.violations.map((v) => v.ruleName)).toEqual(['RS204 rollout lets available pods drop', 'RS215 no topology spread constraint']);
  });

  test('a waived error passes and is counted', async () => {
    const app = badApp((d) => { delete d.spec.strategy; d.metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS204': 'a queue worker' }; });
    const { json, success } = await run({ shop: app });
    expect(success).toBe(true);
    expect(json.summary.metadata).toEqual({ Errors: '0', Warnings: '0', Waived: '1' });
  });

  test('the kinds this library emits are checked without crdFiles; other custom resources need their CRD', async () => {
    const routeOf = (weight: unknown) => ({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 80, weigth: weight }] }] },
    });
    const builtIn = await run({ routes: [routeOf(10)] }, {}, {});
    expect(builtIn.success).toBe(false);
    expect(builtIn.json.violations[0].violatingConstructs[0].locations).toEqual(['spec.rules[0].backendRefs[0].weigth: unknown field: the schema does not declare it']);

    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'shop' }, spec: { secretName: 'web-tls' } };
    const unknown = await run({ certs: [certificate] }, {}, {});
    expect(unknown.success).toBe(true);
    expect(unknown.json.violations.map((v) => v.ruleName)).toEqual(['RS103 unknown kind: its fields are not checked']);
  });

  test('misconfiguration is refused (unknown properties, CRD files that match nothing), and dist/ still holds manifests only', async () => {
    const metadata = () => path.join(dir, 'construct-metadata.json');
    for (const [properties, message] of [
      [{ crdFile: ['x.yaml'] }, /unknown properties "crdFile"/],
      [{ crdFiles: 'x.yaml' }, /must be a list/],
      [{ removeConstructMetadata: 'yes' }, /must be true or false/],
      [{ crdFiles: ['crds/missing-*.yaml'] }, /"crds\/missing-\*.yaml" matches no file/],
    ] as const) {
      // The app writes the CLI's construct metadata before the plugin is constructed.
      fs.writeFileSync(metadata(), '{}');
      await expect(run({ shop: goodApp() }, {}, properties)).rejects.toThrow(message);
      expect(fs.existsSync(metadata())).toBe(false);
    }
  });

  test('a failing report removes the manifests and the construct metadata: a failed synth ships nothing', async () => {
    const bad = badApp((d) => { d.spec.strategy.rollingUpdate = { maxSure: '25%', maxUnavailable: 0 }; });
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{}');
    expect((await run({ shop: bad, other: goodApp() })).success).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{}');
    expect((await run({ shop: bad }, {}, { keepManifestsOnFailure: true })).success).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['shop.k8s.yaml']);
  });
});

describe('attributeConstructPaths', () => {
  const object = (kind: string, name: string) => ({ kind, metadata: { name } });

  test('a name used once gets its path; of a shared name, the last object in its chart\'s file keeps it', () => {
    const manifests = [
      { file: 'dist/shop.k8s.yaml', manifest: object('Deployment', 'web') },
      { file: 'dist/shop.k8s.yaml', manifest: object('Service', 'web') },
      { file: 'dist/shop.k8s.yaml', manifest: object('ConfigMap', 'config') },
      { file: 'dist/0001-blog.k8s.yaml', manifest: object('Namespace', 'shop') },
      { file: 'dist/shop.k8s.yaml', manifest: object('Namespace', 'shop') },
      { file: 'dist/mychart-c8e1a912.k8s.yaml', manifest: object('Secret', 'token') },
    ];
    const metadata = { web: { path: 'shop/web/Service' }, config: { path: 'shop/config' }, shop: { path: 'blog/namespace' }, token: { path: 'MyChart/token' } };
    expect(attributeConstructPaths(manifests, metadata)).toEqual([undefined, 'shop/web/Service', 'shop/config', 'blog/namespace', undefined, 'MyChart/token']);
  });

  test('no metadata (an app that records none), no paths', () => {
    expect(attributeConstructPaths([{ file: 'a.yaml', manifest: object('Service', 'web') }], {})).toEqual([undefined]);
  });
});
