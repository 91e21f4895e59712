/**
 * Synthesized manifests as the validation rules and the plan read them: one `KubeObject` per
 * document, with its identity (`Kind/namespace/name`), where it came from (file, construct path) and
 * small helpers to walk untyped JSON safely. Readers never trust a field's type: a wrong type is the
 * schema rule's finding, every other reader simply skips what it cannot read.
 */
import { at } from './field-path';

/** Field paths are the core's (shared with the constructs' read-back checks). */
export { at };

/** A JSON object (a map of fields). */
export type Json = Record<string, any>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is an array, else an empty list. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The defined entries of a map-valued field, or none when it is not a map. */
export function entries(value: unknown): [string, any][] {
  return isObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : [];
}

/** The value when it is a string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Renders a value inside a message. */
export function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** One synthesized manifest. */
export class KubeObject {
  public readonly apiVersion: string;
  public readonly kind: string;
  public readonly name: string;
  /** '' when the manifest sets none (kubectl then uses the context's namespace). */
  public readonly namespace: string;
  /** The API group: `apps` for `apps/v1`, '' for the core `v1`. */
  public readonly group: string;
  /** The API version without the group: `v1` for `apps/v1`. */
  public readonly version: string;
  public readonly metadata: Json;
  public readonly spec: Json;

  public constructor(
    /** The parsed manifest, untouched. */
    public readonly manifest: Json,
    /** Position in the whole input, counted from 0. */
    public readonly index: number,
    /** The file the manifest was read from, when it came from one. */
    public readonly file?: string,
    /** The path of the construct that synthesized it, when known. */
    public readonly constructPath?: string,
  ) {
    this.apiVersion = str(manifest.apiVersion) ?? '';
    this.kind = str(manifest.kind) ?? '';
    this.metadata = isObject(manifest.metadata) ? manifest.metadata : {};
    this.spec = isObject(manifest.spec) ? manifest.spec : {};
    this.name = str(this.metadata.name) ?? '';
    this.namespace = str(this.metadata.namespace) ?? '';
    const slash = this.apiVersion.lastIndexOf('/');
    this.group = slash >= 0 ? this.apiVersion.slice(0, slash) : '';
    this.version = slash >= 0 ? this.apiVersion.slice(slash + 1) : this.apiVersion;
  }

  /** `Kind/namespace/name` (`Kind/name` without a namespace): how reports name the object. */
  public get ref(): string {
    const kind = this.kind || '<no kind>';
    const name = this.name || `<manifest #${this.index + 1}>`;
    return this.namespace ? `${kind}/${this.namespace}/${name}` : `${kind}/${name}`;
  }

  /** Whether this is `kind` of the API group `group` (any version). */
  public is(group: string, kind: string): boolean {
    return this.group === group && this.kind === kind;
  }

  public get labels(): Json {
    return isObject(this.metadata.labels) ? this.metadata.labels : {};
  }

  public get annotations(): Json {
    return isObject(this.metadata.annotations) ? this.metadata.annotations : {};
  }
}
