/**
 * strictValidate: a local stand-in for
 *
 *     kubectl apply --dry-run=server --validate=strict -f <manifests>
 *
 * for the plain objects a cdk8s chart synthesizes (`Testing.synth(chart)`).
 * Unit tests have no API server, so this reproduces the layers such a dry run applies:
 *
 *  1. OpenAPI schema validation, using the validators that kubernetes-models ships; for the
 *     custom resources of the pinned CRDs (Gateway API HTTPRoute, Istio VirtualService and
 *     DestinationRule, Argo Rollouts Rollout and AnalysisTemplate) the served version's
 *     `openAPIV3Schema`, with the API server's defaulting, list-type and CEL
 *     (`x-kubernetes-validations`) checks. See "Custom resources" below.
 *  2. Strict field validation: `--validate=strict` rejects fields the schema does not
 *     declare (a typo such as `maxSure`); kubernetes-models on its own ignores them.
 *  3. The API server's hand-written validation (kubernetes `pkg/apis/<group>/validation`)
 *     for rules the schema cannot express: name formats, selectors, ports, probes,
 *     quantities, ... Only the rules listed in this file; it is a subset.
 *  4. Duplicate objects in one apply.
 *
 * `strictValidate(manifests)` returns one Finding per problem; [] means all accepted.
 */
import { readFileSync } from 'fs';
import { isIPv4, isIPv6 } from 'net';
import { resolve as resolvePath } from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler as HorizontalPodAutoscalerV1 } from 'kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { IngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { parseAllDocuments } from 'yaml';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export interface Finding {
  /** `Kind/name` of the offending manifest, e.g. `Deployment/web`. */
  readonly object: string;
  /**
   * Field path inside the manifest, e.g. `spec.template.spec.containers[0].ports[1].name`
   * (map keys that are not plain identifiers are bracketed: `metadata.labels["app.kubernetes.io/name"]`).
   * '' means the object as a whole.
   */
  readonly path: string;
  readonly message: string;
}

/** Validates synthesized manifests the way a strict server-side dry run would. [] = all accepted. */
export function strictValidate(manifests: any[]): Finding[] {
  const findings: Finding[] = [];
  manifests.forEach((manifest, index) => {
    const object = describeObject(manifest, index);
    const report: Report = (path, message) => findings.push({ object, path, message });
    if (!isObject(manifest)) {
      report('', 'manifest is not an object');
      return;
    }
    const schemaPaths = new Set<string>();
    checkSchema(manifest, (path, message) => {
      schemaPaths.add(path);
      report(path, message);
    });
    // A field the schema already rejected (wrong type, not in its enum, bad format) is not
    // reported a second time by the API-server rules.
    const reportRule: Report = (path, message) => {
      if (!schemaPaths.has(path)) report(path, message);
    };
    checkObjectMetadata(manifest, reportRule);
    for (const rule of KIND_RULES[typeKey(manifest.apiVersion, manifest.kind)] ?? []) {
      rule(manifest, reportRule);
    }
  });
  findings.push(...findDuplicates(manifests));
  return findings;
}

/**
 * Parses a Kubernetes quantity ("500m", "1.5Gi", "2e3", 4) into a plain number
 * (cores, bytes, ...). Returns undefined when the API server would not parse it.
 * Float precision is plenty for the comparisons made here.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, digits = '', exponent, suffix = ''] = match;
  const multiplier = QUANTITY_SUFFIX[suffix] ?? NaN;
  return exponent ? Number(digits + exponent) : Number(digits) * multiplier;
}

// ---------------------------------------------------------------------------
// Small shared helpers
// ---------------------------------------------------------------------------

/** Records one finding at a field path of the manifest being checked. */
type Report = (path: string, message: string) => void;

