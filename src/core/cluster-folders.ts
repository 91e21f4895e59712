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
 * The inputs grouped by cluster: one group per cluster folder an ApplicationSet names (those with
 * manifests), then one for every other file (the management cluster's, or a single-cluster app's).
 * Each group keeps the inputs' order; inputs without a file stay in the last group.
 */
export function groupByCluster<T extends { readonly file?: string; readonly manifest: unknown }>(inputs: readonly T[]): T[][] {
  const folders: string[] = [];
  for (const input of inputs) {
    const m = input.manifest as any;
    const listed = m?.kind === 'ApplicationSet' ? m?.metadata?.annotations?.[CLUSTER_FOLDERS_ANNOTATION] : undefined;
    if (typeof listed !== 'string' || !input.file) continue;
    const base = path.dirname(path.resolve(input.file));
    for (const relative of listed.split(',')) if (relative.trim()) folders.push(path.resolve(base, relative.trim()));
  }
  if (folders.length === 0) return [[...inputs]];
  const groups = new Map<string, T[]>();
  const rest: T[] = [];
  for (const input of inputs) {
    const file = input.file ? path.resolve(input.file) : undefined;
    const folder = file && folders.find((f) => file.startsWith(f + path.sep));
    if (folder) groups.set(folder, [...(groups.get(folder) ?? []), input]);
    else rest.push(input);
  }
  return [...groups.values(), ...(rest.length > 0 ? [rest] : [])];
}
