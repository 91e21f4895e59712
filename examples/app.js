/**
 * The app command of cdk8s.yaml: synthesizes the examples from their TypeScript sources (and the
 * library's, in src/ and imports/), as they are now.
 *
 * Transpile-only, like tsx: type checking is the job of `npm run build` and `npm test`, not of every
 * synth. Each .ts file is transpiled by esbuild once per content and kept in
 * node_modules/.cache/cdk8s-release-strategies-examples/; a synth reads the JavaScript back. That
 * skips a TypeScript loader's start-up, about a quarter of a second per synth (README "Fast synth").
 *
 * Stack traces then point into the transpiled code; when the examples throw, they are run once more
 * with source maps (slower, and only then) so that the trace points into the TypeScript sources.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'cdk8s-release-strategies-examples');
// What the JavaScript depends on besides the source: a change to either makes every entry stale.
const TRANSFORM = { loader: 'ts', format: 'cjs', target: 'es2022', sourcemap: 'inline', sourcesContent: false };
let esbuild;

/** The JavaScript of a TypeScript file: from the cache when the file is unchanged, else from esbuild. */
function javascriptOf(file) {
  const source = fs.readFileSync(file, 'utf-8');
  // One entry per file (by its path in the repository), replaced when the file changes.
  const entry = path.join(cacheDir, `${hash(path.relative(root, file))}.js`);
  const stamp = `\n//# transpiled ${hash(esbuildVersion(), JSON.stringify(TRANSFORM), source)}\n`;
  try {
    const cached = fs.readFileSync(entry, 'utf-8');
    if (cached.endsWith(stamp)) return cached;
  } catch {
    // Not transpiled yet.
  }
  esbuild ??= require('esbuild');
  const code = esbuild.transformSync(source, { ...TRANSFORM, sourcefile: file }).code + stamp;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, entry); // a concurrent synth never reads half a file
  } catch {
    // No cache this time.
  }
  return code;
}

function hash(...parts) {
  return crypto.createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

let version;
function esbuildVersion() {
  version ??= require('esbuild/package.json').version;
  return version;
}

require.extensions['.ts'] = (module, file) => module._compile(javascriptOf(file), file);

try {
  const { App } = require('cdk8s');
  const app = new App();
  require('./main.ts').buildExamples(app);
  app.synth();
} catch (error) {
  if (process.sourceMapsEnabled) throw error;
  const again = require('child_process').spawnSync(process.execPath, ['--enable-source-maps', __filename], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
