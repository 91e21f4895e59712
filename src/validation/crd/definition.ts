/**
 * One CustomResourceDefinition as the plugin keeps it: the kind of one API group, in all its versions,
 * each with its openAPIV3Schema. Read from the app's own CRD objects, from CRD files and from the
 * built-in schemas alike.
 */
import { isObject, Json, list, str } from '../objects';

export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: Json;
}

/** One CustomResourceDefinition: the kind of one API group, in all its versions. */
export interface Crd {
  readonly group: string;
  readonly kind: string;
  /** Where it was read from: a file, or `Kind/name` of the app's own CRD object. */
  readonly source: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
  /**
   * One of the package's own vendored CRDs (builtin.ts): their schemas are known to be valid JSON
   * Schema once converted (a test checks every version against the meta-schema), so they are compiled
   * without checking that again at every synth. Any other CRD's schema is checked as it is compiled.
   */
  readonly builtIn?: boolean;
}

/** A CustomResourceDefinition manifest as a Crd; undefined for anything else. */
export function toCrd(manifest: unknown, source: string): Crd | undefined {
  if (!isObject(manifest) || manifest.kind !== 'CustomResourceDefinition' || !isObject(manifest.spec)) return undefined;
  const group = str(manifest.spec.group);
  const kind = str(manifest.spec.names?.kind);
  if (!group || !kind) return undefined;
  const versions = new Map<string, CrdVersion>();
  for (const version of list(manifest.spec.versions)) {
    if (!isObject(version) || typeof version.name !== 'string') continue;
    // apiextensions.k8s.io/v1 has a schema per version; v1beta1 could share one at spec.validation.
    const schema = version.schema?.openAPIV3Schema ?? manifest.spec.validation?.openAPIV3Schema;
    versions.set(version.name, { name: version.name, served: version.served !== false, schema: isObject(schema) ? schema : {} });
  }
  return { group, kind, source, versions };
}