/** A format check: returns what is wrong with the value, or undefined when it is fine. */
type FormatCheck = (value: unknown) => string | undefined;

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is an array, else [] (type errors are the schema's business). */
function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The entries of a map-valued field, or [] if it is not a map. */
function entries(value: unknown): [string, any][] {
  return isObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : [];
}

/** Extends a field path by a key or an array index. */
function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function quote(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** Runs a format check and reports its complaint; returns whether the value passed. */
function checkFormat(check: FormatCheck, value: unknown, path: string, report: Report): boolean {
  if (value === undefined) {
    report(path, 'required value is missing');
    return false;
  }
  const problem = check(value);
  if (problem) report(path, `invalid value ${quote(value)}: ${problem}`);
  return !problem;
}

/** Reports a value outside an enum (nothing when the field is unset and so defaulted). */
function checkEnum(value: unknown, allowed: readonly string[], path: string, report: Report): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    report(path, `unsupported value ${quote(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
}

function checkNonNegative(value: unknown, path: string, report: Report): void {
  if (typeof value === 'number' && value < 0) report(path, `invalid value ${value}: must be greater than or equal to 0`);
}

function isPositiveInt(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}

function describeObject(manifest: any, index: number): string {
  const kind = isObject(manifest) && typeof manifest.kind === 'string' ? manifest.kind : '<no kind>';
  const name = isObject(manifest) && isObject(manifest.metadata) ? manifest.metadata.name : undefined;
  return `${kind}/${typeof name === 'string' && name ? name : `<manifest #${index}>`}`;
}

function typeKey(apiVersion: unknown, kind: unknown): string {
  return `${apiVersion}/${kind}`;
}

/** The API group of an apiVersion: "apps/v1" -> "apps", "v1" -> "" (core). */
function apiGroup(apiVersion: unknown): string {
  const text = String(apiVersion ?? '');
  return text.includes('/') ? text.slice(0, text.indexOf('/')) : '';
}

// ---------------------------------------------------------------------------
// Which kinds are known
// ---------------------------------------------------------------------------

/** The part of a kubernetes-models class used here. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

/**
 * Kinds a current cluster serves, with their kubernetes-models class. An explicit list rather
 * than "whatever kubernetes-models has": the package also ships API versions that servers no
 * longer serve (extensions/v1beta1 Ingress, policy/v1beta1 PodDisruptionBudget, ...), which a
 * real dry run refuses with "no matches for kind".
 */
const MODELS: readonly ModelClass[] = [
  Namespace, ConfigMap, Secret, Service, ServiceAccount, Pod, PersistentVolumeClaim, LimitRange, ResourceQuota,
  Deployment, StatefulSet, DaemonSet, ReplicaSet,
  Job, CronJob,
  PodDisruptionBudget,
  HorizontalPodAutoscaler, HorizontalPodAutoscalerV1,
  Ingress, IngressClass, NetworkPolicy,
  Role, RoleBinding, ClusterRole, ClusterRoleBinding,
  PriorityClass,
];
const MODEL_BY_TYPE = new Map(MODELS.map((model) => [typeKey(model.apiVersion, model.kind), model]));

// ---------------------------------------------------------------------------
// 1 + 2. Schema validation and unknown fields
// ---------------------------------------------------------------------------

/** One ajv error as kubernetes-models' validators produce it. */
interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, any>;
}

/** Which keys the validator looked up on one object, and the objects it descended into. */
interface ReadTrace {
  readonly keys: Set<string>;
  readonly children: Map<string, ReadTrace>;
}

function checkSchema(manifest: Record<string, any>, report: Report): void {
  if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
    report('', 'apiVersion and kind are required');
    return;
  }
  const model = MODEL_BY_TYPE.get(typeKey(manifest.apiVersion, manifest.kind));
  if (!model) {
    const crd = findCrd(manifest.apiVersion, manifest.kind);
    if (crd) checkCustomResource(manifest, crd, report);
    else report('', `no schema known for ${manifest.apiVersion}/${manifest.kind}`);
    return;
  }
  const { errors, trace } = runTracedValidation(model, manifest);
  reportSchemaErrors(errors, report);
  reportUnknownFields(manifest, trace, '', report);
}

/**
 * Runs the model's validator and records which keys it reads.
 *
 * kubernetes-models ships no JSON schema files, only ajv validators compiled from the
 * Kubernetes OpenAPI schema. Such a validator looks up every property its schema declares
 * (`data.x !== undefined`) and walks every key of a map (labels, data, limits), but never
 * touches an undeclared key. So the keys it did not read are exactly the fields
 * `--validate=strict` would reject. `Model.prototype.validate` validates `this`, which lets us
 * hand it a recording proxy.
 */
function runTracedValidation(model: ModelClass, manifest: object): { errors: SchemaError[]; trace: ReadTrace } {
  const trace = newTrace();
  let errors: SchemaError[] = [];
  try {
    model.prototype.validate.call(recordReads(manifest, trace));
  } catch (error) {
    const schemaErrors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(schemaErrors)) throw error;
    errors = schemaErrors;
  }
  return { errors, trace };
}

function newTrace(): ReadTrace {
  return { keys: new Set(), children: new Map() };
}

function recordReads(value: object, trace: ReadTrace): object {
  // Proxy a shallow copy: a frozen target would forbid returning proxies from `get`.
  const target = Array.isArray(value) ? [...value] : { ...value };
  return new Proxy(target, {
    get(obj, key, receiver) {
      const child = Reflect.get(obj, key, receiver);
      if (typeof key !== 'string') return child;
      trace.keys.add(key);
      if (child === null || typeof child !== 'object') return child;
      let childTrace = trace.children.get(key);
      if (!childTrace) {
        childTrace = newTrace();
        trace.children.set(key, childTrace);
      }
      return recordReads(child, childTrace);
    },
  });
}

function reportSchemaErrors(errors: SchemaError[], report: Report): void {
  // An int-or-string or quantity field that fails fails once per alternative, plus a `oneOf`
  // summary. Keep the alternative's complaint about the content (a quantity's pattern), else
  // only the summary ("must be a number or a string").
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const contentPaths = new Set(
    errors.filter((e) => oneOfPaths.has(e.instancePath) && e.keyword !== 'oneOf' && e.keyword !== 'type').map((e) => e.instancePath),
  );
  const seen = new Set<string>();
  for (const error of errors) {
    if (oneOfPaths.has(error.instancePath)) {
      const keep = contentPaths.has(error.instancePath) ? error.keyword !== 'oneOf' && error.keyword !== 'type' : error.keyword === 'oneOf';
      if (!keep) continue;
    }
    const { path, message } = describeSchemaError(error);
    if (seen.has(`${path}\n${message}`)) continue;
    seen.add(`${path}\n${message}`);
    report(path, message);
  }
}

function describeSchemaError(error: SchemaError): { path: string; message: string } {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return { path: at(path, String(error.params.missingProperty)), message: 'required value is missing' };
    case 'oneOf':
      return { path, message: 'schema: must be a number or a string' };
    case 'enum':
      return { path, message: `schema: must be one of ${list(error.params.allowedValues).map(quote).join(', ')}` };
    default:
      return { path, message: `schema: ${error.message ?? error.keyword}` };
  }
}

/** "/spec/ports/0/name" -> "spec.ports[0].name" */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, segment) => at(path, /^\d+$/.test(segment) ? Number(segment) : segment), '');
}

function reportUnknownFields(value: unknown, trace: ReadTrace, path: string, report: Report): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const child = trace.children.get(String(index));
      if (child) reportUnknownFields(item, child, at(path, index), report);
    });
    return;
  }
  // An object the validator read nothing from is free-form in the schema
  // (x-kubernetes-preserve-unknown-fields, RawExtension): anything goes there.
  if (!isObject(value) || trace.keys.size === 0) return;
  for (const [key, child] of entries(value)) {
    const childPath = at(path, key);
    if (!trace.keys.has(key)) {
      report(childPath, `unknown field "${childPath}"`);
      continue;
    }
    const childTrace = trace.children.get(key);
    if (childTrace) reportUnknownFields(child, childTrace, childPath, report);
  }
}

// ---------------------------------------------------------------------------
// Custom resources: the vendored CRDs (read at run time from crds/ of the repository)
// ---------------------------------------------------------------------------
//
// What an API server with these CRDs installed does on create, in this order
// (k8s.io/apiextensions-apiserver, registry/customresource):
//
//  - an apiVersion/kind no CRD serves (an unknown version, or one with `served: false`)
//    is refused with "no matches for kind";
//  - nulls of non-nullable fields are dropped and `default`s are applied (structural
//    defaulting), so e.g. an HTTPRoute backendRef's `kind: Service` and `weight: 1` are set
//    before anything is checked;
//  - the served version's `openAPIV3Schema` is checked: types, required, enum, minimum /
//    maximum, pattern, min/maxLength, min/maxItems, maxProperties, oneOf / anyOf / allOf / not,
//    `nullable`, `x-kubernetes-int-or-string`, and the formats that are cheap and that the
//    server checks (date-time, byte, int32 range). Formats it does not check (int64, double,
//    binary) are ignored. This runs on ajv, from a copy of the schema translated below;
//  - `--validate=strict`: a field is unknown where an object's schema declares neither
//    `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` (a `type: object` with no
//    `properties` only admits `{}`). `metadata` is ObjectMeta and is checked like every other
//    kind's metadata;
//  - `x-kubernetes-list-type: map | set`: duplicate keys / items are refused;
//  - `x-kubernetes-validations` (CEL) rules, with a small CEL interpreter (below) that covers
//    every rule in the pinned CRDs: has(), field selection (with the `__namespace__` escaping),
//    indexing, size(), all / exists / exists_one / filter / map, `in`, ternaries, && and ||
//    (commutative on errors, as in CEL), string startsWith / endsWith / contains / matches,
//    duration() and comparisons. As on the server, CEL is not run when the schema found a type
//    error. Skipped: transition rules (those using `oldSelf`: only evaluated on update; the
//    pinned CRDs have none), `messageExpression` (the static `message` is used; none in the
//    pinned CRDs), and any rule the interpreter cannot parse — `unsupportedCelRules()` lists
//    them and a test keeps that list empty. Rule costs are not estimated.
//
// Not emulated: admission webhooks (Istio's validating webhook, Argo Rollouts' controller-side
// checks, Gateway API's old webhook), which are not part of the CRDs.

/** The vendored CRD files (crds/README.md): every one the project may emit objects of. */
const CRD_DIR = resolvePath(__dirname, '../../crds');
const CRD_FILES = [
  'gateway-api-v1.6.1-httproutes.yaml',
  'istio-1.26.0-virtualservices-destinationrules.yaml',
  'argo-rollouts-v1.9.1-rollouts-analysistemplates.yaml',
  'flagger-v1.44.0-canaries-metrictemplates-alertproviders.yaml',
  'argo-cd-v3.5.1-applicationsets.yaml',
];

/** An OpenAPI v3 schema node of a CRD (apiextensions.k8s.io/v1 JSONSchemaProps). */
type CrdSchema = Record<string, any>;

interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly schema: CrdSchema;
}

interface Crd {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
}

let crdCache: ReadonlyMap<string, Crd> | undefined;

/** Parsed pinned CRDs by `group/Kind`; read once per process. */
function pinnedCrds(): ReadonlyMap<string, Crd> {
  if (crdCache) return crdCache;
  const crds = new Map<string, Crd>();
  for (const file of CRD_FILES) {
    const text = readFileSync(resolvePath(CRD_DIR, file), 'utf8');
    for (const document of parseAllDocuments(text)) {
      if (!('toJS' in document)) continue;
      const crd = document.toJS({ maxAliasCount: -1 });
      if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition' || !isObject(crd.spec)) continue;
      const versions = new Map<string, CrdVersion>();
      for (const version of list(crd.spec.versions)) {
        versions.set(version.name, { name: version.name, served: version.served === true, schema: version.schema?.openAPIV3Schema ?? {} });
      }
      crds.set(`${crd.spec.group}/${crd.spec.names.kind}`, { file, group: crd.spec.group, kind: crd.spec.names.kind, versions });
    }
  }
  crdCache = crds;
  return crds;
}

/** The pinned CRD defining apiVersion's group and kind (whatever the version), if any. */
function findCrd(apiVersion: string, kind: string): Crd | undefined {
  const group = apiGroup(apiVersion);
  if (group === '' || !group.includes('.')) return undefined; // built-in groups have no CRDs
  return pinnedCrds().get(`${group}/${kind}`);
}

function checkCustomResource(manifest: Record<string, any>, crd: Crd, report: Report): void {
  const versionName = String(manifest.apiVersion).slice(crd.group.length + 1);
  const version = crd.versions.get(versionName);
  if (!version || !version.served) {
    const served = [...crd.versions.values()].filter((v) => v.served).map((v) => v.name);
    report('', `no matches for kind "${manifest.kind}" in version "${manifest.apiVersion}" (the pinned CRD ${crd.file} serves ${served.join(', ')})`);
    return;
  }
  // The server validates a decoded, pruned and defaulted copy; the caller's object stays untouched.
  const object = JSON.parse(JSON.stringify(manifest));
  applyDefaults(object, version.schema);

  const validate = compiledCrdValidator(crd, version);
  const errors = validate(object) ? [] : [...(validate.errors ?? [])];
  const reported = reportCrdSchemaErrors(errors, report);
  checkCustomResourceMetadata(manifest, report);
  checkListTypes(object, version.schema, '', report);

  // apiextensions-apiserver skips CEL when the schema found a type error (hasBlockingErr).
  if (errors.some((e) => e.keyword === 'type')) {
    report('', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation');
    return;
  }
  checkCelRules(object, version.schema, '', (path, message) => {
    if (!reported.has(path)) report(path, message);
  });
}

/** metadata is ObjectMeta on every kind: checked with the ObjectMeta schema kubernetes-models ships. */
function checkCustomResourceMetadata(manifest: Record<string, any>, report: Report): void {
  if (manifest.metadata === undefined) return;
  const carrier = { apiVersion: 'v1', kind: 'ConfigMap', metadata: manifest.metadata };
  const { errors, trace } = runTracedValidation(ConfigMap, carrier);
  reportSchemaErrors(errors.filter((e) => e.instancePath.startsWith('/metadata')), report);
  const metadataTrace = trace.children.get('metadata');
  if (metadataTrace) reportUnknownFields(manifest.metadata, metadataTrace, 'metadata', report);
}

// ---- schema -> ajv

const compiledCrdValidators = new Map<string, ValidateFunction>();
let ajvInstance: Ajv | undefined;

function crdAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true, validateFormats: true });
  ajv.addFormat('date-time', { type: 'string', validate: (v: string) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)) });
  ajv.addFormat('byte', { type: 'string', validate: (v: string) => BASE64.test(v) });
  ajv.addFormat('int32', { type: 'number', validate: (v: number) => v >= -(2 ** 31) && v <= 2 ** 31 - 1 });
  ajvInstance = ajv;
  return ajv;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const CHECKED_FORMATS = new Set(['date-time', 'byte', 'int32']);

function compiledCrdValidator(crd: Crd, version: CrdVersion): ValidateFunction {
  const key = `${crd.group}/${version.name}/${crd.kind}`;
  let validate = compiledCrdValidators.get(key);
  if (!validate) {
    const schema = toAjvSchema(version.schema, true);
    // apiVersion, kind and metadata are always allowed at the root, whether the CRD's schema
    // lists them (Gateway API, Argo) or not (Istio); metadata is ObjectMeta, checked on its own.
    schema.properties = {
      ...schema.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
    };
    validate = crdAjv().compile(schema);
    compiledCrdValidators.set(key, validate);
  }
  return validate;
}

/** Value keywords copied as they are. */
const VALUE_KEYWORDS = [
  'enum', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
];

/**
 * Translates a CRD schema node into JSON Schema for ajv. `structural` is false inside
 * oneOf / anyOf / allOf / not, whose branches only add value checks to fields declared
 * outside them: only structural nodes close objects against unknown fields.
 */
function toAjvSchema(node: unknown, structural: boolean): Record<string, any> {
  if (!isObject(node)) return {};
  const out: Record<string, any> = {};
  for (const key of VALUE_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  // OpenAPI 3.0 spells exclusive bounds as booleans next to minimum / maximum.
  if (node.exclusiveMinimum === true && node.minimum !== undefined) { out.exclusiveMinimum = node.minimum; delete out.minimum; }
  if (node.exclusiveMaximum === true && node.maximum !== undefined) { out.exclusiveMaximum = node.maximum; delete out.maximum; }
  if (typeof node.format === 'string' && CHECKED_FORMATS.has(node.format)) out.format = node.format;
  if (node.type !== undefined) out.type = node.type;
  if (node['x-kubernetes-int-or-string'] === true) {
    out['x-kubernetes-int-or-string'] = true; // kept (ajv ignores it) to word the error
    if (node.type === undefined && node.anyOf === undefined && node.oneOf === undefined) out.type = ['integer', 'string'];
  }
  if (node.nullable === true && out.type !== undefined) {
    out.type = [...(Array.isArray(out.type) ? out.type : [out.type]), 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toAjvSchema(v, structural)]));
  }
  if (node.items !== undefined) out.items = toAjvSchema(node.items, structural);
  if (isObject(node.additionalProperties)) out.additionalProperties = toAjvSchema(node.additionalProperties, structural);
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  else if (structural && node.type === 'object' && node['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  for (const junctor of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(node[junctor])) out[junctor] = node[junctor].map((branch: unknown) => toAjvSchema(branch, false));
  }
  if (node.not !== undefined) out.not = toAjvSchema(node.not, false);
  return out;
}

/** Reports ajv's errors in this file's words; returns the paths reported. */
function reportCrdSchemaErrors(errors: ErrorObject[], report: Report): Set<string> {
  // A failed oneOf / anyOf also lists why each branch failed: report the junctor only.
  const junctors = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const paths = new Set<string>();
  const seen = new Set<string>();
  for (const error of errors) {
    if (junctors.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const { path, message } = describeCrdSchemaError(error);
    if (seen.has(`${path}\n${message}`)) continue;
    seen.add(`${path}\n${message}`);
    paths.add(path);
    report(path, message);
  }
  return paths;
}

function describeCrdSchemaError(error: ErrorObject): { path: string; message: string } {
  const path = pointerToPath(error.instancePath);
  const parent: Record<string, any> = isObject(error.parentSchema) ? error.parentSchema : {};
  switch (error.keyword) {
    case 'additionalProperties': {
      const childPath = at(path, String(error.params.additionalProperty));
      return { path: childPath, message: `unknown field "${childPath}"` };
    }
    case 'anyOf':
    case 'oneOf':
      if (parent['x-kubernetes-int-or-string']) return { path, message: 'schema: must be an integer or a string' };
      return { path, message: `schema: ${describeJunctor(error.keyword, parent[error.keyword])}` };
    case 'not':
      return { path, message: 'schema: must not match the schema in "not"' };
    case 'type': {
      // A nullable field's null is accepted but not worth naming.
      const types = String(error.params.type).split(',').filter((t) => t !== 'null');
      return { path, message: `schema: must be ${types.join(' or ')}` };
    }
    default:
      return describeSchemaError(error as SchemaError);
  }
}

/**
 * Istio spells "at most one of" as oneOf: [not anyOf [required a, required b], required a,
 * required b]. Says so in words when the branches have that shape.
 */
function describeJunctor(keyword: string, branches: unknown): string {
  const fields: string[] = [];
  let allowsNone = false;
  for (const branch of list(branches)) {
    const keys = isObject(branch) ? Object.keys(branch) : [];
    if (keys.length === 1 && keys[0] === 'required' && list(branch.required).length === 1) fields.push(String(branch.required[0]));
    else if (keys.length === 1 && keys[0] === 'not' && isObject(branch.not) && Array.isArray(branch.not.anyOf)) allowsNone = true;
    else return keyword === 'oneOf' ? 'must match exactly one schema in "oneOf"' : 'must match a schema in "anyOf"';
  }
  return `${keyword === 'oneOf' ? (allowsNone ? 'at most one' : 'exactly one') : 'at least one'} of ${fields.map((f) => `"${f}"`).join(', ')} must be set`;
}

// ---- defaulting, list types and CEL: walks of the structural schema

/** The schema of each child of `node`, for the children `value` has. */
function structuralChildren(value: unknown, node: CrdSchema): [string | number, unknown, CrdSchema][] {
  const children: [string | number, unknown, CrdSchema][] = [];
  if (Array.isArray(value)) {
    if (isObject(node.items)) value.forEach((item, i) => children.push([i, item, node.items]));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = isObject(node.properties) && isObject(node.properties[key]) ? node.properties[key]
        : isObject(node.additionalProperties) ? node.additionalProperties : undefined;
      if (childSchema) children.push([key, child, childSchema]);
    }
  }
  return children;
}

/** Structural defaulting: drops nulls of non-nullable fields, then fills in `default`s, top down. */
function applyDefaults(value: unknown, node: CrdSchema): void {
  if (isObject(value) && isObject(node.properties)) {
    for (const [key, propSchema] of Object.entries<any>(node.properties)) {
      if (value[key] === null && propSchema?.nullable !== true) delete value[key];
      if (value[key] === undefined && propSchema?.default !== undefined) value[key] = JSON.parse(JSON.stringify(propSchema.default));
    }
  }
  for (const [, child, childSchema] of structuralChildren(value, node)) applyDefaults(child, childSchema);
}

/** x-kubernetes-list-type: map (unique keys) and set (unique items). */
function checkListTypes(value: unknown, node: CrdSchema, path: string, report: Report): void {
  const listType = node['x-kubernetes-list-type'];
  if (Array.isArray(value) && (listType === 'map' || listType === 'set')) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = listType === 'map'
        ? JSON.stringify(Object.fromEntries(list(node['x-kubernetes-list-map-keys']).map((k: string) => [k, isObject(item) ? item[k] : undefined])))
        : JSON.stringify(item);
      if (seen.has(key)) report(at(path, i), `duplicate entry: ${listType === 'map' ? `key ${key}` : key} (x-kubernetes-list-type: ${listType})`);
      seen.add(key);
    });
  }
  for (const [key, child, childSchema] of structuralChildren(value, node)) checkListTypes(child, childSchema, at(path, key), report);
}

function checkCelRules(value: unknown, node: CrdSchema, path: string, report: Report): void {
  for (const rule of list(node['x-kubernetes-validations'])) {
    if (!isObject(rule) || typeof rule.rule !== 'string') continue;
    const compiled = compileCel(rule.rule);
    if (!compiled.ok || compiled.transition) continue; // see the list of skipped rules above
    const rulePath = typeof rule.fieldPath === 'string' ? path + rule.fieldPath : path;
    try {
      if (evalCel(compiled.ast, new Map([['self', value]])) !== true) {
        report(rulePath, `invalid value: ${typeof rule.message === 'string' && rule.message ? rule.message : `failed rule: ${rule.rule}`}`);
      }
    } catch (error) {
      if (!(error instanceof CelError)) throw error;
      report(rulePath, `invalid value: ${error.message} evaluating rule: ${rule.message ?? rule.rule}`);
    }
  }
  for (const [key, child, childSchema] of structuralChildren(value, node)) checkCelRules(child, childSchema, at(path, key), report);
}

/** Every CEL rule of the pinned CRDs that is skipped because the interpreter cannot parse or run it. */
export function unsupportedCelRules(): string[] {
  const rules = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return; }
    if (!isObject(node)) return;
    for (const rule of list(node['x-kubernetes-validations'])) {
      const compiled = compileCel(String(rule?.rule));
      if (!compiled.ok) rules.add(`${rule?.rule} (${compiled.reason})`);
    }
    Object.values(node).forEach(visit);
  };
  for (const crd of pinnedCrds().values()) for (const version of crd.versions.values()) visit(version.schema);
  return [...rules];
}

// ---------------------------------------------------------------------------
// A small CEL interpreter for x-kubernetes-validations
// ---------------------------------------------------------------------------

/** A runtime error of a rule (no such key, no matching overload, ...): the rule fails. */
class CelError extends Error {}
/** The rule uses CEL the interpreter does not implement: the rule is skipped. */
class CelUnsupported extends Error {}

class CelDuration {
  constructor(readonly nanos: number) {}
}

type CelNode =
  | { readonly t: 'lit'; readonly v: unknown }
  | { readonly t: 'id'; readonly name: string }
  | { readonly t: 'sel'; readonly obj: CelNode; readonly field: string }
  | { readonly t: 'idx'; readonly obj: CelNode; readonly index: CelNode }
  | { readonly t: 'call'; readonly fn: string; readonly target?: CelNode; readonly args: CelNode[] }
  | { readonly t: 'list'; readonly items: CelNode[] }
  | { readonly t: 'un'; readonly op: string; readonly x: CelNode }
  | { readonly t: 'bin'; readonly op: string; readonly l: CelNode; readonly r: CelNode }
  | { readonly t: 'cond'; readonly c: CelNode; readonly a: CelNode; readonly b: CelNode };

type CompiledCel = { ok: true; ast: CelNode; transition: boolean } | { ok: false; reason: string };

const celCache = new Map<string, CompiledCel>();
const CEL_MACROS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);
const CEL_FUNCTIONS = new Set(['has', 'size', 'startsWith', 'endsWith', 'contains', 'matches', 'duration', 'int', 'string', 'double', ...CEL_MACROS]);

function compileCel(source: string): CompiledCel {
  let compiled = celCache.get(source);
  if (!compiled) {
    try {
      const ast = new CelParser(source).parseAll();
      const names = celIdentifiers(ast);
      compiled = { ok: true, ast, transition: names.has('oldSelf') };
    } catch (error) {
      if (!(error instanceof CelUnsupported)) throw error;
      compiled = { ok: false, reason: error.message };
    }
    celCache.set(source, compiled);
  }
  return compiled;
}

/** Free identifiers of a rule; also rejects functions the interpreter lacks. */
function celIdentifiers(node: CelNode, bound: ReadonlySet<string> = new Set(), out = new Set<string>()): Set<string> {
  switch (node.t) {
    case 'id': if (!bound.has(node.name)) out.add(node.name); break;
    case 'sel': celIdentifiers(node.obj, bound, out); break;
    case 'idx': celIdentifiers(node.obj, bound, out); celIdentifiers(node.index, bound, out); break;
    case 'list': node.items.forEach((item) => celIdentifiers(item, bound, out)); break;
    case 'un': celIdentifiers(node.x, bound, out); break;
    case 'bin': celIdentifiers(node.l, bound, out); celIdentifiers(node.r, bound, out); break;
    case 'cond': [node.c, node.a, node.b].forEach((n) => celIdentifiers(n, bound, out)); break;
    case 'call': {
      if (!CEL_FUNCTIONS.has(node.fn)) throw new CelUnsupported(`function ${node.fn}`);
      if (node.target) celIdentifiers(node.target, bound, out);
      if (CEL_MACROS.has(node.fn)) {
        const [variable, body] = node.args;
        if (node.args.length !== 2 || variable?.t !== 'id' || !body) throw new CelUnsupported(`macro ${node.fn}`);
        celIdentifiers(body, new Set([...bound, variable.name]), out);
      } else {
        node.args.forEach((arg) => celIdentifiers(arg, bound, out));
      }
      break;
    }
    default: break;
  }
  for (const name of out) if (name !== 'self' && name !== 'oldSelf') throw new CelUnsupported(`identifier ${name}`);
  return out;
}

interface CelToken {
  readonly kind: 'num' | 'str' | 'id' | 'op' | 'eof';
  readonly value: any;
}

const CEL_OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function tokenizeCel(source: string): CelToken[] {
  const tokens: CelToken[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) { i += space[0].length; continue; }
    const string = /^([rR]?)('''|"""|'|")/.exec(rest);
    if (string) {
      const [prefix, raw, quote] = string;
      const end = source.indexOf(quote, i + prefix.length);
      if (end < 0) throw new CelUnsupported('unterminated string');
      const body = source.slice(i + prefix.length, end);
      if (!raw && quote.length === 1 && body.includes('\\')) throw new CelUnsupported('string escapes');
      tokens.push({ kind: 'str', value: body });
      i = end + quote.length;
      continue;
    }
    const number = /^(\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|0x[0-9a-fA-F]+|\d+)(u|U)?/.exec(rest);
    if (number) { tokens.push({ kind: 'num', value: Number(number[1]) }); i += number[0].length; continue; }
    const identifier = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (identifier) { tokens.push({ kind: 'id', value: identifier[0] }); i += identifier[0].length; continue; }
    const operator = CEL_OPERATORS.find((op) => rest.startsWith(op));
    if (!operator) throw new CelUnsupported(`character ${JSON.stringify(rest[0])}`);
    tokens.push({ kind: 'op', value: operator });
    i += operator.length;
  }
  tokens.push({ kind: 'eof', value: undefined });
  return tokens;
}

/** Recursive descent over CEL's grammar (cel-spec langdef.md), minus maps and messages. */
class CelParser {
  private readonly tokens: CelToken[];
  private position = 0;

  constructor(source: string) {
    this.tokens = tokenizeCel(source);
  }

  parseAll(): CelNode {
    const node = this.expression();
    if (this.peek().kind !== 'eof') throw new CelUnsupported(`unexpected ${this.peek().value}`);
    return node;
  }

  private peek(): CelToken { return this.tokens[this.position]!; }
  private next(): CelToken { return this.tokens[this.position++]!; }
  private accept(op: string): boolean {
    const token = this.peek();
    if (token.kind === 'op' && token.value === op) { this.position++; return true; }
    return false;
  }
  private expect(op: string): void {
    if (!this.accept(op)) throw new CelUnsupported(`expected ${op}`);
  }

  private expression(): CelNode {
    const condition = this.binary(0);
    if (!this.accept('?')) return condition;
    const a = this.binary(0);
    this.expect(':');
    return { t: 'cond', c: condition, a, b: this.expression() };
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%'],
  ];

  private binary(level: number): CelNode {
    if (level >= CelParser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      const isOp = (token.kind === 'op' || (token.kind === 'id' && token.value === 'in')) && CelParser.LEVELS[level]!.includes(token.value);
      if (!isOp) return left;
      this.next();
      left = { t: 'bin', op: token.value, l: left, r: this.binary(level + 1) };
    }
  }

  private unary(): CelNode {
    if (this.accept('!')) return { t: 'un', op: '!', x: this.unary() };
    if (this.accept('-')) return { t: 'un', op: '-', x: this.unary() };
    return this.member();
  }

  private member(): CelNode {
    let node = this.primary();
    for (;;) {
      if (this.accept('.')) {
        const name = this.next();
        if (name.kind !== 'id') throw new CelUnsupported('expected a field name');
        node = this.accept('(') ? { t: 'call', fn: name.value, target: node, args: this.args(')') } : { t: 'sel', obj: node, field: name.value };
      } else if (this.accept('[')) {
        const index = this.expression();
        this.expect(']');
        node = { t: 'idx', obj: node, index };
      } else {
        return node;
      }
    }
  }

  private args(close: string): CelNode[] {
    const args: CelNode[] = [];
    if (this.accept(close)) return args;
    do args.push(this.expression()); while (this.accept(','));
    this.expect(close);
    return args;
  }

  private primary(): CelNode {
    const token = this.next();
    if (token.kind === 'num' || token.kind === 'str') return { t: 'lit', v: token.value };
    if (token.kind === 'id') {
      if (token.value === 'true' || token.value === 'false') return { t: 'lit', v: token.value === 'true' };
      if (token.value === 'null') return { t: 'lit', v: null };
      if (this.accept('(')) return { t: 'call', fn: token.value, args: this.args(')') };
      return { t: 'id', name: token.value };
    }
    if (token.kind === 'op' && token.value === '(') {
      const node = this.expression();
      this.expect(')');
      return node;
    }
    if (token.kind === 'op' && token.value === '[') return { t: 'list', items: this.args(']') };
    throw new CelUnsupported(`unexpected ${token.value ?? 'end of rule'}`);
  }
}

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Kubernetes' CEL property-name escaping (apiserver/pkg/cel): `__namespace__` is `namespace`. */
function celUnescape(name: string): string {
  const reserved = /^__(.+)__$/.exec(name);
  if (reserved && CEL_RESERVED.has(reserved[1]!)) return reserved[1]!;
  return name.replace(/__underscores__/g, '__').replace(/__dot__/g, '.').replace(/__dash__/g, '-').replace(/__slash__/g, '/');
}

function celIsMap(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !(value instanceof CelDuration);
}

function celBool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new CelError('no such overload');
  return value;
}

function celString(value: unknown): string {
  if (typeof value !== 'string') throw new CelError('no such overload');
  return value;
}

function celEquals(a: unknown, b: unknown): boolean {
  if (a instanceof CelDuration && b instanceof CelDuration) return a.nanos === b.nanos;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (celIsMap(a) && celIsMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && celEquals(a[k], b[k]));
  }
  return a === b;
}

function celCompare(a: unknown, b: unknown): number {
  if (a instanceof CelDuration && b instanceof CelDuration) return Math.sign(a.nanos - b.nanos);
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) return a < b ? -1 : a > b ? 1 : 0;
  throw new CelError('no such overload');
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, which CEL's duration() uses. */
function parseGoDuration(text: string): CelDuration {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (!match) throw new CelError(`invalid duration ${JSON.stringify(text)}`);
  let nanos = 0;
  for (const part of match[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) nanos += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  return new CelDuration(match[1] === '-' ? -nanos : nanos);
}

function celSize(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (celIsMap(value)) return Object.keys(value).length;
  throw new CelError('no such overload: size');
}

/** RE2 -> JavaScript for the subset used in CRDs: a leading (?i) flag group. */
function celRegExp(pattern: string): RegExp {
  const flags = /^\(\?i\)/.test(pattern) ? 'i' : '';
  try {
    return new RegExp(flags ? pattern.slice(4) : pattern, flags);
  } catch {
    throw new CelError(`invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

/** `a && b` / `a || b` with CEL's commutative error handling: a deciding value wins over an error. */
function celLogic(op: string, operands: (() => unknown)[]): boolean {
  const decisive = op === '||';
  let failure: unknown;
  for (const operand of operands) {
    try {
      if (celBool(operand()) === decisive) return decisive;
    } catch (error) {
      if (!(error instanceof CelError)) throw error;
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return !decisive;
}

function evalCel(node: CelNode, env: ReadonlyMap<string, unknown>): unknown {
  const ev = (n: CelNode) => evalCel(n, env);
  switch (node.t) {
    case 'lit': return node.v;
    case 'id': {
      if (!env.has(node.name)) throw new CelError(`undeclared reference to '${node.name}'`);
      return env.get(node.name);
    }
    case 'sel': {
      const object = ev(node.obj);
      if (!celIsMap(object)) throw new CelError(`no such overload: .${node.field}`);
      const key = celUnescape(node.field);
      if (object[key] === undefined) throw new CelError(`no such key: ${key}`);
      return object[key];
    }
    case 'idx': {
      const object = ev(node.obj);
      const index = ev(node.index);
      if (Array.isArray(object) && Number.isInteger(index)) {
        if ((index as number) < 0 || (index as number) >= object.length) throw new CelError(`index out of bounds: ${index}`);
        return object[index as number];
      }
      if (celIsMap(object) && typeof index === 'string') {
        if (object[index] === undefined) throw new CelError(`no such key: ${index}`);
        return object[index];
      }
      throw new CelError('no such overload: index');
    }
    case 'list': return node.items.map(ev);
    case 'un': {
      const value = ev(node.x);
      if (node.op === '!') return !celBool(value);
      if (typeof value === 'number') return -value;
      if (value instanceof CelDuration) return new CelDuration(-value.nanos);
      throw new CelError('no such overload: -');
    }
    case 'cond': return celBool(ev(node.c)) ? ev(node.a) : ev(node.b);
    case 'bin': return evalCelBinary(node.op, node.l, node.r, env);
    case 'call': return evalCelCall(node, env);
    default: throw new CelUnsupported('node');
  }
}

function evalCelBinary(op: string, leftNode: CelNode, rightNode: CelNode, env: ReadonlyMap<string, unknown>): unknown {
  if (op === '&&' || op === '||') return celLogic(op, [() => evalCel(leftNode, env), () => evalCel(rightNode, env)]);
  const l = evalCel(leftNode, env);
  const r = evalCel(rightNode, env);
  switch (op) {
    case '==': return celEquals(l, r);
    case '!=': return !celEquals(l, r);
    case '<': return celCompare(l, r) < 0;
    case '<=': return celCompare(l, r) <= 0;
    case '>': return celCompare(l, r) > 0;
    case '>=': return celCompare(l, r) >= 0;
    case 'in':
      if (Array.isArray(r)) return r.some((x) => celEquals(l, x));
      if (celIsMap(r)) return typeof l === 'string' && r[l] !== undefined;
      throw new CelError('no such overload: in');
    case '+':
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
      if (l instanceof CelDuration && r instanceof CelDuration) return new CelDuration(l.nanos + r.nanos);
      throw new CelError('no such overload: +');
    default: {
      if (typeof l !== 'number' || typeof r !== 'number') throw new CelError(`no such overload: ${op}`);
      if ((op === '/' || op === '%') && r === 0) throw new CelError(op === '/' ? 'division by zero' : 'modulus by zero');
      if (op === '-') return l - r;
      if (op === '*') return l * r;
      if (op === '/') return Number.isInteger(l) && Number.isInteger(r) ? Math.trunc(l / r) : l / r;
      return l % r;
    }
  }
}

function evalCelCall(node: Extract<CelNode, { t: 'call' }>, env: ReadonlyMap<string, unknown>): unknown {
  const { fn, args } = node;
  if (fn === 'has' && !node.target) {
    const field = args[0];
    if (args.length !== 1 || field?.t !== 'sel') throw new CelError('has() needs a field selection');
    const object = evalCel(field.obj, env);
    if (!celIsMap(object)) throw new CelError('no such overload: has');
    return object[celUnescape(field.field)] !== undefined;
  }
  if (CEL_MACROS.has(fn) && node.target) {
    const range = evalCel(node.target, env);
    const elements = Array.isArray(range) ? range : celIsMap(range) ? Object.keys(range) : undefined;
    if (!elements) throw new CelError(`no such overload: ${fn}`);
    const variable = (args[0] as Extract<CelNode, { t: 'id' }>).name;
    const body = (element: unknown) => () => evalCel(args[1]!, new Map([...env, [variable, element]]));
    switch (fn) {
      case 'all': return celLogic('&&', elements.map(body));
      case 'exists': return celLogic('||', elements.map(body));
      case 'exists_one': return elements.filter((e) => celBool(body(e)())).length === 1;
      case 'filter': return elements.filter((e) => celBool(body(e)()));
      default: return elements.map((e) => body(e)());
    }
  }
  const receiver = node.target ? [evalCel(node.target, env)] : [];
  const values = [...receiver, ...args.map((a) => evalCel(a, env))];
  switch (fn) {
    case 'size': return celSize(values[0]);
    case 'startsWith': return celString(values[0]).startsWith(celString(values[1]));
    case 'endsWith': return celString(values[0]).endsWith(celString(values[1]));
    case 'contains': return celString(values[0]).includes(celString(values[1]));
    case 'matches': return celRegExp(celString(values[1])).test(celString(values[0]));
    case 'duration': return values[0] instanceof CelDuration ? values[0] : parseGoDuration(celString(values[0]));
    case 'string': return typeof values[0] === 'string' ? values[0] : String(values[0]);
    case 'int': {
      const number = typeof values[0] === 'string' && /^[-+]?\d+$/.test(values[0]) ? Number(values[0]) : values[0];
      if (typeof number !== 'number') throw new CelError('no such overload: int');
      return Math.trunc(number);
    }
    case 'double': {
      const number = Number(values[0]);
      if (Number.isNaN(number)) throw new CelError('no such overload: double');
      return number;
    }
    default: throw new CelError(`no such overload: ${fn}`);
  }
}

// ---------------------------------------------------------------------------
// Formats (k8s.io/apimachinery/pkg/util/validation)
// ---------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const PERCENT = /^[0-9]+%$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stringCheck(value: unknown, maxLength: number, pattern: RegExp, what: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > maxLength) return `must be no more than ${maxLength} characters`;
  if (!pattern.test(value)) return what;
  return undefined;
}

const dns1123Label: FormatCheck = (v) =>
  stringCheck(v, 63, DNS1123_LABEL,
    "a DNS-1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");

const dns1123Subdomain: FormatCheck = (v) =>
  stringCheck(v, 253, DNS1123_SUBDOMAIN,
    "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");

const dns1035Label: FormatCheck = (v) =>
  stringCheck(v, 63, DNS1035_LABEL,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");

/** Names used as one URL path segment (RBAC objects may contain ':'). */
const pathSegmentName: FormatCheck = (v) => {
  if (typeof v !== 'string' || v === '') return 'must be a non-empty string';
  if (v === '.' || v === '..') return 'may not be "." or ".."';
  if (/[/%]/.test(v)) return 'may not contain "/" or "%"';
  return undefined;
};

/** Label and annotation keys: an optional DNS-1123 subdomain prefix and '/', then a name. */
const qualifiedName: FormatCheck = (v) => {
  if (typeof v !== 'string') return 'must be a string';
  const parts = v.split('/');
  if (parts.length > 2) return "a qualified name must be a name with an optional DNS subdomain prefix and '/'";
  const [prefix, name = ''] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'prefix part must be non-empty';
    const prefixProblem = dns1123Subdomain(prefix);
    if (prefixProblem) return `prefix part: ${prefixProblem}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
};

const labelValue: FormatCheck = (v) =>
  stringCheck(v, 63, LABEL_VALUE,
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");

/** Container port names, named target ports and probe ports: IANA_SVC_NAME (RFC 6335). */
const ianaServiceName: FormatCheck = (v) => {
  if (typeof v !== 'string' || v === '') return 'must be a non-empty string';
  if (v.length > 15) return 'must be no more than 15 characters (IANA_SVC_NAME)';
  if (!/^[-a-z0-9]+$/.test(v)) return "must contain only lower case alphanumeric characters or '-' (IANA_SVC_NAME)";
  if (!/[a-z]/.test(v)) return 'must contain at least one letter (IANA_SVC_NAME)';
  if (v.includes('--')) return "must not contain consecutive hyphens (IANA_SVC_NAME)";
  if (v.startsWith('-') || v.endsWith('-')) return "must not begin or end with a hyphen (IANA_SVC_NAME)";
  return undefined;
};

const portNumber: FormatCheck = (v) =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535 ? undefined : 'must be between 1 and 65535, inclusive';

/** An int-or-string port: a number 1..65535 or an IANA_SVC_NAME ("8080" as a string is neither). */
const portNumberOrName: FormatCheck = (v) => (typeof v === 'string' ? ianaServiceName(v) : portNumber(v));

const envVarName: FormatCheck = (v) =>
  stringCheck(v, Infinity, ENV_VAR_NAME,
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit");

const configKey: FormatCheck = (v) => {
  const problem = stringCheck(v, 253, CONFIG_KEY, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  if (problem) return problem;
  if (v === '.' || v === '..') return 'must not be "." or ".."';
  if ((v as string).startsWith('..')) return 'must not start with ".."';
  return undefined;
};

/** Ingress hosts and TLS hosts: a DNS-1123 subdomain, optionally with a leading "*." wildcard; no IPs. */
const ingressHost: FormatCheck = (v) => {
  if (typeof v !== 'string') return 'must be a string';
  if (isIPv4(v) || isIPv6(v)) return 'must be a DNS name, not an IP address';
  return dns1123Subdomain(v.startsWith('*.') ? v.slice(2) : v);
};

const cidr: FormatCheck = (v) => {
  const invalid = 'must be a valid CIDR (e.g. 10.0.0.0/16 or 2001:db8::/64)';
  if (typeof v !== 'string') return invalid;
  const [ip = '', bits, ...rest] = v.split('/');
  const maxBits = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
  if (rest.length > 0 || bits === undefined || !/^\d+$/.test(bits) || maxBits < 0 || Number(bits) > maxBits) return invalid;
  return undefined;
};

// ---------------------------------------------------------------------------
// Quantities and int-or-percent values
// ---------------------------------------------------------------------------

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

interface IntOrPercent {
  readonly percent: boolean;
  readonly value: number;
}

/**
 * maxSurge, maxUnavailable, minAvailable: an integer >= 0, or a string of digits and '%'.
 * A bare string such as "5" is rejected by the API server.
 */
function checkIntOrPercent(value: unknown, path: string, report: Report): IntOrPercent | undefined {
  let parsed: IntOrPercent | undefined;
  if (Number.isInteger(value)) parsed = { percent: false, value: value as number };
  else if (typeof value === 'string' && PERCENT.test(value)) parsed = { percent: true, value: parseInt(value, 10) };
  if (!parsed) {
    report(path, `invalid value ${quote(value)}: must be an integer or a percentage string such as "25%"`);
    return undefined;
  }
  if (parsed.value < 0) report(path, `invalid value ${quote(value)}: must be greater than or equal to 0`);
  return parsed;
}

function checkNotOver100Percent(value: IntOrPercent | undefined, path: string, report: Report): void {
  if (value?.percent && value.value > 100) report(path, `invalid value "${value.value}%": must not be greater than 100%`);
}

// ---------------------------------------------------------------------------
// Metadata, labels, annotations, selectors
// ---------------------------------------------------------------------------

/** Name formats that differ from the default DNS-1123 subdomain. */
const NAME_FORMAT: Record<string, FormatCheck> = {
  Service: dns1035Label, // becomes a DNS label in <name>.<namespace>.svc
  Namespace: dns1123Label,
  Role: pathSegmentName,
  ClusterRole: pathSegmentName,
  RoleBinding: pathSegmentName,
  ClusterRoleBinding: pathSegmentName,
};

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function checkObjectMetadata(manifest: Record<string, any>, report: Report): void {
  const metadata = manifest.metadata;
  if (!isObject(metadata)) {
    report('metadata.name', 'required value is missing');
    return;
  }
  // `kubectl apply` needs a fixed name; generateName is not enough.
  checkFormat(NAME_FORMAT[manifest.kind] ?? dns1123Subdomain, metadata.name, 'metadata.name', report);
  if (metadata.namespace !== undefined) checkFormat(dns1123Label, metadata.namespace, 'metadata.namespace', report);
  checkLabelsAndAnnotations(metadata, 'metadata', report);
}

/** Labels and annotations of an object or of a pod template. */
function checkLabelsAndAnnotations(metadata: Record<string, any>, path: string, report: Report): void {
  checkLabelMap(metadata.labels, at(path, 'labels'), report);
  checkAnnotations(metadata.annotations, at(path, 'annotations'), report);
}

/** A map of label keys to label values: metadata.labels, matchLabels, a Service's selector. */
function checkLabelMap(labels: unknown, path: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const problem = qualifiedName(key);
    if (problem) report(at(path, key), `invalid label key ${quote(key)}: ${problem}`);
    const valueProblem = labelValue(value);
    if (valueProblem) report(at(path, key), `invalid label value ${quote(value)}: ${valueProblem}`);
  }
}

function checkAnnotations(annotations: unknown, path: string, report: Report): void {
  let totalBytes = 0;
  for (const [key, value] of entries(annotations)) {
    // The API server lower-cases annotation keys before checking them.
    const problem = qualifiedName(key.toLowerCase());
    if (problem) report(at(path, key), `invalid annotation key ${quote(key)}: ${problem}`);
    totalBytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (totalBytes > MAX_ANNOTATIONS_BYTES) {
    report(path, `annotations are too long: ${totalBytes} bytes, must have at most ${MAX_ANNOTATIONS_BYTES} bytes`);
  }
}

/** The syntax of a metav1.LabelSelector (matchLabels and matchExpressions). */
function checkLabelSelector(selector: unknown, path: string, report: Report): void {
  if (!isObject(selector)) return;
  checkLabelMap(selector.matchLabels, at(path, 'matchLabels'), report);
  list(selector.matchExpressions).forEach((requirement, i) => {
    const reqPath = at(at(path, 'matchExpressions'), i);
    if (!isObject(requirement)) return;
    checkFormat(qualifiedName, requirement.key, at(reqPath, 'key'), report);
    const values = list(requirement.values);
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) report(at(reqPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) report(at(reqPath, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        break;
      default:
        report(at(reqPath, 'operator'), `${quote(requirement.operator)} is not a valid label selector operator`);
    }
    values.forEach((value, j) => checkFormat(labelValue, value, at(at(reqPath, 'values'), j), report));
  });
}

function isEmptySelector(selector: Record<string, any>): boolean {
  return entries(selector.matchLabels).length === 0 && list(selector.matchExpressions).length === 0;
}

/** Whether a label selector selects a set of labels (an empty selector selects everything). */
function selectorMatches(selector: Record<string, any>, labels: Record<string, any>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  const labelsMatch = entries(selector.matchLabels).every(([key, value]) => has(key) && labels[key] === value);
  const expressionsMatch = list(selector.matchExpressions).every((requirement) => {
    const key = String(requirement?.key);
    const values = list(requirement?.values);
    switch (requirement?.operator) {
      case 'In': return has(key) && values.includes(labels[key]);
      case 'NotIn': return !has(key) || !values.includes(labels[key]);
      case 'Exists': return has(key);
      case 'DoesNotExist': return !has(key);
      default: return false;
    }
  });
  return labelsMatch && expressionsMatch;
}

// ---------------------------------------------------------------------------
// Workloads: Deployment and the other pod-template owners
// ---------------------------------------------------------------------------

function checkDeployment(manifest: Record<string, any>, report: Report): void {
  const spec = manifest.spec;
  if (!isObject(spec)) return;
  checkNonNegative(spec.replicas, 'spec.replicas', report);
  checkNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', report);
  checkNonNegative(spec.minReadySeconds, 'spec.minReadySeconds', report);
  checkProgressDeadline(spec, report);
  checkDeploymentStrategy(spec.strategy, 'spec.strategy', report);
  checkSelectorMatchesTemplate(spec, report);
  checkPodTemplate(spec.template, 'spec.template', report, ['Always']);
}

/** StatefulSet, DaemonSet, ReplicaSet: the selector/template rules shared with Deployment. */
function checkAppsWorkload(manifest: Record<string, any>, report: Report): void {
  const spec = manifest.spec;
  if (!isObject(spec)) return;
  checkNonNegative(spec.replicas, 'spec.replicas', report);
  checkSelectorMatchesTemplate(spec, report);
  checkPodTemplate(manifest.kind === 'StatefulSet' ? withClaimVolumes(spec) : spec.template, 'spec.template', report, ['Always']);
  if (manifest.kind === 'StatefulSet') checkStatefulSetUpdate(spec.updateStrategy, report);
}

/**
 * A StatefulSet's pods get a volume per claim template (the controller adds them), so the
 * template's mounts may name the claims.
 */
function withClaimVolumes(spec: Record<string, any>): unknown {
  const claims = list(spec.volumeClaimTemplates).filter(isObject)
    .map((c) => ({ name: c.metadata?.name, persistentVolumeClaim: { claimName: c.metadata?.name } }));
  if (!claims.length || !isObject(spec.template) || !isObject(spec.template.spec)) return spec.template;
  return { ...spec.template, spec: { ...spec.template.spec, volumes: [...list(spec.template.spec.volumes), ...claims] } };
}

/** ValidateStatefulSetUpdateStrategy: RollingUpdate or OnDelete; partition >= 0; maxUnavailable > 0 and at most 100%. */
function checkStatefulSetUpdate(strategy: unknown, report: Report): void {
  if (!isObject(strategy)) return;
  const type = strategy.type ?? 'RollingUpdate';
  checkEnum(type, ['RollingUpdate', 'OnDelete'], 'spec.updateStrategy.type', report);
  const rolling = strategy.rollingUpdate;
  if (rolling !== undefined && type !== 'RollingUpdate') report('spec.updateStrategy.rollingUpdate', `only allowed for updateStrategy '${'RollingUpdate'}'`);
  if (!isObject(rolling)) return;
  checkNonNegative(rolling.partition, 'spec.updateStrategy.rollingUpdate.partition', report);
  const max = rolling.maxUnavailable;
  if (max === undefined) return;
  const percent = typeof max === 'string' ? /^([0-9]+)%$/.exec(max) : null;
  if (typeof max === 'number' ? !(Number.isInteger(max) && max >= 1) : !(percent && Number(percent[1]) >= 1 && Number(percent[1]) <= 100)) {
    report('spec.updateStrategy.rollingUpdate.maxUnavailable', `invalid value ${quote(max)}: must be greater than 0 (and at most 100%)`);
  }
}

/** Job pods must not restart in place; the default restartPolicy (Always) is refused. */
function checkJob(manifest: Record<string, any>, report: Report): void {
  checkPodTemplate(manifest.spec?.template, 'spec.template', report, ['OnFailure', 'Never']);
}

function checkCronJob(manifest: Record<string, any>, report: Report): void {
  checkPodTemplate(manifest.spec?.jobTemplate?.spec?.template, 'spec.jobTemplate.spec.template', report, ['OnFailure', 'Never']);
}

function checkPod(manifest: Record<string, any>, report: Report): void {
  if (isObject(manifest.spec)) checkPodSpec(manifest.spec, 'spec', report, ['Always', 'OnFailure', 'Never']);
}

/** progressDeadlineSeconds, when set, must exceed minReadySeconds (which defaults to 0). */
function checkProgressDeadline(spec: Record<string, any>, report: Report): void {
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline !== 'number') return;
  checkNonNegative(deadline, 'spec.progressDeadlineSeconds', report);
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  if (deadline <= minReady) {
    report('spec.progressDeadlineSeconds', `invalid value ${deadline}: must be greater than minReadySeconds (${minReady})`);
  }
}

function checkDeploymentStrategy(strategy: unknown, path: string, report: Report): void {
  if (!isObject(strategy)) return;
  const type = strategy.type ?? 'RollingUpdate'; // defaulted before validation
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) {
      report(at(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
    }
    return;
  }
  if (type !== 'RollingUpdate') {
    checkEnum(type, ['RollingUpdate', 'Recreate'], at(path, 'type'), report);
    return;
  }
  checkRollingUpdate(strategy.rollingUpdate, at(path, 'rollingUpdate'), report);
}

function checkRollingUpdate(rollingUpdate: unknown, path: string, report: Report): void {
  if (!isObject(rollingUpdate)) return;
  const surgePath = at(path, 'maxSurge');
  const unavailablePath = at(path, 'maxUnavailable');
  const surge = rollingUpdate.maxSurge === undefined ? undefined : checkIntOrPercent(rollingUpdate.maxSurge, surgePath, report);
  const unavailable = rollingUpdate.maxUnavailable === undefined
    ? undefined
    : checkIntOrPercent(rollingUpdate.maxUnavailable, unavailablePath, report);
  checkNotOver100Percent(unavailable, unavailablePath, report);
  // An unset field defaults to 25%, so only two explicit zeros ("0" or "0%") make a rollout
  // that can neither add nor remove a pod.
  if (surge?.value === 0 && unavailable?.value === 0) {
    report(unavailablePath, 'may not be 0 when `maxSurge` is 0');
  }
}

/** The controller adopts pods by selector, so its own pods must match it. */
function checkSelectorMatchesTemplate(spec: Record<string, any>, report: Report): void {
  const selector = spec.selector;
  if (!isObject(selector)) return; // a missing selector is a schema error ("required")
  checkLabelSelector(selector, 'spec.selector', report);
  if (isEmptySelector(selector)) {
    report('spec.selector', 'empty selector is invalid for this workload');
    return;
  }
  const labels = isObject(spec.template?.metadata?.labels) ? spec.template.metadata.labels : {};
  if (!selectorMatches(selector, labels)) {
    report('spec.template.metadata.labels', '`selector` does not match template `labels`');
  }
}

function checkPodTemplate(template: unknown, path: string, report: Report, restartPolicies: readonly string[]): void {
  if (!isObject(template)) return;
  if (isObject(template.metadata)) checkLabelsAndAnnotations(template.metadata, at(path, 'metadata'), report);
  if (isObject(template.spec)) checkPodSpec(template.spec, at(path, 'spec'), report, restartPolicies);
}

// ---------------------------------------------------------------------------
// Pod spec
// ---------------------------------------------------------------------------

interface ContainerEntry {
  readonly container: Record<string, any>;
  readonly path: string;
  readonly init: boolean;
}

interface PodContext {
  readonly volumeNames: ReadonlySet<string>;
  /** Effective terminationGracePeriodSeconds (default 30): bounds a preStop sleep. */
  readonly gracePeriodSeconds: number;
}

const DEFAULT_GRACE_PERIOD_SECONDS = 30;

function checkPodSpec(spec: Record<string, any>, path: string, report: Report, restartPolicies: readonly string[]): void {
  // An unset restartPolicy is defaulted to Always, which Jobs refuse.
  checkEnum(spec.restartPolicy ?? 'Always', restartPolicies, at(path, 'restartPolicy'), report);
  checkNonNegative(spec.terminationGracePeriodSeconds, at(path, 'terminationGracePeriodSeconds'), report);

  const context: PodContext = {
    volumeNames: checkVolumes(spec.volumes, at(path, 'volumes'), report),
    gracePeriodSeconds: typeof spec.terminationGracePeriodSeconds === 'number'
      ? spec.terminationGracePeriodSeconds
      : DEFAULT_GRACE_PERIOD_SECONDS,
  };
  if (list(spec.containers).length === 0) report(at(path, 'containers'), 'at least one container is required');
  const containers = [
    ...containerEntries(spec.initContainers, at(path, 'initContainers'), true),
    ...containerEntries(spec.containers, at(path, 'containers'), false),
  ];
  checkContainerNamesUnique(containers, report);
  checkPortNamesUnique(containers, report);
  for (const entry of containers) checkContainer(entry, context, report);
  checkTopologySpread(spec.topologySpreadConstraints, at(path, 'topologySpreadConstraints'), report);
}

function containerEntries(containers: unknown, path: string, init: boolean): ContainerEntry[] {
  return list(containers)
    .map((container, i) => ({ container, path: at(path, i), init }))
    .filter((entry) => isObject(entry.container));
}

/** Container names: DNS-1123 labels, unique across init and app containers. */
function checkContainerNamesUnique(containers: ContainerEntry[], report: Report): void {
  const firstPath = new Map<string, string>();
  for (const { container, path } of containers) {
    if (!checkFormat(dns1123Label, container.name, at(path, 'name'), report)) continue;
    const earlier = firstPath.get(container.name);
    if (earlier) report(at(path, 'name'), `duplicate container name ${quote(container.name)} (also at ${earlier})`);
    else firstPath.set(container.name, at(path, 'name'));
  }
}

/**
 * Port names must be unique: Services and probes refer to pods' ports by name. (The API server
 * rejects a duplicate within one container and warns about one across containers.)
 */
function checkPortNamesUnique(containers: ContainerEntry[], report: Report): void {
  const firstPath = new Map<string, string>();
  for (const { container, path } of containers) {
    list(container.ports).forEach((port, i) => {
      if (typeof port?.name !== 'string' || port.name === '') return;
      const namePath = at(at(at(path, 'ports'), i), 'name');
      const earlier = firstPath.get(port.name);
      if (earlier) report(namePath, `duplicate port name ${quote(port.name)} (also at ${earlier})`);
      else firstPath.set(port.name, namePath);
    });
  }
}

function checkContainer(entry: ContainerEntry, context: PodContext, report: Report): void {
  const { container, path, init } = entry;
  checkContainerRestartPolicy(entry, report);
  checkContainerPorts(container.ports, at(path, 'ports'), report);
  checkEnv(container.env, at(path, 'env'), report);
  checkResources(container.resources, at(path, 'resources'), report);
  checkVolumeMounts(container.volumeMounts, at(path, 'volumeMounts'), context.volumeNames, report);

  // Plain init containers run to completion once: probes and hooks make no sense there.
  // Sidecars (init containers with restartPolicy Always) may have them.
  const isSidecar = init && container.restartPolicy === 'Always';
  if (init && !isSidecar) {
    for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
      if (container[field] !== undefined) report(at(path, field), 'may not be set for init containers without restartPolicy=Always');
    }
    return;
  }
  checkProbe(container.livenessProbe, at(path, 'livenessProbe'), 'liveness', report);
  checkProbe(container.readinessProbe, at(path, 'readinessProbe'), 'readiness', report);
  checkProbe(container.startupProbe, at(path, 'startupProbe'), 'startup', report);
  checkLifecycle(container.lifecycle, at(path, 'lifecycle'), context.gracePeriodSeconds, report);
}

/** Only init containers may set restartPolicy (to Always, which makes them sidecars). */
function checkContainerRestartPolicy({ container, path, init }: ContainerEntry, report: Report): void {
  if (container.restartPolicy === undefined) return;
  if (!init) report(at(path, 'restartPolicy'), 'may not be set for non-init containers');
  else checkEnum(container.restartPolicy, ['Always'], at(path, 'restartPolicy'), report);
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function checkContainerPorts(ports: unknown, path: string, report: Report): void {
  list(ports).forEach((port, i) => {
    if (!isObject(port)) return;
    const portPath = at(path, i);
    checkFormat(portNumber, port.containerPort, at(portPath, 'containerPort'), report);
    if (port.hostPort !== undefined && port.hostPort !== 0) checkFormat(portNumber, port.hostPort, at(portPath, 'hostPort'), report);
    if (port.name !== undefined) checkFormat(ianaServiceName, port.name, at(portPath, 'name'), report);
    checkEnum(port.protocol, PROTOCOLS, at(portPath, 'protocol'), report);
  });
}

const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];

/**
 * Env var names must be valid and, here, unique. (The API server only warns about a duplicate,
 * and the later value silently wins; that is never what a construct means.)
 */
function checkEnv(env: unknown, path: string, report: Report): void {
  const firstIndex = new Map<string, number>();
  list(env).forEach((variable, i) => {
    if (!isObject(variable)) return;
    const varPath = at(path, i);
    if (checkFormat(envVarName, variable.name, at(varPath, 'name'), report)) {
      const earlier = firstIndex.get(variable.name);
      if (earlier !== undefined) report(at(varPath, 'name'), `duplicate env var name ${quote(variable.name)} (also at ${at(path, earlier)})`);
      else firstIndex.set(variable.name, i);
    }
    if (variable.valueFrom === undefined) return;
    if (typeof variable.value === 'string' && variable.value !== '') {
      report(at(varPath, 'valueFrom'), 'may not be specified when `value` is not empty');
    }
    checkEnvSource(variable.valueFrom, at(varPath, 'valueFrom'), report);
  });
}

function checkEnvSource(valueFrom: unknown, path: string, report: Report): void {
  if (!isObject(valueFrom)) return;
  const sources = ENV_SOURCES.filter((source) => valueFrom[source] !== undefined);
  if (sources.length !== 1) report(path, `must specify exactly one of: ${ENV_SOURCES.map((s) => `\`${s}\``).join(', ')}`);
  for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
    if (isObject(valueFrom[ref])) checkFormat(configKey, valueFrom[ref].key, at(at(path, ref), 'key'), report);
  }
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** Requests and limits: parseable, non-negative quantities of known resources; requests <= limits. */
function checkResources(resources: unknown, path: string, report: Report): void {
  if (!isObject(resources)) return;
  const limits = checkResourceList(resources.limits, at(path, 'limits'), report);
  const requests = checkResourceList(resources.requests, at(path, 'requests'), report);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit !== undefined && request > limit) {
      report(at(at(path, 'requests'), name),
        `invalid value ${quote(resources.requests[name])}: must be less than or equal to ${name} limit of ${quote(resources.limits[name])}`);
    }
  }
}

function checkResourceList(resourceList: unknown, path: string, report: Report): Map<string, number> {
  const parsed = new Map<string, number>();
  for (const [name, value] of entries(resourceList)) {
    const valuePath = at(path, name);
    // Anything else must be a fully qualified extended resource such as nvidia.com/gpu.
    const known = STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-') || name.includes('/');
    if (!known) report(valuePath, `${quote(name)} is not a standard resource type; extended resources must be fully qualified (domain/name)`);
    const quantity = parseQuantity(value);
    if (quantity === undefined) {
      report(valuePath, `invalid value ${quote(value)}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      continue;
    }
    if (quantity < 0) report(valuePath, `invalid value ${quote(value)}: must be greater than or equal to 0`);
    parsed.set(name, quantity);
  }
  return parsed;
}

/** Volume names: unique DNS-1123 labels; one source per volume. Returns the declared names. */
function checkVolumes(volumes: unknown, path: string, report: Report): Set<string> {
  const names = new Set<string>();
  list(volumes).forEach((volume, i) => {
    if (!isObject(volume)) return;
    const volumePath = at(path, i);
    if (checkFormat(dns1123Label, volume.name, at(volumePath, 'name'), report)) {
      if (names.has(volume.name)) report(at(volumePath, 'name'), `duplicate volume name ${quote(volume.name)}`);
      names.add(volume.name);
    }
    // Every field of a Volume except `name` is a volume source.
    const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== undefined);
    if (sources.length > 1) report(volumePath, `may not specify more than 1 volume type (found ${sources.join(', ')})`);
  });
  return names;
}

function checkVolumeMounts(mounts: unknown, path: string, volumeNames: ReadonlySet<string>, report: Report): void {
  const mountPaths = new Set<string>();
  list(mounts).forEach((mount, i) => {
    if (!isObject(mount)) return;
    const mountPath = at(path, i);
    if (typeof mount.name === 'string' && !volumeNames.has(mount.name)) {
      report(at(mountPath, 'name'), `volume ${quote(mount.name)} is not declared in the pod's volumes`);
    }
    if (typeof mount.mountPath === 'string') {
      if (mount.mountPath === '') report(at(mountPath, 'mountPath'), 'required value is missing');
      else if (mountPaths.has(mount.mountPath)) report(at(mountPath, 'mountPath'), `duplicate mountPath ${quote(mount.mountPath)}: must be unique`);
      mountPaths.add(mount.mountPath);
    }
    if (typeof mount.subPath === 'string' && (mount.subPath.startsWith('/') || mount.subPath.split('/').includes('..'))) {
      report(at(mountPath, 'subPath'), `invalid value ${quote(mount.subPath)}: must be a relative path without '..'`);
    }
  });
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const PROBE_COUNTERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

function checkProbe(probe: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup', report: Report): void {
  if (!isObject(probe)) return;
  checkExactlyOneHandler(probe, PROBE_HANDLERS, path, report);
  checkHandlerTargets(probe, path, report);
  for (const field of PROBE_COUNTERS) checkNonNegative(probe[field], at(path, field), report);
  // Restarting or un-gating a container after N consecutive successes is meaningless.
  // (0 is defaulted to 1 before validation.)
  const success = probe.successThreshold;
  if (kind !== 'readiness' && typeof success === 'number' && success !== 0 && success !== 1) {
    report(at(path, 'successThreshold'), `invalid value ${success}: must be 1 for ${kind} probes`);
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && kind === 'readiness') {
    report(at(path, 'terminationGracePeriodSeconds'), 'must not be set for readinessProbes');
  } else if (typeof grace === 'number' && grace <= 0) {
    report(at(path, 'terminationGracePeriodSeconds'), `invalid value ${grace}: must be greater than 0`);
  }
}

function checkLifecycle(lifecycle: unknown, path: string, gracePeriodSeconds: number, report: Report): void {
  if (!isObject(lifecycle)) return;
  for (const hook of ['postStart', 'preStop']) {
    const handler = lifecycle[hook];
    if (!isObject(handler)) continue;
    const hookPath = at(path, hook);
    checkExactlyOneHandler(handler, LIFECYCLE_HANDLERS, hookPath, report);
    checkHandlerTargets(handler, hookPath, report);
    const seconds = handler.sleep?.seconds;
    // The sleep runs inside the grace period; a longer one is refused.
    if (typeof seconds === 'number' && (seconds < 0 || seconds > gracePeriodSeconds)) {
      report(at(at(hookPath, 'sleep'), 'seconds'),
        `invalid value ${seconds}: must be non-negative and not greater than terminationGracePeriodSeconds (${gracePeriodSeconds})`);
    }
  }
}

function checkExactlyOneHandler(handler: Record<string, any>, kinds: readonly string[], path: string, report: Report): void {
  const present = kinds.filter((kind) => handler[kind] !== undefined);
  if (present.length === 0) report(path, `must specify a handler type (one of ${kinds.join(', ')})`);
  if (present.length > 1) report(path, `may not specify more than 1 handler type (found ${present.join(', ')})`);
}

/** The ports, schemes and commands of probe and lifecycle handlers. */
function checkHandlerTargets(handler: Record<string, any>, path: string, report: Report): void {
  if (isObject(handler.httpGet)) {
    checkFormat(portNumberOrName, handler.httpGet.port, at(at(path, 'httpGet'), 'port'), report);
    checkEnum(handler.httpGet.scheme, ['HTTP', 'HTTPS'], at(at(path, 'httpGet'), 'scheme'), report);
  }
  if (isObject(handler.tcpSocket)) checkFormat(portNumberOrName, handler.tcpSocket.port, at(at(path, 'tcpSocket'), 'port'), report);
  if (isObject(handler.grpc)) checkFormat(portNumber, handler.grpc.port, at(at(path, 'grpc'), 'port'), report);
  if (isObject(handler.exec) && list(handler.exec.command).length === 0) report(at(at(path, 'exec'), 'command'), 'required value is missing');
}

function checkTopologySpread(constraints: unknown, path: string, report: Report): void {
  const seen = new Set<string>();
  list(constraints).forEach((constraint, i) => {
    if (!isObject(constraint)) return;
    const cPath = at(path, i);
    if (!isPositiveInt(constraint.maxSkew)) report(at(cPath, 'maxSkew'), `invalid value ${quote(constraint.maxSkew)}: must be greater than 0`);
    if (constraint.topologyKey === '') report(at(cPath, 'topologyKey'), 'can not be empty');
    else if (constraint.topologyKey !== undefined) checkFormat(qualifiedName, constraint.topologyKey, at(cPath, 'topologyKey'), report);
    if (constraint.whenUnsatisfiable === undefined) report(at(cPath, 'whenUnsatisfiable'), 'required value is missing');
    checkEnum(constraint.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'], at(cPath, 'whenUnsatisfiable'), report);
    checkMinDomains(constraint, cPath, report);
    checkEnum(constraint.nodeAffinityPolicy, ['Honor', 'Ignore'], at(cPath, 'nodeAffinityPolicy'), report);
    checkEnum(constraint.nodeTaintsPolicy, ['Honor', 'Ignore'], at(cPath, 'nodeTaintsPolicy'), report);
    checkLabelSelector(constraint.labelSelector, at(cPath, 'labelSelector'), report);
    checkMatchLabelKeys(constraint, cPath, report);
    // Two constraints on the same key and action would fight each other.
    const pair = `${constraint.topologyKey}\n${constraint.whenUnsatisfiable}`;
    if (seen.has(pair)) report(cPath, `duplicate {topologyKey, whenUnsatisfiable} pair {${constraint.topologyKey}, ${constraint.whenUnsatisfiable}}`);
    seen.add(pair);
  });
}

function checkMinDomains(constraint: Record<string, any>, path: string, report: Report): void {
  if (constraint.minDomains === undefined) return;
  if (!isPositiveInt(constraint.minDomains)) report(at(path, 'minDomains'), `invalid value ${quote(constraint.minDomains)}: must be greater than 0`);
  if (constraint.whenUnsatisfiable !== 'DoNotSchedule') report(at(path, 'minDomains'), 'can only use minDomains if whenUnsatisfiable=DoNotSchedule');
}

/** matchLabelKeys add labels of the incoming pod to labelSelector, so they must not repeat it. */
function checkMatchLabelKeys(constraint: Record<string, any>, path: string, report: Report): void {
  const keys = list(constraint.matchLabelKeys);
  if (keys.length === 0) return;
  if (!isObject(constraint.labelSelector)) {
    report(at(path, 'matchLabelKeys'), 'must not be specified when labelSelector is not set');
  }
  const selectorKeys = new Set<string>([
    ...entries(constraint.labelSelector?.matchLabels).map(([key]) => key),
    ...list(constraint.labelSelector?.matchExpressions).map((requirement) => String(requirement?.key)),
  ]);
  keys.forEach((key, i) => {
    const keyPath = at(at(path, 'matchLabelKeys'), i);
    checkFormat(qualifiedName, key, keyPath, report);
    if (selectorKeys.has(key)) report(keyPath, `${quote(key)} exists in both matchLabelKeys and labelSelector`);
  });
}

// ---------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const NODE_PORT_RANGE = { min: 30000, max: 32767 }; // the API server's default --service-node-port-range

function checkService(manifest: Record<string, any>, report: Report): void {
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const type = spec.type ?? 'ClusterIP';
  checkEnum(type, SERVICE_TYPES, 'spec.type', report);
  const headless = spec.clusterIP === 'None';
  if (list(spec.ports).length === 0 && !headless && type !== 'ExternalName') report('spec.ports', 'at least one port is required');
  if (type === 'ExternalName') checkFormat(dns1123Subdomain, spec.externalName, 'spec.externalName', report);
  if (headless && type !== 'ClusterIP') report('spec.clusterIP', `may not be "None" when \`type\` is ${quote(type)}`);
  checkServicePorts(list(spec.ports), type, report);
  checkLabelMap(spec.selector, 'spec.selector', report);
  checkEnum(spec.sessionAffinity, ['None', 'ClientIP'], 'spec.sessionAffinity', report);
  checkEnum(spec.internalTrafficPolicy, ['Cluster', 'Local'], 'spec.internalTrafficPolicy', report);
  checkEnum(spec.externalTrafficPolicy, ['Cluster', 'Local'], 'spec.externalTrafficPolicy', report);
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer') {
    report('spec.externalTrafficPolicy', "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
  }
}

function checkServicePorts(ports: any[], type: string, report: Report): void {
  const names = new Set<string>();
  const portProtocols = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const portPath = at('spec.ports', i);
    checkServicePortName(port, portPath, ports.length > 1, names, report);
    checkFormat(portNumber, port.port, at(portPath, 'port'), report);
    checkEnum(port.protocol, PROTOCOLS, at(portPath, 'protocol'), report);
    // targetPort 0 or "" is defaulted to `port` before validation.
    if (port.targetPort !== undefined && port.targetPort !== 0 && port.targetPort !== '') {
      checkFormat(portNumberOrName, port.targetPort, at(portPath, 'targetPort'), report);
    }
    checkNodePort(port.nodePort, type, at(portPath, 'nodePort'), report);
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (portProtocols.has(key)) report(portPath, `duplicate port/protocol ${key}`);
    portProtocols.add(key);
  });
}

/** Port names are optional for a single port; with several, each needs a unique DNS-1123 label. */
function checkServicePortName(port: Record<string, any>, path: string, required: boolean, names: Set<string>, report: Report): void {
  const name = port.name;
  if (name === undefined || name === '') {
    if (required) report(at(path, 'name'), 'required when a Service has more than one port');
    return;
  }
  if (!checkFormat(dns1123Label, name, at(path, 'name'), report)) return;
  if (names.has(name)) report(at(path, 'name'), `duplicate port name ${quote(name)}`);
  names.add(name);
}

function checkNodePort(nodePort: unknown, type: string, path: string, report: Report): void {
  if (nodePort === undefined || nodePort === 0) return;
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    report(path, `may not be used when \`type\` is ${quote(type)}`);
  } else if (!Number.isInteger(nodePort) || (nodePort as number) < NODE_PORT_RANGE.min || (nodePort as number) > NODE_PORT_RANGE.max) {
    report(path, `invalid value ${quote(nodePort)}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`);
  }
}

// ---------------------------------------------------------------------------
// PodDisruptionBudget
// ---------------------------------------------------------------------------

function checkPodDisruptionBudget(manifest: Record<string, any>, report: Report): void {
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const hasMin = spec.minAvailable !== undefined;
  const hasMax = spec.maxUnavailable !== undefined;
  if (hasMin && hasMax) report('spec', 'minAvailable and maxUnavailable cannot be both set');
  if (!hasMin && !hasMax) {
    // Accepted by the API server, but such a budget allows every eviction: never intended.
    report('spec', 'exactly one of minAvailable or maxUnavailable must be set');
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    if (spec[field] === undefined) continue;
    checkNotOver100Percent(checkIntOrPercent(spec[field], at('spec', field), report), at('spec', field), report);
  }
  checkLabelSelector(spec.selector, 'spec.selector', report);
  checkEnum(spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow'], 'spec.unhealthyPodEvictionPolicy', report);
}

// ---------------------------------------------------------------------------
// HorizontalPodAutoscaler (autoscaling/v2)
// ---------------------------------------------------------------------------

/** metric `type` -> the field holding its source. */
const METRIC_SOURCES: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const MAX_POLICY_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

function checkHorizontalPodAutoscaler(manifest: Record<string, any>, report: Report): void {
  const spec = manifest.spec;
  if (!isObject(spec)) return;
  checkObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef', report);
  checkReplicaBounds(spec, report);
  list(spec.metrics).forEach((metric, i) => checkMetricSpec(metric, at('spec.metrics', i), report));
  checkScalingBehavior(spec.behavior, 'spec.behavior', report);
}

/** minReplicas >= 1 (0 needs the alpha HPAScaleToZero gate), maxReplicas >= max(1, minReplicas). */
function checkReplicaBounds(spec: Record<string, any>, report: Report): void {
  const min = spec.minReplicas ?? 1;
  if (spec.minReplicas !== undefined && !isPositiveInt(spec.minReplicas)) {
    report('spec.minReplicas', `invalid value ${quote(spec.minReplicas)}: must be greater than or equal to 1`);
  }
  if (typeof spec.maxReplicas !== 'number') return;
  if (spec.maxReplicas < 1) report('spec.maxReplicas', `invalid value ${spec.maxReplicas}: must be greater than 0`);
  else if (typeof min === 'number' && spec.maxReplicas < min) {
    report('spec.maxReplicas', `invalid value ${spec.maxReplicas}: must be greater than or equal to \`minReplicas\` (${min})`);
  }
}

/** scaleTargetRef / describedObject: kind and name set, each usable as a URL path segment. */
function checkObjectReference(ref: unknown, path: string, report: Report): void {
  if (!isObject(ref)) return;
  checkFormat(pathSegmentName, ref.kind, at(path, 'kind'), report);
  checkFormat(pathSegmentName, ref.name, at(path, 'name'), report);
}

function checkMetricSpec(metric: unknown, path: string, report: Report): void {
  if (!isObject(metric)) return;
  const sourceField = METRIC_SOURCES[metric.type];
  if (!sourceField) {
    checkEnum(metric.type, Object.keys(METRIC_SOURCES), at(path, 'type'), report);
    return;
  }
  const populated = Object.values(METRIC_SOURCES).filter((field) => metric[field] !== undefined);
  if (populated.some((field) => field !== sourceField)) report(path, 'must populate the given metric source only');
  const source = metric[sourceField];
  const sourcePath = at(path, sourceField);
  if (!isObject(source)) {
    report(sourcePath, `must populate information for the given metric source (type ${metric.type})`);
    return;
  }
  checkMetricTarget(source.target, at(sourcePath, 'target'), report);
  checkMetricSource(metric.type, source, sourcePath, report);
}

/** The per-source rules: what identifies the metric and which target values it needs. */
function checkMetricSource(type: string, source: Record<string, any>, path: string, report: Report): void {
  const target = isObject(source.target) ? source.target : {};
  const targetPath = at(path, 'target');
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      if (!source.name) report(at(path, 'name'), 'resource name is required');
      if (type === 'ContainerResource' && !source.container) report(at(path, 'container'), 'container name is required');
      if (target.averageValue === undefined && target.averageUtilization === undefined) {
        report(targetPath, 'must set either a target raw value (averageValue) or a target utilization (averageUtilization)');
      } else if (target.averageValue !== undefined && target.averageUtilization !== undefined) {
        report(targetPath, 'may not set both a target raw value and a target utilization');
      }
      break;
    case 'Pods':
      checkMetricIdentifier(source.metric, at(path, 'metric'), report);
      if (target.averageValue === undefined) report(at(targetPath, 'averageValue'), 'must specify a positive target averageValue');
      break;
    default: // Object, External
      if (type === 'Object') checkObjectReference(source.describedObject, at(path, 'describedObject'), report);
      checkMetricIdentifier(source.metric, at(path, 'metric'), report);
      if (target.value === undefined && target.averageValue === undefined) {
        report(targetPath, 'must set either a target value or averageValue');
      }
  }
}

function checkMetricIdentifier(metric: unknown, path: string, report: Report): void {
  if (!isObject(metric) || !metric.name) report(at(path, 'name'), 'must specify a metric name');
  else if (isObject(metric.selector)) checkLabelSelector(metric.selector, at(path, 'selector'), report);
}

function checkMetricTarget(target: unknown, path: string, report: Report): void {
  if (!isObject(target)) return; // `target` is required by the schema
  if (target.type === undefined) report(at(path, 'type'), 'must specify a metric target type');
  checkEnum(target.type, ['Utilization', 'Value', 'AverageValue'], at(path, 'type'), report);
  for (const field of ['value', 'averageValue']) {
    if (target[field] === undefined) continue;
    const quantity = parseQuantity(target[field]);
    if (quantity === undefined) report(at(path, field), `invalid value ${quote(target[field])}: not a valid quantity`);
    else if (quantity <= 0) report(at(path, field), `invalid value ${quote(target[field])}: must be positive`);
  }
  if (target.averageUtilization !== undefined && !isPositiveInt(target.averageUtilization)) {
    report(at(path, 'averageUtilization'), `invalid value ${quote(target.averageUtilization)}: must be greater than 0`);
  }
}

function checkScalingBehavior(behavior: unknown, path: string, report: Report): void {
  if (!isObject(behavior)) return;
  for (const direction of ['scaleUp', 'scaleDown']) {
    const rules = behavior[direction];
    if (!isObject(rules)) continue;
    const rulesPath = at(path, direction);
    const window = rules.stabilizationWindowSeconds;
    if (typeof window === 'number' && (window < 0 || window > MAX_STABILIZATION_WINDOW_SECONDS)) {
      report(at(rulesPath, 'stabilizationWindowSeconds'), `invalid value ${window}: must be between 0 and ${MAX_STABILIZATION_WINDOW_SECONDS}`);
    }
    checkEnum(rules.selectPolicy, ['Max', 'Min', 'Disabled'], at(rulesPath, 'selectPolicy'), report);
    // Omitted policies are defaulted; an explicitly empty list is refused.
    if (Array.isArray(rules.policies) && rules.policies.length === 0) report(at(rulesPath, 'policies'), 'must specify at least one Policy');
    list(rules.policies).forEach((policy, i) => checkScalingPolicy(policy, at(at(rulesPath, 'policies'), i), report));
  }
}

function checkScalingPolicy(policy: unknown, path: string, report: Report): void {
  if (!isObject(policy)) return;
  checkEnum(policy.type, ['Pods', 'Percent'], at(path, 'type'), report);
  if (!isPositiveInt(policy.value)) report(at(path, 'value'), `invalid value ${quote(policy.value)}: must be greater than zero`);
  const period = policy.periodSeconds;
  if (!isPositiveInt(period) || period > MAX_POLICY_PERIOD_SECONDS) {
    report(at(path, 'periodSeconds'), `invalid value ${quote(period)}: must be greater than zero and less than or equal to ${MAX_POLICY_PERIOD_SECONDS}`);
  }
}

// ---------------------------------------------------------------------------
// Ingress (networking.k8s.io/v1)
// ---------------------------------------------------------------------------

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];
// Exact and Prefix paths are matched literally, so ambiguous spellings are refused.
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function checkIngress(manifest: Record<string, any>, report: Report): void {
  const spec = isObject(manifest.spec) ? manifest.spec : {};
  const rules = list(spec.rules);
  if (rules.length === 0 && spec.defaultBackend === undefined) report('spec', 'either `defaultBackend` or `rules` must be specified');
  if (spec.ingressClassName !== undefined) checkFormat(dns1123Subdomain, spec.ingressClassName, 'spec.ingressClassName', report);
  if (spec.defaultBackend !== undefined) checkIngressBackend(spec.defaultBackend, 'spec.defaultBackend', report);
  rules.forEach((rule, i) => checkIngressRule(rule, at('spec.rules', i), report));
  list(spec.tls).forEach((tls, i) => {
    list(tls?.hosts).forEach((host, j) => checkFormat(ingressHost, host, at(at(at('spec.tls', i), 'hosts'), j), report));
  });
}

