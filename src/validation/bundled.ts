/**
 * Libraries the validation uses without depending on them directly: ajv comes with kubernetes-models
 * (a bundled dependency of this package), yaml with cdk8s (a peer dependency every app has) and with
 * the cdk8s CLI the plugin runs in. Each is loaded through the dependency chain that brings it, so it
 * is found however npm laid out node_modules, and always in the version its owner was tested with.
 */
import { createRequire } from 'module';
import * as path from 'path';
import { packageAbove, requireThrough, resolveThrough } from '../core/peer-modules';

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
  const chains = [['@bufbuild/cel'], ['kubernetes-models'], ['kubernetes-models', '@kubernetes-models/apimachinery'], ['kubernetes-models', '@kubernetes-models/base'], AJV_CHAIN, [...AJV_CHAIN, 'ajv']];
  return [...chains.map((chain) => `${chain[chain.length - 1]}@${installedVersion(chain)}`), `yaml@${versionOf('yaml', yamlPath())}`];
}

/** The version of the package at the end of a dependency chain, as installed; `unknown` when its package.json is not found. */
export function installedVersion(chain: readonly string[]): string {
  return versionOf(chain[chain.length - 1], resolveThrough(chain));
}

/** The version of the package `name` whose module `file` is; `unknown` when its package.json is not found. */
function versionOf(name: string, file: string): string {
  return packageAbove(path.dirname(file), name)?.version ?? 'unknown';
}

let resolvedYaml: string | undefined;

/**
 * The `yaml` parser the plugin reads files with: in the cdk8s CLI, the copy the CLI parses the
 * manifests with (loaded already, and by definition the parser whose reading RS113 compares with
 * kubectl's), when it is yaml 2; otherwise, as in an app's unit test, the copy cdk8s writes with.
 */
function yamlPath(): string {
  if (resolvedYaml === undefined) {
    const main = require.main?.filename;
    let cli: string | undefined;
    try {
      if (main && /[\\/]cdk8s-cli[\\/]/.test(main)) cli = createRequire(main).resolve('yaml');
    } catch {
      // the CLI without a yaml of its own: cdk8s' below
    }
    resolvedYaml = cli && versionOf('yaml', cli).startsWith('2.') ? cli : resolveThrough(['cdk8s', 'yaml']);
  }
  return resolvedYaml;
}

/** The `yaml` parser (yamlPath). */
export function loadYaml(): { parseAllDocuments(text: string): { toJS(options?: object): unknown }[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(yamlPath());
}

