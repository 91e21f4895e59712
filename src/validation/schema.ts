/**
 * Schema validation of built-in kinds with kubernetes-models (the Kubernetes OpenAPI schema compiled
 * to ajv validators), plus the one thing those validators do not do: reject fields the schema does
 * not declare. `kubectl apply --validate=strict` refuses them; kubernetes-models, like a lenient
 * apply, would let a misspelled `maxSure` pass and the setting silently never apply.
 *
 * How unknown fields are found. A compiled validator looks up each property its schema declares
 * (`data.maxSurge !== undefined`) and walks every key of a free-form map (labels, data, resource
 * lists), but never touches a key its schema does not declare. Running it on a proxy that records
 * each lookup therefore tells, for every object in the manifest, which of its keys the schema knows.
 * A key nobody looked up is unknown. An object nobody looked into at all is free-form in the schema
 * (RawExtension, `x-kubernetes-preserve-unknown-fields`) and is left alone.
 */
import { at, isObject, Json, KubeObject, pointerToPath, show } from './objects';

/** One problem found by a schema. */
export interface SchemaFinding {
  readonly path: string;
  readonly message: string;
  /** The field is not declared by the schema (as opposed to declared with another type or value). */
  readonly unknownField: boolean;
}

/** A field the API server adds to a custom resource (its CRD's default), or a null it drops (`stored` undefined) or defaults. */
export interface DefaultingChange {
  readonly path: string;
  /** What the manifest has: undefined (not set) or null. */
  readonly sent: null | undefined;
  readonly stored: unknown;
}

/**
 * The outcome for one manifest: checked (with findings and, for a custom resource, what its CRD's
 * defaulting changes), a removed API version, or no schema known.
 */
export type SchemaOutcome =
  | {
    readonly status: 'checked'; readonly findings: SchemaFinding[]; readonly defaulting?: DefaultingChange[];
    /** CEL rules of the object's CRD that could not be evaluated (cel.ts): neither passed nor failed. */
    readonly skippedRules?: SchemaFinding[];
  }
  /** Not served: a removed API version, or (`path` kind) a kind the group's CRDs do not define. */
  | { readonly status: 'removed'; readonly message: string; readonly path?: 'kind' }
  | { readonly status: 'unknown' };

/** An ajv error, as kubernetes-models' validators and ajv itself report them. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Json;
  readonly schemaPath?: string;
  /** The failing keyword's schema value (ajv's `verbose` mode): a oneOf's alternatives. */
  readonly schema?: unknown;
}

/** The part of a kubernetes-models class used here. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

/**
 * API versions that kubernetes-models still ships but Kubernetes no longer serves
 * (kubernetes.io/docs/reference/using-api/deprecation-guide). `kinds` limits an entry to some kinds
 * of the version; `use` is the replacement apiVersion.
 */
