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

const AJV_CHAIN = ['kubernetes-models', '@kubernetes-models/validate'];

/** ajv (JSON Schema validation), through kubernetes-models -> @kubernetes-models/validate: its main module. */
export function loadAjv(): any {
  return requireThrough([...AJV_CHAIN, 'ajv']);
}

/** A module of ajv's (`ajv/dist/...`): the standalone code generator, the runtime helpers of compiled validators. */
export function requireAjvModule(specifier: string): any {
  if (!/^ajv\/dist\/[a-z0-9/_-]+$/.test(specifier)) throw new Error(`not a module of ajv: ${specifier}`);
  return requireThrough([...AJV_CHAIN, specifier]);
}

/** The installed ajv's version (compiled validators are only reused with the ajv that compiled them). */
export function ajvVersion(): string {
  return String(requireThrough([...AJV_CHAIN, 'ajv/package.json']).version);
}

/** The installed kubernetes-models' version (its validators decide the schema outcomes of built-in kinds). */
export function kubernetesModelsVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return String(require('kubernetes-models/package.json').version);
}

/** The `yaml` parser, through cdk8s. */
export function loadYaml(): { parseAllDocuments(text: string): { toJS(options?: object): unknown }[] } {
  return requireThrough(['cdk8s', 'yaml']);
}
