/**
 * The transition rules' runner: the findings of applying the manifests `after` over `before` (RS4xx),
 * with the same report format and waivers as the rules of one snapshot. A waiver on the object of
 * after waives a finding on it; a deleted object's own waiver (in before) waives findings on it.
 */
import { KubeObject } from '../core/kube-object';
import { Transition } from '../core/transition';
import { RULES } from './rules';
import { ManifestInput, Violation, violationOf } from './validate';
import { readWaivers } from './waivers';

/** The objects of manifests, as the rules read them. */
export function kubeObjects(inputs: readonly ManifestInput[]): KubeObject[] {
  return inputs.filter((input) => input.manifest !== null && input.manifest !== undefined)
    .map((input, index) => new KubeObject(input.manifest as any, index, input.file, input.constructPath));
}

/** Checks a transition with every transition rule; findings ordered by object of after (deleted objects last), then rule. */
export function validateTransition(transition: Transition, options: { readonly includeWaived?: boolean } = {}): Violation[] {
  const ruleIds = new Set(RULES.map((rule) => rule.id));
  const found: { order: number; violation: Violation }[] = [];
  for (const rule of RULES) {
    if (!rule.transition) continue;
    const seen = new Set<string>();
    rule.transition(transition, (object, fieldPath, message) => {
      const inAfter = transition.after.includes(object);
      const key = `${inAfter}\n${object.index}\n${fieldPath}\n${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const waivedBecause = readWaivers(object, ruleIds).reasons.get(rule.id);
      if (waivedBecause !== undefined && !options.includeWaived) return;
      // Objects of the new manifests first, then deleted ones, each in file order.
      const order = (inAfter ? 0 : transition.after.length) + object.index;
      found.push({ order, violation: violationOf(rule, object, fieldPath, message, waivedBecause) });
    });
  }
  return found.sort((a, b) => a.order - b.order).map(({ violation }) => violation);
}
