/**
 * The pods a cluster runs for a set of manifests, including the ones release controllers create
 * from them, modelled on the controllers' own code (not on the library's):
 * - a Deployment's, StatefulSet's or DaemonSet's pods carry its template's labels;
 * - Argo Rollouts (workloadRef) runs the referenced Deployment's template with its
 *   `rollouts-pod-template-hash` label added (argo-rollouts `utils/replicaset` NewRSNewReplicas and
 *   the ReplicaSet it creates from the template);
 * - Flagger creates `<target>-primary` (fluxcd/flagger pkg/canary/deployment_controller.go
 *   `createPrimaryDeployment`): it takes the first of its `-selector-labels` (default `app`, `name`,
 *   `app.kubernetes.io/name`, cmd/flagger/main.go) found in the target's `spec.selector.matchLabels`
 *   (`getSelectorLabel`) and copies the target's template labels with that label's value renamed to
 *   `<value>-primary` (`makePrimaryLabels`, pkg/canary/util.go), labels containing `toolkit.fluxcd.io` dropped.
 */
export interface ModelledPods {
  /** Who makes them: `Deployment/web-blue`, `Rollout/web`, `Flagger primary of Deployment/web-stable`. */
  readonly source: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  /** The app the pods belong to: the `app.kubernetes.io/name` of the object they come from. */
  readonly app: string;
}

const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

export function modelPods(manifests: any[]): ModelledPods[] {
  const deployments = manifests.filter((m) => m.kind === 'Deployment');
  const workloads = manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet' || m.kind === 'DaemonSet');
  const pods: ModelledPods[] = workloads.map((d) => ({
    source: `${d.kind}/${d.metadata.name}`, namespace: d.metadata.namespace, labels: d.spec.template.metadata.labels, app: d.metadata.labels['app.kubernetes.io/name'],
  }));
  const target = (ref: { kind: string; name: string }, namespace?: string) =>
    deployments.find((d) => ref.kind === 'Deployment' && d.metadata.name === ref.name && d.metadata.namespace === namespace);
  for (const rollout of manifests.filter((m) => m.kind === 'Rollout')) {
    const d = target(rollout.spec.workloadRef, rollout.metadata.namespace);
    pods.push({
      source: `Rollout/${rollout.metadata.name}`, namespace: d.metadata.namespace, app: d.metadata.labels['app.kubernetes.io/name'],
      labels: { ...d.spec.template.metadata.labels, 'rollouts-pod-template-hash': '5d4f8c9b7' },
    });
  }
  for (const canary of manifests.filter((m) => m.kind === 'Canary')) {
    const d = target(canary.spec.targetRef, canary.metadata.namespace);
    const label = FLAGGER_SELECTOR_LABELS.find((l) => d.spec.selector.matchLabels[l] !== undefined)!;
    const labels = Object.fromEntries(Object.entries<string>(d.spec.template.metadata.labels).filter(([k]) => !k.includes('toolkit.fluxcd.io')));
    pods.push({
      source: `Flagger primary of Deployment/${d.metadata.name}`, namespace: d.metadata.namespace, app: d.metadata.labels['app.kubernetes.io/name'],
      labels: { ...labels, [label]: `${d.spec.selector.matchLabels[label]}-primary` },
    });
  }
  return pods;
}
