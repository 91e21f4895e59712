import { Report, Rule, RuleContext } from '../context';
import { readWaivers } from '../waivers';

/**
 * Formerly RS112 (an RS1xx id, which the rules table of docs/validation.md reserves for what the API server refuses): `RS112`
 * still names it (RULE_ALIASES).
 */
export const RS301: Rule = {
  id: 'RS301',
  severity: 'error',
  title: 'invalid waiver',
  why: 'A waiver must name an existing rule and say why it does not apply; one without a reason (or of an unknown rule) waives nothing.',
  fix: 'Write the reason as the annotation\'s value: `waive.release-strategies.cdk8s.io/<RULE-ID>: "<why this object may break the rule>"`, with a rule id from the plugin\'s rules table (docs/validation.md); or remove the annotation. RS301 itself cannot be waived.',
  check: checkWaivers,
};

function checkWaivers(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    for (const problem of readWaivers(object, context.ruleIds).problems) report(object, problem.path, problem.message);
  }
}
