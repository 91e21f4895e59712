/**
 * How kubectl (and Argo CD, Flux, kustomize) read the YAML text cdk8s writes, as a model with no
 * dependency (the validation plugin uses it without loading cdk8s); kubectl-yaml.ts makes cdk8s write
 * every string so that it is read back exactly.
 *
 * cdk8s writes YAML 1.1 with the `yaml` package, which leaves a string plain (unquoted) unless YAML
 * 1.1 would read it as something else. kubectl reads with go-yaml (sigs.k8s.io/yaml ->
 * go.yaml.in/yaml/v2; kustomize and others use yaml.v3), whose rules differ. Source read:
 * github.com/go-yaml/yaml, branch v2 (commit 7649d454) and v3 (f6f7691b):
 *
 *  - resolve.go `resolve()`: a plain scalar is looked up by its first character. Exact words:
 *    `y Y yes Yes YES true True TRUE on On ON` -> true, `n N no No NO false False FALSE off Off OFF`
 *    -> false (v3 keeps only true/false), `'' ~ null Null NULL` -> null, `.nan .NaN .NAN`,
 *    `[+-].inf .Inf .INF` -> float, `<<` -> merge key. A scalar starting with `.` is a float when Go's
 *    `strconv.ParseFloat` accepts it. One starting with a digit, `+` or `-` has every `_` removed,
 *    then is an int when `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` accepts it (Go
 *    syntax: sign, prefixes 0b/0B, 0o/0O, 0x/0X, a leading 0 meaning octal, 64-bit range), a float
 *    when it matches `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and ParseFloat does
 *    not overflow, and an int again after a `0b`/`-0b` prefix (v2, v3) or `0o`/`-0o` prefix (v3)
 *    parsed in base 2/8 (a sign may follow the prefix: `0b-1` is -1). Timestamps stay strings when
 *    read into untyped JSON (decode.go), so they do not matter here.
 *  - readerc.go `yaml_parser_update_buffer`: any character outside #x9 | #xA | #xD | [#x20-#x7E] |
 *    #x85 | [#xA0-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] anywhere in the text fails the
 *    whole read ("control characters are not allowed"): DEL, C1 controls (but U+0085), U+FFFE/FFFF.
 *  - yamlprivateh.go `is_break`: U+0085, U+2028 and U+2029 are line breaks, in any scalar style
 *    (plain: "could not find expected ':'"; double-quoted: folded into a space or dropped).
 *  - scannerc.go, double-quoted escapes: `\xXX`, `\uXXXX`, `\N`, `\L`, `\P` are accepted, except
 *    surrogate code points: a string holding a lone UTF-16 surrogate has no YAML (nor UTF-8) form.
 *
 * @internal
 */
import { at } from './field-path';
/** What go-yaml makes of a plain scalar: `str`, or the type that replaces the user's string. */
export type GoScalarType = 'str' | 'int' | 'float' | 'bool' | 'null' | 'merge';

const GO_WORDS: Record<string, GoScalarType> = {};
for (const word of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) GO_WORDS[word] = 'bool';
for (const word of ['', '~', 'null', 'Null', 'NULL']) GO_WORDS[word] = 'null';
for (const word of ['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']) GO_WORDS[word] = 'float';
GO_WORDS['<<'] = 'merge';

/** The words go-yaml reads as something other than a string (resolve.go), every spelling. */
export function goWords(): string[] {
  return Object.keys(GO_WORDS);
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]*$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** Go's `strconv.ParseUint(s, base, 64)` for base 0 (prefixes), 2 or 8: the value, or undefined. */
function parseUint(s: string, base: 0 | 2 | 8): bigint | undefined {
  let digits = s;
  let radix: number = base;
  if (base === 0) {
    radix = 10;
    if (s.startsWith('0')) {
      const prefix = s.length >= 3 ? s[1].toLowerCase() : '';
      radix = prefix === 'b' ? 2 : prefix === 'o' ? 8 : prefix === 'x' ? 16 : 8;
      digits = radix === 8 && prefix !== 'o' ? s.slice(1) : s.slice(2);
    }
  }
  if (s === '' || !DIGITS[radix].test(digits)) return undefined; // '0' alone is octal with no more digits: 0
  const value = digits === '' ? 0n : BigInt(radix === 10 ? digits : `0${radix === 2 ? 'b' : radix === 8 ? 'o' : 'x'}${digits}`);
  return value <= UINT64_MAX ? value : undefined;
}

