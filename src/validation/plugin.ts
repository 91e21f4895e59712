/**
 * The cdk8s validation plugin. Enable it in an app's cdk8s.yaml:
 *
 *     validations:
 *       - package: ./node_modules/cdk8s-release-strategies/plugin
 *         version: 0.1.0
 *         class: ReleaseStrategiesValidation
 *         properties:
 *           crdFiles: [crds/*.yaml]      # optional: CRDs of the custom resources the app synthesizes
 *
 * `cdk8s synth` then checks every manifest the app writes (its own ApiObjects as much as this
 * library's constructs), prints one report section per violated rule, and exits non-zero when an
 * error-severity rule fails on an object that does not waive it.
 *
 * Not exported from the package's main entry point: jsii cannot express the plugin contract, and apps
 * never call it; the cdk8s CLI loads it by path, through `plugin.js` at the package's root. The contract's types are declared here
 * structurally, as cdk8s-cli (a tool, not a library) is not a dependency.
 */
import * as fs from 'fs';
import * as path from 'path';
import { groupByCluster } from '../core/cluster-folders';
import { attributeConstructPaths, ConstructMetadata, LocatedManifest } from './construct-paths';
import { ValidationMemo } from './memo';
import { committedTransitionViolations } from './committed';
import type { ValidateOptions, Violation } from './validate';
import { displayPath, hasErrors, targetOf } from './verdict';

/* eslint-disable @typescript-eslint/no-require-imports */
// The rules and the CRD registry load only when the report cannot be replayed (memo.ts): a synth whose
// output did not change loads neither.
const validation = (): typeof import('./validate') => require('./validate');
const crdRegistry = (): typeof import('./crd/registry') => require('./crd/registry');
/* eslint-enable @typescript-eslint/no-require-imports */

/** `context.report` of cdk8s-cli's ValidationContext. */
interface ValidationReport {
  addViolation(violation: {
    readonly ruleName: string;
    readonly recommendation: string;
    readonly fix: string;
    readonly violatingResources: readonly { readonly resourceName: string; readonly locations: readonly string[]; readonly manifestPath: string }[];
  }): void;
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** cdk8s-cli's ValidationContext, as far as it is used here. */
interface ValidationContext {
  readonly manifests: readonly string[];
  readonly metadata?: ConstructMetadata;
  readonly report: ValidationReport;
  parseManifest(manifestPath: string): any[];
}

/** The `properties` of the plugin's entry in cdk8s.yaml. */
export interface ReleaseStrategiesValidationProperties {
  /**
   * CRD files for the app's custom resources, relative to the app's folder; the file name may use
   * `*` and `?`. CRDs the app synthesizes itself are used too.
   * @default - none
   */
  readonly crdFiles?: string[];
  /**
   * Remove `construct-metadata.json` from the output folder once the report is written. The CLI
   * writes it there for validation plugins (construct paths in the report), but `kubectl apply -f
   * dist/` would read it as a manifest and fail. Every plugin has read it by the time this one runs.
   * @default true
   */
  readonly removeConstructMetadata?: boolean;
  /**
   * The Kubernetes version the app's clusters run, as `"1.<minor>"` (quoted: YAML reads 1.30 as
   * 1.3): fields above it are errors, and rules that depend on it judge by it. Set the same version
   * in the app (`KubernetesTarget.set`).
   * @default "1.31"
   */
  readonly targetVersion?: string;
  /**
   * Keep the manifests in the output folder when the report fails. By default a failing synth leaves
   * no manifest behind (only the report says what is wrong), so that `kubectl apply -f dist/` or a
   * GitOps commit of the folder can never ship what the plugin refused.
   * @default false
   */
  readonly keepManifestsOnFailure?: boolean;
  /**
   * Also check what applying the new manifests does to what runs: the output folder against its last
   * committed version (git HEAD), with the transition rules (RS4xx). A folder outside git is skipped.
   * @default true
   */
  readonly compareWithCommitted?: boolean;
  /**
   * Whether the tool that applies the output honours Argo CD sync waves (Argo CD does; Flux and
   * kubectl apply do not): then a change the waves order is not reported.
   * @default false
   */
  readonly syncWaves?: boolean;
}

const PROPERTIES: readonly (keyof ReleaseStrategiesValidationProperties)[] = [
  'crdFiles', 'removeConstructMetadata', 'targetVersion', 'keepManifestsOnFailure', 'compareWithCommitted', 'syncWaves',
];
const CONSTRUCT_METADATA = 'construct-metadata.json';

/** The validation plugin `cdk8s synth` runs (see docs/validation.md). */
export class ReleaseStrategiesValidation {
  private readonly crdFiles: string[] = [];
  private readonly removeConstructMetadata: boolean = true;
  private readonly keepManifestsOnFailure: boolean = false;
  private readonly compareWithCommitted: boolean = true;
  private readonly syncWaves: boolean = false;
  private readonly targetVersion?: string;
  /**
   * A mistake in cdk8s.yaml's `properties`. Thrown from `validate`, not from here: by the time the
   * CLI constructs the plugin, the app has written `construct-metadata.json` into the output folder,
   * and only `validate` knows that folder and can take the file away again.
   */
  private readonly configurationError?: Error;

