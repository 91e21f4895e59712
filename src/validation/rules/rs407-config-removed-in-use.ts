/**
 * RS407: a ConfigMap or Secret deleted while the pods running before the commit (the rollback target
 * of the workload that rolls away from them) still reference it: a restarted old pod, or
 * `kubectl rollout undo`, then fails with CreateContainerConfigError or a volume that cannot mount.
 */
import { isObject, KubeObject } from '../../core/kube-object';
import { podTemplate } from '../../core/pod-templates';
import { ChangeType } from '../../core/transition';
import { transitionRule } from '../transition-rule';

/** The ConfigMaps and Secrets a pod template references (`ConfigMap/name`, `Secret/name`). */
function references(workload: KubeObject): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) { value.forEach(walk); return; }
    if (!isObject(value)) return;
    for (const key of ['configMap', 'configMapRef', 'configMapKeyRef']) if (isObject(value[key]) && typeof value[key].name === 'string') found.add(`ConfigMap/${value[key].name}`);
    for (const key of ['secretRef', 'secretKeyRef']) if (isObject(value[key]) && typeof value[key].name === 'string') found.add(`Secret/${value[key].name}`);
    if (isObject(value.secret) && typeof value.secret.secretName === 'string') found.add(`Secret/${value.secret.secretName}`);
    if (isObject(value.secret) && typeof value.secret.name === 'string') found.add(`Secret/${value.secret.name}`); // projected source
    Object.values(value).forEach(walk);
  };
  walk(podTemplate(workload)?.spec);
  return found;
}

export const RS407 = transitionRule({
  id: 'RS407',
  severity: 'error',
  title: 'configuration removed while the previous pods use it',
  why: 'The pods running before the commit keep running until the rollout replaces them, and their ReplicaSet is what `kubectl rollout undo` returns to. A ConfigMap or Secret they reference, deleted in the same commit, makes a restarted old pod fail (CreateContainerConfigError, or a volume that cannot mount) and leaves the rollback nothing to start.',
  fix: 'Keep the previous configuration for one more release (SafeRollingDeployment\'s previousConfigs, or each blue/green slot\'s own config) and remove it in a later commit, once the new version has proven itself.',
  transition: (transition, report) => {
    const deleted = transition.changes.filter((c) => c.type === ChangeType.DELETED && (c.before!.is('', 'ConfigMap') || c.before!.is('', 'Secret'))).map((c) => c.before!);
    if (deleted.length === 0) return;
    for (const b of transition.before) {
      if (!podTemplate(b)?.replicated || !transition.afterOf(b)) continue;
      const used = references(b);
      for (const config of deleted) {
        if (config.namespace !== b.namespace || !used.has(`${config.kind}/${config.name}`)) continue;
        report(config, '', `${config.ref} is deleted while ${b.ref}'s running pods (the rollback target once it rolls) reference it: a restarted old pod fails with CreateContainerConfigError and \`kubectl rollout undo\` has nothing to start. Keep ${config.ref} in this commit (previousConfigs) and remove it in a later one`);
      }
    }
  },
});
