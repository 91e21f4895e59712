import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CanaryApp, Probe, TrafficRouter } from '../src';

/**
 * An autoscaled canary through Istio at 20%: the stable track scales from 4 to 20 pods on CPU and
 * does not scale down while the canary runs; the canary's autoscaler gets 20% of that range (0.8 to 4
 * pods, rounded up, with a minimum of at least canaryReplicas' 2).
 */
export class AutoscalingCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'shop' } });

    this.app = new CanaryApp(this, 'search', {
      namespace: 'shop',
      stable: { image: 'registry.example.com/shop/search:2.0.1' },
      canary: { image: 'registry.example.com/shop/search:2.1.0' },
      canaryWeight: 20,
      autoscaling: { minReplicas: 4, maxReplicas: 20 },
      trafficRouter: TrafficRouter.istio(),
      readiness: Probe.httpGet('/ready'),
    });
  }
}
