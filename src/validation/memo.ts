/**
 * What the plugin remembers of an app from one synth to the next, so that a synth pays only for
 * what changed. Two pure steps are remembered, by the content they are computed from:
 *
 *  - the documents of each manifest file, by a hash of the file's text (parsing YAML in a fresh
 *    process is the plugin's largest cost after a CRD compile);
 *  - the schema outcome of each object, by a hash of the object, under a fingerprint of everything
 *    else it depends on: the CRDs (crdFiles and the app's own, by content; the built-in ones, as the
 *    package's own code, by file signature), the validator packages and the plugin's own code
 *    (cache.ts, pluginFingerprint);
 *  - what a rule finds in a file's text (RS113 parses it again for how each value was written), by
 *    rule and the hash of the text, under the fingerprint of the plugin's code and packages;
 *  - the violations of the whole output, under a key of everything they are computed from (every
 *    file's path and text, the plugin's code and packages, its options and CRD files, the construct
 *    metadata): a synth whose output did not change replays them, loading no rule
 *    (reportKey/replayReport). The transition check (against git HEAD) is never replayed.
 *
 * Any change to the output runs every rule, waiver and report over every object. One entry per app
 * folder in the plugin's cache (cache.ts), holding only the last synth's files and objects. Only
 * what JSON keeps exactly is remembered (YAML also has .nan, .inf, timestamps, which JSON would turn
 * into something else), and nothing of a Secret: the cache outlives dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheKey, cacheUsable, pluginFingerprint, racyFiles, readCache, unchangedRacyFiles, writeCache } from './cache';
import { TextFindings } from './context';
import { SchemaOutcome } from './schema';
import type { Violation } from './verdict';

/** Change when the entry's layout changes. */
const MEMO_FORMAT = '6';

interface MemoEntry {
  readonly format: string;
  /** The app folder it belongs to (entries are named by a hash of it). */
  readonly app: string;
  /** Parsed documents, by the hash of the file's text. */
  readonly files: { [textHash: string]: unknown[] };
  /** The fingerprint the outcomes were computed under. */
  readonly fingerprint: string;
  /** Schema outcomes, by the hash of the object. */
  readonly outcomes: { [objectHash: string]: SchemaOutcome };
  /** The fingerprint of the plugin's code the text findings were computed under. */
  readonly code: string;
  /** Rules' findings in file texts, by the hash of the rule id and the text. */
  readonly texts: { [ruleTextHash: string]: TextFindings };
  /**
   * The package's files whose signatures (in the fingerprints) were taken right after a change, by
   * content hash (cache.ts, fileSignature): the entry holds only while they have that content.
   */
  readonly racy: { [file: string]: string };
  /** The last synth's violations of the manifests themselves (not the transition check), under their inputs' key. */
  readonly report?: { readonly key: string; readonly violations: readonly Violation[] };
}

/** Remembered schema outcomes and text findings, for validateInputs. */
export interface SchemaMemo {
  /**
   * Looks up outcomes computed under `crdFingerprint` (the CRDs of this validation run): the
   * returned function gives an object's remembered outcome, or computes (and remembers) it.
   */
  schemaOutcomes(crdFingerprint: string): (manifest: unknown, compute: () => SchemaOutcome) => SchemaOutcome;
  /** A rule's findings in a file's text (RuleContext.textFindings): remembered, or computed and remembered. */
  textFindings(ruleId: string, file: string, compute: (text: string) => TextFindings): TextFindings | undefined;
}

export class ValidationMemo implements SchemaMemo {
  /**
   * The memo of the app in `appDir` (the folder `cdk8s synth` runs in), empty when there is none; with
   * the cache off (or unusable), one that remembers nothing and so hashes and fingerprints nothing.
   */
  public static load(appDir: string): ValidationMemo {
    const app = path.resolve(appDir);
    const name = `app-${cacheKey(MEMO_FORMAT, app)}.json`;
    if (!cacheUsable()) return new ValidationMemo(name, app, undefined, undefined, false);
    let entry: MemoEntry | undefined;
    const text = readCache(name);
    try {
      const stored = JSON.parse(text ?? 'null');
      if (isEntryOf(stored, app) && unchangedRacyFiles(stored.racy)) entry = stored;
    } catch {
      // A damaged entry is no entry; save() replaces it.
    }
    return new ValidationMemo(name, app, entry, entry ? text : undefined);
  }

