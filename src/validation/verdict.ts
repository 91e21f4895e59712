/**
 * What a validation run concludes and how a report names things: whether its violations fail the
 * synth, the target version option, a file as reports show it. Apart from validate.ts (which loads
 * every rule) so that the plugin can replay an unchanged synth's report without loading a rule.
 */
import * as path from 'path';
import { defaultTarget, parseTarget, Target } from '../core/target-version';
import type { Severity } from './context';

/** The target version of the options; a bad one is an error naming the option. */
export function targetOf(value: unknown): Target {
  if (value === undefined) return defaultTarget();
  const parsed = parseTarget(value);
  if ('problem' in parsed) throw new Error(`ReleaseStrategiesValidation: targetVersion is ${JSON.stringify(value)}; ${parsed.problem}`);
  return parsed.target;
}

/** Whether any of the violations fails the synth (an error that is not waived). */
export function hasErrors(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.severity === 'error' && v.waivedBecause === undefined);
}

/** A path as reports show it: relative to the current directory when it is inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** One finding of one rule on one object, as reports and the API give it. */
export interface Violation {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  /** `Kind/namespace/name` (`Kind/name` without a namespace). */
  readonly object: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The field the finding is about, e.g. `spec.strategy.rollingUpdate.maxSurge`; '' for the object as a whole. */
  readonly path: string;
  /** What is wrong, with the values involved. */
  readonly message: string;
  readonly file?: string;
  readonly constructPath?: string;
  /** The reason of the waiver that waives it, when it is waived (only with `includeWaived`). */
  readonly waivedBecause?: string;
}
