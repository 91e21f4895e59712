import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';
import { FIELD_SINCE, serves, Target } from '../core/target-version';
import { HOSTNAME_KEY, POD_TEMPLATE_HASH, ZONE_KEY } from '../core/well-known-labels';
import { nodesForRequiredAntiAffinity, unscopedNodesText } from '../core/host-capacity';

/** How strictly replicas are kept on different nodes. */
export enum HostSpreading {
  /**
   * The scheduler prefers a node that runs no replica yet, but still schedules when every node has
   * one. Safe on any cluster size.
   */
  PREFERRED = 'PREFERRED',
  /**
   * At most one replica per node (per revision from Kubernetes 1.31, see KubernetesTarget): replicas
   * beyond the node count stay Pending. From 1.31 the term is scoped to a revision
   * (`matchLabelKeys: [pod-template-hash]`), so a rolling update's surge pod may share a node with an
   * old pod and the cluster needs `replicas` nodes. Below 1.31 the surge pod needs a node with no
   * replica: replicas + maxSurge nodes, which you state with `nodes`.
   */
  REQUIRED = 'REQUIRED',
  /** No anti-affinity: all replicas may land on one node and fail together. */
  NONE = 'NONE',
}

/** How replicas are spread over nodes and zones. */
export interface SpreadingOptions {
  /**
   * Pod anti-affinity on `kubernetes.io/hostname` between the replicas of one Deployment.
   * @default HostSpreading.PREFERRED
   */
  readonly acrossHosts?: HostSpreading;
  /**
   * A topology spread constraint over `topology.kubernetes.io/zone` (whenUnsatisfiable
   * ScheduleAnyway, so clusters without zones still schedule). It spreads each revision on its own
   * (`matchLabelKeys: [pod-template-hash]`), so a rollout does not pile the new pods into one zone.
   * @default true
   */
  readonly acrossZones?: boolean;
  /**
   * Largest allowed difference in replica count between two zones.
   * @default 1
   */
  readonly zoneMaxSkew?: number;
  /**
   * How many nodes the pods can run on, stated for HostSpreading.REQUIRED: it must hold the
   * replicas, and below Kubernetes 1.31 also a rolling update's surge pods.
   * @default - not stated: below 1.31, REQUIRED with a rolling update that surges is an error
   */
  readonly nodes?: number;
}

/** The label the Deployment controller gives each revision's pods. */

const SPREADING_KEYS = structKeys<SpreadingOptions>()({ acrossHosts: true, acrossZones: true, zoneMaxSkew: true, nodes: true });


/** Spreading options with their defaults applied, checked. */
export interface ResolvedSpreading {
  readonly hosts: HostSpreading;
  readonly zones: boolean;
  readonly maxSkew: number;
  readonly nodes?: number;
}

/** Checks the options (once per app) and applies their defaults. */
export function resolveSpreading(problems: Problems, prop: string, options: SpreadingOptions = {}): ResolvedSpreading {
  checkKeys(problems, prop, 'SpreadingOptions', options, SPREADING_KEYS);
  const hosts = options.acrossHosts ?? HostSpreading.PREFERRED;
  problems.check(Object.values(HostSpreading).includes(hosts), `${prop}.acrossHosts`, hosts, `it must be one of ${Object.values(HostSpreading).join(', ')}`);
  const maxSkew = options.zoneMaxSkew ?? 1;
  problems.check(isWholeNumber(maxSkew, 1), `${prop}.zoneMaxSkew`, maxSkew, 'it must be a whole number of at least 1');
  if (options.nodes !== undefined) {
    problems.check(isWholeNumber(options.nodes, 1), `${prop}.nodes`, options.nodes, 'a node count is a whole number of at least 1');
  }
  return { hosts, zones: options.acrossZones ?? true, maxSkew, nodes: options.nodes };
}

/**
 * Checks that one Deployment's release can finish under required host anti-affinity: `replicas`
 * pods, one per node, and below Kubernetes 1.31 (no revision scoping) the rolling update's `surge`
 * pods on nodes of their own. Returns the waiver reason for the plugin when a stated node count makes
 * an unscoped term under a surge fit.
 */
export function checkHostCapacity(problems: Problems, prop: string, spreading: ResolvedSpreading, target: Target,
  replicas: number, surge: number): string | undefined {
  if (spreading.hosts !== HostSpreading.REQUIRED || !isWholeNumber(replicas, 1)) return undefined;
  const { nodes } = spreading;
  const scoped = serves(target, FIELD_SINCE.affinityMatchLabelKeys);
  const surging = !scoped && surge > 0;
  const need = nodesForRequiredAntiAffinity(replicas, surge, !surging);
  const arithmetic = surging
    ? `at Kubernetes ${target.text} a required anti-affinity term cannot be scoped to one revision (matchLabelKeys on affinity terms: 1.${FIELD_SINCE.affinityMatchLabelKeys}), so each surge pod of a rolling update matches every running pod and needs a node of its own: ${unscopedNodesText(replicas, surge)}, or the rollout waits on a Pending pod forever`
    : `one pod per node: ${replicas} replicas need ${replicas} nodes, or the rest stay Pending`;
  if (nodes !== undefined && isWholeNumber(nodes, 1) && nodes < need) {
    problems.add(`${prop}.nodes`, nodes, `it is too few for HostSpreading.REQUIRED: ${arithmetic}; add nodes${surging ? `, target Kubernetes 1.${FIELD_SINCE.affinityMatchLabelKeys} or later (KubernetesTarget.set)` : ''}, or use HostSpreading.PREFERRED`);
  } else if (nodes === undefined && surging) {
    problems.add(`${prop}.acrossHosts`, HostSpreading.REQUIRED, `${arithmetic}; state the cluster's node count with '${prop}.nodes' (at least ${need}), target Kubernetes 1.${FIELD_SINCE.affinityMatchLabelKeys} or later (KubernetesTarget.set), or use HostSpreading.PREFERRED`);
  }
  return surging && nodes !== undefined && nodes >= need
    ? `${prop}.nodes: ${nodes} stated in code: ${replicas} replicas + ${surge} surge pod(s) fit, one per node`
    : undefined;
}

/**
 * The affinity and topology spread constraints for the pods selected by `selector`. `perRevision`:
 * scope them to a Deployment's revision (`pod-template-hash`); a StatefulSet replaces each pod in
 * place (no surge, no such label), so its pods spread across revisions.
 */
export function spreadingFor(spreading: ResolvedSpreading, selector: Record<string, string>, target: Target, perRevision: boolean = true):
{ affinity?: k8s.Affinity; topologySpreadConstraints?: k8s.TopologySpreadConstraint[] } {
  const { hosts, maxSkew } = spreading;
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey: HOSTNAME_KEY };
  // "One pod per node per revision": a surge pod may join a node that runs an old pod. Newer than the
  // 1.27 bindings: the Deployment is written as a plain object (api-object.ts).
  const required: k8s.PodAffinityTerm & { matchLabelKeys?: string[] } = perRevision && serves(target, FIELD_SINCE.affinityMatchLabelKeys)
    ? { ...term, matchLabelKeys: [POD_TEMPLATE_HASH] } : term;
  let affinity: k8s.Affinity | undefined;
  if (hosts === HostSpreading.PREFERRED) {
    affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
  } else if (hosts === HostSpreading.REQUIRED) {
    affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [required] } };
  }
  const topologySpreadConstraints = spreading.zones ? [{
    maxSkew,
    topologyKey: ZONE_KEY,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    matchLabelKeys: perRevision ? [POD_TEMPLATE_HASH] : undefined,
  }] : undefined;
  return { affinity, topologySpreadConstraints };
}
