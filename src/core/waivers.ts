/**
 * Waiver annotations, shared by the validation plugin (which reads them) and the constructs (which
 * write one for each opt-in a user states in code, so that the plugin does not refuse what the
 * construct was told to accept). Free of bindings: the plugin loads it.
 */

/** `waive.release-strategies.cdk8s.io/<rule id>: "<reason>"` on an object waives that rule for it. */
export const WAIVER_PREFIX = 'waive.release-strategies.cdk8s.io/';

/** The annotations that waive `reasons` (rule id -> why). */
export function waiverAnnotations(reasons: { readonly [ruleId: string]: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(reasons).map(([ruleId, reason]) => [`${WAIVER_PREFIX}${ruleId}`, reason]));
}
