/**
 * The plugin's disk cache, kept between synths: per app folder, what the last synth parsed and
 * schema-checked (memo.ts). DATA only, JSON: nothing in it is ever run. (Compiled CRD validators
 * were once kept here; they are compiled per process now, as reading code back from a folder under
 * the temp directory would let anyone who can write there run code in every synth.) Without it a
 * consumer's app (`npm run bench:plugin`)
 * pays more per `cdk8s synth` (docs/speed.md).
 *
 * Where: `$CDK8S_RELEASE_STRATEGIES_CACHE`, or `<system temp>/cdk8s-release-strategies-<user id>`.
 * Set the variable to `off` to disable the cache.
 *
 * A wrong entry can still hide a finding, so on POSIX systems the folder is used only when no one
 * else can write to it: a real directory (not a symbolic link) owned by the current user, not
 * writable by group or others. Otherwise, and on any read or write error, the plugin works without
 * it. Entries are keyed by hashes of the content they are derived from and of the code that derived
 * them (pluginFingerprint, by the files' signatures), checked for shape when read (memo.ts: a corrupt or foreign entry is no
 * entry, and the next save replaces it), and written atomically (a concurrent synth never reads half
 * a file).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { validatorPackages } from './bundled';
import { BUILTIN_CRDS } from './crd/builtin';
import { PARSED_CEL } from './crd/cel-parsed';

/** The environment variable that moves (or, set to `off`, disables) the cache. */
const CACHE_ENV = 'CDK8S_RELEASE_STRATEGIES_CACHE';

/** A stable name for an entry derived from `parts`. */
export function cacheKey(...parts: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/** The entry's content, or undefined when there is none (or no usable cache). */
export function readCache(name: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    return fs.readFileSync(path.join(dir, name), 'utf-8');
  } catch {
    return undefined;
  }
}

/** Whether entries can be kept: the cache is not off, and its folder is usable. */
export function cacheUsable(): boolean {
  return cacheDir() !== undefined;
}

/** Stores an entry; best effort. */
export function writeCache(name: string, content: string): void {
  const dir = cacheDir();
  if (!dir) return;
  const target = path.join(dir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content, { mode: 0o600 });
    fs.renameSync(temporary, target);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Best effort.
    }
  }
}

const fileHashes = new Map<string, string>();

/** A hash of a file's content (read once per process while its size and modification time stay). */
export function fileHash(file: string): string {
  const stat = fs.statSync(file);
  const key = `${path.resolve(file)}\0${stat.size}\0${stat.mtimeMs}`;
  let hash = fileHashes.get(key);
  if (hash === undefined) {
    hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 32);
    fileHashes.set(key, hash);
  }
  return hash;
}

/** How long after a change a file's signature may not show the next change (fileSignature). */
const RACY_NS = 2_000_000_000n;
/** The content hash of each file whose signature was taken within RACY_NS of its last change. */
const racy = new Map<string, string>();

/** A hash of a file's content, read now. */
function contentHash(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 32);
}

/**
 * What identifies one of the package's own files (its code, its built-in CRDs) without reading it:
 * size, modification and status-change times (in nanoseconds) and inode. Only an edit, a build or an
 * install changes those files, and each gives a new change time or inode, even an edit that keeps the
 * size and sets the modification time back. A file rewritten as it was gets a new signature: the next
 * synth is a cold one. A user's files (crdFiles) are known by content (fileHash). Reading and hashing
 * the package's 130 files and 700 KB of CRDs at every synth cost more than the rest of a warm check
 * (docs/speed.md).
 *
 * A file system's clock may not tell two writes apart that come close together (one second on some),
 * so a signature taken within two seconds of the file's last change may outlive the next change. As
 * git does with its index, such a file's content is hashed too (racyFiles): an entry saved with it is
 * used only while the content is the same (unchangedRacyFiles).
 */
export function fileSignature(file: string): string {
  const stat = fs.statSync(file, { bigint: true });
  const changed = stat.ctimeNs > stat.mtimeNs ? stat.ctimeNs : stat.mtimeNs;
  if (BigInt(Date.now()) * 1_000_000n - changed < RACY_NS) racy.set(path.resolve(file), contentHash(file));
  return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
}

/** The files this process took a signature of within two seconds of their last change, with their content hashes. */
export function racyFiles(): { [file: string]: string } {
  return Object.fromEntries([...racy].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Whether the files of racyFiles() (of an earlier process) still have that content. */
export function unchangedRacyFiles(files: { readonly [file: string]: string }): boolean {
  return Object.entries(files).every(([file, hash]) => {
    try {
      return contentHash(file) === hash;
    } catch {
      return false;
    }
  });
}

let fingerprint: string | undefined;

/**
 * The code every entry is derived with: the plugin's own files (this folder and its subfolders), its
 * data files and the validator packages it runs (validatorPackages). Part of every entry's key, so an upgrade or an
 * edit of the plugin never reads what an older one wrote.
 */
export function pluginFingerprint(): string {
  if (fingerprint === undefined) {
    // The plugin's own files and the Kubernetes rules it shares with the constructs (src/core/).
    const own = [...ownFiles(__dirname, ''), ...ownFiles(path.join(__dirname, '..', 'core'), '../core')];
    // Its data, written by the build: the built-in CRDs' schemas and their parsed CEL rules.
    const data = [BUILTIN_CRDS, PARSED_CEL].map((file) => `${path.basename(file)}:${fileSignatureOrNone(file)}`);
    fingerprint = cacheKey(...validatorPackages(), ...own.map((f) => `${f}:${fileSignature(path.join(__dirname, f))}`), ...data);
  }
  return fingerprint;
}

/** A file's signature, or `none` when it is missing (the plugin then works without it, or says so). */
function fileSignatureOrNone(file: string): string {
  return fs.existsSync(file) ? fileSignature(file) : 'none';
}

/** The plugin's source or compiled files under `dir`, as sorted paths relative to this folder. */
function ownFiles(dir: string, relative: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return ownFiles(path.join(dir, entry.name), name);
    return /\.[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [name] : [];
  }).sort();
}

/** The cache folder, created if needed, or undefined when it is disabled or not private. */
function cacheDir(): string | undefined {
  const configured = process.env[CACHE_ENV];
  if (configured === 'off') return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.resolve(configured || path.join(os.tmpdir(), `cdk8s-release-strategies-${uid ?? os.userInfo().username}`));
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    // POSIX: ours, and no one else may write. (Windows has no uid; its temp folder is per user.)
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
