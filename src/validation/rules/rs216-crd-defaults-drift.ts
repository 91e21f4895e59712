/**
 * RS216: a custom resource the API server changes on create, by its CRD's defaults. GitOps tools
 * compare what they applied with what the cluster holds; lists in custom resources are atomic, so a
 * defaulted field inside one (an HTTPRoute backendRef's `weight: 1`) makes the whole list differ and
 * the object OutOfSync forever. The defaulting is the plugin's own (crd/defaulting.ts), applied once per object
 * by the schema check.
 */
import type { Rule } from '../context';
import { show } from '../objects';

export const RS216: Rule = {
  id: 'RS216',
  severity: 'warning',
  title: 'custom resource changes under its CRD\'s defaults',
  why: 'The API server fills a CRD\'s defaults into a custom resource (an HTTPRoute backendRef gets group "", kind Service and weight 1; a rule without matches gets a PathPrefix "/" match) and drops nulls. The stored object then differs from the manifest, and since lists in custom resources are atomic, Argo CD and Flux report it OutOfSync after every sync; ignoreDifferences on the list hides real changes too.',
  fix: 'Write the defaulted values into the manifest, as the message names them (the constructs of this library do). Waive RS216 on the object if its controller rewrites it anyway.',
  check: (context, report) => {
    for (const object of context.objects) {
      const outcome = context.schema(object);
      if (outcome.status !== 'checked') continue;
      for (const change of outcome.defaulting ?? []) {
        report(object, change.path, change.stored === undefined
          ? 'is null: the API server drops it, so the stored object differs from the manifest'
          : `is ${change.sent === null ? 'null' : 'not set'}: the API server stores its CRD default ${show(change.stored)}, so the stored object differs from the manifest; write it explicitly`);
      }
    }
  },
};