function checkIngressRule(rule: unknown, path: string, report: Report): void {
  if (!isObject(rule)) return;
  if (rule.host !== undefined && rule.host !== '') checkFormat(ingressHost, rule.host, at(path, 'host'), report);
  if (!isObject(rule.http)) return;
  const paths = list(rule.http.paths);
  if (paths.length === 0) report(at(at(path, 'http'), 'paths'), 'at least one path is required');
  paths.forEach((httpPath, i) => checkIngressPath(httpPath, at(at(at(path, 'http'), 'paths'), i), report));
}

function checkIngressPath(httpPath: unknown, path: string, report: Report): void {
  if (!isObject(httpPath)) return;
  const pathType = httpPath.pathType;
  if (pathType === undefined) report(at(path, 'pathType'), 'pathType must be specified');
  checkEnum(pathType, PATH_TYPES, at(path, 'pathType'), report);
  const value = httpPath.path;
  const literal = pathType === 'Exact' || pathType === 'Prefix';
  if (literal || (typeof value === 'string' && value !== '')) {
    if (typeof value !== 'string' || !value.startsWith('/')) {
      report(at(path, 'path'), `invalid value ${quote(value)}: must be an absolute path`);
    } else if (literal) {
      const bad = INVALID_PATH_SEQUENCES.find((s) => value.includes(s)) ?? INVALID_PATH_SUFFIXES.find((s) => value.endsWith(s));
      if (bad) report(at(path, 'path'), `invalid value ${quote(value)}: must not contain or end with '${bad}'`);
    }
  }
  checkIngressBackend(httpPath.backend, at(path, 'backend'), report);
}

