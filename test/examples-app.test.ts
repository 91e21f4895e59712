/**
 * examples/app.js, the app command of cdk8s.yaml: it runs the TypeScript examples with a cache of
 * their transpiled JavaScript. Whatever the cache holds, the manifests must be the ones the sources
 * describe now, and a failure must point into the TypeScript sources.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkout } from '../scripts/checkout';

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

/** A checkout (with a transpile cache of its own) whose `example` has `edit` applied. */
function editedCheckout(example: string, edit: (source: string) => string): string {
  const dir = checkout(root);
  const file = path.join(dir, 'examples', example);
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf-8')));
  return dir;
}

/** The transpile cache's entries of a checkout, with their modification times. */
function cacheEntries(dir: string): Record<string, number> {
  const cache = path.join(dir, 'node_modules', '.cache', 'cdk8s-release-strategies-examples');
  return Object.fromEntries(fs.readdirSync(cache).map((f) => [f, fs.statSync(path.join(cache, f)).mtimeMs]));
}

describe('examples/app.js', () => {
  test('writes the manifests of the TypeScript sources, from a cold and from a warm cache', () => {
    const dir = checkout(root);
    try {
      const cold = synth(dir, ['examples/app.js']);
      const transpiled = cacheEntries(dir);
      const warm = synth(dir, ['examples/app.js']);
      const throughTsx = synth(root, ['--import', 'tsx', 'examples/main.ts']);
      expect(cold.status).toBe(0);
      expect(Object.keys(cold.files)).toHaveLength(6);
      expect(cold.files).toEqual(throughTsx.files);
      expect(warm.files).toEqual(throughTsx.files);
      // The warm synth transpiled nothing: every entry is the one the cold synth wrote.
      expect(Object.keys(transpiled).length).toBeGreaterThan(30);
      expect(cacheEntries(dir)).toEqual(transpiled);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an edit shows in the very next synth, whatever the file\'s modification time says', () => {
    const dir = checkout(root);
    try {
      expect(synth(dir, ['examples/app.js']).status).toBe(0);
      const file = path.join(dir, 'examples', 'seed-002-spring-boot.ts');
      const source = fs.readFileSync(file, 'utf-8');
      expect(source).toContain('customValue: hello from the ConfigMap');
      const { mtime } = fs.statSync(file);
      fs.writeFileSync(file, source.replace('customValue: hello from the ConfigMap', 'customValue: edited'));
      fs.utimesSync(file, mtime, mtime); // older than its cache entry: only the content tells
      expect(synth(dir, ['examples/app.js']).files['seed-002-spring-boot-rolling.k8s.yaml']).toContain('customValue: edited');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a failing example fails the synth with a stack trace into its TypeScript source', () => {
    const dir = editedCheckout('seed-002-spring-boot.ts', (source) => {
      const lines = source.split('\n');
      const at = lines.findIndex((line) => line.includes('super(scope, id);'));
      lines.splice(at + 1, 0, '    const broken: { readonly x?: { readonly y: number } } = {};', '    console.log(broken.x!.y);');
      return lines.join('\n');
    });
    try {
      const source = fs.readFileSync(path.join(dir, 'examples', 'seed-002-spring-boot.ts'), 'utf-8').split('\n');
      const line = source.findIndex((l) => l.includes('broken.x!.y')) + 1;
      const result = synth(dir, ['examples/app.js']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('TypeError');
      expect(result.stderr).toContain(`examples/seed-002-spring-boot.ts:${line}:`);
      expect(result.files).toEqual({});
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file esbuild cannot read fails the synth at once, with esbuild\'s message naming the place', () => {
    const dir = editedCheckout('seed-002-spring-boot.ts', (source) => source.replace('super(scope, id);', 'super(scope, id);\n    const = 1;'));
    try {
      const result = synth(dir, ['examples/app.js']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/seed-002-spring-boot\.ts:\d+:\d+: ERROR/);
      expect(result.stderr.match(/: ERROR/g)).toHaveLength(1); // reported once: not run again with source maps
      expect(result.files).toEqual({});
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
