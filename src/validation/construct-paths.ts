/**
 * Which construct synthesized which manifest, from the construct metadata `cdk8s synth` records for
 * validation plugins (`construct-metadata.json`).
 *
 * cdk8s keys that metadata by `metadata.name` alone. When several objects share a name (a Deployment,
 * a Service and a NetworkPolicy all called `web`, or a Namespace in two charts), the entries overwrite
 * each other and only the object written last keeps its path. cdk8s writes charts in order and each
 * chart's objects in the order of its manifest file, so the surviving path belongs to the last object
 * of that name in the file of the path's chart (a top-level chart's file is named after its id). The
 * other objects of that name get no construct path rather than a wrong one.
 */
import { isObject } from './objects';

/** One manifest, located by file and position. */
export interface LocatedManifest {
  readonly file: string;
  readonly manifest: unknown;
}

/** Construct metadata as the CLI hands it to plugins: resource name -> construct path. */
export type ConstructMetadata = { readonly [name: string]: { readonly path: string } | undefined };

/** The construct path of each manifest (same order), or undefined where it cannot be known. */
export function attributeConstructPaths(manifests: readonly LocatedManifest[], metadata: ConstructMetadata): (string | undefined)[] {
  const nameOf = (m: LocatedManifest) => (isObject(m.manifest) && isObject(m.manifest.metadata) && typeof m.manifest.metadata.name === 'string' ? m.manifest.metadata.name : undefined);
  const byName = new Map<string, number[]>();
  manifests.forEach((m, i) => {
    const name = nameOf(m);
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), i]);
  });
  const paths: (string | undefined)[] = manifests.map(() => undefined);
  for (const [name, indexes] of byName) {
    const constructPath = metadata[name]?.path;
    if (typeof constructPath !== 'string') continue;
    if (indexes.length === 1) {
      paths[indexes[0]] = constructPath;
      continue;
    }
    const chartId = constructPath.split('/')[0];
    const inChart = indexes.filter((i) => isChartFile(manifests[i].file, chartId));
    const files = new Set(inChart.map((i) => manifests[i].file));
    if (inChart.length > 0 && files.size === 1) paths[inChart[inChart.length - 1]] = constructPath;
  }
  return paths;
}

/**
 * Whether a manifest file is the one of a top-level chart. cdk8s names it after the chart id as a DNS
 * label (lower case, other characters dropped, plus an 8-digit hash when that changed anything),
 * optionally numbered (`0001-`) when charts depend on each other.
 */
function isChartFile(file: string, chartId: string): boolean {
  const base = (file.split(/[\\/]/).pop() ?? file).replace(/\.k8s\.ya?ml$/, '').replace(/^[0-9]{4}-/, '');
  const label = chartId.toLowerCase().replace(/[^a-z0-9._-]/g, '');
  return base === label || (base.startsWith(`${label}-`) && /^[0-9a-f]{8}$/.test(base.slice(label.length + 1)));
}