function checkIngressBackend(backend: unknown, path: string, report: Report): void {
  if (!isObject(backend)) return;
  const hasService = backend.service !== undefined;
  if (hasService && backend.resource !== undefined) report(path, 'cannot set both service and resource backends');
  if (!hasService && backend.resource === undefined) report(path, 'one backend (service or resource) must be specified');
  if (!isObject(backend.service)) return;
  const servicePath = at(path, 'service');
  checkFormat(dns1035Label, backend.service.name, at(servicePath, 'name'), report); // names a Service
  const port = backend.service.port;
  const portPath = at(servicePath, 'port');
  if (!isObject(port)) {
    report(portPath, 'required value is missing');
    return;
  }
  const hasNumber = port.number !== undefined;
  const hasName = port.name !== undefined && port.name !== '';
  if (hasNumber && hasName) report(portPath, 'cannot set both port name & port number');
  else if (hasNumber) checkFormat(portNumber, port.number, at(portPath, 'number'), report);
  else if (hasName) checkFormat(ianaServiceName, port.name, at(portPath, 'name'), report);
  else report(portPath, 'port name or number is required');
}

// ---------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1)
// ---------------------------------------------------------------------------

function checkNetworkPolicy(manifest: Record<string, any>, report: Report): void {
  const spec = manifest.spec;
  if (!isObject(spec)) return;
  checkLabelSelector(spec.podSelector, 'spec.podSelector', report);
  const policyTypes = list(spec.policyTypes);
  policyTypes.forEach((type, i) => checkEnum(type, ['Ingress', 'Egress'], at('spec.policyTypes', i), report));
  if (policyTypes.length > 2) report('spec.policyTypes', 'may not specify more than two policyTypes');
  for (const { direction, peersField } of [{ direction: 'ingress', peersField: 'from' }, { direction: 'egress', peersField: 'to' }]) {
    list(spec[direction]).forEach((rule, i) => {
      const rulePath = at(at('spec', direction), i);
      list(rule?.[peersField]).forEach((peer, j) => checkNetworkPolicyPeer(peer, at(at(rulePath, peersField), j), report));
      list(rule?.ports).forEach((port, j) => checkNetworkPolicyPort(port, at(at(rulePath, 'ports'), j), report));
    });
  }
}

