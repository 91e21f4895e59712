/**
 * A canary weight read back from synthesized manifests (plain objects as read from YAML), for tools
 * that reason about a release without the constructs (the rollout plan).
 */
export interface RouteWeight {
  /** The object it was read from, `<kind> <name>`. */
  readonly source: string;
  /** The object's namespace; undefined when it has none. */
  readonly namespace?: string;
  /** The Service the weight sends requests to (a track's Service; for Istio and the replica ratio, the apex Service). */
  readonly service: string;
  /** The part of `service` the weight is for (Istio's subsets; `canary` for the replica ratio); undefined for the whole Service. */
  readonly subset?: string;
  /** Percent of requests (with the replica ratio, of connections) for that backend, to two decimals. */
  readonly weight: number;
  /** Whether the router splits requests exactly (false: the split follows pod counts). */
  readonly exact: boolean;
}

/** `part` of `total` in percent, to two decimals; 0 for an empty total. */
export function percentOf(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 10000) / 100 : 0;
}

/**
 * A router rule that sends every request matching a header or cookie to one backend, whatever the
 * weights (a CanaryApp's `canaryMatch`), read back from synthesized manifests.
 */
export interface RouteMatch {
  /** The object it was read from, `<kind> <name>`. */
  readonly source: string;
  /** The object's namespace; undefined when it has none. */
  readonly namespace?: string;
  /** The Service matched requests go to. */
  readonly service: string;
  /** The part of `service` they go to (Istio's subsets); undefined for the whole Service. */
  readonly subset?: string;
}
