/**
 * What kubectl would read differently in a YAML text (rule RS113): the scalars whose source text
 * go-yaml reads as another kind of value than YAML 1.1 does, and raw characters go-yaml refuses or
 * reads as line breaks, found per document of one manifest file. A lexer pre-scan
 * (`mayHaveFindings`) decides whether the text needs the parse at all. What go-yaml does with a plain
 * scalar and with raw characters: core/go-yaml.ts.
 */
import { GO_UNREADABLE, goPlainScalarType, GoScalarType } from '../core/go-yaml';
import { loadYaml } from './bundled';
import { TextFindings } from './context';
import { at } from './objects';

function jsType(value: unknown): GoScalarType {
  if (typeof value === 'string' || value instanceof Date) return 'str'; // go-yaml keeps timestamps as text too
  if (typeof value === 'boolean') return 'bool';
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' && Number.isInteger(value) ? 'int' : 'float';
}

const TYPE_NAMES: Record<GoScalarType, string> = { str: 'a string', int: 'an integer', float: 'a float', bool: 'a boolean', null: 'null', merge: 'a merge key' };

/** A value in a message, with invisible and line-breaking characters as escapes. */
export function shown(value: unknown): string {
  return JSON.stringify(value)?.replace(/[\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) ?? 'nothing';
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code === 0x85 || code === 0x2028 || code === 0x2029
    ? `a raw ${hex}, which kubectl reads as a line break (the value changes or the rest of the document does not parse)`
    : `a raw ${hex}, which kubectl refuses ("control characters are not allowed"): nothing from this document to the end of the file is applied`;
}

/** Reports every scalar of one parsed YAML document that go-yaml reads differently. */
function checkDocument(yaml: any, text: string, document: any, report: (fieldPath: string, message: string) => void): void {
  const scalar = (node: any, fieldPath: string, what: 'the key' | 'the value'): void => {
    const [start, end] = node.range ?? [0, 0];
    const source = text.slice(start, end);
    const bad = GO_UNREADABLE.exec(source);
    if (bad) {
      report(fieldPath, `${what} ${shown(node.value)} is written with ${describeChar(bad[0])}`);
    } else if (node.type === 'PLAIN' && typeof node.source === 'string') {
      const read = goPlainScalarType(node.source);
      const go = read === 'merge' && what === 'the value' ? 'str' : read; // `<<` is a merge only as a key
      const written = jsType(node.value);
      if (go !== written && !(go === 'int' && written === 'float') && !(go === 'float' && written === 'int')) {
        report(fieldPath, `${what} ${shown(node.value)} is written unquoted as ${node.source}, which kubectl reads as ${TYPE_NAMES[go]}, not ${TYPE_NAMES[written]}: quote it`);
      }
    }
  };
  const walk = (node: any, fieldPath: string): void => {
    if (yaml.isMap(node)) {
      for (const pair of node.items) {
        const key = yaml.isScalar(pair.key) ? String(pair.key.value) : '?';
        if (yaml.isScalar(pair.key)) scalar(pair.key, at(fieldPath, key), 'the key');
        walk(pair.value, at(fieldPath, key));
      }
    } else if (yaml.isSeq(node)) {
      node.items.forEach((item: unknown, i: number) => walk(item, at(fieldPath, i)));
    } else if (yaml.isScalar(node)) {
      scalar(node, fieldPath, 'the value');
    }
  };
  walk(document.contents, '');
}

/**
 * How the rule reads a text: YAML 1.1, but with `<<` as the plain key the CLI's parse (YAML 1.2) gives
 * the plugin's rules, so that a merge key, which go-yaml applies, is a finding (the objects checked
 * are not those kubectl applies) rather than merged (or an error, for a merge of a scalar).
 */
const READ_OPTIONS = {
  version: '1.1',
  customTags: (tags: { tag: string }[]) => tags.filter((tag) => tag.tag !== 'tag:yaml.org,2002:merge'),
};

/** YAML 1.1's plain-scalar tags in the order the parser tries them, each with the kind of value it makes (a timestamp is text to the rule). */
let plainScalarTags: { test: RegExp; kind: string }[] | undefined;
const TAG_KINDS: Record<string, string> = {
  'tag:yaml.org,2002:null': 'null', 'tag:yaml.org,2002:bool': 'bool', 'tag:yaml.org,2002:int': 'number',
  'tag:yaml.org,2002:float': 'number', 'tag:yaml.org,2002:timestamp': 'str',
};
const GO_KINDS: Record<GoScalarType, string> = { str: 'str', null: 'null', bool: 'bool', int: 'number', float: 'number', merge: 'merge' };

/**
 * Whether the text may hold a finding: a raw character go-yaml refuses or folds anywhere, or a plain
 * scalar that go-yaml and YAML 1.1 may read as different kinds of value (an integer and a float are one
 * kind, as for the rule), that spans lines or may be the key `<<`, or a tag, a directive or a token the
 * lexer could not place. It runs the YAML lexer alone (no documents composed, about a seventh of a parse) and
 * matches each plain scalar against the tags the parser would try, in their order: a text it passes
 * has no finding, so only a text it stops at is parsed.
 */
export function mayHaveFindings(text: string): boolean {
  if (GO_UNREADABLE.test(text)) return true;
  const yaml = loadYaml() as any;
  // READ_OPTIONS leave out the merge tag, the only one that applies to keys alone: every tag applies to keys and values.
  plainScalarTags ??= (new yaml.Document(null, READ_OPTIONS).schema.tags as any[])
    .filter((tag) => tag.default && tag.test instanceof RegExp)
    .map((tag) => ({ test: tag.test as RegExp, kind: TAG_KINDS[tag.tag] ?? 'unknown' }));
  const SCALAR = '\x1f';
  const tokens = [...new yaml.Lexer().lex(text) as Iterable<string>];
  let blockContentNext = false;
  let flowDepth = 0;
  /** The last two tokens other than spaces and scalars' contents. */
  let previous = '';
  let beforePrevious = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === SCALAR) {
      const plain = tokens[++i] ?? '';
      if (blockContentNext) {
        blockContentNext = false;
        // A block scalar's content; but the parser takes it as a plain scalar when the header is
        // misplaced (`| ---`, `[x] |`). Content with a line break then folds to a value with a space
        // (never a number, boolean or null): only one line at the end of the file can be misread.
        if (/[\r\n]/.test(plain)) continue;
      } else if (/[\r\n]/.test(plain)) return true;
      if (plain === '<<') {
        // A merge to go-yaml as a key, a string to both as a value. It is plainly a value only in
        // block context after `key:` or a line's `- `, with no ':' after it: in a flow collection a
        // key's ':' may come lines later, and a text with errors still composes keys.
        const lineStart = beforePrevious === '' || beforePrevious === '\n' || beforePrevious === '\r\n';
        const blockValue = flowDepth === 0 && (previous === ':' || (previous === '-' && lineStart));
        let next = i + 1;
        while (tokens[next]?.[0] === ' ' || tokens[next]?.[0] === '\t') next++;
        if (!blockValue || tokens[next] === ':') return true;
      } else {
        const written = plainScalarTags.find((tag) => tag.test.test(plain))?.kind ?? 'str';
        if (written !== GO_KINDS[goPlainScalarType(plain)]) return true;
      }
      [beforePrevious, previous] = [previous, SCALAR];
      continue;
    }
    const type = yaml.CST.tokenType(token);
    if (type !== 'space') [beforePrevious, previous] = [previous, token];
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowDepth++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth--;
    else if (type === 'block-scalar-header') blockContentNext = true;
    else if (type === null || type === 'tag' || type === 'directive-line' || type === 'flow-error-end' || type === 'explicit-key-ind') return true;
  }
  return false;
}

/** The findings in one file's text, looked for in a parse of it only when the lexer saw something (`mayHaveFindings`). */
export function textFindings(text: string): TextFindings {
  // Nothing to find: nothing to count either (the check reads `documents` only to place a finding).
  return mayHaveFindings(text) ? parsedTextFindings(text) : { documents: 0, findings: [] };
}

/** The findings in one file's text, by document (the documents that become objects: empty ones are skipped when manifests are read). */
export function parsedTextFindings(text: string): TextFindings {
  const yaml = loadYaml() as any;
  const documents = (yaml.parseAllDocuments(text, READ_OPTIONS) as any[])
    .filter((document) => document.contents !== null && document.toJS() != null);
  const findings: { document: number; path: string; message: string }[] = [];
  documents.forEach((document, i) => checkDocument(yaml, text, document,
    (fieldPath, message) => findings.push({ document: i, path: fieldPath, message })));
  return { documents: documents.length, findings };
}