const REMOVED_APIS: readonly {
  readonly apiVersion: string; readonly removedIn: string; readonly use: string; readonly kinds?: readonly string[];
}[] = [
  { apiVersion: 'extensions/v1beta1', removedIn: '1.22', use: 'apps/v1 (workloads), networking.k8s.io/v1 (Ingress, NetworkPolicy)' },
  { apiVersion: 'apps/v1beta1', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removedIn: '1.16', use: 'apps/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', removedIn: '1.22', use: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'] },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', removedIn: '1.22', use: 'admissionregistration.k8s.io/v1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', removedIn: '1.22', use: 'certificates.k8s.io/v1', kinds: ['CertificateSigningRequest'] },
  { apiVersion: 'coordination.k8s.io/v1beta1', removedIn: '1.22', use: 'coordination.k8s.io/v1', kinds: ['Lease'] },
  { apiVersion: 'storage.k8s.io/v1beta1', removedIn: '1.22', use: 'storage.k8s.io/v1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'] },
  { apiVersion: 'storage.k8s.io/v1beta1', removedIn: '1.27', use: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'] },
  { apiVersion: 'batch/v1beta1', removedIn: '1.25', use: 'batch/v1', kinds: ['CronJob'] },
  { apiVersion: 'policy/v1beta1', removedIn: '1.25', use: 'policy/v1 (PodDisruptionBudget; PodSecurityPolicy has no successor: use Pod Security admission)' },
  { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', use: 'autoscaling/v2' },
  { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', use: 'autoscaling/v2' },
  { apiVersion: 'discovery.k8s.io/v1beta1', removedIn: '1.25', use: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'] },
  { apiVersion: 'events.k8s.io/v1beta1', removedIn: '1.25', use: 'events.k8s.io/v1', kinds: ['Event'] },
  { apiVersion: 'node.k8s.io/v1beta1', removedIn: '1.25', use: 'node.k8s.io/v1', kinds: ['RuntimeClass'] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** Validates a manifest of a kind Kubernetes serves itself; `unknown` when kubernetes-models has no such kind. */
export function checkBuiltinKind(object: KubeObject): SchemaOutcome {
  const removed = REMOVED_APIS.find((r) => r.apiVersion === object.apiVersion && (!r.kinds || r.kinds.includes(object.kind)));
  if (removed) {
    return { status: 'removed', message: `${object.apiVersion} ${object.kind} is no longer served since Kubernetes ${removed.removedIn}: use ${removed.use}` };
  }
  const model = loadModel(object);
  if (!model) return { status: 'unknown' };
  const defaulted = SERVER_DEFAULTED[`${object.group}/${object.kind}`] ?? [];
  return { status: 'checked', findings: validateTraced(model, withoutNulls(object.manifest)).filter((f) => !(f.message === 'is required' && defaulted.includes(f.path))) };
}

/**
 * The manifest without its null fields. The API server decodes a built-in kind's `field: null` as an
 * unset field (then defaults it): null on an optional field (an enum such as sessionAffinity, a
 * number such as replicas) is accepted, and on a required one it is "Required value", as if absent.
 */
function withoutNulls(value: Json): Json {
  if (!hasNullField(value)) return value; // the common case: no copy
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    out[key] = isObject(child)
      ? withoutNulls(child)
      : Array.isArray(child) ? child.map((item) => (isObject(item) ? withoutNulls(item) : item)) : child;
  }
  return out;
}

/**
 * Fields the OpenAPI schema marks required that the API server accepts missing: NetworkPolicy's
 * podSelector is a struct, not a pointer, in k8s.io/api/networking/v1 (a missing one decodes as {}:
 * every pod of the namespace), and ValidateNetworkPolicySpec accepts the empty selector.
 */
const SERVER_DEFAULTED: { readonly [groupKind: string]: readonly string[] } = {
  'networking.k8s.io/NetworkPolicy': ['spec.podSelector'],
};

/**
 * Validates `metadata` as ObjectMeta, for kinds whose own schema does not describe it (custom
 * resources: their CRD schema stops at `metadata: {type: object}` and the API server checks it as
 * ObjectMeta). Uses a ConfigMap, the simplest kind with plain ObjectMeta, as the carrier.
 */
export function checkObjectMeta(manifest: Json): SchemaFinding[] {
  if (manifest.metadata === undefined) return [];
  const model = loadModel(new KubeObject({ apiVersion: 'v1', kind: 'ConfigMap' }, 0))!;
  return validateTraced(model, { apiVersion: 'v1', kind: 'ConfigMap', metadata: manifest.metadata })
    .filter((finding) => finding.path === 'metadata' || finding.path.startsWith('metadata.') || finding.path.startsWith('metadata['));
}

/**
 * API groups Kubernetes serves itself (and kubernetes-models describes): in them, a kind or version
 * kubernetes-models does not know is one the API server does not serve either ("no matches for kind"),
 * unlike a custom resource's group, whose schema may simply not have been given.
 */
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'node.k8s.io', 'scheduling.k8s.io']);

let groupVersions: Map<string, string[]> | undefined;

/** The versions kubernetes-models has of each API group (from its package exports: `./apps/v1`). */
function versionsOf(group: string): string[] {
  if (!groupVersions) {
    groupVersions = new Map();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const key of Object.keys(require('kubernetes-models/package.json').exports ?? {})) {
      const match = /^\.\/(?:([a-z0-9.-]+)\/)?(v[0-9]+[a-z0-9]*)$/.exec(key);
      if (!match) continue;
      const name = match[1] ?? '';
      groupVersions.set(name, [...(groupVersions.get(name) ?? []), match[2]]);
    }
  }
  return groupVersions.get(group) ?? [];
}

/**
 * For a manifest no schema was found for: why the API server would not serve it, when its group is a
 * built-in one ('' when the group is not built in, so the kind may be a custom resource's).
 */
export function unservedBuiltinProblem(object: KubeObject): string {
  if (!BUILTIN_GROUPS.has(object.group) || !object.kind) return '';
  const group = object.group || 'core';
  const served = versionsOf(object.group).filter((version) =>
    loadModel(new KubeObject({ apiVersion: object.group ? `${object.group}/${version}` : version, kind: object.kind }, 0)) !== undefined
    && !REMOVED_APIS.some((r) => r.apiVersion === (object.group ? `${object.group}/${version}` : version) && (!r.kinds || r.kinds.includes(object.kind))));
  if (served.length === 0) return `the ${group} API group has no kind ${JSON.stringify(object.kind)} (kinds are case-sensitive): the API server answers "no matches for kind"`;
  return `${object.apiVersion} is not a served version of ${object.kind}: use ${served.map((v) => (object.group ? `${object.group}/${v}` : v)).join(' or ')}`;
}

const models = new Map<string, ModelClass | undefined>();

/** The kubernetes-models class of the manifest's apiVersion and kind, loaded on first use. */
function loadModel(object: KubeObject): ModelClass | undefined {
  const { group, version, kind } = object;
  const key = `${object.apiVersion}/${kind}`;
  if (models.has(key)) return models.get(key);
  let model: ModelClass | undefined;
  // Module paths are built from the manifest: only ever from plain identifiers.
  if (/^[a-z0-9.-]*$/.test(group) && /^v[0-9]+[a-z0-9]*$/.test(version) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    const modulePath = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const candidate = require(modulePath)[kind];
      if (candidate && candidate.apiVersion === object.apiVersion && candidate.kind === kind) model = candidate;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    }
  }
  models.set(key, model);
  return model;
}

