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
 * A parsed expression as JSON: its 64-bit integers (node ids, int and uint constants) as `{"#": digits}`,
 * which no field of a parsed expression is named.
 */
export function encodeParsed(parsed: unknown): string {
  return JSON.stringify(parsed, (_key, value) => (typeof value === 'bigint' ? { '#': value.toString() } : value));
}

/** encodeParsed's JSON read back (fields that were undefined stay absent, as a reader sees them). */
export function decodeParsed(text: string): Json {
  return JSON.parse(text, (_key, value) => (isObject(value) && typeof value['#'] === 'string' && Object.keys(value).length === 1 ? BigInt(value['#']) : value));
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
