/**
 * Custom resources (HTTPRoute, VirtualService, Rollout, ...) checked against the CRDs the app
 * synthesizes itself, the CRDs the user points the plugin to (`crdFiles`), and the CRDs built into the
 * package (the vendored crds/ of this repository, in compact form: scripts/crd-schemas.ts), in that
 * order of precedence. What an API server with the
 * CRD installed does on create, minus CEL rules and admission webhooks:
 *
 *  - an apiVersion the CRD does not serve is refused;
 *  - nulls of non-nullable fields are dropped and `default`s filled in before anything is checked;
 *  - the served version's `openAPIV3Schema`: types, required, enum, bounds, patterns, lengths, item and
 *    property counts, oneOf / anyOf / allOf / not, `nullable`, `x-kubernetes-int-or-string`;
 *  - unknown fields: an object whose schema declares neither `additionalProperties` nor
 *    `x-kubernetes-preserve-unknown-fields` admits only the fields it lists (what
 *    `kubectl apply --validate=strict` enforces);
 *  - `x-kubernetes-list-type: map | set`: duplicate keys or items;
 *  - `metadata` as ObjectMeta, with the schema of the built-in kinds.
 *
 * The JSON-schema work is done by ajv, the validator kubernetes-models itself uses (see bundled.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAjv, loadYaml, requireAjvModule } from './bundled';
import { cacheKey, fileHash, pluginFingerprint, readCache, writeCache } from './cache';
import { at, isObject, Json, KubeObject, list, str } from './objects';
import { AjvError, checkObjectMeta, DefaultingChange, describeAjvErrors, SchemaFinding, SchemaOutcome } from './schema';

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: Json;
}

/** One CustomResourceDefinition: the kind of one API group, in all its versions. */
interface Crd {
  readonly group: string;
  readonly kind: string;
  /** Where it was read from: a file, or `Kind/name` of the app's own CRD object. */
  readonly source: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
}

/** The CRDs known to one validation run, by `group/Kind`. */
export class CrdRegistry {
  /**
   * Reads CRDs from files. `patterns` are paths relative to `baseDir`; the file name (not the
   * folders) may use `*` and `?` wildcards. A pattern that matches no file is an error: a typo would
   * otherwise turn every custom resource into an "unknown kind".
   */
  public static fromFiles(patterns: readonly string[], baseDir: string): CrdRegistry {
    const registry = new CrdRegistry();
    for (const pattern of patterns) {
      const files = expandPattern(pattern, baseDir);
      if (files.length === 0) throw new Error(`crdFiles: "${pattern}" matches no file (paths are relative to ${baseDir})`);
      for (const file of files) registry.files.push({ file, source: path.relative(baseDir, file) || file });
    }
    return registry;
  }

  /** CRDs the app synthesizes itself; they win over files. */
  private readonly crds = new Map<string, Crd>();
  private readonly files: { readonly file: string; readonly source: string }[] = [];
  private fileCrds?: Map<string, Crd>;

  /** The CRDs of the files, read on first need: an app without custom resources never pays for them. */
  private crdsOfFiles(): Map<string, Crd> {
    if (!this.fileCrds) {
      this.fileCrds = new Map();
      for (const { file, source } of this.files) {
        for (const crd of crdsOfFile(file, source)) this.fileCrds.set(`${crd.group}/${crd.kind}`, crd);
      }
    }
    return this.fileCrds;
  }

  /** Adds a CustomResourceDefinition manifest; anything else is ignored. */
  public add(manifest: unknown, source: string): void {
    const crd = toCrd(manifest, source);
    if (crd) this.crds.set(`${crd.group}/${crd.kind}`, crd);
  }

  /**
   * Identifies every CRD this registry may use (its files and the app's own, by content): schema
   * outcomes computed with it hold while it is unchanged.
   */
  public fingerprint(): string {
    const parts = this.files.map(({ file, source }) => `${file}\0${source}\0${fileHash(file)}`);
    parts.push(`built in\0${fileHash(BUILTIN_CRDS)}`);
    for (const [key, crd] of this.crds) parts.push(key, crd.source, JSON.stringify([...crd.versions.values()]));
    return cacheKey(...parts);
  }

  /** The CRD defining the object's group and kind, by precedence: the app's own, the files', the built-in ones. */
  private crdOf(object: KubeObject): Crd | undefined {
    const key = `${object.group}/${object.kind}`;
    return this.crds.get(key) ?? this.crdsOfFiles().get(key) ?? builtinCrds().get(key);
  }

