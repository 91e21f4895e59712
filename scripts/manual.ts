/**
 * Reads the manual: README.md and every docs/*.md page (a page added in docs/ is picked up without
 * being listed anywhere). Used by the walkthrough renderer and by the tests that check each code block
 * in the form a reader pastes it (test/manual.test.ts, test/consumer/consumer.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..');

/** A manual page: its path relative to the repository's root and its text. */
export interface Page {
  readonly file: string;
  readonly text: string;
}

/** A fenced code block of a page. */
export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's info string (`ts`, `yaml`, `sh`, ...), empty when there is none. */
  readonly lang: string;
  readonly code: string;
  /** The reason of a `<!-- not run: reason -->` comment right before the block (blank lines between allowed). */
  readonly notRun?: string;
  /**
   * The file of a `<!-- excerpt of examples/<file>.ts -->` comment right before a TypeScript block: the
   * block is a verbatim excerpt of that example (which the example tests compile and synthesize), and is
   * checked as one instead of being compiled on its own.
   */
  readonly excerptOf?: string;
}

/** A heading outside code blocks, with the anchor GitHub gives it. */
export interface Heading {
  readonly file: string;
  readonly line: number;
  readonly level: number;
  readonly title: string;
  readonly anchor: string;
}

/** README.md first, then docs/*.md in name order. */
export function manualPages(root = ROOT): Page[] {
  const docs = fs.existsSync(path.join(root, 'docs'))
    ? fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)
    : [];
  return ['README.md', ...docs].map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf-8') }));
}

/** Where a block or a line is, as an editor opens it: `docs/canary.md:42`. */
export function where(item: { file: string; line: number }): string {
  return `${item.file}:${item.line}`;
}

const FENCE = /^(`{3,})(.*)$/;
const NOT_RUN = /^<!--\s*not run:\s*(.*?)\s*-->$/;
const EXCERPT = /^<!--\s*excerpt of\s+(\S+)\s*-->$/;

export function codeBlocks(page: Page): CodeBlock[] {
  const lines = page.text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, k) => k > i && l.startsWith(open[1]) && l.trim() === open[1]);
    if (end < 0) throw new Error(`${page.file}:${i + 1}: code block never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const notRun = before >= 0 ? NOT_RUN.exec(lines[before].trim())?.[1] : undefined;
    const excerptOf = before >= 0 ? EXCERPT.exec(lines[before].trim())?.[1] : undefined;
    blocks.push({ file: page.file, line: i + 1, lang: open[2].trim(), code: lines.slice(i + 1, end).join('\n') + '\n', notRun, excerptOf });
    i = end;
  }
  return blocks;
}

/**
 * The anchor GitHub gives a heading: lower case, punctuation dropped (letters, digits, spaces, `-`, `_`
 * kept), spaces as `-`; a repeated anchor gets `-1`, `-2`, ...
 */
