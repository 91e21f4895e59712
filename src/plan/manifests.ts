/**
 * Reading synthesized manifests for the plan: every `.yaml`/`.yml` file of a folder (the CLI) or
 * objects already in memory (tests). Parsed with the `yaml` package cdk8s brings; cdk8s-plus-27 is
 * never loaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadYaml } from '../core/peer-modules';

/** A Kubernetes object and the file it came from. */
export interface Manifest {
  readonly file: string;
  readonly object: any;
}

/** A problem with the input: names the file and the object. */
export class PlanError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** `Kind/namespace/name` (or `Kind/name`), as the validation report writes it. */
export function objectName(object: any): string {
  const meta = object?.metadata ?? {};
  return [object?.kind ?? '?', ...(meta.namespace ? [meta.namespace] : []), meta.name ?? '?'].join('/');
}

/** Parses every document of one YAML text; a syntax error names the file and line. */
export function parseManifests(file: string, text: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of loadYaml().parseAllDocuments(text) as any[]) {
    const error = doc.errors?.[0];
    if (error) throw new PlanError(`${file}: not valid YAML: ${String(error.message).split('\n')[0]}`);
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    if (typeof object !== 'object' || Array.isArray(object) || typeof object.kind !== 'string') {
      throw new PlanError(`${file}: a document that is not a Kubernetes object (no 'kind')`);
    }
    out.push({ file, object });
  }
  return out;
}

/** The manifests of every `.yaml`/`.yml` file in `dir` and its subfolders, in name order. */
export function readManifestDir(dir: string): Manifest[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PlanError(`${dir}: not a folder of manifests`);
  const files = manifestFiles(dir);
  if (files.length === 0) throw new PlanError(`${dir}: no .yaml or .yml files`);
  return files.flatMap((file) => parseManifests(file, fs.readFileSync(file, 'utf-8')));
}

/** Every `.yaml`/`.yml` file in the folder `dir` and its subfolders, in name order. */
export function manifestFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/**
 * Manifests as given to the plan's functions: `{ file, object }` pairs (readManifestDir), or plain
 * objects (`Testing.synth(chart)`), which get `file` as their file name.
 */
export function asManifests(input: readonly unknown[], file: string): Manifest[] {
  return input.filter((m) => m !== null && m !== undefined)
    .map((m: any) => (typeof m.file === 'string' && typeof m.object === 'object' && m.object !== null ? m : { file, object: m }));
}
