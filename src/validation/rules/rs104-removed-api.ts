import { Report, Rule, RuleContext } from '../context';
import { unservedBuiltinProblem } from '../schema';

export const RS104: Rule = {
  id: 'RS104',
  severity: 'error',
  title: 'API version or kind not served',
  why: 'Kubernetes removed this API version, or never served the kind or version in this built-in API group (a misspelled `Serviice`, `networking.k8s.io/v2`), or the CRDs of this API group define no such kind (a misspelled `HTTPRoutes`): kubectl answers "no matches for kind" and applies nothing.',
  fix: 'Use the apiVersion and kind named in the message (and adapt the fields that changed with it).',
  check: checkUnservedApis,
};

function checkUnservedApis(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'removed') report(object, outcome.path ?? 'apiVersion', outcome.message);
    if (outcome.status !== 'unknown') continue;
    const problem = unservedBuiltinProblem(object);
    if (problem) report(object, 'kind', problem);
  }
}
