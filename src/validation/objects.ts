/**
 * The manifests under validation: `KubeObject` and its JSON helpers live in src/core (the plan reads
 * manifests the same way); what only the schema rules need stays here.
 */
import { at } from '../core/kube-object';

export * from '../core/kube-object';

/** A JSON pointer (`/spec/ports/0/name`, as ajv reports paths) as a field path (`spec.ports[0].name`). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer.split('/').slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, segment) => at(path, /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment), '');
}