/** Runs the model's validator on a recording proxy: schema errors, then the keys nobody looked up. */
function validateTraced(model: ModelClass, manifest: Json): SchemaFinding[] {
  const recorder = new ReadRecorder();
  let errors: AjvError[] = [];
  try {
    model.prototype.validate.call(recorder.watch(manifest, ''));
  } catch (error) {
    const reported = (error as { errors?: unknown }).errors;
    if (!Array.isArray(reported)) throw error;
    errors = reported;
  }
  const findings = describeAjvErrors(errors, manifest);
  recorder.unknownFields(manifest, '', '', (path) => {
    // A CRD's CEL rules: JSONSchemaProps has them since Kubernetes 1.25, kubernetes-models' schema not yet.
    if (model.kind === 'CustomResourceDefinition' && path.endsWith('["x-kubernetes-validations"]')) return;
    findings.push({ path, message: 'unknown field: the schema does not declare it', unknownField: true });
  });
  return findings;
}

function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField);
  if (!isObject(value)) return false;
  for (const key in value) if (value[key] === null || hasNullField(value[key])) return true;
  return false;
}

/** Records which fields of a JSON value are looked up, by JSON pointer. */
class ReadRecorder {
  /** Pointers of the fields looked up. */
  private readonly read = new Set<string>();
  /** Pointers of the objects and arrays that had any field looked up. */
  private readonly inspected = new Set<string>();
  private readonly proxies = new Map<string, object>();

  /** A stand-in for `value` (at `pointer`) that records lookups; primitives are returned as they are. */
  public watch(value: unknown, pointer: string): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const existing = this.proxies.get(pointer);
    if (existing) return existing;
    // A copy: proxy invariants would forbid returning a proxy for a frozen original's field.
    const target: object = Array.isArray(value) ? [...value] : { ...value };
    const proxy = new Proxy(target, {
      get: (obj, key, receiver) => {
        const child = Reflect.get(obj, key, receiver);
        if (typeof key !== 'string') return child;
        // Looking up a declared field that is absent still shows the schema declares fields here.
        this.inspected.add(pointer);
        if (!Object.prototype.hasOwnProperty.call(obj, key)) return child;
        const childPointer = `${pointer}/${escapePointer(key)}`;
        this.read.add(childPointer);
        return this.watch(child, childPointer);
      },
    });
    this.proxies.set(pointer, proxy);
    return proxy;
  }

  /** Reports each field of `value` that sits in an inspected object but was never looked up. */
  public unknownFields(value: unknown, pointer: string, path: string, report: (path: string) => void): void {
    if (!this.inspected.has(pointer) || typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const childPointer = `${pointer}/${escapePointer(key)}`;
      const childPath = Array.isArray(value) ? at(path, Number(key)) : at(path, key);
      if (!this.read.has(childPointer)) {
        if (!Array.isArray(value)) report(childPath);
        continue;
      }
      this.unknownFields(child, childPointer, childPath, report);
    }
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value at a JSON pointer. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    value = isObject(value) || Array.isArray(value) ? (value as any)[key] : undefined;
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer', number: 'a number', string: 'a string', boolean: 'a boolean', object: 'an object', array: 'a list', null: 'null',
};

