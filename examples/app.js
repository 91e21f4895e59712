/**
 * The app command of cdk8s.yaml: synthesizes the examples from their TypeScript sources (and the
 * library's, in src/ and imports/), as they are now.
 *
 * Transpile-only, like tsx: type checking is the job of `npm run build` and `npm test`, not of every
 * synth. Each .ts file is transpiled by esbuild once per content and kept in
 * node_modules/.cache/cdk8s-release-strategies-examples/; a synth reads the JavaScript back. That
 * skips a TypeScript loader's start-up, about a quarter of a second per synth (README "Synth speed").
 * Files edited since their last transpile are sent to esbuild first, so that it works while cdk8s
 * loads.
 *
 * Stack traces then point into the transpiled code; when the examples throw, they are run once more
 * with source maps (slower, and only then) so that the trace points into the TypeScript sources.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const SOURCE_FOLDERS = ['src', 'imports', 'examples'];
const cacheDir = path.join(root, 'node_modules', '.cache', 'cdk8s-release-strategies-examples');
// What the JavaScript depends on besides the source: a change to either makes every entry stale.
const TRANSFORM = { loader: 'ts', format: 'cjs', target: 'es2022', sourcemap: 'inline', sourcesContent: false };
let esbuild;
let settings; // esbuild's version and TRANSFORM, once per synth

/** The cache entry of a file: one per file (by its path in the repository), replaced when it changes. */
function entryOf(file) {
  return path.join(cacheDir, `${hash(path.relative(root, file))}.js`);
}

/**
 * Ends the JavaScript of a file: an entry is current when it ends with the stamp of the file as it is
 * now (its path is in the source map, its content and esbuild's settings in the code).
 */
function stampOf(file, source) {
  settings ??= `${require('esbuild/package.json').version}\0${JSON.stringify(TRANSFORM)}`;
  return `\n//# transpiled ${hash(settings, file, source)}\n`;
}

/** The JavaScript of a TypeScript file: from the cache when the file is unchanged, else from esbuild. */
function javascriptOf(file) {
  const source = fs.readFileSync(file, 'utf-8');
  const stamp = stampOf(file, source);
  try {
    const cached = fs.readFileSync(entryOf(file), 'utf-8');
    if (cached.endsWith(stamp)) return cached;
  } catch {
    // Not transpiled yet.
  }
  esbuild ??= require('esbuild');
  return store(file, esbuild.transformSync(source, { ...TRANSFORM, sourcefile: file }).code + stamp);
}

function store(file, code) {
  const temporary = `${entryOf(file)}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, entryOf(file)); // a concurrent synth never reads half a file
  } catch {
    fs.rmSync(temporary, { force: true }); // no cache this time
  }
  return code;
}

/**
 * Starts esbuild on the sources modified after their cache entry was written (an edit). Only a head
 * start: javascriptOf still checks each file's content when it is required.
 */
function transpileEdited() {
  const edited = [];
  const pending = SOURCE_FOLDERS.map((folder) => path.join(root, folder));
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        pending.push(file);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const transpiled = fs.statSync(entryOf(file), { throwIfNoEntry: false });
        if (!transpiled || transpiled.mtimeMs < fs.statSync(file).mtimeMs) edited.push(file);
      }
    }
  }
  if (edited.length === 0) return Promise.resolve();
  esbuild ??= require('esbuild');
  return Promise.all(edited.map(async (file) => {
    const source = fs.readFileSync(file, 'utf-8');
    store(file, (await esbuild.transform(source, { ...TRANSFORM, sourcefile: file })).code + stampOf(file, source));
  })).catch(() => {
    // A file esbuild cannot transpile fails with its message when it is required.
  });
}

function hash(...parts) {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function synthesize() {
  const { App } = require('cdk8s');
  const app = new App();
  require('./main.ts').buildExamples(app);
  app.synth();
}

const RERUN = 'CDK8S_EXAMPLES_WITH_SOURCE_MAPS';

/** Ends a failed synth: esbuild's own message for a file it cannot read, else a trace into the sources. */
function fail(error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /'esbuild'/.test(error.message)) {
    process.stderr.write('examples/app.js: esbuild is missing: run `npm install`\n');
    process.exit(1);
  }
  if (error && Array.isArray(error.errors) && Array.isArray(error.warnings)) {
    // esbuild's message names the file, line and column; its stack would only show esbuild's insides.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (process.env[RERUN]) throw error; // already with source maps
  const again = require('child_process').spawnSync(process.execPath, ['--enable-source-maps', __filename], {
    stdio: 'inherit', env: { ...process.env, [RERUN]: '1' },
  });
  process.exit(again.status ?? 1);
}

require.extensions['.ts'] = (module, file) => module._compile(javascriptOf(file), file);
let transpiling;
try {
  transpiling = transpileEdited();
  // What every example loads, loaded while esbuild works.
  require('cdk8s');
  require('cdk8s-plus-27');
} catch (error) {
  fail(error);
}
transpiling.then(synthesize).catch((error) => {
  try {
    fail(error);
  } catch (thrown) {
    process.exitCode = 1;
    console.error(thrown);
  }
});