  // What this synth saw; documents are kept as parsed (validation only reads them) and written at save().
  private readonly files: { [textHash: string]: unknown[] } = {};
  private readonly outcomes: { [objectHash: string]: SchemaOutcome } = {};
  private readonly texts: { [ruleTextHash: string]: TextFindings } = {};
  private report?: { readonly key: string; readonly violations: readonly Violation[] };
  /** Whether this synth replayed the previous report (then the entry stays as it is). */
  private replayed = false;
  /** The hash of each file's text as documents() read it. */
  private readonly textHashes = new Map<string, string>();
  private fingerprint = '';

  private constructor(
    private readonly name: string, private readonly app: string, private readonly previous: MemoEntry | undefined,
    /** The entry as read, to write it only when this synth changed it. */
    private readonly previousText: string | undefined,
    /** Whether anything is kept for the next synth (false: the cache is off). */
    private readonly remembers: boolean = true,
  ) {}

  /** The documents of a manifest file: remembered when its text is unchanged, else from `parse`. */
  public documents(file: string, parse: (file: string) => unknown[]): unknown[] {
    if (!this.remembers) return parse(file);
    const textHash = this.textHash(file);
    const remembered = this.previous?.files[textHash];
    const documents = remembered ?? parse(file);
    if (documents === remembered || documents.every(isRememberable)) this.files[textHash] = documents;
    return documents;
  }

  /** The hash of a manifest file's text, read once per synth. */
  private textHash(file: string): string {
    let textHash = this.textHashes.get(file);
    if (textHash === undefined) {
      textHash = cacheKey(fs.readFileSync(file, 'utf-8'));
      this.textHashes.set(file, textHash);
    }
    return textHash;
  }

  /**
   * The key of the report of `files` under `inputs` (everything else the violations depend on: the
   * plugin's options, CRD files, construct metadata); undefined with the cache off.
   */
  public reportKey(files: readonly string[], ...inputs: readonly string[]): string | undefined {
    if (!this.remembers) return undefined;
    return cacheKey(pluginFingerprint(), ...inputs, ...files.flatMap((file) => [file, this.textHash(file)]));
  }

  /** The violations the last synth reported under `key`, if it was this one's. */
  public replayReport(key: string | undefined): readonly Violation[] | undefined {
    if (key === undefined || this.previous?.report?.key !== key) return undefined;
    this.replayed = true;
    return this.previous.report.violations;
  }

  /**
   * Keeps `violations` for the next synth under `key` when every file's documents were kept (a file
   * holding a Secret is not, and its findings may show its values); returns them.
   */
  public rememberReport(key: string | undefined, violations: readonly Violation[]): readonly Violation[] {
    const kept = [...this.textHashes.values()].every((textHash) => this.files[textHash] !== undefined);
    if (key !== undefined && kept) this.report = { key, violations };
    return violations;
  }

  public schemaOutcomes(crdFingerprint: string): (manifest: unknown, compute: () => SchemaOutcome) => SchemaOutcome {
    if (!this.remembers) return (_manifest, compute) => compute();
    this.fingerprint = cacheKey(crdFingerprint, pluginFingerprint());
    const previous = this.previous?.fingerprint === this.fingerprint ? this.previous.outcomes : {};
    return (manifest, compute) => {
      if (!isRememberable(manifest)) return compute();
      const objectHash = cacheKey(JSON.stringify(manifest));
      const outcome = previous[objectHash] ?? compute();
      this.outcomes[objectHash] = outcome;
      return outcome;
    };
  }

