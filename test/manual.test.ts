/**
 * The manual (README.md and every docs/*.md page) checked in the form a reader pastes it: every
 * TypeScript block compiled in one strict program against the built library and run (a block that
 * builds a construct must synthesize manifests), every YAML block
 * parsed, every shell block either run by the consumer test or marked with the reason it is not,
 * every relative link and anchor resolving, the walkthroughs and each page's contents current. The
 * consumer test (CONSUMER_TEST=1) runs the same TypeScript, cdk8s.yaml and shell blocks again in a fresh
 * app that installs the packed library. Failures name the page and the line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import {
  buildsApp, CodeBlock, codeBlocks, headings, links, manualPages, programOf, ROOT, updateWalkthroughs, where, withContents,
} from '../scripts/manual';
import { renderWalkthroughs } from '../scripts/walkthrough';

const pages = manualPages();
const blocks = pages.flatMap(codeBlocks);
const LANGUAGES = ['ts', 'typescript', 'yaml', 'sh', 'bash', 'diff', 'text'];
const isTs = (b: CodeBlock) => b.lang === 'ts' || b.lang === 'typescript';
const tsBlocks = blocks.filter((b) => isTs(b) && b.excerptOf === undefined);
/** A block's lines without indentation or blank lines: an excerpt keeps the example's code, dedented. */
const codeLines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join('\n');

/** The entry points of the package, as `package.json` exports them, for the compiler and for running blocks. */
const ENTRY_POINTS: Record<string, string> = {
  'cdk8s-release-strategies': 'lib/src/index',
  'cdk8s-release-strategies/validation': 'lib/src/validation/index',
  'cdk8s-release-strategies/plan': 'lib/src/plan/index',
};

/** Where the block programs live for the compiler: in memory, under the root so that node_modules resolves. */
const VIRTUAL_DIR = path.join(ROOT, '.manual-blocks');
const fileOf = (i: number) => path.join(VIRTUAL_DIR, `block-${i}.ts`);

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], lib: ['lib.es2022.d.ts'],
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  baseUrl: ROOT, paths: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, [`${file}.d.ts`]])),
};

/** A compiler host that serves the block programs from memory and everything else from disk. */
function hostWith(files: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, language, ...rest) => files.has(f)
    ? ts.createSourceFile(f, files.get(f)!, language)
    : getSourceFile.call(host, f, language, ...rest);
  return host;
}

/** Every export of the package, values and types, as a reader may import them. */
function libraryNames(oldProgram?: ts.Program): { names: string[]; program: ts.Program } {
  const index = path.join(ROOT, `${ENTRY_POINTS['cdk8s-release-strategies']}.d.ts`);
  const program = ts.createProgram([index], COMPILER_OPTIONS, hostWith(new Map()), oldProgram);
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  return { names: checker.getExportsOfModule(symbol).map((s) => s.name).sort(), program };
}

function blockLine(block: CodeBlock, firstLine: number, programLine: number): number {
  // The fence is block.line; the block's first line is the next one.
  return block.line + 1 + programLine - firstLine;
}

