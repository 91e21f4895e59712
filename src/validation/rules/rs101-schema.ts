import { Report, Rule, RuleContext } from '../context';

export const RS101: Rule = {
  id: 'RS101',
  severity: 'error',
  title: 'does not match its schema',
  why: 'The API server refuses an object with a field of the wrong type, a missing required field or a value outside the allowed ones (Kubernetes OpenAPI schema from kubernetes-models; for custom resources the openAPIV3Schema of the CRD).',
  fix: 'Give the field the type and value the schema expects (see the message); for a custom resource, check which CRD version your cluster runs.',
  check: checkSchema,
};

function checkSchema(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    const outcome = context.schema(object);
    if (outcome.status === 'checked') outcome.findings.filter((f) => !f.unknownField).forEach((f) => report(object, f.path, f.message));
  }
}
