#!/usr/bin/env node
/**
 * `cdk8s-release-strategies plan <manifests folder> --out <folder> [--base <folder>|git:<rev>] [--new-app] [--nodes N] [--app-start S]
 * [--target-version 1.M]`: writes plan.md and one SVG per app. With `--base`, plan.md is the review of the change from the
 * base to the folder (a pull-request comment), and the exit code is 1 when a transition is unsafe;
 * `--new-app` without `--base` reviews an app's first commit (every object created);
 * `--sync-waves` when Argo CD applies the folder (its sync waves then order a commit). Everything is
 * computed before anything is written, the files go to a temporary folder renamed into place, and
 * never into the manifests folder (kubectl apply -f dist/ must see manifests only).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readBase } from './base';
import { Manifest, PlanError, planDirectory, readManifestDir } from './index';
import { manifestFiles } from './manifests';
import { durationText } from './markdown';
import { AppPlan } from './app-plan';
import { FolderReviewOptions, reviewFolder } from './review';

const USAGE = 'usage: cdk8s-release-strategies plan <manifests folder> --out <folder> [--base <folder> | --base git:<revision>] [--new-app] [--sync-waves] '
  + '[--nodes <count>] [--app-start <seconds>] [--target-version <1.minor>]';

/** `--help`: the usage line, each option and the exit codes (docs/plan.md, docs/reviewing-a-release.md). */
const HELP = [
  USAGE,
  '',
  'Without --base: the rollout plan of the manifests\' next release, per app. With --base (or --new-app): the review of the change.',
  '  --out <folder>                 where plan.md and one SVG per app go; created with its parent folders, replaced when a previous plan wrote it',
  '  --base <folder>                review the change from the manifests of this folder',
  '  --base git:<revision>          review the change from the manifests folder as committed at this revision (read with git, nothing checked out)',
  '  --new-app                      an app\'s first commit: without --base, every object is reviewed as created; with --base, a base',
  '                                 that holds no manifests (a revision without the output folder, an empty folder) is accepted',
  '  --sync-waves                   with a review: Argo CD applies the folder, and its sync waves order a commit',
  '  --nodes <count>                nodes in the cluster: a release, or with a review the change, that needs more is an error',
  '  --app-start <seconds>          seconds after a container starts until the app answers its probes (default 1)',
  '  --target-version <1.minor>     the Kubernetes version the manifests target (default 1.31)',
  'Exit codes: 0 done; 1 an unsafe transition, or a release or change that cannot finish or needs more nodes than --nodes;',
  '2 bad input (arguments, base, manifests) or an --out that cannot be written. Nothing is written unless the plan is complete.',
].join('\n');

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], log: (line: string) => void = console.log, error: (line: string) => void = console.error): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || (command === 'plan' && (rest.includes('--help') || rest.includes('-h')))) {
      log(HELP);
      return 0;
    }
    if (command !== 'plan') throw new PlanError(USAGE);
    let input: string | undefined;
    let out: string | undefined;
    let base: string | undefined;
    const options: { nodes?: number; appStartSeconds?: number; syncWaves?: boolean; targetVersion?: string; newApp?: boolean } = {};
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      const value = () => {
        const v = rest[++i];
        if (v === undefined) throw new PlanError(`${arg} needs a value; ${USAGE}`);
        return v;
      };
      const number = (name: string) => {
        const v = value();
        if (!/^\d+$/.test(v)) throw new PlanError(`${name} is "${v}"; a whole number`);
        return parseInt(v, 10);
      };
      if (arg === '--out') out = value();
      else if (arg === '--base') base = value();
      else if (arg === '--sync-waves') options.syncWaves = true;
      else if (arg === '--new-app') options.newApp = true;
      else if (arg === '--nodes') options.nodes = number('--nodes');
      else if (arg === '--app-start') options.appStartSeconds = number('--app-start');
      else if (arg === '--target-version') options.targetVersion = value();
      else if (!arg.startsWith('--') && input === undefined) input = arg;
      else throw new PlanError(`unknown argument "${arg}"; ${USAGE}`);
    }
    if (!input || !out) throw new PlanError(USAGE);
    if (!fs.existsSync(input) || !fs.statSync(input).isDirectory()) {
      throw new PlanError(`${input}: no such folder of manifests; run \`cdk8s synth\` first (a synth that fails leaves no output folder)`);
    }
    const inputDir = path.resolve(input);
    const outDir = path.resolve(out);
    if (outDir === inputDir || outDir.startsWith(inputDir + path.sep)) {
      throw new PlanError(`--out ${out} is inside ${input}: the plan is never written among the manifests (kubectl apply -f ${input} would read it)`);
    }
    checkOut(outDir, out);
    if (base !== undefined || options.newApp) return review(input, base, outDir, out, options, log, error);
    const plan = planDirectory(input, options);
    write(outDir, out, plan.files);
    for (const app of plan.apps) {
      const s = app.summary;
      log(`${app.title}: peak ${s.peakPods} pods (+${s.extraPods}), lowest available ${s.lowestAvailable}/${app.replicas}, ${duration(app)}${s.nodesNeeded !== undefined ? `, ${s.nodesNeeded} nodes` : ''}`);
    }
    log(`plan written to ${path.join(out, 'plan.md')}`);
    for (const e of plan.errors) error(`error: ${e}`);
    return plan.errors.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof PlanError) {
      error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** The names a plan writes into its folder: `plan.md` and one SVG per app. */
const isPlanFile = (name: string) => name === 'plan.md' || name.endsWith('.svg');

/** A filesystem error of `--out` as a PlanError (exit 2, one line); anything else as it is. */
function outError(e: unknown, out: string): unknown {
  const { code, path: where } = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string' || code === '') return e;
  // mkdir -p through a file fails with EEXIST or ENOTDIR: say which path is the file.
  const why = (code === 'EEXIST' || code === 'ENOTDIR') && where && fs.existsSync(where) && !fs.statSync(where).isDirectory()
    ? `${where} is a file, not a folder (${code})` : (e as Error).message;
  return new PlanError(`--out ${out}: the plan cannot be written there: ${why}`);
}

/**
 * The plan replaces the whole `--out` folder: refuses a path that is not a folder, or a folder with
 * anything a plan does not write (`--out .` would otherwise delete the project).
 */
function checkOut(outDir: string, out: string): void {
  try {
    if (!fs.existsSync(outDir)) return;
    if (!fs.lstatSync(outDir).isDirectory()) {
      throw new PlanError(`--out ${out} is a file, not a folder: the plan replaces the whole --out folder with plan.md and its SVGs; name a new folder`);
    }
    const foreign = fs.readdirSync(outDir, { withFileTypes: true }).filter((e) => !e.isFile() || !isPlanFile(e.name)).map((e) => e.name).sort();
    if (foreign.length > 0) {
      throw new PlanError(`--out ${out} holds ${foreign.slice(0, 3).map((n) => `"${n}"`).join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}, `
        + 'which a plan does not write: the plan replaces the whole --out folder, so name a new folder or one a previous plan wrote');
    }
  } catch (e) {
    throw outError(e, out);
  }
}

/**
 * Writes `files` into `outDir` (its missing parent folders created, as `mkdir -p`) through a temporary
 * folder renamed into place: all or nothing. A filesystem error is a PlanError naming `--out`.
 */
function write(outDir: string, out: string, files: Record<string, string>): void {
  let temp: string | undefined;
  try {
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    temp = fs.mkdtempSync(path.join(path.dirname(outDir), `.${path.basename(outDir)}-`));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(temp, name), text);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(temp, outDir);
  } catch (e) {
    if (temp !== undefined) fs.rmSync(temp, { recursive: true, force: true });
    throw outError(e, out);
  }
}

