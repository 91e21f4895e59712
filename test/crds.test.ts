/**
 * The vendored CRDs (crds/) are upstream data, unmodified: each file's hash is the one crds/README.md
 * records with its provenance, and the plugin's built-in schemas (lib/crd-schemas.json, written by
 * `npm run build`) hold every CRD of them.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'crds');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf-8');

describe('vendored CRDs', () => {
  test.each(files)('%s is listed with its provenance and unmodified', (file) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${file}\` |`));
    expect(row).toBeDefined();
    const recorded = /`([0-9a-f]{64})` \|$/.exec(row!)?.[1];
    expect(createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex')).toBe(recorded);
  });

  test('the plugin ships the schema of every vendored CRD, in every version, without descriptions', () => {
    const shipped: { crds: { group: string; kind: string; versions: { name: string; schema: object }[] }[] } =
      JSON.parse(fs.readFileSync(path.join(root, 'lib', 'crd-schemas.json'), 'utf-8'));
    const vendored = files.flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))
      .map((d) => d.toJS({ maxAliasCount: -1 }))
      .filter((crd) => crd?.kind === 'CustomResourceDefinition')
      .map((crd) => `${crd.spec.group}/${crd.spec.names.kind}@${crd.spec.versions.map((v: any) => v.name).join(',')}`));
    expect(shipped.crds.map((crd) => `${crd.group}/${crd.kind}@${crd.versions.map((v) => v.name).join(',')}`).sort()).toEqual(vendored.sort());
    expect(vendored.length).toBeGreaterThanOrEqual(9);
    expect(JSON.stringify(shipped)).not.toMatch(/"description":"/);
  });

  test('the generated bindings (imports/) come from the vendored Gateway API version', () => {
    // cdk8s import writes the CRD's version into no file; HTTPRouteRule.name (standard since v1.4) is
    // the mark of a current one.
    const bindings = fs.readFileSync(path.join(root, 'imports', 'gateway.networking.k8s.io.ts'), 'utf-8');
    expect(bindings).toMatch(/export interface HttpRouteSpecRules \{[\s\S]*?readonly name\?: string;/);
  });
});