function checkNetworkPolicyPeer(peer: unknown, path: string, report: Report): void {
  if (!isObject(peer)) return;
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((kind) => peer[kind] !== undefined);
  if (kinds.length === 0) report(path, 'must specify a peer');
  else if (peer.ipBlock !== undefined && kinds.length > 1) report(path, 'may not specify both ipBlock and another peer');
  checkLabelSelector(peer.podSelector, at(path, 'podSelector'), report);
  checkLabelSelector(peer.namespaceSelector, at(path, 'namespaceSelector'), report);
  if (isObject(peer.ipBlock)) {
    checkFormat(cidr, peer.ipBlock.cidr, at(at(path, 'ipBlock'), 'cidr'), report);
    list(peer.ipBlock.except).forEach((except, i) => checkFormat(cidr, except, at(at(at(path, 'ipBlock'), 'except'), i), report));
  }
}

function checkNetworkPolicyPort(port: unknown, path: string, report: Report): void {
  if (!isObject(port)) return;
  checkEnum(port.protocol, PROTOCOLS, at(path, 'protocol'), report);
  if (port.port !== undefined) checkFormat(portNumberOrName, port.port, at(path, 'port'), report);
  if (port.endPort === undefined) return;
  if (typeof port.port !== 'number') report(at(path, 'endPort'), 'may not be specified when `port` is not a number');
  else if (typeof port.endPort === 'number' && port.endPort < port.port) report(at(path, 'endPort'), 'must be greater than or equal to `port`');
  checkFormat(portNumber, port.endPort, at(path, 'endPort'), report);
}

