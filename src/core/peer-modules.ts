/**
 * Loading a package through the dependency chain that brings it (so it is found however npm laid
 * out node_modules, in the version its owner was tested with): the `yaml` parser comes with cdk8s,
 * a peer dependency every app has. Used by the constructs' YAML writer hook and by the plugin.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

/**
 * The package `name` that `from` (a folder) belongs to: the nearest folder at or above it whose
 * package.json names that package (a package's `exports` may not expose its package.json to require).
 */
export function packageAbove(from: string, name: string): { readonly dir: string; readonly version?: string } | undefined {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name: found, version } = JSON.parse(fs.readFileSync(manifest, 'utf-8'));
    if (found === name) return { dir, version };
  }
  return undefined;
}

/** Resolves `chain[last]` as a dependency of `chain[last - 1]`, ..., of `chain[0]` (a dependency of ours). */
export function resolveThrough(chain: readonly string[]): string {
  let resolved = require.resolve(chain[0]);
  for (const name of chain.slice(1)) resolved = createRequire(resolved).resolve(name);
  return resolved;
}

/** Requires `chain[last]` as a dependency of `chain[last - 1]`, ..., of `chain[0]`. */
export function requireThrough(chain: readonly string[]): any {
  return createRequire(resolveThrough(chain.slice(0, -1)))(chain[chain.length - 1]);
}

/** The `yaml` parser, through cdk8s. */
export function loadYaml(): { parseAllDocuments(text: string): { toJS(options?: object): unknown }[] } {
  return requireThrough(['cdk8s', 'yaml']);
}
