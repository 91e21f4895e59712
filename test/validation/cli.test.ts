/**
 * The plugin under the real `cdk8s synth`, in a throwaway project whose cdk8s.yaml enables it, for an
 * app of hand-written ApiObjects: the acceptance of issue #5 ("a consuming app that enables the
 * plugin gets the same report for its own hand-written ApiObjects"). The CLI loads the compiled
 * plugin from lib/, which is built first when it is missing or older than its sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
// The entry the README gives consumers (`plugin.js` at the package's root), not the build layout.
const plugin = path.join(root, 'plugin');

/** `cdk8s synth` of an app of test/validation/apps/ with the plugin enabled (`properties`: YAML lines). */
function synth(mistakes: boolean, properties: string[] = [], app = 'hand-written.ts', env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-validation-'));
  try {
    const register = path.join(root, 'node_modules', 'ts-node', 'register', 'transpile-only');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      `app: node -r ${register} ${path.join(__dirname, 'apps', app)}`,
      'validations:',
      `  - package: ${plugin}`,
      '    version: 0.1.0',
      '    class: ReleaseStrategiesValidation',
      ...properties,
      '',
    ].join('\n'));
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
      cwd: dir,
      encoding: 'utf-8',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json'), MISTAKES: mistakes ? '1' : '0', FORCE_COLOR: '0', ...env },
    });
    const dist = path.join(dir, 'dist');
    // Files below dist/, subfolders included (a fleet writes one per cluster), as relative paths.
    const entries = fs.existsSync(dist) ? (fs.readdirSync(dist, { recursive: true }) as string[]).sort() : [];
    const files = entries.filter((f) => fs.statSync(path.join(dist, f)).isFile());
    // The report's rule names are coloured with ANSI escapes.
    const texts: Record<string, string> = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dist, f), 'utf-8')]));
    return { status: result.status, files, entries, texts, output: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('cdk8s synth with the validation plugin, for hand-written ApiObjects', () => {
  test('a mistake fails the synth; the report names the construct, the object, the rule, the field and the fix', () => {
    const { status, output, files } = synth(true);
    expect(status).not.toBe(0);
    // A failed synth ships nothing: no manifest (kubectl apply -f dist/ cannot apply what was refused), no construct-metadata.json.
    expect(files).toEqual([]);
    expect(output).toContain('RS102 unknown field (1 occurrences)');
    expect(output).toContain('RS203 grace period does not cover the preStop drain (1 occurrences)');
    expect(output).toContain('Construct Path: hand-written/web-deployment');
    expect(output).toContain('Resource Name: Deployment/shop/web');
    expect(output).toContain('> spec.strategy.rollingUpdate.maxSure: unknown field: the schema does not declare it');
    expect(output).toContain('> spec.template.spec.terminationGracePeriodSeconds: 30 s (the default) does not cover container "web"\'s preStop sleep of 90 s');
    expect(output).toContain('How to fix: Correct the spelling or remove the field.');
    expect(output).toMatch(/Status\s*│\s*failure/);
    expect(output).toContain('Validation failed');
  }, 120_000);

  test('without the mistakes the synth succeeds (a single replica needs no budget or spreading)', () => {
    const { status, output, files } = synth(false);
    expect(output).toMatch(/Status\s*│\s*success/);
    expect(status).toBe(0);
    // Only manifests stay in dist/, so `kubectl apply -f dist/` works: the CLI's construct-metadata.json
    // (read by the plugins for construct paths) is removed once the report is written.
    expect(files).toEqual(['hand-written.k8s.yaml']);
  }, 120_000);

  test('a configuration error fails the synth and leaves nothing in dist/', () => {
    const { status, output, files } = synth(false, ['    properties:', '      crdFile: [crds/*.yaml]']);
    expect(status).not.toBe(0);
    expect(output).toContain('ReleaseStrategiesValidation: unknown properties "crdFile" in cdk8s.yaml');
    expect(files).toEqual([]);
  }, 120_000);

  test('keepManifestsOnFailure keeps the refused manifests for inspection (never the construct metadata)', () => {
    const { status, files } = synth(true, ['    properties:', '      keepManifestsOnFailure: true']);
    expect(status).not.toBe(0);
    expect(files).toEqual(['hand-written.k8s.yaml']);
  }, 120_000);
});

describe('an opt-in stated in code passes the plugin (the construct records it as a waiver with its reason)', () => {
  test.each([
    ['allowCapacityDrop', 'RS204', 'strategy.allowCapacityDrop: true set in code'],
    ['recreate', 'RS204', 'strategy: RolloutStrategy.recreate() chosen in code'],
    ['allowMutableImageTag', 'RS205', 'allowMutableImageTag: true set in code for image'],
  ])('%s', (optIn, rule, reason) => {
    const withIt = synth(false, [], 'opt-ins.ts', { OPT_IN: optIn });
    expect(withIt.output).toMatch(/Status\s*│\s*success/);
    expect(withIt.output).toMatch(/Waived\s*│\s*1/);
    expect(withIt.status).toBe(0);
    const deployment = parseAllDocuments(withIt.texts['opt-in.k8s.yaml']).map((d) => d.toJS()).find((o) => o.kind === 'Deployment');
    expect(deployment.metadata.annotations[`waive.release-strategies.cdk8s.io/${rule}`]).toMatch(new RegExp(`^${reason.replace(/[.()]/g, '\\$&')}`));

    const withoutIt = synth(false, [], 'opt-ins.ts', { OPT_IN: optIn, WITHOUT: '1' });
    expect(withoutIt.status).not.toBe(0);
    expect(withoutIt.output).toMatch(optIn === 'recreate' ? /RS204 .*\(1 occurrences\)/ : /Validation failed with the following errors/);
  }, 120_000);
});

describe('a fleet under cdk8s synth with the plugin: every cluster folder is checked, each on its own', () => {
  const folders = ['ap-south', 'argocd', 'canary-eu', 'eu-west', 'us-east', 'us-west'];

  test('the example fleet passes: us-east\'s 6-replica Deployment is no duplicate of the others\' 3-replica one', () => {
    const { status, output, files } = synth(false, [], 'fleet.ts');
    expect(output).toMatch(/Status\s*│\s*success/);
    expect(status).toBe(0);
    // Only manifests, one per folder: no construct-metadata.json anywhere.
    expect(files).toEqual(folders.map((f) => path.join(f, 'checkout.k8s.yaml')));
  }, 120_000);

  test('the plugin reads the subfolders: judged for Kubernetes 1.29, the clusters on 1.31 fail, ap-south (1.29) does not; nothing stays', () => {
    const { status, output, entries } = synth(false, ['    properties:', '      targetVersion: "1.29"'], 'fleet.ts');
    expect(status).not.toBe(0);
    // The preStop sleep action is served from 1.30: four clusters use it, ap-south runs the image's sleep.
    expect(output).toContain('RS114');
    // The CLI lists every file it synthesized (ap-south's too): the report's own lines name the violators.
    expect(output).toContain('- dist/ap-south/checkout.k8s.yaml');
    for (const cluster of ['canary-eu', 'eu-west', 'us-east', 'us-west']) expect(output).toContain(`Manifest Path: dist/${cluster}/checkout.k8s.yaml`);
    expect(output).not.toContain('Manifest Path: dist/ap-south/');
    // Not even the emptied cluster folders.
    expect(entries).toEqual([]);
  }, 120_000);

  test('a cluster whose props the construct refuses fails the synth before a file is written', () => {
    const { status, output, files } = synth(false, [], 'fleet.ts', { FLEET_MISTAKE: '1' });
    expect(status).not.toBe(0);
    expect(output).toContain('Fleet "web", cluster "b" (ring "one")');
    expect(output).toContain('SafeRollingDeployment: \'replicas\' is 0');
    expect(files).toEqual([]);
  }, 120_000);
});
