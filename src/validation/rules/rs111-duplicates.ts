import { Report, Rule, RuleContext } from '../context';
import { isObject, KubeObject } from '../objects';

export const RS111: Rule = {
  id: 'RS111',
  severity: 'error',
  title: 'duplicate object',
  why: 'Two manifests describe the same object (API group, kind, namespace and name): the later one silently overwrites the first.',
  fix: 'Rename one of them, or remove the copy.',
  check: checkDuplicates,
};

/** Built-in kinds without a namespace: two of one name collide wherever they are applied. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass',
  'StorageClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService',
]);

function checkDuplicates(context: RuleContext, report: Report): void {
  const seen = new Map<string, KubeObject[]>();
  for (const object of context.objects) {
    if (!object.name || !object.kind) continue;
    // The version does not matter: apps/v1 and apps/v1beta2 Deployments are the same object.
    const identity = [object.group, object.kind, object.namespace, object.name].join('\n');
    const earlier = seen.get(identity) ?? [];
    seen.set(identity, [...earlier, object]);
    // Objects of two files that leave the namespace to kubectl may well go to different namespaces.
    const collides = (other: KubeObject) => other.file === object.file || object.namespace !== '' || CLUSTER_SCOPED.has(object.kind);
    // The same object twice, identical (a Namespace two charts share), is harmless.
    const conflicting = earlier.find((other) => collides(other) && canonicalJson(other.manifest) !== canonicalJson(object.manifest));
    if (conflicting) {
      report(object, 'metadata.name', `the app already has a different ${conflicting.ref} (manifest #${conflicting.index + 1}${conflicting.file ? ` in ${conflicting.file}` : ''}): whichever is applied last overwrites the other`);
    }
  }
}

/** JSON with object keys sorted, to compare manifests regardless of key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}
