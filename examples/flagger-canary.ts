import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryApp, Probe, ReleaseController, TrafficRouter } from '../src';
import { SHOP_ANALYSIS } from './argo-rollouts-canary';

/**
 * A Gateway API canary under Flagger: `payments` 3.2.0 goes 5%, 10%, 25%, 50% through the HTTPRoute
 * Flagger writes on `shop-gateway`, each step gated by the success rate and latency.
 */
export class FlaggerCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    this.app = new CanaryApp(this, 'payments', {
      stable: { image: 'registry.example.com/shop/payments:3.1.4' },
      canary: { image: 'registry.example.com/shop/payments:3.2.0' },
      replicas: 4,
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['payments.example.com'] }),
      readiness: Probe.httpGet('/ready'),
      releaseController: ReleaseController.flagger({ analysis: SHOP_ANALYSIS, stepWeights: [5, 10, 25, 50] }),
    });
  }
}
