/**
 * A small model of how kubectl reads a YAML file (go-yaml under sigs.k8s.io/yaml), written from
 * go-yaml's rules (resolve.go, readerc.go, is_break) independently of src/core/kubectl-yaml.ts:
 *  - the whole text fails on a raw character outside tab, LF, CR, U+0020–U+007E, U+0085,
 *    U+00A0–U+D7FF, U+E000–U+FFFD and the astral planes; raw U+0085, U+2028, U+2029 are line breaks
 *    (this model refuses them rather than guessing the mangled result);
 *  - a plain scalar is a YAML 1.1 boolean (y, yes, on, off, n, ...), null, .inf/.nan, or, after
 *    dropping every `_`, an integer in Go syntax (sign; 0b/0B, 0o/0O, 0x/0X or a leading 0 for octal)
 *    or a YAML-style float; `0b`/`0o` may also be followed by a sign. Range limits are not modelled.
 *  - quoted and block scalars are strings, with YAML's escapes.
 * Values are returned as JSON would hold them; an integer whose digits are not decimal is returned as
 * `{ goInt: text }` (it is not a string, which is all the tests need to know).
 */
import * as YAML from 'yaml';

const REFUSED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;
const BREAKS = /[\x85\u2028\u2029]/;
const TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const FALSE = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];
const NULL = ['', '~', 'null', 'Null', 'NULL'];
const GO_INT = /^[-+]?(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const PREFIX_SIGN_INT = /^(0b[-+]?[01]+|-0b[01]+|0o[-+]?[0-7]+|-0o[0-7]+)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/;

/** What kubectl makes of a plain scalar. */
export function readPlain(text: string): unknown {
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  if (NULL.includes(text)) return null;
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (text.startsWith('.')) return DOT_FLOAT.test(text) && Number.isFinite(Number(text.replace(/_/g, ''))) ? Number(text.replace(/_/g, '')) : text;
  if (!/^[-+0-9]/.test(text)) return text;
  const plain = text.replace(/_/g, '');
  if (/^[-+]?[1-9][0-9]*$|^[-+]?0$/.test(plain)) return Number(plain);
  if (GO_INT.test(plain) || PREFIX_SIGN_INT.test(plain)) return { goInt: text };
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return Number(plain);
  return text;
}

function toValue(node: unknown): unknown {
  if (YAML.isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = toValue(pair.key);
      out[typeof key === 'string' ? key : JSON.stringify(key)] = toValue(pair.value);
    }
    return out;
  }
  if (YAML.isSeq(node)) return node.items.map(toValue);
  if (YAML.isScalar(node)) {
    if (node.type === 'PLAIN') return readPlain(String(node.source));
    return node.value;
  }
  if (node === null || node === undefined) return null;
  throw new Error(`unexpected YAML node ${String(node)}`);
}

/** The documents of a YAML file as kubectl reads them; throws where kubectl fails. */
export function readLikeKubectl(text: string): unknown[] {
  const refused = REFUSED.exec(text);
  if (refused) throw new Error(`yaml: control characters are not allowed (U+${refused[0].codePointAt(0)!.toString(16)})`);
  const brk = BREAKS.exec(text);
  if (brk) throw new Error(`raw line break U+${brk[0].codePointAt(0)!.toString(16)} in the text`);
  return YAML.parseAllDocuments(text, { version: '1.1' })
    .filter((doc) => doc.contents !== null)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors[0].message);
      return toValue(doc.contents);
    });
}
