import { Report, Rule, RuleContext } from '../context';
import { unservedBuiltinProblem } from '../schema';

export const RS103: Rule = {
  id: 'RS103',
  severity: 'warning',
  title: 'unknown kind: its fields are not checked',
  why: 'No schema is known for this apiVersion and kind (a custom resource whose CRD the plugin was not given), so nothing in it is checked.',
  fix: 'Add the CRD file to the plugin\'s `properties.crdFiles` in cdk8s.yaml (paths relative to the app, `*` allowed in file names), or synthesize the CustomResourceDefinition in the app; or waive RS103 on the object.',
  check: checkUnknownKinds,
};

function checkUnknownKinds(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    if (context.schema(object).status !== 'unknown' || unservedBuiltinProblem(object)) continue; // RS104's
    report(object, 'kind', `no schema for ${object.apiVersion} ${object.kind} (neither a Kubernetes kind kubernetes-models knows nor one of the CRDs given): its fields are not checked`);
  }
}
