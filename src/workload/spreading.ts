import { k8s } from 'cdk8s-plus-27';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';

/** How strictly replicas are kept on different nodes. */
export enum HostSpreading {
  /**
   * The scheduler prefers a node that runs no replica yet, but still schedules when every node has
   * one. Safe on any cluster size.
   */
  PREFERRED = 'PREFERRED',
  /**
   * At most one replica per node. Replicas beyond the node count stay Pending, and so does the surge
   * pod of a rolling update when every node already runs a replica: the cluster needs
   * replicas + maxSurge nodes.
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
}

export const HOSTNAME_KEY = 'kubernetes.io/hostname';
export const ZONE_KEY = 'topology.kubernetes.io/zone';

const SPREADING_KEYS = structKeys<SpreadingOptions>()({ acrossHosts: true, acrossZones: true, zoneMaxSkew: true });

/** Spreading options with their defaults applied, checked. */
export interface ResolvedSpreading {
  readonly hosts: HostSpreading;
  readonly zones: boolean;
  readonly maxSkew: number;
}

/** Checks the options (once per app) and applies their defaults. */
export function resolveSpreading(problems: Problems, prop: string, options: SpreadingOptions = {}): ResolvedSpreading {
  checkKeys(problems, prop, 'SpreadingOptions', options, SPREADING_KEYS);
  const hosts = options.acrossHosts ?? HostSpreading.PREFERRED;
  problems.check(Object.values(HostSpreading).includes(hosts), `${prop}.acrossHosts`, hosts, `it must be one of ${Object.values(HostSpreading).join(', ')}`);
  const maxSkew = options.zoneMaxSkew ?? 1;
  problems.check(isWholeNumber(maxSkew, 1), `${prop}.zoneMaxSkew`, maxSkew, 'it must be a whole number of at least 1');
  return { hosts, zones: options.acrossZones ?? true, maxSkew };
}

/** The affinity and topology spread constraints for the pods selected by `selector`. */
export function spreadingFor(spreading: ResolvedSpreading, selector: Record<string, string>):
{ affinity?: k8s.Affinity; topologySpreadConstraints?: k8s.TopologySpreadConstraint[] } {
  const { hosts, maxSkew } = spreading;
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: selector }, topologyKey: HOSTNAME_KEY };
  let affinity: k8s.Affinity | undefined;
  if (hosts === HostSpreading.PREFERRED) {
    affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
  } else if (hosts === HostSpreading.REQUIRED) {
    affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  }
  const topologySpreadConstraints = spreading.zones ? [{
    maxSkew,
    topologyKey: ZONE_KEY,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ['pod-template-hash'],
  }] : undefined;
  return { affinity, topologySpreadConstraints };
}