/** Go's `strconv.ParseInt(s, base, 64)`: an optional sign, then `parseUint`, within int64. */
function isInt64(s: string, base: 0 | 2 | 8): boolean {
  const negative = s.startsWith('-');
  const magnitude = parseUint(s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s, base);
  return magnitude !== undefined && magnitude <= (negative ? INT64_MAX + 1n : INT64_MAX);
}

/** Go's `strconv.ParseFloat(s, 64)` succeeding on a decimal number (it fails only on overflow here). */
function finite(s: string): boolean {
  return Number.isFinite(Number(s.replace(/_/g, '')));
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What ParseFloat accepts after a leading `.`: digits, Go's `_` between digits, an exponent. */
const DOT_FLOAT = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;

/** The type go-yaml (v2 or v3, whichever reads it as something other than a string) gives a plain scalar. */
export function goPlainScalarType(text: string): GoScalarType {
  const word = GO_WORDS[text];
  if (word) return word;
  const first = text[0];
  if (first === '.') return DOT_FLOAT.test(text) && finite(text) ? 'float' : 'str';
  if (!/^[-+0-9]$/.test(first ?? '')) return 'str';
  const plain = text.replace(/_/g, '');
  if (isInt64(plain, 0) || parseUint(plain, 0) !== undefined) return 'int';
  if (YAML_STYLE_FLOAT.test(plain) && finite(plain)) return 'float';
  for (const prefix of ['0b', '0o']) {
    if (plain.startsWith(prefix) && (isInt64(plain.slice(2), prefix === '0b' ? 2 : 8) || parseUint(plain.slice(2), prefix === '0b' ? 2 : 8) !== undefined)) return 'int';
    if (plain.startsWith(`-${prefix}`) && isInt64(`-${plain.slice(3)}`, prefix === '0b' ? 2 : 8)) return 'int';
  }
  return 'str';
}

/** Characters go-yaml refuses anywhere in the text (readerc.go), as a class body. */
const REFUSED = '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\uFFFE\\uFFFF';
/** Characters go-yaml reads as line breaks although the writer treats them as text (is_break). */
const GO_BREAKS = '\\x85\\u2028\\u2029';
/** Raw characters go-yaml refuses (the whole file fails from there) or reads as a line break. */
export const GO_UNREADABLE = new RegExp(`[${REFUSED}${GO_BREAKS}]`, 'u');
/** Raw characters that kubectl would not read back as written. U+FEFF is escaped too: go-yaml skips it at a line start. */
export const UNREADABLE_RAW = new RegExp(`[${REFUSED}${GO_BREAKS}\\uFEFF]`, 'u');

/** A UTF-16 surrogate without its pair: no YAML escape and no UTF-8 byte sequence stands for it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why kubectl cannot receive `value` as written by any YAML writer, or undefined when it can. */
export function unrepresentable(value: string): string | undefined {
  return LONE_SURROGATE.test(value) ? 'it holds a lone UTF-16 surrogate, which neither YAML nor UTF-8 can carry' : undefined;
}

/** Calls `found` for every string (key or value) no YAML text can carry. */
export function forEachUnrepresentable(value: unknown, fieldPath: string, found: (fieldPath: string, value: string, why: string) => void): void {
  if (typeof value === 'string') {
    const why = unrepresentable(value);
    if (why) found(fieldPath, value, why);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => forEachUnrepresentable(item, at(fieldPath, i), found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      forEachUnrepresentable(key, at(fieldPath, key), found);
      forEachUnrepresentable(item, at(fieldPath, key), found);
    }
  }
}
