/**
 * The CEL rules of a CRD (`x-kubernetes-validations`), evaluated as apiextensions-apiserver does
 * (pkg/apiserver/schema/cel/validation.go):
 *
 *  - on the defaulted object, each rule with `self` bound to the value of its schema node, for every
 *    value present (each item of a list, each value of a map); never on an absent or null value;
 *  - a transition rule (one that uses `oldSelf`) only on an update, with `oldSelf` the old object's
 *    value at the same place (object fields and map values by key, items of `map` lists by their
 *    keys; items of other lists have no old value); where there is none it is not evaluated;
 *  - a rule that is false fails with its `message`, or `messageExpression`'s string when that
 *    evaluates to a non-empty string, else `failed rule: <rule>`; `reason` (FieldValueInvalid,
 *    FieldValueForbidden, FieldValueRequired, FieldValueDuplicate) and `fieldPath` shape the finding
 *    as they shape the server's error;
 *  - a rule whose evaluation errors (`no such key` when it selects an absent field) fails too, with
 *    the error, as on the server;
 *  - a rule the environment cannot run (a function of a Kubernetes library not implemented,
 *    cel-kubernetes.ts, or a type the JSON conversion cannot express) is skipped, and said to be.
 *
 * Each rule is parsed and planned once per process (compiled); nothing of it is written to a cache.
 * The built-in CRDs' rules come parsed with the package (cel-parsed.ts).
 * The cost limits the server enforces are not estimated.
 */
import type * as CelModule from '@bufbuild/cel';
import { isSupportedFunction, kubernetesCel, toCelValue } from './cel-kubernetes';
import { preParsedCel } from './cel-parsed';
import { at, isObject, Json, list } from '../objects';
import { SchemaFinding } from '../schema';

/** One rule as a CRD states it. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
}

/** A rule the plugin could not evaluate, and why. */
export interface SkippedCelRule {
  readonly path: string;
  readonly rule: string;
  readonly why: string;
}

/** What the CEL rules found: failures as schema findings, and the rules skipped. */
export interface CelOutcome {
  readonly findings: SchemaFinding[];
  readonly skipped: SkippedCelRule[];
}

type Program = (bindings: Record<string, CelModule.CelInput>) => unknown;
type Compiled =
  | { readonly ok: true; readonly program: Program; readonly transition: boolean }
  | { readonly ok: false; readonly why: string };

const compiled = new Map<string, Compiled>();

/** A CEL expression parsed and planned in the Kubernetes environment, once per process. */
export function compileCel(source: string): Compiled {
  let result = compiled.get(source);
  if (!result) {
    const { cel, env } = kubernetesCel();
    try {
      // The built-in CRDs' rules were parsed when the package was built (cel-parsed.ts).
      const parsed = (preParsedCel(source) as ReturnType<typeof cel.parse> | undefined) ?? cel.parse(source);
      const { functions, identifiers } = namesOf(parsed.expr);
      const missing = [...functions].filter((name) => !isSupportedFunction(name));
      result = missing.length > 0
        ? { ok: false, why: `uses ${missing.map((f) => `${f}()`).join(', ')}, which the plugin's CEL environment does not implement` }
        : { ok: true, program: cel.plan(env, parsed) as Program, transition: identifiers.has('oldSelf') };
    } catch (error) {
      result = { ok: false, why: `cannot be parsed: ${(error as Error).message}` };
    }
    compiled.set(source, result);
  }
  return result;
}

/** The functions called and the identifiers used in a parsed expression (cel.expr.Expr). */
function namesOf(expr: any, out = { functions: new Set<string>(), identifiers: new Set<string>() }) {
  const kind = expr?.exprKind;
  switch (kind?.case) {
    case 'identExpr': out.identifiers.add(kind.value.name); break;
    case 'selectExpr': namesOf(kind.value.operand, out); break;
    case 'callExpr':
      out.functions.add(kind.value.function);
      if (kind.value.target) namesOf(kind.value.target, out);
      for (const arg of kind.value.args) namesOf(arg, out);
      break;
    case 'listExpr': for (const element of kind.value.elements) namesOf(element, out); break;
    case 'structExpr': for (const entry of kind.value.entries) { namesOf(entry.mapKey, out); namesOf(entry.value, out); } break;
    case 'comprehensionExpr':
      for (const part of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) namesOf(kind.value[part], out);
      break;
    default: break;
  }
  return out;
}

/**
 * Evaluates every rule of `schema` on `value` (the defaulted object), with `old` the defaulted old
 * object for transition rules (undefined on a create).
 */