/** `--base` (or `--new-app` alone, an empty base): the review of the change from the base to the folder. */
function review(
  input: string, base: string | undefined, outDir: string, out: string, options: FolderReviewOptions & { newApp?: boolean },
  log: (line: string) => void, error: (line: string) => void,
): number {
  if (base === undefined) return reviewChange(input, [], outDir, out, options, log, error);
  // Each base file where it lies in the folder, so that a fleet's cluster folders pair up.
  const gitPrefix = base.startsWith('git:') ? `${base}:` : undefined;
  // A folder without a manifest file is an empty base (refused below unless --new-app), not an unreadable one.
  const emptyFolder = !gitPrefix && fs.existsSync(base) && fs.statSync(base).isDirectory() && manifestFiles(base).length === 0;
  const manifests = emptyFolder ? [] : readBase(base, input);
  // An empty base would make every object "created" and the review pass whatever the change does.
  if (manifests.length === 0 && !options.newApp) {
    throw new PlanError(gitPrefix
      ? `--base ${base}: ${input} holds no manifests at ${base.slice('git:'.length)}, so there is nothing to compare the change with. `
        + `Commit the output folder (cdk8s init's .gitignore lists dist/: remove that line, synth and commit ${input}), `
        + 'then review each later commit against the one before; for the first commit of a new app, whose base truly has none, add --new-app'
      : `--base ${base}: the folder holds no manifests, so there is nothing to compare the change with; `
        + 'for the first commit of a new app, whose base truly has none, add --new-app (with or without --base)');
  }
  const before = manifests.map((m) => ({
    ...m, file: path.join(input, gitPrefix && m.file.startsWith(gitPrefix) ? m.file.slice(gitPrefix.length) : path.relative(base, m.file)),
  }));
  return reviewChange(input, before, outDir, out, options, log, error);
}

