import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { OWN_PREFIX } from '../core/labels';
import { checkKeys, structKeys } from '../core/known-keys';
import { dns1123SubdomainProblem, ENV_NAME, labelKeyProblem } from '../core/names';
import { Problems } from '../core/problems';

/**
 * Configuration the app owns, released with the code: each part becomes an immutable ConfigMap or
 * Secret named after its content (`<app>-config-<hash>`), and the pod template refers to that name,
 * so any change of content is a new revision of the pods that goes through the app's strategy.
 */
export interface AppConfig {
  /**
   * Files mounted read-only in the `mountPath` directory: file name -> content. They become the
   * ConfigMap `<app>-config-<hash>`.
   * @default - no files
   */
  readonly files?: { [fileName: string]: string };
  /**
   * The directory the `files` appear in.
   * @default '/config'
   */
  readonly mountPath?: string;
  /**
   * Environment variables: name -> value. They become the ConfigMap `<app>-config-env-<hash>`, each
   * variable read from it with `configMapKeyRef`.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Secret files mounted read-only in `secretMountPath`. They become the Secret `<app>-secret-<hash>`.
   * @default - no secret files
   */
  readonly secretFiles?: SecretData;
  /**
   * The directory the `secretFiles` appear in.
   * @default '/secrets'
   */
  readonly secretMountPath?: string;
  /**
   * Secret environment variables. They become the Secret `<app>-secret-env-<hash>`, each variable read
   * from it with `secretKeyRef`.
   * @default - none
   */
  readonly secretEnv?: SecretData;
  /**
   * Versions of Secrets that exist in the cluster (made by another tool): Secret name -> a version
   * you choose (a date, a serial). Each is the pod template annotation
   * `secret-version.release-strategies.cdk8s.io/<name>`, so rotating a Secret and raising its version
   * is a release that goes through the strategy. The library never reads these Secrets.
   * @default - none
   */
  readonly secretVersions?: { [secretName: string]: string };
}

/**
 * Secret values the app declares in code. Its text form never shows the values (errors, logs), only
 * how many keys there are; the values reach the synthesized Secret only.
 */
export class SecretData {
  /** Values by key: each key is a file name (secretFiles) or a variable name (secretEnv). */
  public static fromLiterals(values: { [key: string]: string }): SecretData {
    return new SecretData({ ...values });
  }

  private constructor(private readonly values: { [key: string]: string }) {}

  /** How the data shows in messages: its number of keys, never a value. */
  public toString(): string {
    return `(secret data, ${Object.keys(this.values).length} key(s))`;
  }

  /** What JSON.stringify writes for it (messages print props as JSON): the same as toString. */
  public toJSON(): string {
    return this.toString();
  }

  /** @internal The values, for the Secret only. */
  public _values(): { [key: string]: string } {
    return this.values;
  }
}

/** Pod template annotation prefix of the versions of Secrets in the cluster. */
export const SECRET_VERSION_PREFIX = `secret-version.${OWN_PREFIX}`;
/** Length of the content hash in a name: 10 hex digits (40 bits of SHA-256), as kustomize's suffix. */
export const HASH_LENGTH = 10;
/** etcd's object limit, which the API server applies to a ConfigMap's and a Secret's keys and values. */
export const MAX_DATA_BYTES = 1024 * 1024;

const APP_CONFIG_KEYS = structKeys<AppConfig>()({
  files: true, mountPath: true, env: true, secretFiles: true, secretMountPath: true, secretEnv: true, secretVersions: true,
});
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The content hash in a name: the first 10 hex digits of the SHA-256 of the canonical serialization,
 * `JSON.stringify` of the `[key, value]` pairs sorted by key (UTF-8 bytes, no spaces). Keys are ASCII
 * (`[-._a-zA-Z0-9]`), so the order is the same on every machine.
 */
