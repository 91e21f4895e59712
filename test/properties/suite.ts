/**
 * The properties every construct gets; the *.property.test.ts files instantiate them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { invalidSpecs, Mistake, neighbourOf } from './arbitraries';
import { synthesize, synthesizeInvalid } from './build';
import { assertProperty, INVALID_RUNS, LINT_RUNS, RUNS, timeoutFor } from './config';
import { lintViolations, outputViolations } from './invariants';
import { AnySpec, problemsOf } from './model';

/** Fails with every violation, one per line (fast-check prints it with the shrunk counterexample). */
export function none(violations: string[]): void {
  if (violations.length) throw new Error(`${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
}

/**
 * Valid sets: the construct (next to a neighbouring app of the same kind in the same namespace, so
 * "selects only its own app's pods" can fail) synthesizes, the strict API-server stand-in accepts
 * every object, and the invariants of invariants.ts hold.
 */
export function validSetsProperty<S extends AnySpec>(construct: string, valid: fc.Arbitrary<S>): void {
  test(`valid sets (${RUNS} cases): accepted by the API-server stand-in; selectors, Services, capacity, grace and probes hold`, () => {
    assertProperty(construct, 'valid sets: schema + invariants', fc.property(valid, (spec) => {
      none(outputViolations(spec, synthesize(spec, neighbourOf(spec))));
    }), RUNS);
  }, timeoutFor(RUNS));
}

/** Valid sets pass the linters apart from the waivers documented in invariants.ts (lintViolations). */
export function lintProperty<S extends AnySpec>(construct: string, valid: fc.Arbitrary<S>): void {
  test(`valid sets (${LINT_RUNS} cases): no linter finding except the documented waivers`, () => {
    assertProperty(construct, 'valid sets: lint', fc.property(valid, (spec) => {
      none(lintViolations(spec, synthesize(spec).manifests));
    }), LINT_RUNS);
  }, timeoutFor(LINT_RUNS));
}

/**
 * Invalid sets, one test per mistake: synthesis throws before returning any manifest, with a message
 * naming the construct and the prop (`CanaryApp: 'canaryWeight' is …`), and naming every other
 * problem the model sees too; a real `app.synth()` throws as well and writes no *.k8s.yaml file.
 */
export function invalidSetsProperties<S extends AnySpec>(construct: string, valid: fc.Arbitrary<S>, mistakes: Mistake<S>[]): void {
  const runsEach = Math.max(10, Math.ceil(INVALID_RUNS / mistakes.length));
  describe(`invalid sets (${runsEach} cases per mistake, ${runsEach * mistakes.length} in all): a clear error and no output`, () => {
    let outdir = '';
    beforeAll(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'properties-invalid-')); });
    afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

    test.each(mistakes.map((m) => [m.serverRule ? `${m.name} [API-server rule]` : m.name, m] as const))('%s', (_name, mistake) => {
      assertProperty(construct, `invalid sets: ${mistake.name}`, fc.property(invalidSpecs(valid, mistake), ({ spec, props, modelAgrees }) => {
        if (!modelAgrees) throw new Error(`test suite error: model.ts does not see this mistake as one of ${JSON.stringify(props)}`);
        const result = synthesizeInvalid(spec, outdir);
        const named = (prop: string) => result.error?.message.includes(`${construct}: '${prop}'`) ?? false;
        const violations: string[] = [];
        if (result.returned) violations.push(`synthesis returned manifests; expected an error naming ${props.map((p) => `'${p}'`).join(' or ')}`);
        else if (!(result.error instanceof Error)) violations.push(`synthesis threw ${String(result.error)}, not an Error`);
        else {
          if (!props.some(named)) violations.push(`the error names none of ${JSON.stringify(props)}: ${result.error.message}`);
          const unnamed = [...new Set(problemsOf(spec).map((p) => p.prop))].filter((p) => !named(p));
          if (unnamed.length) violations.push(`the error does not name ${JSON.stringify(unnamed)}: ${result.error.message}`);
        }
        if (!result.appError) violations.push('app.synth() succeeded');
        if (result.filesWritten.length) violations.push(`app.synth() wrote ${JSON.stringify(result.filesWritten)}`);
        none(violations);
      }), runsEach);
    }, timeoutFor(runsEach));
  });
}
