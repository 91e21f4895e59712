/**
 * CRD files the user points the plugin to (`crdFiles`): wildcards in file names, and the YAML read
 * once per process while the file's content stays the same.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadYaml } from '../bundled';
import { fileHash } from '../cache';
import { Crd, toCrd } from './definition';

/** The files a pattern names: a plain path, or a folder plus a file name with `*` / `?` wildcards. */
export function expandPattern(pattern: string, baseDir: string): string[] {
  const absolute = path.resolve(baseDir, pattern);
  const name = path.basename(absolute);
  if (!/[*?]/.test(name)) return fs.existsSync(absolute) ? [absolute] : [];
  const dir = path.dirname(absolute);
  if (!fs.existsSync(dir)) return [];
  const wildcard = new RegExp(`^${name.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return fs.readdirSync(dir).filter((f) => wildcard.test(f)).sort().map((f) => path.join(dir, f));
}

/** Parsed CRD files, so that a file is read once per process while unchanged. */
const crdFiles = new Map<string, { readonly content: string; readonly crds: Crd[] }>();

/** The CustomResourceDefinitions of a YAML file (other documents are skipped). */
export function crdsOfFile(file: string, source: string): Crd[] {
  const content = fileHash(file);
  const cached = crdFiles.get(file);
  if (cached && cached.content === content) return cached.crds;
  const crds = loadYaml().parseAllDocuments(fs.readFileSync(file, 'utf-8'))
    .map((document) => toCrd(document.toJS({ maxAliasCount: -1 }), source))
    .filter((crd): crd is Crd => crd !== undefined);
  crdFiles.set(file, { content, crds });
  return crds;
}
