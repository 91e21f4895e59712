/**
 * examples/app.js, the app command of cdk8s.yaml: it runs the TypeScript examples with a cache of
 * their transpiled JavaScript. Whatever the cache holds, the manifests must be the ones the sources
 * describe now, and a failure must point into the TypeScript sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

/** Runs `args` with node in `cwd`, the output folder a fresh temporary one; returns what it wrote. */
function synth(cwd: string, args: string[]) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-app-'));
  try {
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
    const files = Object.fromEntries(fs.readdirSync(outdir).sort().map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    return { status: result.status, files, stderr: result.stderr };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A checkout whose examples/ is a copy with `edit` applied to one example; everything else is the repository's. */
function editedCheckout(example: string, edit: (source: string) => string): string {
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-edited-'));
  for (const shared of ['src', 'imports', 'node_modules', 'package.json', 'tsconfig.json']) {
    fs.symlinkSync(path.join(root, shared), path.join(checkout, shared));
  }
  fs.cpSync(path.join(root, 'examples'), path.join(checkout, 'examples'), { recursive: true });
  const file = path.join(checkout, 'examples', example);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf-8')));
  return checkout;
}

describe('examples/app.js', () => {
  test('writes the manifests of the TypeScript sources, from a cold and from a warm cache', () => {
    fs.rmSync(path.join(root, 'node_modules', '.cache', 'cdk8s-release-strategies-examples'), { recursive: true, force: true });
    const cold = synth(root, ['examples/app.js']);
    const warm = synth(root, ['examples/app.js']);
    const throughTsx = synth(root, ['--import', 'tsx', 'examples/main.ts']);
    expect(cold.status).toBe(0);
    expect(Object.keys(cold.files)).toHaveLength(5);
    expect(cold.files).toEqual(throughTsx.files);
    expect(warm.files).toEqual(throughTsx.files);
  });

  test('an edit shows in the very next synth', () => {
    const checkout = editedCheckout('seed-002-spring-boot.ts', (source) => {
      expect(source).toContain('customValue: hello from the ConfigMap');
      return source.replace('customValue: hello from the ConfigMap', 'customValue: edited');
    });
    try {
      expect(synth(checkout, ['examples/app.js']).files['seed-002-spring-boot-rolling.k8s.yaml']).toContain('customValue: edited');
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  test('a failing example fails the synth with a stack trace into its TypeScript source', () => {
    const checkout = editedCheckout('seed-002-spring-boot.ts', (source) => {
      const lines = source.split('\n');
      const at = lines.findIndex((line) => line.includes('super(scope, id);'));
      lines.splice(at + 1, 0, '    const broken: { readonly x?: { readonly y: number } } = {};', '    console.log(broken.x!.y);');
      return lines.join('\n');
    });
    try {
      const source = fs.readFileSync(path.join(checkout, 'examples', 'seed-002-spring-boot.ts'), 'utf-8').split('\n');
      const line = source.findIndex((l) => l.includes('broken.x!.y')) + 1;
      const result = synth(checkout, ['examples/app.js']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('TypeError');
      expect(result.stderr).toContain(`examples/seed-002-spring-boot.ts:${line}:`);
      expect(result.files).toEqual({});
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });
});
