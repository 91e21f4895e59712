import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { createApiObject } from './api-object';
import { findPort, ResolvedPort } from './ports';
import { checkKeys, structKeys } from '../core/known-keys';
import { FIELD_SINCE, serves, Target } from '../core/target-version';

/** How a Service is exposed. */
export enum ServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node (30000–32767). */
  NODE_PORT = 'NodePort',
  /** Also through a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * Which endpoints a Service prefers for a client (`spec.trafficDistribution`, Kubernetes 1.31+). A
 * preference, not a rule: with no ready endpoint nearby, traffic goes to any.
 */
export enum TrafficDistribution {
  /**
   * Endpoints in the client's zone: less cross-zone latency and cost. Needs pods in every zone that
   * has clients, sized for that zone's share (the zone spread keeps replicas even). Written as
   * `PreferSameZone` from 1.34, as its former name `PreferClose` at 1.31 to 1.33.
   */
  PREFER_SAME_ZONE = 'PREFER_SAME_ZONE',
  /** Endpoints on the client's node, then anywhere (`PreferSameNode`, Kubernetes 1.34+). */
  PREFER_SAME_NODE = 'PREFER_SAME_NODE',
}

/** The Service in front of the pods. */
export interface ServiceOptions {
  /**
   * How the Service is exposed.
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;
  /**
   * The port clients connect to.
   * @default - the target container port's number
   */
  readonly port?: number;
  /**
   * The container port traffic goes to, by name.
   * @default - the first declared container port
   */
  readonly targetPortName?: string;
  /**
   * The node port, for NodePort and LoadBalancer Services (30000–32767).
   * @default - Kubernetes picks one
   */
  readonly nodePort?: number;
  /**
   * Which endpoints every Service of the app prefers for a client. Unset, traffic spreads over all
   * ready pods: the even load a release's capacity arithmetic assumes.
   * @default - none: every ready endpoint alike
   */
  readonly trafficDistribution?: TrafficDistribution;
}

const SERVICE_KEYS = structKeys<ServiceOptions>()({ type: true, port: true, targetPortName: true, nodePort: true, trafficDistribution: true });

/** The `trafficDistribution` value of the app's Services at `target` (options checked by resolveServicePort). */
export function resolveTrafficDistribution(problems: Problems, prop: string, options: ServiceOptions = {}, target: Target): string | undefined {
  const wanted = options.trafficDistribution;
  if (wanted === undefined) return undefined;
  if (!problems.check(Object.values(TrafficDistribution).includes(wanted), `${prop}.trafficDistribution`, wanted,
    `it must be one of ${Object.values(TrafficDistribution).join(', ')}`)) return undefined;
  const sameNode = wanted === TrafficDistribution.PREFER_SAME_NODE;
  const since = sameNode ? FIELD_SINCE.preferSame : FIELD_SINCE.trafficDistribution;
  if (!serves(target, since)) {
    problems.add(`${prop}.trafficDistribution`, wanted, `Kubernetes ${target.text} does not serve it (${sameNode ? 'PreferSameNode' : 'trafficDistribution'} is on by default from 1.${since}); target 1.${since} or later (KubernetesTarget.set), or leave it unset`);
    return undefined;
  }
  if (sameNode) return 'PreferSameNode';
  return serves(target, FIELD_SINCE.preferSame) ? 'PreferSameZone' : 'PreferClose';
}

/** Checks the options once per app and resolves the port mapping every Service of the app uses. */
export function resolveServicePort(problems: Problems, prop: string, ports: ResolvedPort[], options: ServiceOptions = {}): k8s.ServicePort {
  checkKeys(problems, prop, 'ServiceOptions', options, SERVICE_KEYS);
  const type = options.type ?? ServiceType.CLUSTER_IP;
  problems.check(Object.values(ServiceType).includes(type), `${prop}.type`, type, `it must be one of ${Object.values(ServiceType).join(', ')}`);
  const target = findPort(problems, prop, ports, undefined, options.targetPortName);
  const port = options.port ?? target?.port ?? 80;
  problems.check(isWholeNumber(port, 1, 65535), `${prop}.port`, port, 'a port number is a whole number from 1 to 65535');
  if (options.nodePort !== undefined) {
    problems.check(type !== ServiceType.CLUSTER_IP, `${prop}.nodePort`, options.nodePort, 'a node port needs type NODE_PORT or LOAD_BALANCER');
    problems.check(isWholeNumber(options.nodePort, 30000, 32767), `${prop}.nodePort`, options.nodePort, 'node ports are whole numbers from 30000 to 32767');
  }
  return {
    name: target?.name ?? 'http',
    port,
    // By name: the Service keeps working when the container port is renumbered.
    targetPort: k8s.IntOrString.fromString(target?.name ?? 'http'),
    protocol: target?.protocol ?? 'TCP',
    nodePort: options.nodePort,
  };
}

/**
 * Creates a Service selecting `selector` with the resolved port. The app's port mapping is shared by
 * all its Services; a ClusterIP one (a preview, a track) leaves out the node port the apex may have.
 */
export function createService(scope: Construct, id: string, parts: {
  name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string>;
  selector: Record<string, string>; port: k8s.ServicePort; type?: ServiceType; trafficDistribution?: string;
  /**
   * A StatefulSet's identity Service: no cluster IP, DNS records per pod, no traffic preference, and
   * every container port (`ports`), so each gets its SRV record (`_<port name>._<protocol>.<service>`).
   */
  headless?: { publishNotReadyAddresses: boolean; ports: ResolvedPort[] };
}): ApiObject {
  const type = parts.headless ? ServiceType.CLUSTER_IP : parts.type ?? ServiceType.CLUSTER_IP;
  // A plain object: trafficDistribution is newer than the 1.27 bindings know.
  return createApiObject(scope, id, k8s.KubeService.GVK, {
    name: parts.name, namespace: parts.namespace, labels: parts.labels, annotations: parts.annotations,
  }, {
    type,
    clusterIP: parts.headless ? 'None' : undefined,
    // Only on request (peer discovery): otherwise a pod's DNS name resolves once it is ready.
    publishNotReadyAddresses: parts.headless?.publishNotReadyAddresses || undefined,
    selector: parts.selector,
    ports: parts.headless
      ? parts.headless.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: p.protocol }))
      : [type === ServiceType.CLUSTER_IP ? { ...parts.port, nodePort: undefined } : parts.port],
    trafficDistribution: parts.headless ? undefined : parts.trafficDistribution,
  });
}