// ---------------------------------------------------------------------------
// ConfigMap and Secret
// ---------------------------------------------------------------------------

const MAX_CONFIG_BYTES = 1024 * 1024; // etcd's object limit, enforced for ConfigMaps and Secrets

/** Keys a typed Secret must contain (in data or stringData). */
const SECRET_TYPE_REQUIRED_KEYS: Record<string, readonly string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function checkConfigMap(manifest: Record<string, any>, report: Report): void {
  const owner = new Map<string, string>(); // key -> the field it was first seen in
  let totalBytes = 0;
  for (const field of ['data', 'binaryData']) {
    for (const [key, value] of entries(manifest[field])) {
      checkFormat(configKey, key, at(field, key), report);
      const earlier = owner.get(key);
      if (earlier) report(at(field, key), `duplicate of key ${quote(key)} in ${earlier}`);
      owner.set(key, field);
      totalBytes += Buffer.byteLength(key) + (field === 'binaryData' ? Buffer.from(String(value), 'base64').length : Buffer.byteLength(String(value)));
      if (field === 'binaryData' && !BASE64.test(String(value))) report(at(field, key), 'must be base64-encoded');
    }
  }
  if (totalBytes > MAX_CONFIG_BYTES) report('', `ConfigMap is too long: ${totalBytes} bytes, must have at most ${MAX_CONFIG_BYTES} bytes`);
}

