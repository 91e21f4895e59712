import { Report, Rule, RuleContext } from '../context';

export const RS104: Rule = {
  id: 'RS104',
  severity: 'error',
  title: 'API version no longer served',
  why: 'Kubernetes removed this API version: the API server answers "no matches for kind".',
  fix: 'Use the apiVersion named in the message (and adapt the fields that changed with it).',
  check: checkRemovedApis,
};

function checkRemovedApis(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'removed') report(object, 'apiVersion', outcome.message);
  }
}