  /**
   * What an API server with the object's CRD stores for it: a copy with the nulls of non-nullable
   * fields dropped and the schema's defaults filled in; undefined when no CRD serves its apiVersion.
   */
  public defaulted(manifest: Json): Json | undefined {
    const object = new KubeObject(manifest, 0);
    const version = this.crdOf(object)?.versions.get(object.version);
    return version?.served ? withDefaults(manifest, version.schema) : undefined;
  }

  /** Validates a custom resource; `unknown` when no CRD defines its group and kind. */
  public check(object: KubeObject): SchemaOutcome {
    const crd = this.crdOf(object);
    if (!crd) return { status: 'unknown' };
    const version = crd.versions.get(object.version);
    if (!version || !version.served) {
      const served = [...crd.versions.values()].filter((v) => v.served).map((v) => `${crd.group}/${v.name}`);
      return {
        status: 'checked',
        findings: [{ path: 'apiVersion', message: `the CRD (${crd.source}) does not serve ${object.apiVersion}; it serves ${served.join(', ')}`, unknownField: false }],
      };
    }
    // The API server checks a pruned and defaulted copy of what was sent.
    const defaulted = withDefaults(object.manifest, version.schema);
    const validate = compiledValidator(crd, version);
    const errors: AjvError[] = validate(defaulted) ? [] : [...(validate.errors ?? [])];
    const findings: SchemaFinding[] = [
      ...describeAjvErrors(errors, defaulted),
      ...checkObjectMeta(object.manifest),
    ];
    checkListTypes(defaulted, version.schema, '', findings);
    return { status: 'checked', findings, defaulting: defaultingChanges(object.manifest, defaulted, '') };
  }
}

/**
 * The package's own copy of the vendored CRDs' schemas, written by `npm run build` beside the compiled
 * code (lib/crd-schemas.json at the package's root, whether this module runs from lib/ or, in the
 * project's tests, from src/).
 */
const BUILTIN_CRDS = path.join(packageRoot(), 'lib', 'crd-schemas.json');
let builtin: Map<string, Crd> | undefined;

function packageRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf-8')).name === 'cdk8s-release-strategies') return dir;
  }
  throw new Error(`cdk8s-release-strategies: no package.json of the package above ${__dirname}`);
}

/** The built-in CRDs by `group/Kind`, read on first need. */
function builtinCrds(): Map<string, Crd> {
  if (!builtin) {
    if (!fs.existsSync(BUILTIN_CRDS)) throw new Error(`cdk8s-release-strategies: ${BUILTIN_CRDS} is missing (run \`npm run build\`)`);
    const stored: { crds: { source: string; group: string; kind: string; versions: CrdVersion[] }[] } = JSON.parse(fs.readFileSync(BUILTIN_CRDS, 'utf-8'));
    builtin = new Map(stored.crds.map((crd) => [`${crd.group}/${crd.kind}`,
      { group: crd.group, kind: crd.kind, source: crd.source, versions: new Map(crd.versions.map((v) => [v.name, v])) }]));
  }
  return builtin;
}

