/**
 * The manifests before a change: a folder (`--base old-dist/`) or the output folder at a git
 * revision (`--base git:main`), read with git itself (`git ls-tree`, `git cat-file`), nothing checked
 * out. Every problem is a PlanError naming the base.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Manifest, parseManifests, PlanError, readManifestDir } from './manifests';

const GIT_PREFIX = 'git:';

function git(cwd: string, args: string[], input?: string): Buffer {
  return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/**
 * The git repository that holds `dir` (the nearest folder above with a `.git` entry, found without
 * running git), and `dir`'s path inside it; undefined when it is outside git.
 */
export function gitLocation(dir: string): { root: string; prefix: string } | undefined {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return undefined;
  }
  for (let root = real; ; root = path.dirname(root)) {
    if (fs.existsSync(path.join(root, '.git'))) return { root, prefix: path.relative(root, real).split(path.sep).join('/') };
    if (path.dirname(root) === root) return undefined;
  }
}

/**
 * Whether the files under `dir` are as committed at HEAD (nothing modified, added or deleted): one git
 * call. `ignored` names files of `dir` (relative to it) whose state does not count.
 */
export function unchangedSinceHead(dir: string, ignored: readonly string[] = []): boolean {
  const where = gitLocation(dir);
  if (!where) return false;
  const skip = new Set(ignored.map((file) => (where.prefix === '' ? file : `${where.prefix}/${file}`)));
  try {
    // -z: one NUL-terminated entry per file, "XY path", paths unquoted.
    const entries = git(where.root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', where.prefix === '' ? '.' : where.prefix])
      .toString().split('\0').filter((entry) => entry !== '');
    return entries.every((entry) => skip.has(entry.slice(3)));
  } catch {
    return false;
  }
}

/**
 * The text of every `.yaml`/`.yml` file of `dir` at `revision`, by path relative to `dir`; an empty
 * map when the folder did not exist there. Throws a PlanError when `dir` is outside git or the
 * revision does not exist.
 */
export function readFilesAtRevision(dir: string, revision: string): Map<string, string> {
  const where = gitLocation(dir);
  if (!where) throw new PlanError(`--base ${GIT_PREFIX}${revision}: ${dir} is not in a git repository`);
  let commit: string;
  try {
    commit = git(where.root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).toString().trim();
  } catch {
    const first = firstCommitParent(where.root, revision);
    throw new PlanError(first
      ? `--base ${GIT_PREFIX}${revision}: ${first} is the first commit of the repository at ${where.root}: it has no parent to compare with. `
        + 'Review the first commit of a new app with --new-app and no --base: every object is reviewed as created'
      : `--base ${GIT_PREFIX}${revision}: "${revision}" is not a revision of the repository at ${where.root} (a branch, tag or commit, as git rev-parse reads it)`);
  }
  const listing = git(where.root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', where.prefix === '' ? '.' : where.prefix]).toString();
  const files = listing.split('\0').filter((f) => /\.ya?ml$/i.test(f)).sort();
  const texts = new Map<string, string>();
  if (files.length === 0) return texts;
  // One git process for every file: `git cat-file --batch` answers "<sha> blob <size>\n<content>\n" per line of input.
  const out = git(where.root, ['cat-file', '--batch'], files.map((f) => `${commit}:${f}\n`).join(''));
  let at = 0;
  for (const file of files) {
    const eol = out.indexOf(10, at);
    const size = Number(out.subarray(at, eol).toString().split(' ')[2]);
    texts.set(where.prefix === '' ? file : file.slice(where.prefix.length + 1), out.subarray(eol + 1, eol + 1 + size).toString('utf-8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}

/**
 * `X` when `revision` is the parent of `X` (`X~1`, `X~`, `X^`, `X^1`) and `X` is a commit without
 * parents (the repository's first): the revision that does not exist because nothing came before.
 */
function firstCommitParent(root: string, revision: string): string | undefined {
  const of = /^(.+?)(?:~1?|\^1?)$/.exec(revision)?.[1];
  if (of === undefined) return undefined;
  try {
    // "<commit> <parent>...": a single hash is a commit without parents.
    return git(root, ['rev-list', '--parents', '-n', '1', `${of}^{commit}`, '--']).toString().trim().split(' ').length === 1 ? of : undefined;
  } catch {
    return undefined;
  }
}

/** The manifests of `dir` at `revision` (`git:<revision>:<path>` as their file names). */
export function readManifestsAtRevision(dir: string, revision: string): Manifest[] {
  return [...readFilesAtRevision(dir, revision)].flatMap(([file, text]) => parseManifests(`${GIT_PREFIX}${revision}:${file}`, text));
}

/** Reads a `--base`: a folder, or `git:<revision>` of the output folder `dir`. */
export function readBase(base: string, dir: string): Manifest[] {
  if (base.startsWith(GIT_PREFIX)) return readManifestsAtRevision(dir, base.slice(GIT_PREFIX.length));
  if (!fs.existsSync(base) || !fs.statSync(base).isDirectory()) {
    throw new PlanError(`--base ${base}: neither a folder of manifests nor ${GIT_PREFIX}<revision> (for example --base old-dist/ or --base ${GIT_PREFIX}main)`);
  }
  return readManifestDir(base);
}
