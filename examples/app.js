/**
 * The app command of cdk8s.yaml: synthesizes the examples.
 *
 * `npm run build` (run by `npm install`) compiles them with the library to lib/. Running that
 * JavaScript saves the TypeScript loader's start-up, about a quarter of a second per synth. When
 * any TypeScript source under src/, imports/ or examples/ is newer than its compiled file (an edit
 * since the last build), the sources are run through tsx instead, so a synth always shows the code
 * as it is now.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const SOURCE_FOLDERS = ['src', 'imports', 'examples'];

/** Whether every TypeScript source has a compiled file in lib/ at least as new as itself. */
function compiledIsCurrent() {
  const pending = SOURCE_FOLDERS.map((folder) => path.join(root, folder));
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        pending.push(file);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const compiled = path.join(root, 'lib', path.relative(root, file).replace(/\.ts$/, '.js'));
        const built = fs.statSync(compiled, { throwIfNoEntry: false });
        if (!built || built.mtimeMs < fs.statSync(file).mtimeMs) return false;
      }
    }
  }
  return true;
}

let examples;
if (compiledIsCurrent()) {
  examples = require('../lib/examples/main.js');
} else {
  process.stderr.write('examples/app.js: sources changed since the last `npm run build`: running them with tsx (slower)\n');
  require('tsx/cjs');
  examples = require('./main.ts');
}
const { App } = require('cdk8s');
const app = new App();
examples.buildExamples(app);
app.synth();