describe('the manual: README.md and docs/*.md', () => {
  test('has the pages it had when this test was written, and any added since', () => {
    const files = pages.map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/safe-rolling-deployment.md', 'docs/validation.md', 'docs/development.md']));
  });

  test('every code block says what it is: ts, yaml, sh, diff or text', () => {
    expect(blocks.filter((b) => !LANGUAGES.includes(b.lang)).map((b) => `${where(b)}: \`\`\`${b.lang}`)).toEqual([]);
  });

  test('every shell block is run by the consumer test, or says why not in <!-- not run: reason -->', () => {
    const shell = blocks.filter((b) => b.lang === 'sh' || b.lang === 'bash');
    expect(shell.filter((b) => b.notRun !== undefined && b.notRun.length < 5).map(where)).toEqual([]);
    // The marker belongs to shell blocks only: elsewhere it would read as a waiver the tests do not grant.
    expect(blocks.filter((b) => b.notRun !== undefined && !shell.includes(b)).map(where)).toEqual([]);
  });

  test('every YAML block parses; a cdk8s.yaml block enables the plugin at the package\'s own version', () => {
    const problems: string[] = [];
    const version = require('../package.json').version;
    for (const block of blocks.filter((b) => b.lang === 'yaml')) {
      const doc = YAML.parseDocument(block.code);
      if (doc.errors.length) { problems.push(`${where(block)}: ${doc.errors[0].message.split('\n')[0]}`); continue; }
      const validations = doc.toJS()?.validations;
      // A reader enables an optional property by deleting its `# `: every such line must then still parse.
      const uncommented = block.code.replace(/^([ \t]*)# ?/gm, '$1');
      const enabled = YAML.parseDocument(uncommented);
      if (uncommented !== block.code && enabled.errors.length) {
        problems.push(`${where(block)}: with its commented-out lines enabled: ${enabled.errors[0].message.split('\n')[0]}`);
      }
      for (const v of Array.isArray(validations) ? validations : []) {
        if (v.package === './node_modules/cdk8s-release-strategies/plugin' && String(v.version) !== version) {
          problems.push(`${where(block)}: the plugin's version is ${v.version}, the package's ${version}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('an excerpt of an example is verbatim (the example tests compile and synthesize the example)', () => {
    const excerpts = blocks.filter((b) => b.excerptOf !== undefined);
    const wrong = excerpts.filter((b) => !isTs(b) || !/^examples\/[\w-]+\.ts$/.test(b.excerptOf!) || !fs.existsSync(path.join(ROOT, b.excerptOf!))
      || !codeLines(fs.readFileSync(path.join(ROOT, b.excerptOf!), 'utf-8')).includes(codeLines(b.code)));
    expect(wrong.map((b) => `${where(b)}: not an excerpt of ${b.excerptOf}`)).toEqual([]);
  });

  describe('TypeScript blocks, as a reader pastes them', () => {
    let programs: { block: CodeBlock; text: string; firstLine: number }[];
    let diagnostics: string[];
    let runs: { block: CodeBlock; error?: string; manifests: unknown[] }[];

    beforeAll(() => {
      const started = Date.now();
      const cpuStart = process.cpuUsage();
      const { names, program: libProgram } = libraryNames();
      programs = tsBlocks.map((block, i) => ({ block, ...programOf(block, names, `block-${i}`) }));
      const files = new Map(programs.map((p, i) => [fileOf(i), p.text]));
      const program = ts.createProgram([...files.keys()], COMPILER_OPTIONS, hostWith(files), libProgram);
      diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
        const i = [...files.keys()].indexOf(d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${programs[i].block.file}:${blockLine(programs[i].block, programs[i].firstLine, line)}: `
          + `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      const compiled = Date.now();
      const cpuCompiled = process.cpuUsage(cpuStart);

      // Run each program in this process against lib/, writing its manifests to a folder of its own.
      const outdirs = fs.mkdtempSync(path.join(os.tmpdir(), 'manual-'));
      const load = (id: string) => require(ENTRY_POINTS[id] ? path.join(ROOT, ENTRY_POINTS[id]) : id);
      const previous = process.env.CDK8S_OUTDIR;
      runs = programs.map(({ block, text }, i) => {
        const outdir = path.join(outdirs, String(i));
        process.env.CDK8S_OUTDIR = outdir;
        const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
        const js = ts.transpileModule(text, { compilerOptions: options });
        try {
          new Function('exports', 'require', 'module', js.outputText)({}, load, { exports: {} });
        } catch (e) {
          return { block, error: (e as Error).message, manifests: [] };
        }
        const files = fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')) : [];
        return { block, manifests: files.flatMap((f) => Yaml.load(path.join(outdir, f))).filter(Boolean) };
      });
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
      fs.rmSync(outdirs, { recursive: true, force: true });
      // What the manual costs a test run: wall time, and this process's CPU time (the wall time grows on a busy machine).
      const cpu = (usage: NodeJS.CpuUsage) => Math.round((usage.user + usage.system) / 1000);
      const cpuAll = process.cpuUsage(cpuStart);
      console.log(`manual: ${programs.length} TypeScript blocks compiled in ${compiled - started} ms (CPU ${cpu(cpuCompiled)} ms), `
        + `run in ${Date.now() - compiled} ms (CPU ${cpu(cpuAll) - cpu(cpuCompiled)} ms)`);
    }, 120_000);

    test('there are blocks to check', () => {
      expect(programs.length).toBeGreaterThanOrEqual(8);
    });

    test('compile in one strict program', () => {
      expect(diagnostics).toEqual([]);
    });

    test('run; a block that builds a construct synthesizes manifests', () => {
      expect(runs.filter((r) => r.error).map((r) => `${where(r.block)}: ${r.error}`)).toEqual([]);
      expect(runs.filter((r) => buildsApp(r.block.code) && r.manifests.length === 0).map((r) => where(r.block))).toEqual([]);
    });
  });

  test('every relative link and #anchor resolves', () => {
    const anchors = new Map<string, string[]>();
    const anchorsOf = (file: string) => {
      if (!anchors.has(file)) anchors.set(file, headings({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf-8') }).map((h) => h.anchor));
      return anchors.get(file)!;
    };
    const broken: string[] = [];
    for (const link of pages.flatMap(links)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) continue; // https:, mailto:
      const [target, anchor] = link.target.split('#');
      const file = target ? path.relative(ROOT, path.resolve(ROOT, path.dirname(link.file), decodeURI(target))) : link.file;
      if (file.startsWith('..') || !fs.existsSync(path.join(ROOT, file))) { broken.push(`${where(link)}: ${link.target}: no such file`); continue; }
      if (anchor === undefined) continue;
      if (!file.endsWith('.md')) broken.push(`${where(link)}: ${link.target}: an anchor into a file that is not Markdown`);
      else if (!anchorsOf(file).includes(anchor)) broken.push(`${where(link)}: ${link.target}: ${file} has no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  test('each docs/ page with two or more sections lists them at the top (run `npm run docs` after a change)', () => {
    expect(pages.filter((p) => withContents(p).text !== p.text).map((p) => p.file)).toEqual([]);
  });

  test('every diff block is part of a walkthrough that `npm run docs` regenerates', () => {
    const outside = pages.flatMap((page) => {
      const lines = page.text.split('\n');
      const inside = (line: number) => {
        const above = lines.slice(0, line - 1).reverse().find((l) => /^<!-- \/?walkthrough:[\w-]+ -->$/.test(l));
        return above !== undefined && !above.startsWith('<!-- /');
      };
      return codeBlocks(page).filter((b) => b.lang === 'diff' && !inside(b.line)).map(where);
    });
    expect(outside).toEqual([]);
  });

  test('the release walkthroughs show the diffs the constructs synthesize today (run `npm run docs` after a change)', () => {
    const updated = updateWalkthroughs(pages, renderWalkthroughs());
    for (const [i, page] of updated.entries()) expect({ file: page.file, text: page.text }).toEqual({ file: pages[i].file, text: pages[i].text });
  });
});
