/**
 * The built-in CRDs' CEL rules ship parsed (lib/cel-parsed.json, crd/cel-parsed.ts), so a synth does
 * not parse them again: every rule and messageExpression of every vendored CRD is there, read back
 * as the parser gives it now, with the @bufbuild/cel version installed. (cel-rules.test.ts evaluates
 * every rule, through these parsed expressions, against cases that pass and fail it.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { installedVersion } from '../../src/validation/bundled';
import { celExpressionsOf, decodeParsed, encodeParsed, PARSED_CEL, ParsedCelFile, preParsedCel, sameParsed } from '../../src/validation/crd/cel-parsed';

const CRD_DIR = path.join(__dirname, '..', '..', 'crds');

/** Every CEL expression of the vendored CRDs, read from crds/ itself (not from the build's output). */
function vendoredExpressions(): string[] {
  const schemas = fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))
    .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf-8')).map((d) => d.toJS({ maxAliasCount: -1 })))
    .filter((crd) => crd?.kind === 'CustomResourceDefinition')
    .flatMap((crd) => crd.spec.versions.map((v: any) => v.schema?.openAPIV3Schema));
  return [...celExpressionsOf(schemas)];
}

describe('the built-in CRDs\' CEL rules, parsed at build time', () => {
  const file: ParsedCelFile = JSON.parse(fs.readFileSync(PARSED_CEL, 'utf-8'));
  const expressions = vendoredExpressions();

  test('were parsed by the @bufbuild/cel version installed, so the plugin uses them', () => {
    expect(file.cel).toBe(installedVersion(['@bufbuild/cel']));
    expect(file.cel).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('hold every rule and messageExpression of every vendored CRD, each as the parser reads it now', () => {
    expect(expressions.length).toBeGreaterThanOrEqual(50);
    for (const expression of expressions) {
      // toEqual: a field the parser leaves undefined is absent once read back, which no reader tells apart.
      expect({ expression, parsed: decodeParsed(file.parsed[expression]) }).toEqual({ expression, parsed: parse(expression) });
    }
    expect(Object.keys(file.parsed).sort()).toEqual([...expressions].sort());
  });

  test('are found by their text; any other expression is left to the parser', () => {
    const rule = expressions.find((e) => e.includes('self.all('))!;
    expect(preParsedCel(rule)).toEqual(parse(rule));
    expect(preParsedCel('self.size() > 0 && self.startsWith("not-a-vendored-rule")')).toBeUndefined();
  });

  test('keep bytes constants as bytes, and a round trip the same as the parse (the build ships only those)', () => {
    const tree = parse("self == b'abc' && self.size() < 9223372036854775807");
    const back = decodeParsed(encodeParsed(tree));
    expect(sameParsed(back, tree)).toBe(true);
    expect(JSON.stringify(back, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `bytes:${Buffer.from(v)}` : v))).toContain('bytes:abc');
    expect(sameParsed(back, parse("self == b'abd' && self.size() < 9223372036854775807"))).toBe(false);
  });

  test('keep 64-bit integers (node ids and constants) exact', () => {
    const parsed = decodeParsed(JSON.stringify({ id: { '#': '9007199254740993' }, text: '#', map: { '#': 'x', other: 1 } }));
    expect(parsed).toEqual({ id: 9007199254740993n, text: '#', map: { '#': 'x', other: 1 } });
  });
});
