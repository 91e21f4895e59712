import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { findPort, ResolvedPort } from './ports';
import { checkKeys, structKeys } from '../core/known-keys';

/** How a Service is exposed. */
export enum ServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node (30000–32767). */
  NODE_PORT = 'NodePort',
  /** Also through a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
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
}

const SERVICE_KEYS = structKeys<ServiceOptions>()({ type: true, port: true, targetPortName: true, nodePort: true });

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
  selector: Record<string, string>; port: k8s.ServicePort; type?: ServiceType;
}): ApiObject {
  const type = parts.type ?? ServiceType.CLUSTER_IP;
  return new k8s.KubeService(scope, id, {
    metadata: { name: parts.name, namespace: parts.namespace, labels: parts.labels, annotations: parts.annotations },
    spec: {
      type,
      selector: parts.selector,
      ports: [type === ServiceType.CLUSTER_IP ? { ...parts.port, nodePort: undefined } : parts.port],
    },
  });
}