/** The files a pattern names: a plain path, or a folder plus a file name with `*` / `?` wildcards. */
function expandPattern(pattern: string, baseDir: string): string[] {
  const absolute = path.resolve(baseDir, pattern);
  const name = path.basename(absolute);
  if (!/[*?]/.test(name)) return fs.existsSync(absolute) ? [absolute] : [];
  const dir = path.dirname(absolute);
  if (!fs.existsSync(dir)) return [];
  const wildcard = new RegExp(`^${name.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return fs.readdirSync(dir).filter((f) => wildcard.test(f)).sort().map((f) => path.join(dir, f));
}

function toCrd(manifest: unknown, source: string): Crd | undefined {
  if (!isObject(manifest) || manifest.kind !== 'CustomResourceDefinition' || !isObject(manifest.spec)) return undefined;
  const group = str(manifest.spec.group);
  const kind = str(manifest.spec.names?.kind);
  if (!group || !kind) return undefined;
  const versions = new Map<string, CrdVersion>();
  for (const version of list(manifest.spec.versions)) {
    if (!isObject(version) || typeof version.name !== 'string') continue;
    // apiextensions.k8s.io/v1 has a schema per version; v1beta1 could share one at spec.validation.
    const schema = version.schema?.openAPIV3Schema ?? manifest.spec.validation?.openAPIV3Schema;
    versions.set(version.name, { name: version.name, served: version.served !== false, schema: isObject(schema) ? schema : {} });
  }
  return { group, kind, source, versions };
}

/** Parsed CRD files, so that a file (and the validators compiled from it) is read once per process while unchanged. */
const crdFiles = new Map<string, { readonly content: string; readonly crds: Crd[] }>();

/** The CustomResourceDefinitions of a YAML file (other documents are skipped). */
function crdsOfFile(file: string, source: string): Crd[] {
  const content = fileHash(file);
  const cached = crdFiles.get(file);
  if (cached && cached.content === content) return cached.crds;
  const crds = readCachedCrds(file, source) ?? parseCrds(file, source);
  crdFiles.set(file, { content, crds });
  return crds;
}

/**
 * Parsing CRD YAML (hundreds of kilobytes of schema) dominates a synth's validation time, so the
 * parsed CRDs are kept as JSON in the plugin's cache (cache.ts), keyed by the file's content: the
 * next synth reads them back in a few milliseconds.
 */
function crdCacheName(file: string): string {
  return `crds-${cacheKey(pluginFingerprint(), fileHash(file))}.json`;
}

function readCachedCrds(file: string, source: string): Crd[] | undefined {
  const cached = readCache(crdCacheName(file));
  if (cached === undefined) return undefined;
  try {
    const stored: { group: string; kind: string; versions: CrdVersion[] }[] = JSON.parse(cached);
    return stored.map((crd) => ({ group: crd.group, kind: crd.kind, source, versions: new Map(crd.versions.map((v) => [v.name, v])) }));
  } catch {
    return undefined;
  }
}

function parseCrds(file: string, source: string): Crd[] {
  const crds = loadYaml().parseAllDocuments(fs.readFileSync(file, 'utf-8'))
    .map((document) => toCrd(document.toJS({ maxAliasCount: -1 }), source))
    .filter((crd): crd is Crd => crd !== undefined);
  writeCache(crdCacheName(file), JSON.stringify(crds.map((crd) => ({ group: crd.group, kind: crd.kind, versions: [...crd.versions.values()] }))));
  return crds;
}

// ---------------------------------------------------------------------------------------------
// Defaulting and list types: walks of the structural schema
// ---------------------------------------------------------------------------------------------

/** The schema of each child of `value`: [key, child value, child schema]. */
function childSchemas(value: unknown, schema: Json): [string | number, unknown, Json][] {
  if (Array.isArray(value)) return isObject(schema.items) ? value.map((item, i) => [i, item, schema.items]) : [];
  if (!isObject(value)) return [];
  const children: [string | number, unknown, Json][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = isObject(schema.properties?.[key]) ? schema.properties[key] : isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    if (childSchema) children.push([key, child, childSchema]);
  }
  return children;
}

/** A copy of `manifest` as the API server stores it under `schema`: see applyDefaults. */
function withDefaults(manifest: Json, schema: Json): Json {
  const copy = JSON.parse(JSON.stringify(manifest));
  applyDefaults(copy, schema);
  return copy;
}

/**
 * Where defaulting changed an object: each field it added (the outermost one: a defaulted `matches`
 * list, not the path inside it) and each null it dropped or defaulted, as `path` and the stored value.
 */
function defaultingChanges(sent: unknown, stored: unknown, fieldPath: string): DefaultingChange[] {
  if (Array.isArray(sent) && Array.isArray(stored)) {
    return sent.flatMap((item, i) => defaultingChanges(item, stored[i], at(fieldPath, i)));
  }
  if (!isObject(sent) || !isObject(stored)) return [];
  const changes: DefaultingChange[] = [];
  for (const key of new Set([...Object.keys(sent), ...Object.keys(stored)])) {
    const childPath = at(fieldPath, key);
    if (sent[key] === undefined && stored[key] !== undefined) changes.push({ path: childPath, sent: undefined, stored: stored[key] });
    else if (sent[key] === null && stored[key] !== null) changes.push({ path: childPath, sent: null, stored: stored[key] });
    else changes.push(...defaultingChanges(sent[key], stored[key], childPath));
  }
  return changes;
}

/** Drops nulls of non-nullable fields, then fills in `default`s, from the root down. */
function applyDefaults(value: unknown, schema: Json): void {
  if (isObject(value) && isObject(schema.properties)) {
    for (const [key, property] of Object.entries<any>(schema.properties)) {
      if (value[key] === null && property?.nullable !== true) delete value[key];
      if (value[key] === undefined && property?.default !== undefined) value[key] = JSON.parse(JSON.stringify(property.default));
    }
  }
  for (const [, child, childSchema] of childSchemas(value, schema)) applyDefaults(child, childSchema);
}

/** Lists typed `map` must not repeat a key, lists typed `set` must not repeat an item. */
function checkListTypes(value: unknown, schema: Json, fieldPath: string, findings: SchemaFinding[]): void {
  const listType = schema['x-kubernetes-list-type'];
  if (Array.isArray(value) && (listType === 'map' || listType === 'set')) {
    const keys = list(schema['x-kubernetes-list-map-keys']).map(String);
    const firstIndex = new Map<string, number>();
    value.forEach((item, i) => {
      const identity = listType === 'map'
        ? JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)))
        : JSON.stringify(item);
      const earlier = firstIndex.get(identity);
      if (earlier === undefined) {
        firstIndex.set(identity, i);
        return;
      }
      const what = listType === 'map' ? `the same ${keys.join(' and ')} as` : 'a duplicate of';
      findings.push({ path: at(fieldPath, i), message: `is ${what} item ${earlier} (x-kubernetes-list-type: ${listType})`, unknownField: false });
    });
  }
  for (const [key, child, childSchema] of childSchemas(value, schema)) checkListTypes(child, childSchema, at(fieldPath, key), findings);
}

// ---------------------------------------------------------------------------------------------
// CRD schema -> JSON Schema for ajv
// ---------------------------------------------------------------------------------------------

/** The ajv validate function: returns validity, leaves the errors on itself. */
interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** The options every CRD validator is compiled with; `code.source` keeps the code for the cache. */
const AJV_OPTIONS = {
  // unicodeRegExp off: CRD patterns are Go regular expressions, closer to JavaScript's without the u flag.
  allErrors: true, verbose: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, logger: false,
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Formats checked, as the API server checks them; it ignores the others (int64, double, binary, ...). */
const CRD_FORMATS: { readonly [name: string]: { readonly type: string; readonly validate: (value: any) => boolean } } = {
  'date-time': { type: 'string', validate: (v: string) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)) },
  'byte': { type: 'string', validate: (v: string) => BASE64.test(v) },
  'int32': { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 },
};
const FORMATS = new Set(Object.keys(CRD_FORMATS));

/** How a cached validator's code refers to CRD_FORMATS. */
const FORMATS_MODULE = 'cdk8s-release-strategies:crd-formats';

const validators = new WeakMap<CrdVersion, ValidateFunction>();

/**
 * The ajv validator of one CRD version. Compiling a large CRD's schema takes ajv a tenth of a
 * second, so the compiled code (ajv's standalone output) is cached on disk, keyed by the schema,
 * and the next synth only evaluates it.
 */
function compiledValidator(crd: Crd, version: CrdVersion): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = toJsonSchema(version.schema, true);
    // apiVersion, kind and metadata are always accepted at the root, whether the CRD lists them or
    // not; metadata is ObjectMeta and checked as such.
    schema.type = 'object';
    schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
    const cacheName = `validator-${cacheKey(pluginFingerprint(), JSON.stringify(schema))}.js`;
    validate = evaluateValidator(readCache(cacheName));
    if (!validate) {
      try {
        validate = compileValidator(schema, cacheName);
      } catch (error) {
        throw new Error(`The schema of ${crd.group}/${version.name} ${crd.kind} (${crd.source}) cannot be compiled: ${(error as Error).message}`);
      }
    }
    validators.set(version, validate);
  }
  return validate;
}

let ajv: any;

/** Compiles with ajv (one instance for all CRDs) and caches the code. */
function compileValidator(schema: Json, cacheName: string): ValidateFunction {
  if (!ajv) {
    const module = loadAjv();
    const Ajv = module.default ?? module;
    ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, formats: module._`require(${FORMATS_MODULE})` } });
    for (const [name, format] of Object.entries(CRD_FORMATS)) ajv.addFormat(name, format);
  }
  const validate: ValidateFunction = ajv.compile(schema);
  const standaloneCode = requireAjvModule('ajv/dist/standalone').default;
  writeCache(cacheName, standaloneCode(ajv, validate));
  return validate;
}

/** A cached validator, or undefined when there is none or it cannot be used. */
function evaluateValidator(code: string | undefined): ValidateFunction | undefined {
  if (code === undefined) return undefined;
  try {
    const module: { exports: unknown } = { exports: {} };
    // The code ajv generated: it requires only its runtime helpers and the formats.
    new Function('require', 'module', 'exports', code)(requireFromValidator, module, module.exports);
    return typeof module.exports === 'function' ? module.exports as ValidateFunction : undefined;
  } catch {
    return undefined;
  }
}

function requireFromValidator(specifier: string): unknown {
  if (specifier === FORMATS_MODULE) return CRD_FORMATS;
  if (specifier.startsWith('ajv/dist/runtime/')) return requireAjvModule(specifier);
  throw new Error(`a cached validator requires ${specifier}`);
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
