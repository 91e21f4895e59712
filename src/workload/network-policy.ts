import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { LABEL_NAME } from '../core/labels';
import { ResolvedPort } from './ports';

/**
 * A NetworkPolicy for all of an app's pods: ingress only on the declared container ports (from any
 * source, as a Service needs), egress unrestricted. It changes nothing a Service relies on, closes
 * every port the app does not declare, and gives cluster policy tooling an object to extend.
 *
 * It selects on the app's name label alone, so one policy covers every slot and track (and Polaris,
 * which wants exactly one of the pod's labels in the selector, accepts it).
 */
export function createNetworkPolicy(scope: Construct, enabled: boolean | undefined, parts: {
  appName: string; namespace?: string; labels: Record<string, string>; ports: ResolvedPort[];
}): ApiObject | undefined {
  // On unless the user leaves it to cluster-wide policies; nothing to open without a declared port.
  if (!(enabled ?? true) || parts.ports.length === 0) return undefined;
  return new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name: parts.appName, namespace: parts.namespace, labels: parts.labels },
    spec: {
      podSelector: { matchLabels: { [LABEL_NAME]: parts.appName } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: parts.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol })) }],
      egress: [{}],
    },
  });
}
