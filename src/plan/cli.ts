#!/usr/bin/env node
/**
 * `cdk8s-release-strategies plan <manifests folder> --out <folder> [--nodes N] [--app-start S] [--target-version 1.M]`:
 * writes plan.md and one SVG per app. Everything is computed before anything is written, the files go
 * to a temporary folder renamed into place, and never into the manifests folder (kubectl apply -f dist/
 * must see manifests only).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PlanError, planDirectory } from './index';

const USAGE = 'usage: cdk8s-release-strategies plan <manifests folder> --out <folder> [--nodes <count>] [--app-start <seconds>] [--target-version <1.minor>]';

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[], log: (line: string) => void = console.log, error: (line: string) => void = console.error): number {
  try {
    const [command, ...rest] = argv;
    if (command !== 'plan') throw new PlanError(USAGE);
    let input: string | undefined;
    let out: string | undefined;
    const options: { nodes?: number; appStartSeconds?: number; targetVersion?: string } = {};
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
      else if (arg === '--nodes') options.nodes = number('--nodes');
      else if (arg === '--app-start') options.appStartSeconds = number('--app-start');
      else if (arg === '--target-version') options.targetVersion = value();
      else if (!arg.startsWith('--') && input === undefined) input = arg;
      else throw new PlanError(`unknown argument "${arg}"; ${USAGE}`);
    }
    if (!input || !out) throw new PlanError(USAGE);
    const inputDir = path.resolve(input);
    const outDir = path.resolve(out);
    if (outDir === inputDir || outDir.startsWith(inputDir + path.sep)) {
      throw new PlanError(`--out ${out} is inside ${input}: the plan is never written among the manifests (kubectl apply -f ${input} would read it)`);
    }
    const plan = planDirectory(input, options);
    const temp = fs.mkdtempSync(path.join(path.dirname(outDir), `.${path.basename(outDir)}-`));
    try {
      for (const [name, text] of Object.entries(plan.files)) fs.writeFileSync(path.join(temp, name), text);
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.renameSync(temp, outDir);
    } catch (e) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw e;
    }
    for (const app of plan.apps) {
      const s = app.summary;
      log(`${app.title}: peak ${s.peakPods} pods (+${s.extraPods}), lowest available ${s.lowestAvailable}/${app.replicas}, ~${s.estimatedSeconds ?? '∞'} s${s.nodesNeeded !== undefined ? `, ${s.nodesNeeded} nodes` : ''}`);
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
