/**
 * Writes lib/crd-schemas.json: the schemas of the vendored CRDs (crds/*.yaml) in the compact form the
 * validation plugin ships with, so that it checks the custom resources this library emits (HTTPRoute,
 * VirtualService, DestinationRule, Rollout, Canary, ...) without any `crdFiles`; and lib/cel-parsed.json,
 * their CEL rules parsed (src/validation/crd/cel-parsed.ts). `npm run build` runs it.
 *
 * Compact: per CRD its group, kind and, per version, `served` and the openAPIV3Schema without the
 * `description` of its nodes (about nine tenths of a CRD's text, and nothing the API server checks).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { installedVersion } from '../src/validation/bundled';
import { celExpressionsOf, decodeParsed, encodeParsed, PARSED_CEL, ParsedCelFile, sameParsed } from '../src/validation/crd/cel-parsed';

const root = path.resolve(__dirname, '..');
const crdDir = path.join(root, 'crds');
const out = path.join(root, 'lib', 'crd-schemas.json');

type Json = { [key: string]: any };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A schema node without descriptions; property names (which may well be "description") are kept. */
function compact(node: unknown): unknown {
  if (!isObject(node)) return node;
  const result: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties' && isObject(value)) {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, compact(child)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      result[key] = compact(value);
    } else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && Array.isArray(value)) {
      result[key] = value.map(compact);
    } else {
      result[key] = value;
    }
  }
  return result;
}

const crds: Json[] = [];
for (const file of fs.readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
  for (const document of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf-8'))) {
    const crd = document.toJS({ maxAliasCount: -1 });
    if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition') continue;
    crds.push({
      source: `${file} (built in)`,
      group: crd.spec.group,
      kind: crd.spec.names.kind,
      versions: crd.spec.versions.map((v: Json) => ({ name: v.name, served: v.served !== false, schema: compact(v.schema?.openAPIV3Schema ?? {}) })),
    });
  }
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ crds }));
console.log(`${path.relative(root, out)}: ${crds.length} CRDs (${crds.map((c) => c.kind).join(', ')}), ${fs.statSync(out).size} bytes`);

// Every rule of every version, parsed; a rule the parser refuses, or whose parse does not read back
// the same, is left out (the plugin parses it when it meets it, and reports a refusal as skipped).
const parsed: { [rule: string]: string } = {};
for (const rule of [...celExpressionsOf(crds.map((crd) => crd.versions.map((v: Json) => v.schema)))].sort()) {
  try {
    const tree = parse(rule);
    const text = encodeParsed(tree);
    if (sameParsed(decodeParsed(text), tree)) parsed[rule] = text;
  } catch {
    // left to the plugin
  }
}
const celFile: ParsedCelFile = { cel: installedVersion(['@bufbuild/cel']), parsed };
fs.writeFileSync(PARSED_CEL, JSON.stringify(celFile));
console.log(`${path.relative(root, PARSED_CEL)}: ${Object.keys(parsed).length} CEL expressions parsed with @bufbuild/cel ${celFile.cel}, ${fs.statSync(PARSED_CEL).size} bytes`);
