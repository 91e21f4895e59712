/**
 * A CRD's openAPIV3Schema as JSON Schema for ajv, the validator kubernetes-models itself uses (see
 * bundled.ts): types, required, enum, bounds, patterns, lengths, item and property counts, oneOf /
 * anyOf / allOf / not, `nullable`, `x-kubernetes-int-or-string`, the formats the API server checks,
 * and objects closed to unknown fields unless the schema keeps them open.
 */
import { loadAjv } from '../bundled';
import { isObject, Json } from '../objects';
import { AjvError } from '../schema';
import { Crd, CrdVersion } from './definition';

/** The ajv validate function: returns validity, leaves the errors on itself. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** The options every CRD validator is compiled with. */
const AJV_OPTIONS = {
  // unicodeRegExp off: CRD patterns are Go regular expressions, closer to JavaScript's without the u flag.
  allErrors: true, verbose: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, logger: false,
  // A schema is checked against JSON Schema's meta-schema by `compile` when it is not one of the
  // package's own (the first check compiles the meta-schema: about a tenth of a second).
  validateSchema: false,
  // No optimising pass over the generated code: it halves a compile, and a validator checks a handful of objects.
  code: { optimize: false },
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Formats checked, as the API server checks them; it ignores the others (int32, int64, double, binary, ...:
 * apiextensions-apiserver validation/formats.go supportedVersionedFormats lists only string formats, so an
 * int32 field holding 2^31 is accepted).
 */
const CRD_FORMATS: { readonly [name: string]: { readonly type: string; readonly validate: (value: any) => boolean } } = {
  'date-time': { type: 'string', validate: (v: string) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)) },
  'byte': { type: 'string', validate: (v: string) => BASE64.test(v) },
};
const FORMATS = new Set(Object.keys(CRD_FORMATS));

/** Per CRD version: its schema as JSON Schema, and the validators compiled from parts of it, by the part. */
const compiled = new WeakMap<CrdVersion, { readonly schema: Json; readonly validators: Map<string, ValidateFunction> }>();

/**
 * The ajv validator of one CRD version for `data`: compiled from the part of the schema that can
 * apply to the data (usedPart), on first need, and kept for the process. A large CRD's whole schema
 * takes ajv seconds (Argo CD's ApplicationSet nests the whole Application spec in every generator) and
 * an object uses a sliver of it; objects of the same shape share one validator. Never cached on disk:
 * a validator is code.
 */
export function compiledValidator(crd: Crd, version: CrdVersion, data: unknown): ValidateFunction {
  const ofVersion = wholeSchema(version);
  const part = usedPart(ofVersion.schema, [data]);
  const key = JSON.stringify(part);
  let validate = ofVersion.validators.get(key);
  if (!validate) {
    try {
      validate = compile(part as Json, !crd.builtIn);
    } catch (error) {
      throw new Error(
        `The schema of ${crd.group}/${version.name} ${crd.kind} (${crd.source}) cannot be compiled: ${(error as Error).message}`,
        { cause: error },
      );
    }
    ofVersion.validators.set(key, validate);
  }
  return validate;
}

/**
 * The part of `schema` that can apply to `values` (every value it is applied to at its place), with
 * the same verdict and errors on them: a property no value has, items of no list, and map values none
 * has become `true` (they never apply), so only the subschemas of fields the data has are compiled.
 * The keys of `properties` stay (an object closed to unknown fields still lists them all), as do the
 * structure and order of everything else, so ajv reports the same errors at the same schema paths.
 */
export function usedPart(schema: unknown, values: readonly unknown[]): unknown {
  if (!isObject(schema) || Object.keys(schema).some((keyword) => !WRITTEN.has(keyword))) return schema;
  const out: Json = { ...schema };
  const objects = values.filter(isObject);
  const declared = isObject(schema.properties) ? schema.properties : {};
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => {
      const present = objects.filter((o) => Object.prototype.hasOwnProperty.call(o, key)).map((o) => o[key]);
      return [key, present.length > 0 ? usedPart(child, present) : true];
    }));
  }
  if (isObject(schema.additionalProperties)) {
    const others = objects.flatMap((o) => Object.keys(o).filter((key) => !Object.prototype.hasOwnProperty.call(declared, key)).map((key) => o[key]));
    out.additionalProperties = others.length > 0 ? usedPart(schema.additionalProperties, others) : true;
  }
  if (isObject(schema.items)) {
    const items = values.filter(Array.isArray).flat();
    out.items = items.length > 0 ? usedPart(schema.items, items) : true;
  }
  for (const junctor of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(schema[junctor])) out[junctor] = schema[junctor].map((branch: unknown) => usedPart(branch, values));
  }
  if (schema.not !== undefined) out.not = usedPart(schema.not, values);
  return out;
}

