/**
 * The plugin's transition check: the synthesized output folder against its last committed version
 * (git HEAD), with the transition rules (RS4xx). A folder outside git, or a repository without a
 * commit yet, is skipped silently; an output identical to the commit costs one `git status`, nothing
 * is read from git or parsed (files the caller names as no output, such as the CLI's
 * construct-metadata.json, do not count).
 */
import * as fs from 'fs';
import * as path from 'path';
import { gitLocation, readFilesAtRevision, unchangedSinceHead } from '../plan/base';
import { parseManifests } from '../plan/manifests';
import { clusterChanges } from '../core/cluster-folders';
import type { Violation } from './validate';

/* eslint-disable @typescript-eslint/no-require-imports */
// The transition rules load only when the output differs from the commit (an unchanged synth never does).
const coreTransition = (): typeof import('../core/transition') => require('../core/transition');
const transitionRules = (): typeof import('./transition') => require('./transition');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The folder holding every file (their deepest common folder). */
function commonFolder(files: readonly string[]): string {
  let dir = path.dirname(path.resolve(files[0]));
  while (!files.every((f) => path.resolve(f).startsWith(dir + path.sep))) dir = path.dirname(dir);
  return dir;
}

/**
 * The transition findings of the manifests `files` (parsed with `parse`) over the output folder's
 * committed version; none when the folder is not tracked by git or nothing changed.
 */
export function committedTransitionViolations(
  files: readonly string[], parse: (file: string) => readonly unknown[],
  options: { readonly syncWaves?: boolean; readonly notOutput?: readonly string[] } = {},
): Violation[] {
  if (nothingToCompare(files, options.notOutput)) return [];
  const dir = commonFolder(files);
  let committed: Map<string, string>;
  try {
    committed = readFilesAtRevision(dir, 'HEAD');
  } catch {
    return []; // no commit yet
  }
  const current = new Map(files.map((f) => [path.relative(dir, path.resolve(f)).split(path.sep).join('/'), f]));
  const unchanged = committed.size === current.size
    && [...current].every(([rel, file]) => committed.get(rel) === fs.readFileSync(file, 'utf-8'));
  if (unchanged) return [];
  let before: { manifest: unknown; file: string }[];
  try {
    // Each committed file where it lies in the working tree, so that a fleet's cluster folders match up.
    before = [...committed].flatMap(([rel, text]) => parseManifests(`HEAD:${rel}`, text).map((m) => ({ manifest: m.object, file: path.join(dir, rel) })));
  } catch {
    return []; // a committed version that is not manifests: nothing to compare with
  }
  const after = [...current.values()].flatMap((file) => parse(file).map((manifest) => ({ manifest, file: path.resolve(file) })));
  // Objects of two cluster folders never meet on one API server: each cluster's change is its own.
  const { Transition } = coreTransition();
  const { kubeObjects, validateTransition } = transitionRules();
  return clusterChanges(before, after).flatMap((c) =>
    validateTransition(new Transition(kubeObjects(c.before), kubeObjects(c.after), options.syncWaves ?? false), { includeWaived: true }));
}

/**
 * Whether the transition check has nothing to compare: no files, an output folder outside git, or an
 * output identical to the commit (one `git status`; `notOutput` files do not count).
 */
export function nothingToCompare(files: readonly string[], notOutput?: readonly string[]): boolean {
  if (files.length === 0) return true;
  const dir = commonFolder(files);
  return !gitLocation(dir) || unchangedSinceHead(dir, notOutput);
}