function checkSecret(manifest: Record<string, any>, report: Report): void {
  const keys = new Set<string>();
  let totalBytes = 0;
  for (const [key, value] of entries(manifest.data)) {
    checkFormat(configKey, key, at('data', key), report);
    // `data` holds base64; plain text belongs in `stringData`.
    if (!BASE64.test(String(value))) report(at('data', key), 'must be base64-encoded (put plain text in stringData)');
    keys.add(key);
    totalBytes += Buffer.byteLength(key) + Buffer.from(String(value), 'base64').length;
  }
  for (const [key, value] of entries(manifest.stringData)) {
    checkFormat(configKey, key, at('stringData', key), report);
    if (!keys.has(key)) totalBytes += Buffer.byteLength(key);
    keys.add(key);
    totalBytes += Buffer.byteLength(String(value));
  }
  if (totalBytes > MAX_CONFIG_BYTES) report('', `Secret is too long: ${totalBytes} bytes, must have at most ${MAX_CONFIG_BYTES} bytes`);
  checkSecretType(manifest, keys, report);
}

function checkSecretType(manifest: Record<string, any>, keys: ReadonlySet<string>, report: Report): void {
  const type = manifest.type;
  for (const key of SECRET_TYPE_REQUIRED_KEYS[type] ?? []) {
    if (!keys.has(key)) report(at('data', key), `required for Secrets of type ${quote(type)}`);
  }
  if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password')) {
    report('data', 'a kubernetes.io/basic-auth Secret needs a username or a password key');
  }
  if (type === 'kubernetes.io/service-account-token' && !manifest.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    report(at('metadata.annotations', 'kubernetes.io/service-account.name'), 'required value is missing');
  }
}

