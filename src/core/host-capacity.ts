/**
 * Required hostname anti-affinity (one pod of the app per node) under a rolling update that surges.
 * A term scoped to one revision (`matchLabelKeys: [pod-template-hash]`, Kubernetes 1.31+) lets a
 * surge pod share a node with an old pod: the release needs `replicas` nodes. An unscoped term
 * matches every running pod of every revision, so each surge pod needs a node with none: the
 * release needs `replicas + surge` nodes, and on fewer it waits on a Pending pod forever.
 */
export function nodesForRequiredAntiAffinity(replicas: number, surge: number, scopedToRevision: boolean): number {
  return scopedToRevision ? replicas : replicas + surge;
}

/** `<replicas> replicas + <surge> surge = <nodes> nodes`, the arithmetic as messages write it. */
export function unscopedNodesText(replicas: number, surge: number): string {
  return `${replicas} replicas + ${surge} surge = ${nodesForRequiredAntiAffinity(replicas, surge, false)} nodes`;
}
