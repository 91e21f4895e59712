/**
 * Which manifests go to which cluster. A fleet writes one folder per cluster beside the folder of
 * its ApplicationSet, and names those folders in an annotation on the ApplicationSet (paths relative
 * to the ApplicationSet's own folder). Objects of two cluster folders never meet on one API server,
 * so the checks that compare objects (duplicates, references, selectors) must look at one folder at
 * a time: five clusters each with Deployment shop/checkout are five Deployments, not a duplicate.
 */
import * as path from 'path';
import { OWN_PREFIX } from './labels';

/** Annotation on a fleet's ApplicationSet: its cluster folders, relative to its folder, comma-separated. */
export const CLUSTER_FOLDERS_ANNOTATION = `${OWN_PREFIX}/cluster-folders`;

/**
 * The cluster folder of a file among `inputs`: the folder an ApplicationSet of the inputs names that
 * holds the file (an absolute path), or '' for every other file (the management cluster's, or a
 * single-cluster app's, or an input without a file).
 */
export function clusterFolderOf(inputs: readonly { readonly file?: string; readonly manifest: unknown }[]): (file: string | undefined) => string {
  const folders: string[] = [];
  for (const input of inputs) {
    const m = input.manifest as any;
    const listed = m?.kind === 'ApplicationSet' ? m?.metadata?.annotations?.[CLUSTER_FOLDERS_ANNOTATION] : undefined;
    if (typeof listed !== 'string' || !input.file) continue;
    const base = path.dirname(path.resolve(input.file));
    for (const relative of listed.split(',')) if (relative.trim()) folders.push(path.resolve(base, relative.trim()));
  }
  return (file) => {
    const resolved = file ? path.resolve(file) : undefined;
    return (resolved && folders.find((f) => resolved.startsWith(f + path.sep))) || '';
  };
}

/**
 * The inputs grouped by cluster: one group per cluster folder an ApplicationSet names (those with
 * manifests), then one for every other file (the management cluster's, or a single-cluster app's).
 * Each group keeps the inputs' order; inputs without a file stay in the last group.
 */
export function groupByCluster<T extends { readonly file?: string; readonly manifest: unknown }>(inputs: readonly T[]): T[][] {
  return [...keyedByCluster(inputs).values()];
}

/** The inputs by cluster folder ('' last: every file outside a cluster folder), each group in the inputs' order. */
export function keyedByCluster<T extends { readonly file?: string; readonly manifest: unknown }>(inputs: readonly T[]): Map<string, T[]> {
  const groups = byFolder(inputs, clusterFolderOf(inputs));
  if (groups.size === 0) groups.set('', []);
  return groups;
}

/**
 * Two versions of an output, paired by cluster folder (read from either version's ApplicationSets;
 * files given as they lie, or would lie, in the working tree): one pair per cluster folder of either
 * side (`folder` its absolute path), the files outside any cluster folder last (`folder` ''). A
 * single-cluster output is one pair.
 */
export function clusterChanges<T extends { readonly file?: string; readonly manifest: unknown }>(
  before: readonly T[], after: readonly T[],
): { readonly folder: string; readonly before: T[]; readonly after: T[] }[] {
  const folderOf = clusterFolderOf([...before, ...after]);
  const [b, a] = [byFolder(before, folderOf), byFolder(after, folderOf)];
  const folders = [...new Set([...b.keys(), ...a.keys()])];
  const ordered = [...folders.filter((f) => f !== ''), ...folders.filter((f) => f === '')];
  return ordered.map((folder) => ({ folder, before: b.get(folder) ?? [], after: a.get(folder) ?? [] }));
}

/** The inputs grouped by `folderOf` their file, in the inputs' order, the '' group last. */
function byFolder<T extends { readonly file?: string }>(inputs: readonly T[], folderOf: (file: string | undefined) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const rest: T[] = [];
  for (const input of inputs) {
    const folder = folderOf(input.file);
    if (!folder) rest.push(input);
    else if (groups.has(folder)) groups.get(folder)!.push(input);
    else groups.set(folder, [input]);
  }
  if (rest.length > 0) groups.set('', rest);
  return groups;
}
