import { Report, Rule, RuleContext } from '../context';

export const RS102: Rule = {
  id: 'RS102',
  severity: 'error',
  title: 'unknown field',
  why: 'A field the schema does not declare, often a misspelling (seed 004\'s maxSure for maxSurge), is refused by `kubectl apply --validate=strict` and silently dropped by a lenient apply: the setting never takes effect.',
  fix: 'Correct the spelling or remove the field.',
  check: checkUnknownFields,
};

function checkUnknownFields(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'checked') outcome.findings.filter((f) => f.unknownField).forEach((f) => report(object, f.path, f.message));
  }
}
