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

const validators = new WeakMap<CrdVersion, ValidateFunction>();

/**
 * The ajv validator of one CRD version, compiled on first need (a large CRD's schema takes ajv about
 * a tenth of a second) and kept for the process. Never cached on disk: a validator is code.
 */
export function compiledValidator(crd: Crd, version: CrdVersion): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = toJsonSchema(version.schema, true);
    // apiVersion, kind and metadata are always accepted at the root, whether the CRD lists them or
    // not; metadata is ObjectMeta and checked as such.
    schema.type = 'object';
    schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
    try {
      validate = compile(schema);
    } catch (error) {
      throw new Error(
        `The schema of ${crd.group}/${version.name} ${crd.kind} (${crd.source}) cannot be compiled: ${(error as Error).message}`,
        { cause: error },
      );
    }
    validators.set(version, validate);
  }
  return validate;
}

let ajv: any;

/** Compiles with ajv (one instance for all CRDs). */
function compile(schema: Json): ValidateFunction {
  if (!ajv) {
    const module = loadAjv();
    const Ajv = module.default ?? module;
    ajv = new Ajv(AJV_OPTIONS);
    for (const [name, format] of Object.entries(CRD_FORMATS)) ajv.addFormat(name, format);
  }
  return ajv.compile(schema);
}

/** Keywords whose meaning is the same in a CRD schema and in JSON Schema. */
const COPIED = ['enum', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required'];

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
