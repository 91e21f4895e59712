/**
 * Custom resources (HTTPRoute, VirtualService, Rollout, ...) checked against the CRDs the app
 * synthesizes itself, the CRDs the user points the plugin to (`crdFiles`), and the CRDs built into the
 * package (the vendored crds/ of this repository, in compact form: scripts/crd-schemas.ts), in that
 * order of precedence. What an API server with the
 * CRD installed does on create (and, given the old object, on update), minus admission webhooks:
 *
 *  - an apiVersion the CRD does not serve is refused;
 *  - nulls of non-nullable fields are dropped and `default`s filled in before anything is checked;
 *  - the served version's `openAPIV3Schema`: types, required, enum, bounds, patterns, lengths, item and
 *    property counts, oneOf / anyOf / allOf / not, `nullable`, `x-kubernetes-int-or-string`;
 *  - unknown fields: an object whose schema declares neither `additionalProperties` nor
 *    `x-kubernetes-preserve-unknown-fields` admits only the fields it lists (what
 *    `kubectl apply --validate=strict` enforces);
 *  - `x-kubernetes-list-type: map | set`: duplicate keys or items;
 *  - `metadata` as ObjectMeta, with the schema of the built-in kinds;
 *  - the CEL rules (`x-kubernetes-validations`), unless the schema found a wrong type (the server
 *    then skips them too); transition rules only with the old object (cel.ts).
 *
 * Split by concern: definition.ts (a CRD as kept), files.ts (crdFiles), builtin.ts (the built-in
 * CRDs), defaulting.ts (defaults, nulls, list types), json-schema.ts (the schema as JSON Schema for ajv), cel.ts
 * and cel-kubernetes.ts (the CEL rules).
 */
import * as path from 'path';
import { cacheKey, fileHash, fileSignature } from '../cache';
import { Json, KubeObject } from '../objects';
import { AjvError, checkObjectMeta, describeAjvErrors, SchemaFinding, SchemaOutcome } from '../schema';
import { BUILTIN_CRDS, builtinCrds } from './builtin';
import { Crd, toCrd } from './definition';

/*
 * What checking a custom resource and reading CRD files take (the schema compiler, defaulting, the
 * CEL rules, the files' parser): loaded on first use. A synth whose schema outcomes are all remembered
 * (memo.ts), or that has no custom resource, never loads them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const cel = (): typeof import('./cel') => require('./cel');
const defaulting = (): typeof import('./defaulting') => require('./defaulting');
const files = (): typeof import('./files') => require('./files');
const jsonSchema = (): typeof import('./json-schema') => require('./json-schema');
/* eslint-enable @typescript-eslint/no-require-imports */

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
      const matched = files().expandPattern(pattern, baseDir);
      if (matched.length === 0) throw new Error(`crdFiles: "${pattern}" matches no file (paths are relative to ${baseDir})`);
      for (const file of matched) registry.files.push({ file, source: path.relative(baseDir, file) || file });
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
        for (const crd of files().crdsOfFile(file, source)) this.fileCrds.set(`${crd.group}/${crd.kind}`, crd);
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
    parts.push(`built in\0${fileSignature(BUILTIN_CRDS)}`);
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
    return version?.served ? defaulting().withDefaults(manifest, version.schema) : undefined;
  }

  /** The CRDs of an API group, whatever their kinds. */
  public crdsOfGroup(group: string): Crd[] {
    const all = [...this.crds.values(), ...this.crdsOfFiles().values(), ...builtinCrds().values()];
    return all.filter((crd) => crd.group === group);
  }

  /**
   * Validates a custom resource; `unknown` when no CRD defines its group and kind. `old` is the
   * object as the cluster has it, for an update: the CRD's transition rules (`oldSelf`) then apply.
   */
  public check(object: KubeObject, old?: Json): SchemaOutcome {
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
    const { checkListTypes, defaultingChanges, withDefaults } = defaulting();
    const defaulted = withDefaults(object.manifest, version.schema);
    const validate = jsonSchema().compiledValidator(crd, version, defaulted);
    const errors: AjvError[] = validate(defaulted) ? [] : [...(validate.errors ?? [])];
    const findings: SchemaFinding[] = [
      ...describeAjvErrors(errors, defaulted),
      ...checkObjectMeta(object.manifest),
    ];
    checkListTypes(defaulted, version.schema, '', findings);
    let skippedRules: SchemaFinding[] = [];
    // apiextensions-apiserver runs no CEL rule on an object with a wrong type (hasBlockingErr).
    if (!errors.some((e) => e.keyword === 'type') && cel().hasCelRules(version.schema)) {
      const celOutcome = cel().checkCelRules(defaulted, version.schema, old && withDefaults(old, version.schema));
      const reported = new Set(findings.map((f) => f.path));
      findings.push(...celOutcome.findings.filter((f) => !reported.has(f.path)));
      skippedRules = celOutcome.skipped.map(({ path: rulePath, rule, why }) => ({ path: rulePath, message: `the CRD's rule \`${rule}\` ${why}`, unknownField: false }));
    }
    return { status: 'checked', findings, defaulting: defaultingChanges(object.manifest, defaulted, ''), ...(skippedRules.length ? { skippedRules } : {}) };
  }
}