export function contentHash(data: Record<string, string>): string {
  const pairs = Object.keys(data).sort().map((key) => [key, data[key]]);
  return createHash('sha256').update(JSON.stringify(pairs), 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/** One hash-named object: a ConfigMap or a Secret. */
export interface ConfigObject {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly data: Record<string, string>;
}

/** What one version's configuration adds to its pods, and the objects it needs. */
export interface RenderedConfig {
  readonly objects: ConfigObject[];
  readonly volumes: k8s.Volume[];
  readonly volumeMounts: k8s.VolumeMount[];
  readonly env: k8s.EnvVar[];
  readonly annotations: Record<string, string>;
}

/** What the pod already has that a configuration must not collide with. */
export interface PodSurroundings {
  /** Mount paths of the app's other volumes, with the prop each comes from. */
  readonly mounts: { path: string; prop: string }[];
  /** Literal environment variables (the `env` prop). */
  readonly envNames: string[];
}

/** The four parts of a configuration: which prop, which object, and how pods use it. */
const PARTS = [
  { prop: 'files', kind: 'ConfigMap', suffix: 'config', use: 'files', pathProp: 'mountPath', defaultPath: '/config', volume: 'app-config' },
  { prop: 'env', kind: 'ConfigMap', suffix: 'config-env', use: 'env' },
  { prop: 'secretFiles', kind: 'Secret', suffix: 'secret', use: 'files', pathProp: 'secretMountPath', defaultPath: '/secrets', volume: 'app-secret' },
  { prop: 'secretEnv', kind: 'Secret', suffix: 'secret-env', use: 'env' },
] as const;

/**
 * Checks one version's configuration (`prop` is where it was given: `config`, `blue.config`, …) and
 * works out its objects and what its pods refer to. With `pod` undefined (a previous configuration,
 * kept for rollbacks only) only the objects are worked out.
 */
export function renderConfig(
  problems: Problems, prop: string, appName: string, config: AppConfig | undefined, pod?: PodSurroundings,
): RenderedConfig {
  const rendered: RenderedConfig = { objects: [], volumes: [], volumeMounts: [], env: [], annotations: {} };
  if (config === undefined) return rendered;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    problems.add(prop, typeof config, 'it must be an AppConfig: { files, mountPath, env, secretFiles, secretMountPath, secretEnv, secretVersions }');
    return rendered;
  }
  // Unknown props are reported without their values: they may be secret.
  checkKeys(problems, prop, 'AppConfig', Object.fromEntries(Object.keys(config).map((k) => [k, '(not shown)'])), APP_CONFIG_KEYS);
  const mounts = [...(pod?.mounts ?? [])];
  const envNames = new Map((pod?.envNames ?? []).map((name) => [name, 'env']));
  for (const part of PARTS) {
    const at = `${prop}.${part.prop}`;
    const secret = part.kind === 'Secret';
    const data = readData(problems, at, (config as any)[part.prop], secret);
    if (!data) continue;
    const name = `${appName}-${part.suffix}-${contentHash(data)}`;
    rendered.objects.push({ kind: part.kind, name, data });
    if (!pod) continue;
    if (part.use === 'files') {
      const pathAt = `${prop}.${part.pathProp}`;
      const path = (config as any)[part.pathProp] ?? part.defaultPath;
      if (problems.check(typeof path === 'string' && path.startsWith('/') && !path.split('/').includes('..'), pathAt, path,
        'a mount path is an absolute directory without \'..\'')) {
        const clash = mounts.find((m) => overlaps(m.path, path));
        if (clash) {
          problems.add(pathAt, path, `it collides with the volume mounted at ${JSON.stringify(clash.path)} (${clash.prop}): mount each volume at its own directory, neither inside the other`);
        }
        mounts.push({ path, prop: pathAt });
      }
      rendered.volumes.push({ name: part.volume, ...(secret ? { secret: { secretName: name } } : { configMap: { name } }) });
      rendered.volumeMounts.push({ name: part.volume, mountPath: path, readOnly: true });
    } else {
      for (const key of Object.keys(data).sort()) {
        if (!ENV_NAME.test(key)) {
          problems.add(at, key, 'an environment variable name holds letters, digits, \'_\', \'-\' and \'.\', and does not start with a digit');
        }
        const earlier = envNames.get(key);
        if (earlier) problems.add(at, key, `the variable is also set by '${earlier}': set it in one place`);
        envNames.set(key, at);
        rendered.env.push({ name: key, valueFrom: secret ? { secretKeyRef: { name, key } } : { configMapKeyRef: { name, key } } });
      }
    }
  }
  if (pod) Object.assign(rendered.annotations, secretVersionAnnotations(problems, `${prop}.secretVersions`, config.secretVersions));
  return rendered;
}

/** Creates the object of `spec` (immutable: a change of content is a new name). */
export function createConfigObject(scope: Construct, spec: ConfigObject, namespace: string | undefined, labels: Record<string, string>): ApiObject {
  const metadata = { name: spec.name, namespace, labels };
  if (spec.kind === 'ConfigMap') return new k8s.KubeConfigMap(scope, spec.name, { metadata, immutable: true, data: spec.data });
  const data = Object.fromEntries(Object.entries(spec.data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  return new k8s.KubeSecret(scope, spec.name, { metadata, immutable: true, type: 'Opaque', data });
}

/** The data of one part, checked as the API server checks a ConfigMap's or Secret's keys and size. */
function readData(problems: Problems, prop: string, value: unknown, secret: boolean): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  let data: Record<string, unknown>;
  if (secret) {
    if (!(value instanceof SecretData)) {
      problems.add(prop, typeof value, 'secret values are given with SecretData.fromLiterals({ ... }), which never shows them in messages');
      return undefined;
    }
    data = value._values();
  } else {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.add(prop, value, 'it must map keys to string values');
      return undefined;
    }
    data = value as Record<string, unknown>;
  }
  const keys = Object.keys(data);
  if (keys.length === 0) {
    problems.add(prop, '{}', 'give at least one key, or leave the prop out');
    return undefined;
  }
  let bytes = 0;
  let ok = true;
  for (const key of keys) {
    const keyProblem = configKeyProblem(key);
    ok = problems.check(!keyProblem, prop, key, `a ConfigMap or Secret key ${keyProblem}`) && ok;
    const v = data[key];
    // A secret value is never shown: only its type.
    ok = problems.check(typeof v === 'string', `${prop}.${key}`, secret ? typeof v : v, 'values are strings') && ok;
    if (typeof v === 'string') bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  ok = problems.check(bytes <= MAX_DATA_BYTES, prop, `${bytes} bytes of keys and values`,
    `a ${secret ? 'Secret' : 'ConfigMap'} holds at most 1 MiB (${MAX_DATA_BYTES} bytes); mount large files from an image or a volume instead`) && ok;
  return ok ? data as Record<string, string> : undefined;
}

/** A ConfigMap/Secret key (apimachinery IsConfigMapKey); empty string when valid. */
export function configKeyProblem(key: string): string {
  if (key.length > 253) return `is ${key.length} characters long; at most 253 are allowed`;
  if (!CONFIG_KEY.test(key)) return 'holds only letters, digits, \'-\', \'_\' and \'.\'';
  if (key === '.' || key === '..' || key.startsWith('..')) return 'must not be \'.\' or \'..\' nor start with \'..\'';
  return '';
}

function secretVersionAnnotations(problems: Problems, prop: string, versions: unknown): Record<string, string> {
  if (versions === undefined) return {};
  if (versions === null || typeof versions !== 'object' || Array.isArray(versions)) {
    problems.add(prop, versions, 'it must map Secret names to versions');
    return {};
  }
  const annotations: Record<string, string> = {};
  for (const [secretName, version] of Object.entries(versions)) {
    const key = `${SECRET_VERSION_PREFIX}/${secretName}`;
    if (typeof secretName !== 'string' || dns1123SubdomainProblem(secretName) || labelKeyProblem(key)) {
      problems.add(prop, secretName, 'a Secret named here becomes the annotation key \'secret-version.release-strategies.cdk8s.io/<name>\', ' +
        'so the name must be a Secret name of at most 63 characters');
    }
    if (!problems.check(typeof version === 'string' && version.length > 0, `${prop}.${secretName}`, version, 'a version is a non-empty string (a date, a serial)')) continue;
    annotations[key] = version as string;
  }
  return annotations;
}

/** Whether two mount paths are the same directory or one lies inside the other. */
function overlaps(a: string, b: string): boolean {
  const norm = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return norm(a).startsWith(norm(b)) || norm(b).startsWith(norm(a));
}