let ajv: any;

/** The one ajv instance for all CRDs. */
function instance(): any {
  if (!ajv) {
    const module = loadAjv();
    const Ajv = module.default ?? module;
    ajv = new Ajv(AJV_OPTIONS);
    for (const [name, format] of Object.entries(CRD_FORMATS)) ajv.addFormat(name, format);
  }
  return ajv;
}

/** Compiles with ajv; `checkSchema`: first checks the schema against JSON Schema's meta-schema. */
export function compile(schema: Json, checkSchema: boolean = true): ValidateFunction {
  const invalid = checkSchema ? metaSchemaErrors(schema) : undefined;
  if (invalid) throw new Error(invalid);
  return instance().compile(schema);
}

/** Where `schema` breaks JSON Schema's meta-schema, in ajv's words; undefined when it does not. */
export function metaSchemaErrors(schema: Json): string | undefined {
  const validator = instance();
  return validator.validateSchema(schema) ? undefined : `schema is invalid: ${validator.errorsText(validator.errors)}`;
}

/** Keywords whose meaning is the same in a CRD schema and in JSON Schema. */
const COPIED = ['enum', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required'];
/** A CRD version's whole schema as JSON Schema (converted once per process), with its validators by part. */
export function wholeSchema(version: CrdVersion): { readonly schema: Json; readonly validators: Map<string, ValidateFunction> } {
  let ofVersion = compiled.get(version);
  if (!ofVersion) {
    const schema = toJsonSchema(version.schema, true);
    // apiVersion, kind and metadata are always accepted at the root, whether the CRD lists them or
    // not; metadata is ObjectMeta and checked as such.
    schema.type = 'object';
    schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
    ofVersion = { schema, validators: new Map() };
    compiled.set(version, ofVersion);
  }
  return ofVersion;
}

/** The keywords toJsonSchema writes; a schema with any other is used whole. */
const WRITTEN = new Set([...COPIED, 'exclusiveMinimum', 'exclusiveMaximum', 'format', 'type', 'properties', 'items', 'additionalProperties',
  'oneOf', 'anyOf', 'allOf', 'not']);

/**
 * A CRD schema node as JSON Schema. `structural` is false inside oneOf / anyOf / allOf / not: there
 * a schema only adds value checks to fields declared outside it and never closes an object.
 */
function toJsonSchema(node: unknown, structural: boolean): Json {
  if (!isObject(node)) return {};
  const out: Json = {};
  for (const keyword of COPIED) if (node[keyword] !== undefined) out[keyword] = node[keyword];
  // OpenAPI 3.0 exclusive bounds are flags beside minimum / maximum.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') { out.exclusiveMinimum = node.minimum; delete out.minimum; }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') { out.exclusiveMaximum = node.maximum; delete out.maximum; }
  if (typeof node.format === 'string' && FORMATS.has(node.format)) out.format = node.format;
  if (node.type !== undefined) out.type = node.type;
  if (node['x-kubernetes-int-or-string'] === true && node.type === undefined && node.anyOf === undefined && node.oneOf === undefined) {
    out.type = ['integer', 'string'];
  }
  if (node.nullable === true && out.type !== undefined) {
    out.type = [...(Array.isArray(out.type) ? out.type : [out.type]), 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([key, child]) => [key, toJsonSchema(child, structural)]));
  }
  if (node.items !== undefined) out.items = toJsonSchema(node.items, structural);
  if (isObject(node.additionalProperties)) {
    out.additionalProperties = toJsonSchema(node.additionalProperties, structural);
  } else if (typeof node.additionalProperties === 'boolean') {
    out.additionalProperties = node.additionalProperties;
  } else if (structural && node.type === 'object' && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    if (node['x-kubernetes-embedded-resource'] === true) {
      out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
    }
    out.additionalProperties = false;
  }
  for (const junctor of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(node[junctor])) out[junctor] = node[junctor].map((branch: unknown) => toJsonSchema(branch, false));
  }
  if (node.not !== undefined) out.not = toJsonSchema(node.not, false);
  return out;
}