// ---------------------------------------------------------------------------
// Kind dispatch
// ---------------------------------------------------------------------------

type Rule = (manifest: Record<string, any>, report: Report) => void;

/** The API-server rules per apiVersion/kind (schema and metadata checks apply to every kind). */
const KIND_RULES: Record<string, readonly Rule[]> = {
  'v1/ConfigMap': [checkConfigMap],
  'v1/Secret': [checkSecret],
  'v1/Service': [checkService],
  'v1/Pod': [checkPod],
  'apps/v1/Deployment': [checkDeployment],
  'apps/v1/StatefulSet': [checkAppsWorkload],
  'apps/v1/DaemonSet': [checkAppsWorkload],
  'apps/v1/ReplicaSet': [checkAppsWorkload],
  'batch/v1/Job': [checkJob],
  'batch/v1/CronJob': [checkCronJob],
  'policy/v1/PodDisruptionBudget': [checkPodDisruptionBudget],
  'autoscaling/v2/HorizontalPodAutoscaler': [checkHorizontalPodAutoscaler],
  'networking.k8s.io/v1/Ingress': [checkIngress],
  'networking.k8s.io/v1/NetworkPolicy': [checkNetworkPolicy],
};

// ---------------------------------------------------------------------------
// 4. Duplicates
// ---------------------------------------------------------------------------

/**
 * Two manifests for the same object: one would silently overwrite the other. Identity is
 * group (not version), kind, namespace and name. A missing namespace counts as its own value;
 * kubectl would put such objects in the context's namespace.
 */
function findDuplicates(manifests: any[]): Finding[] {
  const findings: Finding[] = [];
  const firstIndex = new Map<string, number>();
  manifests.forEach((manifest, index) => {
    if (!isObject(manifest) || !isObject(manifest.metadata)) return;
    const { name, namespace } = manifest.metadata;
    if (typeof name !== 'string' || name === '') return;
    const identity = [apiGroup(manifest.apiVersion), manifest.kind, namespace ?? '', name].join('\n');
    const earlier = firstIndex.get(identity);
    if (earlier === undefined) {
      firstIndex.set(identity, index);
      return;
    }
    findings.push({
      object: describeObject(manifest, index),
      path: '',
      message: `duplicate object: manifest #${index} has the same group, kind, namespace and name as manifest #${earlier}`,
    });
  });
  return findings;
}
