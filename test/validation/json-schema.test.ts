/**
 * A custom resource is checked with a validator compiled from the part of its CRD's schema that can
 * apply to it (crd/json-schema.ts usedPart): the verdict and every error must be those of the whole
 * schema, for valid objects and for objects broken in every way (a wrong type anywhere, an unknown
 * field anywhere, a field removed), over the built-in CRDs.
 */
import fc from 'fast-check';
import { builtinCrds } from '../../src/validation/crd/builtin';
import { toCrd } from '../../src/validation/crd/definition';
import { compile, compiledValidator, metaSchemaErrors, ValidateFunction, wholeSchema } from '../../src/validation/crd/json-schema';
import { CEL_CASES, destinationRule, flaggerCanary, httpRoute, rollout, virtualService } from './corpus/cel';

/** What a validator says of `data`: valid, or its errors as ajv gives them (place, rule, parameters, message). */
function verdict(validate: ValidateFunction, data: unknown) {
  return validate(data) ? 'valid' : (validate.errors ?? []).map((e: any) => ({
    instancePath: e.instancePath, schemaPath: e.schemaPath, keyword: e.keyword, params: e.params, message: e.message,
  }));
}

/** Every path to a value in `value` (arrays by index), the root included. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => paths(item, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

/** A copy of `value` with `change` applied to the parent of `path` (its last step). */
function edited(value: unknown, path: (string | number)[], change: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(value);
  let parent: any = copy;
  for (const step of path.slice(0, -1)) parent = parent[step];
  change(parent, path[path.length - 1]);
  return copy;
}

const objects = [httpRoute(), virtualService(), destinationRule(), rollout(), flaggerCanary(),
  ...CEL_CASES.flatMap((c) => c.manifests()).filter((m) => builtinCrds().has(`${m.apiVersion.split('/')[0]}/${m.kind}`))];
const WRONG = [{}, [], 'x', 7, 1.5, true, null, { unknownField: 1 }, [{ unknownField: 1 }]];

describe('a custom resource checked against the part of its CRD it uses', () => {
  const wholeValidators = new Map<unknown, ValidateFunction>();
  const whole = (data: any) => {
    const crd = builtinCrds().get(`${data.apiVersion.split('/')[0]}/${data.kind}`)!;
    const version = crd.versions.get(data.apiVersion.split('/')[1])!;
    if (!wholeValidators.has(version)) wholeValidators.set(version, compile(wholeSchema(version).schema));
    return { crd, version, validate: wholeValidators.get(version)! };
  };
  const same = (data: any) => {
    const { crd, version, validate } = whole(data);
    expect(verdict(compiledValidator(crd, version, data), data)).toEqual(verdict(validate, data));
  };

  test('the corpus covers several CRDs, valid and refused', () => {
    expect(new Set(objects.map((o) => o.kind)).size).toBeGreaterThanOrEqual(5);
    expect(objects.some((o) => verdict(whole(o).validate, o) === 'valid')).toBe(true);
  });

  test('valid objects and the CEL corpus: the same verdict', () => {
    for (const object of objects) same(object);
  });

  test('a value of the wrong type, an unknown field or a missing field anywhere: the same errors', () => {
    const broken = fc.constantFrom(...objects).chain((object) => {
      const places = paths(object).filter((p) => p.length > 1); // apiVersion and kind stay, to find the CRD
      return fc.tuple(fc.constant(object), fc.constantFrom(...places), fc.integer({ min: 0, max: WRONG.length + 1 }));
    }).map(([object, place, how]) => edited(object, place, (parent, key) => {
      if (how < WRONG.length) parent[key] = structuredClone(WRONG[how]);
      else if (how === WRONG.length && Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (how === WRONG.length) delete parent[key];
      else if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) parent[key].notInTheSchema = 'x';
      else parent[key] = [parent[key], parent[key]];
    }));
    fc.assert(fc.property(broken, (data) => same(data)), { numRuns: 600, seed: 29 });
  });
});

describe('which schemas are checked against JSON Schema\'s meta-schema', () => {
  test('every built-in CRD version converts to valid JSON Schema (so its validators are compiled without that check)', () => {
    const versions = [...builtinCrds().values()].flatMap((crd) => [...crd.versions.values()].map((version) => ({ crd, version })));
    expect(versions.length).toBeGreaterThanOrEqual(10);
    for (const { crd, version } of versions) {
      expect(crd.builtIn).toBe(true);
      expect({ kind: crd.kind, version: version.name, invalid: metaSchemaErrors(wholeSchema(version).schema) })
        .toEqual({ kind: crd.kind, version: version.name, invalid: undefined });
    }
  });

  test('a CRD of the app\'s own (crdFiles) with a broken schema is refused as it is compiled, naming the CRD and the keyword', () => {
    const crd = toCrd({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 'three' } } } } } } }],
      },
    }, 'crds/widget.yaml')!;
    expect(crd.builtIn).toBeUndefined();
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 } };
    expect(() => compiledValidator(crd, crd.versions.get('v1')!, widget))
      .toThrow(/The schema of example\.com\/v1 Widget \(crds\/widget\.yaml\) cannot be compiled: schema is invalid: .*minimum must be number/);
  });
});