/** Reviews the folder's manifests over `before` and writes the comment; the exit code. */
function reviewChange(
  input: string, before: Manifest[], outDir: string, out: string, options: FolderReviewOptions,
  log: (line: string) => void, error: (line: string) => void,
): number {
  const after = readManifestDir(input);
  const result = reviewFolder(before, after, input, options);
  write(outDir, out, result.files);
  for (const { folder, review: one } of result.clusters) {
    const where = folder ? `${folder}: ` : '';
    for (const app of one.plan.apps) {
      const s = app.summary;
      log(`${where}${app.title}: lowest available ${s.lowestAvailable}/${app.replicas}, ${duration(app)}${s.nodesNeeded !== undefined ? `, ${s.nodesNeeded} nodes` : ''}`);
    }
    const { created, changed, deleted } = one.plan.objects;
    if (created.length + changed.length + deleted.length === 0) {
      log(`${where}nothing changes in the cluster`);
    } else {
      // Objects created or deleted are named (an autoscaler, a route): a change without pods to plan is still a change.
      const named = (refs: string[]) => (refs.length === 0 ? '' : ` (${refs.slice(0, 3).join(', ')}${refs.length > 3 ? `, ${refs.length - 3} more` : ''})`);
      log(`${where}${one.plan.apps.length === 0 ? 'no pod starts or stops in the plan; ' : ''}objects: ${created.length} created${named(created)}, `
        + `${changed.length} changed, ${deleted.length} deleted${named(deleted)} (when pruned)`);
    }
  }
  log(`review written to ${path.join(out, 'plan.md')}`);
  for (const { folder, review: one } of result.clusters) {
    for (const e of one.errors) error(`error: ${folder ? `${folder}: ` : ''}${e.ruleId} ${e.object}: ${e.message}`);
  }
  for (const e of result.planErrors) error(`error: ${e}`);
  return result.errors.length > 0 || result.planErrors.length > 0 ? 1 : 0;
}

/** An app's estimated duration for a log line: `~30 s (terminating pods gone at ~60 s)`, `~∞ s` when it cannot finish. */
function duration(app: AppPlan): string {
  return app.summary.estimatedSeconds === undefined ? '~∞ s' : durationText(app);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