  public constructor(properties: { readonly [key: string]: unknown } = {}) {
    // A misspelled property would otherwise be ignored, like the misspelled fields this plugin reports.
    const unknown = Object.keys(properties).filter((key) => !PROPERTIES.includes(key as keyof ReleaseStrategiesValidationProperties));
    const crdFiles = properties.crdFiles ?? [];
    if (unknown.length > 0) {
      this.configurationError = new Error(`ReleaseStrategiesValidation: unknown properties ${unknown.map((k) => `"${k}"`).join(', ')} in cdk8s.yaml (known: ${PROPERTIES.join(', ')})`);
    } else if (!Array.isArray(crdFiles) || !crdFiles.every((f) => typeof f === 'string')) {
      this.configurationError = new Error('ReleaseStrategiesValidation: properties.crdFiles must be a list of file paths');
    } else if (properties.removeConstructMetadata !== undefined && typeof properties.removeConstructMetadata !== 'boolean') {
      this.configurationError = new Error('ReleaseStrategiesValidation: properties.removeConstructMetadata must be true or false');
    } else if (properties.keepManifestsOnFailure !== undefined && typeof properties.keepManifestsOnFailure !== 'boolean') {
      this.configurationError = new Error('ReleaseStrategiesValidation: properties.keepManifestsOnFailure must be true or false');
    } else if (['compareWithCommitted', 'syncWaves'].some((key) => properties[key] !== undefined && typeof properties[key] !== 'boolean')) {
      const key = ['compareWithCommitted', 'syncWaves'].find((k) => properties[k] !== undefined && typeof properties[k] !== 'boolean');
      this.configurationError = new Error(`ReleaseStrategiesValidation: properties.${key} must be true or false`);
    } else if (targetError(properties.targetVersion)) {
      this.configurationError = targetError(properties.targetVersion);
    } else {
      this.targetVersion = properties.targetVersion as string | undefined;
      this.crdFiles = crdFiles;
      this.removeConstructMetadata = (properties.removeConstructMetadata as boolean | undefined) ?? true;
      this.keepManifestsOnFailure = (properties.keepManifestsOnFailure as boolean | undefined) ?? false;
      this.compareWithCommitted = (properties.compareWithCommitted as boolean | undefined) ?? true;
      this.syncWaves = (properties.syncWaves as boolean | undefined) ?? false;
    }
  }

  public async validate(context: ValidationContext): Promise<void> {
    let passed = false;
    try {
      if (this.configurationError) throw this.configurationError;
      passed = this.report(context);
    } finally {
      // A failed synth ships nothing: the report (or the error) says what is wrong.
      if (!passed && !this.keepManifestsOnFailure) {
        for (const file of context.manifests) fs.rmSync(file, { force: true });
      }
      // Whether the report passed, failed, or could not be made: the output folder holds manifests only.
      if (this.removeConstructMetadata) {
        // The output folder is the one holding the manifests (the CLI writes the file at its top).
        for (const dir of new Set(context.manifests.map((file) => path.dirname(file)))) {
          fs.rmSync(path.join(dir, CONSTRUCT_METADATA), { force: true });
        }
      }
      // A fleet's cluster folders emptied above go too: no folder of a refused synth is left behind.
      if (!passed && !this.keepManifestsOnFailure) removeEmptiedFolders(context.manifests);
    }
  }

  /** The violations of the manifests themselves, each with its construct path. */
  private validateOutput(located: LocatedManifest[], context: ValidationContext, options: ValidateOptions, memo: ValidationMemo): Violation[] {
    const constructPaths = attributeConstructPaths(located, context.metadata ?? {});
    // A fleet's cluster folders go to different clusters: each is checked on its own.
    const inputs = located.map(({ file, manifest }, i) => ({ manifest, file, constructPath: constructPaths[i] }));
    return groupByCluster(inputs).flatMap((cluster) => validation().validateInputs(cluster, options, memo));
  }

