import { Report, Rule, RuleContext } from '../context';

export const RS126: Rule = {
  id: 'RS126',
  severity: 'warning',
  title: 'a CEL rule of its CRD is not checked',
  why: 'The CRD has an `x-kubernetes-validations` rule the plugin cannot evaluate (it calls a Kubernetes CEL function the plugin does not implement, such as `isURL()` or `quantity()`): the API server will evaluate it, the plugin did not, so the object may still be refused.',
  fix: 'Check the rule by hand (the message quotes it), or waive RS126 on the object; docs/validation-scope.md lists the functions the plugin implements.',
  check: checkSkippedRules,
};

function checkSkippedRules(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'checked') for (const skipped of outcome.skippedRules ?? []) report(object, skipped.path, skipped.message);
  }
}
