import { Chart, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { lint } from './linters';
import { strictValidate } from './strict-validate';

/** Synthesizes a chart built by `build` and returns its manifests. */
export function synth(build: (chart: Chart) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

/** The error message a synth of `build` fails with; fails the test when synth succeeds. */
export function synthError(build: (scope: Construct) => void): string {
  const chart = Testing.chart();
  try {
    build(chart);
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}

/** Multi-document YAML, the way a reviewer reads a manifest in a pull request. */
export function toYaml(manifests: any[]): string {
  return Yaml.stringify(...manifests);
}

/** One object by kind (and name when several share the kind). */
export function find(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/**
 * Asserts what a real API server (strict server-side dry-run) and the best-practice linters would
 * say about the manifests: nothing (the linters honour the exemptions the library writes on purpose,
 * src/workload/linters.ts), apart from the `waive` list of a test (`linter/rule`), which must each
 * say why in the test.
 */
export function expectAccepted(manifests: any[], waive: string[] = []): void {
  expect(strictValidate(manifests)).toEqual([]);
  expect(lint(manifests).filter((f) => !waive.includes(`${f.linter}/${f.rule}`))).toEqual([]);
}
