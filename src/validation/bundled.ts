/**
 * Libraries the validation uses without depending on them directly: ajv comes with kubernetes-models
 * (a bundled dependency of this package), yaml with cdk8s (a peer dependency every app has). Each is
 * loaded through the dependency chain that brings it, so it is found however npm laid out
 * node_modules, and always in the version its owner was tested with.
 */
import * as fs from 'fs';
import { loadYaml, requireThrough, resolveThrough } from '../core/peer-modules';
import * as path from 'path';

const AJV_CHAIN = ['kubernetes-models', '@kubernetes-models/validate'];

/** ajv (JSON Schema validation), through kubernetes-models -> @kubernetes-models/validate: its main module. */
export function loadAjv(): any {
  return requireThrough([...AJV_CHAIN, 'ajv']);
}

/**
 * `name@version` of each installed package whose code decides a schema outcome or a finding the
 * plugin remembers: the CEL evaluator, kubernetes-models and the packages its validators run on, and
 * the YAML parser RS113 reads the files' text with (any of them may be updated on its own within its
 * range).
 */
export function validatorPackages(): string[] {
  const chains = [['@bufbuild/cel'], ['kubernetes-models'], ['kubernetes-models', '@kubernetes-models/apimachinery'], ['kubernetes-models', '@kubernetes-models/base'], AJV_CHAIN, [...AJV_CHAIN, 'ajv'], ['cdk8s', 'yaml']];
  return chains.map((chain) => `${chain[chain.length - 1]}@${installedVersion(chain)}`);
}

/** The version of the package at the end of a dependency chain, as installed; `unknown` when its package.json is not found. */
export function installedVersion(chain: readonly string[]): string {
  const name = chain[chain.length - 1];
  // From the package's main module up to its package.json (which a package's `exports` may not expose).
  for (let dir = path.dirname(resolveThrough(chain)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name: found, version } = JSON.parse(fs.readFileSync(manifest, 'utf-8'));
    if (found === name) return version;
  }
  return 'unknown';
}

export { loadYaml };
