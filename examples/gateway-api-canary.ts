import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CanaryApp, CanaryMatch, Probe, TrafficRouter } from '../src';

/** The release step the chart is at. */
export interface GatewayApiCanaryChartProps {
  /** Percent of requests for the canary. */
  readonly canaryWeight?: number;
}

/**
 * A canary with exact weights: an HTTPRoute on the Gateway `shop-gateway` sends 10% of requests to
 * the canary, and every request with `X-Canary: always` (testers, smoke tests) whatever the weight.
 */
export class GatewayApiCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string, props: GatewayApiCanaryChartProps = {}) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'shop' } });

    this.app = new CanaryApp(this, 'web', {
      namespace: 'shop',
      stable: { image: 'registry.example.com/shop/web:1.4.2' },
      canary: { image: 'registry.example.com/shop/web:1.5.0' },
      canaryWeight: props.canaryWeight ?? 10,
      replicas: 3,
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }),
      canaryMatch: CanaryMatch.header('X-Canary', 'always'),
      readiness: Probe.httpGet('/ready'),
    });
  }
}
