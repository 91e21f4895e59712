/**
 * Run counts, seed and reporting shared by the property tests.
 *
 * - PROPERTY_RUNS: cases per construct for the valid-set properties (default 1000). Invalid sets get
 *   max(200, PROPERTY_RUNS / 5) cases per construct, spread over its mistakes.
 * - PROPERTY_SEED: the fast-check seed (default: a fixed one, so CI is reproducible).
 * - PROPERTY_REPORT: a file to append one JSON line per property to (scripts/properties-long.ts).
 */
import * as fs from 'fs';
import fc from 'fast-check';

const intFromEnv = (name: string, fallback: number) => {
  const value = process.env[name];
  return value !== undefined && /^-?[0-9]+$/.test(value) ? Number(value) : fallback;
};

export const SEED = intFromEnv('PROPERTY_SEED', 20240605);
export const RUNS = Math.max(1, intFromEnv('PROPERTY_RUNS', 1000));
export const INVALID_RUNS = Math.max(200, Math.ceil(RUNS / 5));
/** The lint property: lint costs more than a schema check, so it looks at one case in five. */
export const LINT_RUNS = Math.max(1, Math.ceil(RUNS / 5));

/** Jest's per-test time limit for a property of `runs` cases (a budget, not an assertion). */
export const timeoutFor = (runs: number) => 60_000 + runs * 100;

/**
 * fc.assert with the suite's seed and run count. A reporter records the outcome (for the long-run
 * script) and fails the test with fast-check's own report: seed, path and the shrunk counterexample.
 */
export function assertProperty<T>(construct: string, property: string, prop: fc.IProperty<T>, numRuns: number): void {
  fc.assert(prop, {
    seed: SEED,
    numRuns,
    reporter: (details) => {
      record(construct, property, details);
      if (details.failed) {
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`${fc.defaultReportMessage(details)}\n\nWhat failed on the shrunk counterexample:\n${error}`);
      }
    },
  });
}

function record<T>(construct: string, property: string, details: fc.RunDetails<T>): void {
  const file = process.env.PROPERTY_REPORT;
  if (!file) return;
  const line = {
    construct,
    property,
    runs: details.numRuns,
    skips: details.numSkips,
    failed: details.failed,
    seed: details.seed,
    counterexample: details.failed ? fc.stringify(details.counterexample) : undefined,
    error: details.failed ? String((details.errorInstance as Error | undefined)?.message ?? '').split('\n').slice(0, 6).join('\n') : undefined,
  };
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
}