  /** Reports every violation; whether no error-severity rule failed. */
  private report(context: ValidationContext): boolean {
    // Files and objects unchanged since the last synth are not parsed and schema-checked again, and an
    // output unchanged as a whole replays the last report.
    const memo = ValidationMemo.load(process.cwd());
    const options: ValidateOptions = { crdFiles: this.crdFiles, includeWaived: true, targetVersion: this.targetVersion };
    const key = memo.reportKey(context.manifests, JSON.stringify(options), JSON.stringify(context.metadata ?? {}),
      this.crdFiles.length > 0 ? crdRegistry().CrdRegistry.fromFiles(this.crdFiles, process.cwd()).fingerprint() : '');
    let located: LocatedManifest[] | undefined;
    const locate = (): LocatedManifest[] => located ??= context.manifests.flatMap((file) =>
      memo.documents(file, (f) => context.parseManifest(f))
        .filter((manifest) => manifest !== null && manifest !== undefined)
        .map((manifest) => ({ file, manifest })));
    const violations = [...memo.replayReport(key) ?? memo.rememberReport(key, this.validateOutput(locate(), context, options, memo))];
    memo.save();
    if (this.compareWithCommitted) {
      const manifestsOf = (file: string) => locate().filter((l) => l.file === file).map((l) => l.manifest);
      violations.push(...committedTransitionViolations(context.manifests, manifestsOf, {
        syncWaves: this.syncWaves,
        // The CLI's file for plugins, in the output folder during validation: not output.
        notOutput: [CONSTRUCT_METADATA],
      }));
    }
    const active = violations.filter((v) => v.waivedBecause === undefined);

    // Errors first, then warnings; rules in registry order.
    const ruleIds = [...new Set(active.map((v) => v.ruleId))];
    const byRule = [...ruleIds.filter((id) => isError(active, id)), ...ruleIds.filter((id) => !isError(active, id))];
    for (const ruleId of byRule) {
      const ofRule = active.filter((v) => v.ruleId === ruleId);
      const { title, severity, why, fix } = ofRule[0];
      context.report.addViolation({
        ruleName: `${ruleId} ${title}`,
        recommendation: `[${severity}] ${why}`,
        fix: `${fix} To waive it for one object, annotate that object with waive.release-strategies.cdk8s.io/${ruleId}: "<reason>".`,
        violatingResources: groupByObject(ofRule).map((ofObject) => {
          const first = ofObject[0];
          const resourceName = first.object;
          showConstructPath(context, resourceName, first);
          return {
            resourceName,
            manifestPath: first.file ? displayPath(first.file) : 'N/A',
            locations: ofObject.map((v) => `${v.path || '(the object)'}: ${v.message}`),
          };
        }),
      });
    }

    const count = (severity: string) => String(active.filter((v) => v.severity === severity).length);
    context.report.submit(hasErrors(active) ? 'failure' : 'success', {
      'Errors': count('error'),
      'Warnings': count('warning'),
      'Waived': String(violations.length - active.length),
    });
    return !hasErrors(active);
  }
}

function isError(violations: readonly Violation[], ruleId: string): boolean {
  return violations.some((v) => v.ruleId === ruleId && v.severity === 'error');
}

/** The violations of one rule, per object (in the order the objects were synthesized). */
function groupByObject(violations: readonly Violation[]): Violation[][] {
  const groups = new Map<string, Violation[]>();
  for (const violation of violations) {
    const key = `${violation.file}\n${violation.object}\n${violation.constructPath}`;
    groups.set(key, [...(groups.get(key) ?? []), violation]);
  }
  return [...groups.values()];
}

/**
 * The CLI prints "Construct Path" by looking the resource name up in the construct metadata it gave
 * the plugin, which it keys by `metadata.name` only: for `Deployment/shop/web` beside `Service/shop/web`
 * it would find nothing, or the wrong object. So each reported object is entered under the resource
 * name used here, with the path attributed to it (or why none could be). The report reads the same
 * map object; if a CLI version ever hands out a frozen copy, the report shows N/A instead.
 */
function showConstructPath(context: ValidationContext, resourceName: string, violation: Violation): void {
  const metadata = context.metadata as { [name: string]: { path: string } } | undefined;
  if (!metadata || !Object.isExtensible(metadata)) return;
  metadata[resourceName] = {
    path: violation.constructPath
      ?? `unknown (cdk8s records construct paths by metadata.name, and "${violation.name}" names more than one object or none)`,
  };
}

/**
 * Removes the folders below the output folder (the manifests' common ancestor, which stays) that are
 * empty now, deepest first: a fleet's cluster folders and the folder holding them.
 */
function removeEmptiedFolders(files: readonly string[]): void {
  const dirs = [...new Set(files.map((file) => path.resolve(path.dirname(file))))];
  if (dirs.length === 0) return;
  const top = dirs.reduce((common, dir) => {
    while (dir !== common && !dir.startsWith(common + path.sep)) common = path.dirname(common);
    return common;
  });
  const below = new Set<string>();
  for (let dir of dirs) {
    for (; dir !== top && dir.startsWith(top + path.sep); dir = path.dirname(dir)) below.add(dir);
  }
  for (const folder of [...below].sort((a, b) => b.length - a.length)) {
    try {
      fs.rmdirSync(folder);
    } catch {
      // not empty (or already gone): keep it
    }
  }
}

/** The configuration error of a bad `targetVersion` (validate.ts words it). */
function targetError(value: unknown): Error | undefined {
  try {
    targetOf(value);
    return undefined;
  } catch (e) {
    return e as Error;
  }
}
