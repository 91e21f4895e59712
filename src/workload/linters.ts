/**
 * The best-practice linters' exemption annotations, on a workload where one of their checks reads a
 * decision the library made on purpose as a mistake. Each goes on the workload's own metadata (never
 * the pod template: adding or removing one rolls no pod), and only where its reason holds for that
 * object:
 *
 *  - a Deployment whose replica count an autoscaler or a release controller owns (it has no
 *    `replicas`, which Polaris' deploymentMissingReplicas and kube-score's deployment-replicas read as
 *    one pod), or a blue/green slot or canary track, which the release sizes (an idle slot or a canary
 *    not started runs 0 or 1 pod): on every step of a release alike, so that no step's diff adds or
 *    removes it. A SafeRollingDeployment asked for `replicas: 1` keeps the warnings: that one is worth
 *    reading;
 *  - a pod without `priorityClassName`: it runs at the cluster's default priority (the PriorityClass
 *    marked globalDefault, else 0), which no library can name for every cluster; Polaris'
 *    priorityClassNotSet asks for a class by name. With `priorityClassName` set the exemption goes;
 *  - a DaemonSet: one pod per node by definition, so Polaris' topologySpreadConstraint has nothing to
 *    spread.
 *
 * Polaris reads `polaris.fairwinds.com/<check>-exempt: "true"` (pkg/validator/schema.go,
 * hasExemptionAnnotation); kube-score reads `kube-score/ignore: <check>[,<check>]`.
 */

/** What decides a workload's exemptions. */
export interface LintedWorkload {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** The pod's priorityClassName, if any. */
  readonly priorityClassName?: string;
  /** A Deployment's replica count is owned elsewhere (absent) or set by the release (a slot or a track). */
  readonly replicasOnPurpose?: boolean;
}

const polaris = (check: string) => `polaris.fairwinds.com/${check}-exempt`;

/** The exemption annotations of one workload (none when every check it would fail is worth reading). */
export function linterExemptions(workload: LintedWorkload): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (workload.kind === 'Deployment' && workload.replicasOnPurpose) {
    annotations[polaris('deploymentMissingReplicas')] = 'true';
    annotations['kube-score/ignore'] = 'deployment-replicas';
  }
  if (!workload.priorityClassName) annotations[polaris('priorityClassNotSet')] = 'true';
  if (workload.kind === 'DaemonSet') annotations[polaris('topologySpreadConstraint')] = 'true';
  return annotations;
}
