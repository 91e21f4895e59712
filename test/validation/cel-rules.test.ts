/**
 * Every CEL rule of the vendored CRDs (crds/*.yaml, read here, so that a rule without a case fails)
 * has a case that passes it and one that fails it (test/validation/corpus/cel.ts), and the plugin
 * agrees with each: a failing object is refused (RS101) with the CRD's own message, a passing one
 * is not refused at all. A rule is named by its kind and message; the same rule text and message on
 * many fields (Istio's duration rule) or versions is one rule, evaluated wherever it stands.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compileCel } from '../../src/validation/crd/cel';
import { validateManifests } from '../../src/validation/validate';
import { CEL_CASES, CelCase } from './corpus/cel';

const CRD_DIR = path.join(__dirname, '..', '..', 'crds');

interface VendoredRule { readonly kind: string; readonly rule: string; readonly message: string; readonly where: string }

/** Every x-kubernetes-validations rule of the vendored CRDs, at every place it stands. */
function vendoredRules(): VendoredRule[] {
  const rules: VendoredRule[] = [];
  const walk = (node: any, kind: string, where: string): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const r of node['x-kubernetes-validations'] ?? []) rules.push({ kind, rule: r.rule, message: r.message ?? `failed rule: ${r.rule}`, where });
    for (const [key, child] of Object.entries<any>(node.properties ?? {})) walk(child, kind, `${where}.${key}`);
    walk(node.items, kind, `${where}[]`);
    walk(node.additionalProperties, kind, `${where}{}`);
  };
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf-8'))) {
      const crd = document.toJS({ maxAliasCount: -1 });
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) walk(version.schema?.openAPIV3Schema, crd.spec.names.kind, version.name);
    }
  }
  return rules;
}

const RULES = vendoredRules();
const key = (r: { kind: string; message: string }) => `${r.kind}: ${r.message}`;

const refusals = (c: CelCase) => validateManifests(c.manifests(), { previousManifests: c.previous?.() })
  .filter((v) => v.severity === 'error' && /^RS1/.test(v.ruleId));

describe('the CEL rules of the vendored CRDs', () => {
  test('there are the rules this corpus was written for (Gateway API, Istio, Argo Rollouts, Flagger)', () => {
    // 315 places, 57 rules by kind and message (hand-counted from crds/*.yaml when the corpus was written).
    expect(RULES.length).toBe(315);
    expect(new Set(RULES.map(key)).size).toBe(57);
  });

  test('a kind and message name one rule text', () => {
    const texts = new Map<string, Set<string>>();
    for (const r of RULES) texts.set(key(r), (texts.get(key(r)) ?? new Set()).add(r.rule));
    expect([...texts].filter(([, t]) => t.size > 1).map(([k]) => k)).toEqual([]);
  });

  test('every rule compiles in the plugin\'s CEL environment (none is skipped)', () => {
    const skipped = [...new Set(RULES.map((r) => r.rule))].map((rule) => ({ rule, compiled: compileCel(rule) })).filter((c) => !c.compiled.ok);
    expect(skipped.map((c) => c.rule)).toEqual([]);
  });

  test('every rule has a case that passes it and one that fails it, and no case names a rule that is not there', () => {
    const wanted = [...new Set(RULES.map(key))].sort();
    const verdicts = (verdict: string) => [...new Set(CEL_CASES.filter((c) => c.verdict === verdict).map(key))].sort();
    expect(verdicts('accepted')).toEqual(wanted);
    expect(verdicts('refused')).toEqual(wanted);
  });

  test.each(CEL_CASES.filter((c) => c.verdict === 'refused').map((c) => [c.what, c] as const))('refuses %s with the CRD\'s message', (_what, c) => {
    expect(refusals(c).map((v) => v.message)).toContainEqual(expect.stringContaining(c.message));
  });

  test.each(CEL_CASES.filter((c) => c.verdict === 'accepted').map((c) => [c.what, c] as const))('accepts %s', (_what, c) => {
    expect(refusals(c).map((v) => `${v.ruleId} ${v.path} ${v.message}`)).toEqual([]);
  });
});
