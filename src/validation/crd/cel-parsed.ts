/**
 * The CEL rules of the built-in CRDs, parsed when the package is built, so that a synth does not parse
 * them again: @bufbuild/cel's parser takes one to two milliseconds a rule, and an HTTPRoute alone has
 * some fifty (a synth with one meets about thirty). `npm run build` (scripts/crd-schemas.ts) writes
 * lib/cel-parsed.json beside lib/crd-schemas.json: each rule's parsed expression (cel.expr.ParsedExpr)
 * as JSON, by the rule's text. Data, not code: it is read on the first rule evaluated, each expression
 * is read back only when its rule is evaluated, and none is used unless the installed @bufbuild/cel is
 * the version that parsed them (any other parses every rule itself, as for a CRD of the app's own).
 */
import * as fs from 'fs';
import * as path from 'path';
import { installedVersion } from '../bundled';
import { isObject, Json, list } from '../objects';
import { BUILTIN_CRDS } from './builtin';

/** Where the build writes the parsed rules. */
export const PARSED_CEL = path.join(path.dirname(BUILTIN_CRDS), 'cel-parsed.json');

/** The file: the @bufbuild/cel version that parsed the rules, and each rule's parsed expression as encodeParsed wrote it. */
export interface ParsedCelFile {
  readonly cel: string;
  readonly parsed: { readonly [rule: string]: string };
}

/** Every CEL expression of a schema: each `x-kubernetes-validations` rule and messageExpression, at any depth. */
export function celExpressionsOf(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) celExpressionsOf(item, out);
  } else if (isObject(schema)) {
    for (const rule of list(schema['x-kubernetes-validations'])) {
      if (!isObject(rule)) continue;
      for (const expression of [rule.rule, rule.messageExpression]) if (typeof expression === 'string' && expression) out.add(expression);
    }
    for (const value of Object.values(schema)) celExpressionsOf(value, out);
  }
  return out;
}

/**
 * A parsed expression as JSON: its 64-bit integers (node ids, int and uint constants) as `{"#": digits}`
 * and its bytes constants as `{"#bytes": base64}`, names no field of a parsed expression has.
 */
export function encodeParsed(parsed: unknown): string {
  return JSON.stringify(parsed, (_key, value) => {
    if (typeof value === 'bigint') return { '#': value.toString() };
    if (value instanceof Uint8Array) return { '#bytes': Buffer.from(value).toString('base64') };
    return value;
  });
}

/** encodeParsed's JSON read back (fields that were undefined stay absent, as a reader sees them). */
export function decodeParsed(text: string): Json {
  return JSON.parse(text, (_key, value) => {
    if (!isObject(value) || Object.keys(value).length !== 1) return value;
    if (typeof value['#'] === 'string') return BigInt(value['#']);
    if (typeof value['#bytes'] === 'string') return new Uint8Array(Buffer.from(value['#bytes'], 'base64'));
    return value;
  });
}

/** Whether two parsed expressions are the same to a reader: equal values, a field that is undefined the same as none. */
export function sameParsed(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameParsed(item, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Json)[k] !== undefined);
    const [ka, kb] = [keys(a), keys(b)];
    return ka.length === kb.length && ka.every((k) => sameParsed((a as Json)[k], (b as Json)[k]));
  }
  return a === b;
}

let table: { readonly [rule: string]: string } | null | undefined;

/** The expression `rule` parsed at build time, when the build parsed it with the installed @bufbuild/cel; else undefined. */
export function preParsedCel(rule: string): Json | undefined {
  if (table === undefined) table = readTable();
  const text = table?.[rule];
  return text === undefined ? undefined : decodeParsed(text);
}

function readTable(): { readonly [rule: string]: string } | null {
  try {
    const file: ParsedCelFile = JSON.parse(fs.readFileSync(PARSED_CEL, 'utf-8'));
    return file.cel === installedVersion(['@bufbuild/cel']) && isObject(file.parsed) ? file.parsed : null;
  } catch {
    return null; // not built: every rule is parsed when evaluated
  }
}
