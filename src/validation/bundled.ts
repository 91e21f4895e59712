/**
 * Libraries the validation uses without depending on them directly: ajv comes with kubernetes-models
 * (a bundled dependency of this package), yaml with cdk8s (a peer dependency every app has). Each is
 * loaded through the dependency chain that brings it, so it is found however npm laid out
 * node_modules, and always in the version its owner was tested with.
 */
import { createRequire } from 'module';

/** Requires `chain[last]` as a dependency of `chain[last - 1]`, ..., of `chain[0]` (a dependency of ours). */
function requireThrough(chain: readonly string[]): any {
  let resolveFrom = require.resolve(chain[0]);
  for (const name of chain.slice(1, -1)) resolveFrom = createRequire(resolveFrom).resolve(name);
  return createRequire(resolveFrom)(chain[chain.length - 1]);
}

/** ajv (JSON Schema validation), through kubernetes-models -> @kubernetes-models/validate. */
export function loadAjv(): any {
  const module = requireThrough(['kubernetes-models', '@kubernetes-models/validate', 'ajv']);
  return module.default ?? module;
}

/** The `yaml` parser, through cdk8s. */
export function loadYaml(): { parseAllDocuments(text: string): { toJS(options?: object): unknown }[] } {
  return requireThrough(['cdk8s', 'yaml']);
}
