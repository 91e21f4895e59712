/**
 * The CRDs built into the package: the vendored crds/ of this repository in compact form, written to
 * lib/crd-schemas.json by `npm run build` (scripts/crd-schemas.ts), so that the custom resources this
 * library emits are checked without any `crdFiles`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageAbove } from '../../core/peer-modules';
import { Crd, CrdVersion } from './definition';

/**
 * The package's own copy of the vendored CRDs' schemas, written by `npm run build` beside the compiled
 * code (lib/crd-schemas.json at the package's root, whether this module runs from lib/ or, in the
 * project's tests, from src/).
 */
export const BUILTIN_CRDS = path.join(packageRoot(), 'lib', 'crd-schemas.json');
let builtin: Map<string, Crd> | undefined;

function packageRoot(): string {
  const own = packageAbove(__dirname, 'cdk8s-release-strategies');
  if (!own) throw new Error(`cdk8s-release-strategies: no package.json of the package above ${__dirname}`);
  return own.dir;
}

/** The built-in CRDs by `group/Kind`, read on first need. */
export function builtinCrds(): Map<string, Crd> {
  if (!builtin) {
    if (!fs.existsSync(BUILTIN_CRDS)) throw new Error(`cdk8s-release-strategies: ${BUILTIN_CRDS} is missing (run \`npm run build\`)`);
    const stored: { crds: { source: string; group: string; kind: string; versions: CrdVersion[] }[] } = JSON.parse(fs.readFileSync(BUILTIN_CRDS, 'utf-8'));
    builtin = new Map(stored.crds.map((crd) => [`${crd.group}/${crd.kind}`,
      { group: crd.group, kind: crd.kind, source: crd.source, builtIn: true, versions: new Map(crd.versions.map((v) => [v.name, v])) }]));
  }
  return builtin;
}
