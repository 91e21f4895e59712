/**
 * The one hook that makes cdk8s write every string so that kubectl reads it back exactly (what
 * go-yaml does with the text: go-yaml.ts), and the synth-time check for strings no YAML can carry.
 *
 * @internal
 */
import { ApiObject, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { loadYaml } from '../validation/bundled';
import { forEachUnrepresentable, goPlainScalarType, UNREADABLE_RAW } from './go-yaml';

const UNREADABLE_RAW_ALL = new RegExp(UNREADABLE_RAW.source, 'gu');

/** The escape go-yaml reads back as `ch` inside double quotes. */
function escape(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code === 0x85) return '\\N';
  if (code === 0x2028) return '\\L';
  if (code === 0x2029) return '\\P';
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
}

/** Whether a string must be double-quoted for kubectl to read it back identically. */
function mustQuote(value: string): boolean {
  return goPlainScalarType(value) !== 'str' || UNREADABLE_RAW.test(value);
}

const INSTALLED = Symbol.for('cdk8s-release-strategies.kubectl-safe-yaml');

/**
 * Makes cdk8s' `Yaml.stringify` (what `cdk8s synth`, `app.synth()` and `app.synthYaml()` write)
 * double-quote every string go-yaml would read as another type or break on, and escape the
 * characters go-yaml refuses raw. Everything else is written exactly as cdk8s writes it: the
 * documents go through cdk8s' own function and options, as `yaml` Documents whose risky string
 * scalars are marked double-quoted. Idempotent; installed when the library is loaded.
 */
export function installKubectlSafeYaml(): void {
  const target = Yaml as unknown as Record<string | symbol, any>;
  if (target[INSTALLED]) return;
  const cdk8sStringify: (...docs: unknown[]) => string = target.stringify;
  const yaml = loadYaml() as any;
  const safe = function (this: unknown, ...docs: unknown[]): string {
    const marked = docs.map((doc) => {
      if (doc === undefined) return doc;
      const document = new yaml.Document(doc, { keepUndefined: true, version: '1.1' });
      yaml.visit(document, {
        Scalar(_key: unknown, node: any) {
          if (typeof node.value === 'string' && mustQuote(node.value)) node.type = 'QUOTE_DOUBLE';
        },
      });
      return document;
    });
    // Marked strings are the only scalars that can hold these characters: each is inside double quotes.
    return cdk8sStringify.apply(this, marked).replace(UNREADABLE_RAW_ALL, escape);
  };
  Object.defineProperty(safe, INSTALLED, { value: true });
  target.stringify = safe;
  target[INSTALLED] = true;
}

/**
 * The strings of the manifests under `scope` that no YAML text can carry to kubectl, as problems of
 * `construct` (reported at synth before any file is written): which object, which field, the value, why.
 */
export function unrepresentableStrings(construct: string, scope: IConstruct): string[] {
  const found: string[] = [];
  for (const object of scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
    let json: unknown;
    try {
      json = object.toJson();
    } catch {
      continue; // the synth reports what makes the object unrenderable
    }
    forEachUnrepresentable(json, '', (where, value, why) =>
      found.push(`${construct}: ${object.kind} "${object.name}" field '${where}' is ${JSON.stringify(value)}; ${why}: kubectl could not read it back as written`));
  }
  return found;
}
