/**
 * The Kubernetes CEL environment of `x-kubernetes-validations`, on @bufbuild/cel (a CEL evaluator for
 * JavaScript that runs the cel-spec conformance suite, with an RE2 engine for `matches`, as Go's CEL
 * has). One place for everything Kubernetes adds to plain CEL:
 *
 *  - how a custom resource's JSON becomes CEL values (apiextensions-apiserver pkg/apiserver/schema/cel:
 *    `integer` fields are int, `number` fields double, objects with `properties` are objects whose
 *    property names are escaped (`namespace` is `__namespace__`, `a.b` is `a__dot__b`), maps and lists
 *    as they are);
 *  - the functions: CEL's standard ones, the strings extension, and of Kubernetes' own libraries
 *    (k8s.io/apiserver/pkg/cel/library) the lists library (`isSorted`, `sum`, `min`, `max`, `indexOf`,
 *    `lastIndexOf`). A rule that calls anything else (`isURL`, `url`, `quantity`, `isQuantity`, `ip`,
 *    `cidr`, `semver`, `format`, regex `find`/`findAll`, `optional` types...) is reported as skipped,
 *    never as passed: supportedFunctions() tells.
 *
 * The library is loaded on the first rule to evaluate (about 0.1 s), so a synth whose custom
 * resources are all remembered (memo.ts), or that has none, never loads it.
 */
import type * as CelModule from '@bufbuild/cel';
import { isObject, Json } from '../objects';

/** The loaded library and the environment every rule is planned in. */
export interface KubernetesCel {
  readonly cel: typeof CelModule;
  readonly env: CelModule.CelEnv;
}

let loaded: KubernetesCel | undefined;

/** The CEL library and environment, loaded on first need. */
export function kubernetesCel(): KubernetesCel {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cel: typeof CelModule = require('@bufbuild/cel');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const strings: CelModule.CelFunc[] = require('@bufbuild/cel/ext').strings;
    loaded = { cel, env: cel.celEnv({ funcs: [...strings, ...listsLibrary(cel)] }) };
  }
  return loaded;
}

/**
 * Whether the environment has a function of that name. Operators and macros the evaluator handles
 * itself (`_&&_`, `_?_:_`, `_[_]`, `!_`, `@not_strictly_false`) are always there.
 */
export function isSupportedFunction(name: string): boolean {
  if (/^[_@!]/.test(name)) return true;
  return kubernetesCel().env.funcs.find(name) !== undefined;
}

/** CEL reserved words: a property of that name is reached as `__name__` (Kubernetes' escaping). */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/**
 * A property name as CEL rules spell it (apiserver pkg/cel/escaping.go), or undefined when CEL cannot
 * reach it (a name with other characters than letters, digits, `_`, `.`, `-`, `/`).
 */
export function escapePropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** A JSON value as the CEL value the API server gives a rule, typed by its schema node. */
export function toCelValue(value: unknown, schema: Json | undefined): CelModule.CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    // `number` fields are double even when whole; `integer` fields (and whole numbers where the
    // schema does not say: int-or-string, preserved unknown fields) are int.
    return schema?.type === 'number' || !Number.isInteger(value) ? value : BigInt(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = isObject(schema?.items) ? schema!.items : undefined;
    return value.map((item) => toCelValue(item, items));
  }
  if (!isObject(value)) return null;
  const entries: [string, CelModule.CelInput][] = [];
  const properties = isObject(schema?.properties) ? schema!.properties : undefined;
  const additional = isObject(schema?.additionalProperties) ? schema!.additionalProperties : undefined;
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (properties && isObject(properties[key])) {
      const name = escapePropertyName(key);
      if (name !== undefined) entries.push([name, toCelValue(child, properties[key])]);
    } else if (additional || !properties) {
      // A map's keys are data, not property names: not escaped.
      entries.push([key, toCelValue(child, additional)]);
    }
  }
  return new Map(entries);
}

/**
 * Kubernetes' lists library (k8s.io/apiserver/pkg/cel/library/lists.go), on lists of comparable
 * items (int, double, string): `isSorted()`, `sum()` (0 for an empty list), `min()` / `max()`
 * (an error on an empty list), `indexOf(x)` / `lastIndexOf(x)` (-1 when absent).
 */
function listsLibrary(cel: typeof CelModule): CelModule.CelFunc[] {
  const { celMethod, CelScalar, listType } = cel;
  const anyList = listType(CelScalar.DYN);
  const items = (list: Iterable<unknown>) => [...list] as (bigint | number | string)[];
  const extreme = (pick: (a: any, b: any) => boolean) => function (this: Iterable<unknown>) {
    const all = items(this);
    if (all.length === 0) throw new Error('min/max of an empty list');
    return all.reduce((best, x) => (pick(x, best) ? x : best));
  };
  return [
    celMethod('isSorted', anyList, [], CelScalar.BOOL, function () {
      const all = items(this);
      return all.every((x, i) => i === 0 || all[i - 1] <= x);
    }),
    celMethod('sum', anyList, [], CelScalar.DYN, function () {
      const all = items(this);
      if (all.length === 0) return 0n;
      return (all as any[]).reduce((a, b) => a + b);
    }),
    celMethod('min', anyList, [], CelScalar.DYN, extreme((a, b) => a < b)),
    celMethod('max', anyList, [], CelScalar.DYN, extreme((a, b) => a > b)),
    celMethod('indexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (x) {
      return BigInt(items(this).findIndex((item) => item === x));
    }),
    celMethod('lastIndexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (x) {
      const all = items(this);
      for (let i = all.length - 1; i >= 0; i--) if (all[i] === x) return BigInt(i);
      return -1n;
    }),
  ];
}
