/**
 * The one hook that makes cdk8s write every string so that kubectl reads it back exactly (what
 * go-yaml does with the text: go-yaml.ts), and the synth-time check for strings no YAML can carry.
 *
 * @internal
 */
import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { loadYaml } from './peer-modules';
import { forEachUnrepresentable, goPlainScalarType, goWords, LONE_SURROGATE, UNREADABLE_RAW } from './go-yaml';

const UNREADABLE_RAW_ALL = new RegExp(UNREADABLE_RAW.source, 'gu');
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The escape go-yaml reads back as `ch` inside double quotes. */
function escape(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code === 0x85) return '\\N';
  if (code === 0x2028) return '\\L';
  if (code === 0x2029) return '\\P';
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
}

/** Whether a string must be double-quoted for kubectl to read it back identically. */
function mustQuote(value: string): boolean {
  return goPlainScalarType(value) !== 'str' || UNREADABLE_RAW.test(value);
}

/** Printable ASCII led by a letter: no character go-yaml refuses or breaks on, and no number. */
const LETTER_LED_ASCII = /^[A-Za-z][\x20-\x7E]*$/;
/**
 * Strings cdk8s' YAML 1.1 writer double-quotes by itself, exactly as marking them would: decimal
 * digits (a YAML 1.1 integer, such as a sync wave "1") and the empty string (YAML's null).
 */
const WRITER_QUOTES = /^[0-9]*$/;
/** The longest of go-yaml's words (false, FALSE): a longer letter-led string is none of them. */
const GO_WORD_LENGTH = 5;
/**
 * go-yaml's letter-led words (true, no, y, null, ...) that cdk8s' writer double-quotes by itself, as
 * marking them would: it writes YAML 1.1, whose booleans and nulls they are too. Found once, when the
 * hook is installed, by writing each; a word the writer left plain would be marked.
 */
let writerQuotedWords: ReadonlySet<string> = new Set();

/**
 * Whether a string must be marked double-quoted: mustQuote, at a glance for the common string. A
 * letter-led one of printable ASCII is a string to go-yaml unless it is one of its words (y, no, on,
 * null, ...; resolve.go looks a letter-led plain scalar up in its words only), which
 * goPlainScalarType finds by one lookup.
 */
function mustMark(value: string): boolean {
  if (LETTER_LED_ASCII.test(value)) return value.length <= GO_WORD_LENGTH && goPlainScalarType(value) !== 'str' && !writerQuotedWords.has(value);
  return !WRITER_QUOTES.test(value) && mustQuote(value);
}

/**
 * Whether a document holds a string (key or value) to mark, or a value other than plain JSON (which
 * the yaml package may turn into strings of its own): then it goes through the marking below. Most
 * documents hold none, and are handed to cdk8s' writer as they are, at no extra cost.
 */
function needsMarking(value: unknown): boolean {
  if (typeof value === 'string') return mustMark(value);
  if (typeof value !== 'object') return typeof value !== 'number' && typeof value !== 'boolean' && value !== undefined;
  if (value === null) return false;
  if (Array.isArray(value)) return value.some(needsMarking);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return true;
  for (const key in value) {
    if (needsMarking(key) || needsMarking((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

const INSTALLED = Symbol.for('cdk8s-release-strategies.kubectl-safe-yaml');

/**
 * Makes cdk8s' `Yaml.stringify` (what `cdk8s synth`, `app.synth()` and `app.synthYaml()` write)
 * double-quote every string go-yaml would read as another type or break on, and escape the
 * characters go-yaml refuses raw. Everything else is written exactly as cdk8s writes it: the
 * documents go through cdk8s' own function and options, as `yaml` Documents whose risky string
 * scalars are marked double-quoted. Idempotent; installed when the first construct of the library is
 * created (strategies/common.ts).
 */
export function installKubectlSafeYaml(): void {
  const target = Yaml as unknown as Record<string | symbol, any>;
  if (target[INSTALLED]) return;
  const cdk8sStringify: (...docs: unknown[]) => string = target.stringify;
  writerQuotedWords = new Set(goWords().filter((word) => LETTER_LED_ASCII.test(word) && cdk8sStringify({ v: word }) === `v: "${word}"\n`));
  const yaml = loadYaml() as any;
  const safe = function (this: unknown, ...docs: unknown[]): string {
    if (!docs.some(needsMarking)) return cdk8sStringify.apply(this, docs);
    const marked = docs.map((doc) => {
      if (!needsMarking(doc)) return doc;
      const document = new yaml.Document(doc, { keepUndefined: true, version: '1.1' });
      yaml.visit(document, {
        Scalar(_key: unknown, node: any) {
          if (typeof node.value === 'string' && mustMark(node.value)) node.type = 'QUOTE_DOUBLE';
        },
      });
      return document;
    });
    // Marked strings are the only scalars that can hold these characters: each is inside double quotes.
    return cdk8sStringify.apply(this, marked).replace(UNREADABLE_RAW_ALL, escape);
  };
  Object.defineProperty(safe, INSTALLED, { value: true });
  target.stringify = safe;
  target[INSTALLED] = true;
}

/**
 * Reports each string of a construct's props that no YAML text can carry to kubectl (a lone UTF-16
 * surrogate), by its prop path: `report(prop, value, why)`. Walks the props as given (plain objects,
 * arrays, and the library's option classes); a value with its own JSON form (SecretData) is opaque,
 * so secret values are never shown. Everything else a string can hold is written so that kubectl reads
 * it as given (installKubectlSafeYaml). Checking the props, not the synthesized objects, costs nothing
 * measurable and names the prop the user wrote.
 */
export function checkRepresentable(props: unknown, report: (prop: string, value: string, why: string) => void): void {
  const seen = new Set<unknown>();
  const walk = (value: unknown, prop: string): void => {
    if (typeof value === 'string') {
      forEachUnrepresentable(value, prop, (_where, bad, why) => report(prop, bad, why));
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Construct.isConstruct(value)) return; // a scope passed as an option is not the user's text
    if (!Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${prop}[${i}]`));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      const child = prop === '' ? shownKey(key) : `${prop}.${shownKey(key)}`;
      forEachUnrepresentable(key, child, (_where, bad, why) => report(child, bad, why));
      walk(item, child);
    }
  };
  walk(props, '');
}

/** A prop key as a message shows it: lone surrogates as escapes (they cannot be printed). */
function shownKey(key: string): string {
  if (!/[\uD800-\uDFFF]/.test(key)) return key;
  return key.replace(LONE_SURROGATES, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