  public textFindings(ruleId: string, file: string, compute: (text: string) => TextFindings): TextFindings | undefined {
    const textHash = this.textHashes.get(file);
    // Only files documents() read and kept: the findings show values, and nothing of a Secret is kept.
    if (textHash === undefined || !this.files[textHash]) return computeFromFile(file, compute);
    const key = cacheKey(ruleId, textHash);
    const remembered = this.previous?.code === pluginFingerprint() ? this.previous.texts[key] : undefined;
    const findings = remembered ?? computeFromFile(file, compute);
    if (findings) this.texts[key] = findings;
    return findings;
  }

  /** Keeps this synth's files, outcomes and text findings for the next one. */
  public save(): void {
    if (!this.remembers || this.replayed) return; // replayed: nothing changed, the entry stays as it is
    const entry: MemoEntry = {
      format: MEMO_FORMAT, app: this.app, files: this.files, fingerprint: this.fingerprint, outcomes: this.outcomes,
      code: pluginFingerprint(), texts: this.texts, racy: racyFiles(), report: this.report,
    };
    const text = JSON.stringify(entry);
    if (text !== this.previousText) writeCache(this.name, text); // an unchanged output leaves the entry as it is
  }
}

/** `compute` of the file's text; undefined when the file cannot be read. */
export function computeFromFile(file: string, compute: (text: string) => TextFindings): TextFindings | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
  return compute(text);
}

/**
 * Whether what was read is an entry of this format for this app, every part of the shape the plugin
 * relies on: anything else (a damaged file, another version's or app's entry, a hand-made one) is
 * ignored, and the synth parses and checks everything as without a cache.
 */
function isEntryOf(stored: unknown, app: string): stored is MemoEntry {
  if (!isPlainObject(stored)) return false;
  const entry = stored as { [key: string]: unknown };
  return entry.format === MEMO_FORMAT && entry.app === app && typeof entry.fingerprint === 'string'
    && isPlainObject(entry.files) && Object.values(entry.files).every(Array.isArray)
    && isPlainObject(entry.outcomes) && Object.values(entry.outcomes).every(isOutcome)
    && typeof entry.code === 'string' && isPlainObject(entry.texts) && Object.values(entry.texts).every(isTextFindings)
    && isPlainObject(entry.racy) && Object.values(entry.racy).every((hash) => typeof hash === 'string')
    && (entry.report === undefined || isReport(entry.report));
}

function isReport(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { key, violations } = value as { [key: string]: unknown };
  return typeof key === 'string' && Array.isArray(violations) && violations.every((v) => isPlainObject(v)
    && ['ruleId', 'severity', 'title', 'why', 'fix', 'object', 'apiVersion', 'kind', 'namespace', 'name', 'path', 'message']
      .every((field) => typeof v[field] === 'string'));
}

function isTextFindings(value: unknown): value is TextFindings {
  if (!isPlainObject(value)) return false;
  const { documents, findings } = value as { [key: string]: unknown };
  return Number.isInteger(documents) && Array.isArray(findings) && findings.every((finding) => isPlainObject(finding)
    && Number.isInteger(finding.document) && finding.document >= 0 && finding.document < (documents as number) && typeof finding.path === 'string' && typeof finding.message === 'string');
}

function isOutcome(value: unknown): value is SchemaOutcome {
  if (!isPlainObject(value)) return false;
  const outcome = value as { [key: string]: unknown };
  switch (outcome.status) {
    case 'unknown': return true;
    case 'removed': return typeof outcome.message === 'string' && (outcome.path === undefined || outcome.path === 'kind');
    case 'checked': return Array.isArray(outcome.findings) && outcome.findings.every((finding) => isPlainObject(finding)
      && typeof finding.path === 'string' && typeof finding.message === 'string' && typeof finding.unknownField === 'boolean');
    default: return false;
  }
}

/** Whether a document may be remembered: JSON keeps it exactly, and it is no Secret. */
function isRememberable(document: unknown): boolean {
  if (document === null || document === undefined) return true; // an empty YAML document
  return isPlainJson(document) && !(isPlainObject(document) && (document as { kind?: unknown }).kind === 'Secret');
}

function isPlainObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainJson);
  return isPlainObject(value) && Object.values(value).every(isPlainJson);
}