export function checkCelRules(value: unknown, schema: Json, old?: unknown): CelOutcome {
  const outcome: CelOutcome = { findings: [], skipped: [] };
  walk(value, schema, old, '', outcome);
  return outcome;
}

const withRules = new WeakMap<Json, boolean>();

/** Whether a schema has any CEL rule anywhere (so that objects of a CRD without rules never load CEL). */
export function hasCelRules(schema: Json): boolean {
  let found = withRules.get(schema);
  if (found === undefined) {
    const search = (node: unknown): boolean => {
      if (Array.isArray(node)) return node.some(search);
      if (!isObject(node)) return false;
      return list(node['x-kubernetes-validations']).length > 0 || Object.values(node).some(search);
    };
    found = search(schema);
    withRules.set(schema, found);
  }
  return found;
}

function walk(value: unknown, schema: Json, old: unknown, path: string, outcome: CelOutcome): void {
  if (value === null || value === undefined) return;
  for (const rule of list(schema['x-kubernetes-validations'])) {
    if (isObject(rule) && typeof rule.rule === 'string') evaluate(rule as CelRule, value, schema, old, path, outcome);
  }
  if (Array.isArray(value) && isObject(schema.items)) {
    const oldItems = oldListItems(value, old, schema);
    value.forEach((item, i) => walk(item, schema.items, oldItems[i], at(path, i), outcome));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = isObject(schema.properties?.[key]) ? schema.properties[key]
        : isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
      if (childSchema) walk(child, childSchema, isObject(old) ? old[key] : undefined, at(path, key), outcome);
    }
  }
}

/**
 * The old value of each item, for transition rules: in a `map` list the old item with the same keys;
 * in a `set` or `atomic` list none (Kubernetes correlates only map lists' items, and maps' values).
 */
function oldListItems(items: unknown[], old: unknown, schema: Json): unknown[] {
  if (!Array.isArray(old) || schema['x-kubernetes-list-type'] !== 'map') return [];
  const keys = list(schema['x-kubernetes-list-map-keys']).map(String);
  const identity = (item: unknown) => JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)));
  const byKey = new Map(old.map((item) => [identity(item), item]));
  return items.map((item) => byKey.get(identity(item)));
}

const REASONS: { readonly [reason: string]: string } = {
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

function evaluate(rule: CelRule, value: unknown, schema: Json, old: unknown, path: string, outcome: CelOutcome): void {
  const program = compileCel(rule.rule);
  if (!program.ok) {
    outcome.skipped.push({ path, rule: rule.rule, why: program.why });
    return;
  }
  if (program.transition && (old === undefined || old === null)) return;
  const { cel } = kubernetesCel();
  const bindings: Record<string, CelModule.CelInput> = { self: toCelValue(value, schema) };
  if (program.transition) bindings.oldSelf = toCelValue(old, schema);
  const result = program.program(bindings);
  const findingPath = typeof rule.fieldPath === 'string' && rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
  const reason = REASONS[rule.reason ?? ''] ?? REASONS.FieldValueInvalid;
  if (cel.isCelError(result)) {
    // A rule the server type-checked cannot meet a missing overload at run time: the JSON given to
    // it here lacks a type the server has (a formatted string as timestamp, say). Skipped, not failed.
    if (/no matching overload|unbound function|unsupported/i.test(result.message)) {
      outcome.skipped.push({ path, rule: rule.rule, why: `cannot be evaluated here: ${result.message}` });
      return;
    }
    outcome.findings.push({ path: findingPath, message: `${reason}: ${result.message} evaluating rule: ${rule.rule}`, unknownField: false });
    return;
  }
  if (result === true) return;
  outcome.findings.push({ path: findingPath, message: `${reason}: ${failureMessage(rule, bindings)}`, unknownField: false });
}

/** The message of a failed rule, as the server words it. */
function failureMessage(rule: CelRule, bindings: Record<string, CelModule.CelInput>): string {
  if (typeof rule.messageExpression === 'string' && rule.messageExpression) {
    const program = compileCel(rule.messageExpression);
    if (program.ok) {
      const message = program.program(bindings);
      if (typeof message === 'string' && message.trim() !== '' && !message.includes('\n')) return message;
    }
  }
  if (typeof rule.message === 'string' && rule.message) return rule.message;
  return `failed rule: ${rule.rule}`;
}

/** A rule's `fieldPath` (`.spec.port`, `.labels['a.b']`, relative to self) appended to the field path of self. */
function joinFieldPath(path: string, fieldPath: string): string {
  let joined = path;
  for (const [, name, quoted, index] of fieldPath.matchAll(/\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/g)) {
    joined = at(joined, index !== undefined ? Number(index) : name ?? quoted);
  }
  return joined;
}
