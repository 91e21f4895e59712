/**
 * Waivers: an object opts out of one rule with an annotation whose value says why.
 *
 *     metadata:
 *       annotations:
 *         waive.release-strategies.cdk8s.io/RS204: "batch worker: a dip in capacity during a release is fine"
 *
 * A waiver applies to the object it is on and to nothing else (for pod rules: the workload's own
 * metadata, not the pod template's). A waiver without a reason, or of a rule that does not exist,
 * waives nothing and is itself reported.
 */
import { WAIVER_PREFIX } from '../core/waivers';
import { at, entries, KubeObject } from './objects';

export { WAIVER_PREFIX };

/** The rule that reports bad waivers; it cannot be waived itself. */
export const INVALID_WAIVER_RULE = 'RS301';

/**
 * Former ids of renumbered rules -> their id now. A waiver naming a former id applies to the rule
 * under its new id (ids are never reused, so an old id means one rule only).
 */
export const RULE_ALIASES: { readonly [formerId: string]: string } = {
  RS112: 'RS301', // the waiver rule, an RS1xx id until the plugin's own rules moved to RS3xx
};

export interface Waivers {
  /** Rule id -> the reason given. */
  readonly reasons: ReadonlyMap<string, string>;
  /** Waiver annotations that waive nothing, with why. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

/** The waivers on an object. */
export function readWaivers(object: KubeObject, ruleIds: ReadonlySet<string>): Waivers {
  const reasons = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  for (const [key, value] of entries(object.annotations)) {
    if (!key.toLowerCase().startsWith(WAIVER_PREFIX)) continue;
    const path = at('metadata.annotations', key);
    const named = key.slice(WAIVER_PREFIX.length).toUpperCase();
    const ruleId = RULE_ALIASES[named] ?? named;
    const reason = typeof value === 'string' ? value.trim() : '';
    if (!ruleIds.has(ruleId)) {
      problems.push({ path, message: `waives "${key.slice(WAIVER_PREFIX.length)}", which is not a rule id (${[...ruleIds].sort().join(', ')})` });
    } else if (ruleId === INVALID_WAIVER_RULE) {
      problems.push({ path, message: `${INVALID_WAIVER_RULE}${named !== ruleId ? ` (formerly ${named})` : ''} cannot be waived: fix or remove the bad waiver instead` });
    } else if (reason === '') {
      problems.push({ path, message: `waives ${ruleId} without a reason: the annotation's value must say why the rule does not apply here` });
    } else {
      reasons.set(ruleId, reason);
    }
  }
  return { reasons, problems };
}