export function slug(title: string): string {
  return title.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

export function headings(page: Page): Heading[] {
  const lines = page.text.split('\n');
  const seen = new Map<string, number>();
  const out: Heading[] = [];
  let fence: string | undefined;
  lines.forEach((l, i) => {
    const f = FENCE.exec(l);
    if (f && (fence === undefined || l.trim() === fence)) { fence = fence === undefined ? f[1] : undefined; return; }
    const h = fence === undefined ? /^(#{1,6})\s+(.*?)\s*#*$/.exec(l) : null;
    if (!h) return;
    const base = slug(h[2]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push({ file: page.file, line: i + 1, level: h[1].length, title: h[2], anchor: n === 0 ? base : `${base}-${n}` });
  });
  return out;
}

/** A Markdown link or image outside code blocks and inline code. */
export interface Link {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

export function links(page: Page): Link[] {
  const out: Link[] = [];
  let fence: string | undefined;
  page.text.split('\n').forEach((l, i) => {
    const f = FENCE.exec(l);
    if (f && (fence === undefined || l.trim() === fence)) { fence = fence === undefined ? f[1] : undefined; return; }
    if (fence !== undefined) return;
    const prose = l.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ file: page.file, line: i + 1, target: m[1] });
  });
  return out;
}

/** Replaces the text between `<!-- walkthrough:NAME -->` and `<!-- /walkthrough:NAME -->` on whichever page holds the markers. */
export function updateWalkthroughs(pages: Page[], sections: Record<string, string>): Page[] {
  const out = pages.map((p) => ({ ...p }));
  for (const [name, body] of Object.entries(sections)) {
    const start = `<!-- walkthrough:${name} -->`;
    const end = `<!-- /walkthrough:${name} -->`;
    const holders = out.filter((p) => p.text.includes(start));
    if (holders.length !== 1) {
      throw new Error(`the markers ${start} … ${end} must be on exactly one page of the manual; found on ${holders.length}`);
    }
    const page = holders[0];
    const from = page.text.indexOf(start);
    const to = page.text.indexOf(end);
    if (to < from) throw new Error(`${page.file} lacks ${end} after ${start}`);
    out[out.indexOf(page)] = { file: page.file, text: `${page.text.slice(0, from + start.length)}\n${body}\n${page.text.slice(to)}` };
  }
  return out;
}

const CONTENTS = 'Contents:';

/**
 * A docs/ page with two or more `##` sections starts (after its title) with a list of links to them,
 * written by `npm run docs`; README.md has its own table of the pages instead.
 */
export function withContents(page: Page): Page {
  if (page.file === 'README.md') return page;
  const lines = page.text.split('\n');
  if (!lines[0].startsWith('# ')) throw new Error(`${page.file}:1: a page starts with its title, '# ...'`);
  // Drop the current list: "Contents:", a blank line, its items, a blank line.
  let rest = lines.slice(1);
  if (rest[0] === '' && rest[1] === CONTENTS) {
    let k = 3;
    while (k < rest.length && rest[k].startsWith('- [')) k++;
    rest = rest.slice(k);
  }
  const sections = headings(page).filter((h) => h.level === 2);
  const list = sections.length >= 2 ? ['', CONTENTS, '', ...sections.map((h) => `- [${h.title}](#${h.anchor})`)] : [];
  return { file: page.file, text: [lines[0], ...list, ...rest].join('\n') };
}

/** What a fragment (a block without `import` lines) has in scope besides the package's exports. */
export const FRAGMENT_SCOPE: Record<string, string[]> = {
  cdk8s: ['ApiObject', 'App', 'Chart', 'Duration', 'JsonPatch', 'Testing', 'Yaml'],
  constructs: ['Construct'],
};

/** A TypeScript block as a program a reader would run, and where the block's first line is in it. */
export interface BlockProgram {
  readonly text: string;
  /** 0-based line of the program that holds the block's first line. */
  readonly firstLine: number;
}

/** A block with its own `import` lines is a program; any other TypeScript block is a fragment of one. */
export function isProgram(code: string): boolean {
  return /^import\s/m.test(code);
}

/** Whether a block builds one of the constructs, so that synthesizing it must write manifests. */
export function buildsApp(code: string): boolean {
  return /\bnew (SafeRollingDeployment|BlueGreenApp|CanaryApp|SafeStatefulSet|SafeDaemonSet)\(/.test(code);
}

/**
 * The program a TypeScript block becomes: a program unchanged but for the name of its chart (so that
 * several write distinct files); a fragment inside a block of its own (it may declare its own `app`),
 * in a program that synthesizes `app` with its chart `chartName`, with `libraryNames` (the package's
 * exports) and FRAGMENT_SCOPE imported, as a reader who pastes it imports the names it uses.
 */
export function programOf(block: CodeBlock, libraryNames: readonly string[], chartName: string): BlockProgram {
  if (isProgram(block.code)) {
    return { text: block.code.replace(/new Chart\(app, '[^']+'/, `new Chart(app, '${chartName}'`), firstLine: 0 };
  }
  const head = [
    ...Object.entries(FRAGMENT_SCOPE).map(([module, names]) => `import { ${names.join(', ')} } from '${module}';`),
    `import { ${libraryNames.join(', ')} } from 'cdk8s-release-strategies';`,
    'const app = new App();',
    `const chart = new Chart(app, '${chartName}');`,
    '{',
  ];
  return { text: [...head, block.code, '}', 'app.synth();', ''].join('\n'), firstLine: head.length };
}