/**
 * ajv errors in plain words, one per field. A failed `oneOf` / `anyOf` (an int-or-string port, a
 * quantity, "at most one of") also reports why each alternative failed: those are folded into one
 * finding about the field.
 */
export function describeAjvErrors(errors: readonly AjvError[], root: unknown): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string, unknownField = false) => {
    if (seen.has(`${path}\n${message}`)) return;
    seen.add(`${path}\n${message}`);
    findings.push({ path, message, unknownField });
  };
  const junctors = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // An alternative's errors precede the junctor's. ajv nests their schemaPath under it; the standalone
  // validators of kubernetes-models compile each alternative on its own, so there the same field is the link.
  const branchErrors = (junctor: AjvError) => errors.filter((e, i) => e !== junctor && e.instancePath.startsWith(junctor.instancePath)
    && ((e.schemaPath ?? '').startsWith(`${junctor.schemaPath ?? ''}/`) || (e.instancePath === junctor.instancePath && i < errors.indexOf(junctor))));
  const folded = new Set(junctors.flatMap(branchErrors));
  for (const error of errors) {
    if (folded.has(error)) continue;
    const path = pointerToPath(error.instancePath);
    const value = valueAt(root, error.instancePath);
    switch (error.keyword) {
      case 'oneOf':
      case 'anyOf':
        add(path, describeAlternatives(error, branchErrors(error), value));
        break;
      case 'required':
        add(at(path, String(error.params.missingProperty)), 'is required');
        break;
      case 'additionalProperties':
        add(at(path, String(error.params.additionalProperty)), 'unknown field: the schema does not declare it', true);
        break;
      case 'type':
        add(path, `must be ${typeWords(error.params.type)}, not ${jsonType(value)}`);
        break;
      case 'enum':
        add(path, `${show(value)} is not one of ${(error.params.allowedValues ?? []).map((v: unknown) => show(v)).join(', ')}`);
        break;
      default:
        add(path, contentProblem(error, value));
    }
  }
  return findings;
}

/** One sentence for a failed oneOf / anyOf, from why its alternatives failed. */
function describeAlternatives(junctor: AjvError, branches: AjvError[], value: unknown): string {
  const here = branches.filter((e) => e.instancePath === junctor.instancePath);
  // The value had the right type for an alternative but not the right content: say what is wrong with it.
  const content = here.find((e) => e.keyword !== 'type' && e.keyword !== 'required' && e.keyword !== 'not');
  if (content) return contentProblem(content, value);
  if (here.length > 0 && here.every((e) => e.keyword === 'type')) {
    return `must be ${[...new Set(here.map((e) => typeWords(e.params.type)))].join(' or ')}, not ${jsonType(value)}`;
  }
  // "One of these fields" is spelled as alternatives that each require one field.
  const alternatives = Array.isArray(junctor.schema) ? junctor.schema : [];
  const fields = [...new Set([
    ...here.filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty)),
    ...alternatives.flatMap((a) => (isObject(a) && Array.isArray(a.required) && a.required.length === 1 ? [String(a.required[0])] : [])),
  ])];
  if (junctor.keyword === 'oneOf' && junctor.params.passingSchemas) {
    return fields.length > 0 ? `set at most one of ${fields.join(', ')}` : 'matches more than one allowed form; it must match exactly one';
  }
  if (fields.length > 0) return `set one of ${fields.join(', ')}`;
  const first = branches[0];
  return `does not match any allowed form${first ? ` (${pointerToPath(first.instancePath) || 'value'}: ${first.message ?? first.keyword})` : ''}`;
}

function typeWords(type: unknown): string {
  return String(type).split(',').filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

function contentProblem(error: AjvError, value: unknown): string {
  if (error.keyword === 'format' && error.params.format === 'quantity') return `${show(value)} is not a Kubernetes quantity (e.g. "500m", "128Mi", "1")`;
  return `${show(value)}: ${error.message ?? error.keyword}`;
}
