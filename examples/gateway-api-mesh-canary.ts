import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CanaryApp, CanaryMatch, Probe, TrafficRouter } from '../src';

/**
 * An east-west canary through a Gateway API mesh (GAMMA: Istio, Cilium): the orders service's
 * in-cluster callers reach it as `orders`, and an HTTPRoute attached to that Service sends 20% of
 * their requests to the canary, and every request with `X-Canary: always`.
 */
export class GatewayApiMeshCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Istio's sidecar mode; with ambient mode, a waypoint serves the namespace instead.
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'orders', labels: { 'istio-injection': 'enabled' } } });

    this.app = new CanaryApp(this, 'orders', {
      namespace: 'orders',
      stable: { image: 'registry.example.com/orders/orders:2.3.0' },
      canary: { image: 'registry.example.com/orders/orders:2.4.0' },
      canaryWeight: 20,
      trafficRouter: TrafficRouter.gatewayApiMesh(),
      canaryMatch: CanaryMatch.header('X-Canary', 'always'),
      readiness: Probe.httpGet('/ready'),
    });
  }
}
