/**
 * Labels Kubernetes itself sets, which spreading and scheduling rules name: shared by the constructs
 * (src/workload/spreading.ts), the validation plugin and the rollout plan. Free of bindings.
 */

/** The node label every kubelet sets: one domain per node. */
export const HOSTNAME_KEY = 'kubernetes.io/hostname';
/** The node label of the zone a node runs in. */
export const ZONE_KEY = 'topology.kubernetes.io/zone';
/** The pod label the Deployment controller sets per revision (ReplicaSet). */
export const POD_TEMPLATE_HASH = 'pod-template-hash';
