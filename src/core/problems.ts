import { IConstruct } from 'constructs';

/**
 * Collects every problem with one construct's props, so a synth reports all of them at once.
 *
 * Problems are attached as construct validations: `cdk8s synth` and `Testing.synth` run them before
 * a single file is written, and prefix each with the construct path. A bad prop therefore never
 * leaves a half-written output folder, and the user sees every mistake of the app in one run.
 *
 * @internal
 */
export class Problems {
  private readonly list: string[] = [];

  /** @param construct the construct type named in every message, e.g. `SafeRollingDeployment`. */
  public constructor(private readonly construct: string) {}

  /** Records that `prop` has the bad `value`; `expected` says what is allowed. */
  public add(prop: string, value: unknown, expected: string): void {
    this.list.push(`${this.construct}: '${prop}' is ${show(value)}; ${expected}`);
  }

  /** Checks `condition` and records the problem when it does not hold. Returns the condition. */
  public check(condition: boolean, prop: string, value: unknown, expected: string): boolean {
    if (!condition) this.add(prop, value, expected);
    return condition;
  }

  /** The problems recorded so far, each a full message. */
  public get messages(): readonly string[] {
    return this.list;
  }

  /** Hands the collected problems to the construct's validation, reported at synth. */
  public attachTo(scope: IConstruct): void {
    const list = this.list;
    scope.node.addValidation({ validate: () => list });
  }
}

/** Renders a bad value the way a user wrote it. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value && typeof (value as any).toString === 'function' && (value as any).toString !== Object.prototype.toString) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
