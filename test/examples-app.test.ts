/**
 * examples/app.js, the app command of cdk8s.yaml: it runs the examples as compiled by `npm run build`
 * (fast), and their TypeScript sources through tsx when any source is newer than its build (an edit
 * since the last build). Either way the manifests must be the ones the sources describe now.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const SOURCE_FOLDERS = ['src', 'imports', 'examples'];

/** Runs a synth with `args` in `cwd`; returns the files written to the output folder and stderr. */
function synth(cwd: string, args: string[]) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-app-'));
  try {
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
    expect(result.status).toBe(0);
    const files = Object.fromEntries(fs.readdirSync(outdir).sort().map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    return { files, stderr: result.stderr };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function newestSource(): number {
  const times: number[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) times.push(fs.statSync(file).mtimeMs);
    }
  };
  SOURCE_FOLDERS.forEach((folder) => walk(path.join(root, folder)));
  return Math.max(...times);
}

describe('examples/app.js', () => {
  beforeAll(() => {
    const main = path.join(root, 'lib', 'examples', 'main.js');
    if (!fs.existsSync(main) || fs.statSync(main).mtimeMs < newestSource()) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
    }
  }, 240_000);

  test('after a build, runs the compiled examples, with the manifests of the TypeScript sources', () => {
    const compiled = synth(root, ['examples/app.js']);
    const fromSources = synth(root, ['--import', 'tsx', 'examples/main.ts']);
    expect(compiled.stderr).toBe('');
    expect(Object.keys(compiled.files)).toHaveLength(5);
    expect(compiled.files).toEqual(fromSources.files);
  });

  test('after an edit to an example, synthesizes the edited source (through tsx), and says so', () => {
    // A checkout whose examples/ was edited after the build; everything else is the repository's.
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-edited-'));
    try {
      for (const shared of ['src', 'imports', 'lib', 'node_modules', 'package.json', 'tsconfig.json']) {
        fs.symlinkSync(path.join(root, shared), path.join(checkout, shared));
      }
      fs.cpSync(path.join(root, 'examples'), path.join(checkout, 'examples'), { recursive: true });
      const example = path.join(checkout, 'examples', 'seed-002-spring-boot.ts');
      const source = fs.readFileSync(example, 'utf-8');
      expect(source).toContain('customValue: hello from the ConfigMap');
      fs.writeFileSync(example, source.replace('customValue: hello from the ConfigMap', 'customValue: edited since the build'));
      const future = new Date(Date.now() + 60_000);
      fs.utimesSync(example, future, future);

      const edited = synth(checkout, ['examples/app.js']);
      expect(edited.stderr).toContain('sources changed since the last `npm run build`: running them with tsx');
      expect(edited.files['seed-002-spring-boot-rolling.k8s.yaml']).toContain('customValue: edited since the build');
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });
});
