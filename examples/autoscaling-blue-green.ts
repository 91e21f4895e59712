import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BlueGreenApp, Probe, Slot } from '../src';

/**
 * An autoscaled blue/green release in progress: blue (1.4.2) serves and scales from 3 to 12 pods on
 * CPU; green (1.5.0) is kept full for the flip. The active slot ran 5 pods when the release began
 * (`kubectl get hpa checkout-blue`), so both slots keep at least 6 until the release is done.
 */
export class AutoscalingBlueGreenChart extends Chart {
  public readonly app: BlueGreenApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'shop' } });

    this.app = new BlueGreenApp(this, 'checkout', {
      namespace: 'shop',
      activeSlot: Slot.BLUE,
      blue: { image: 'registry.example.com/shop/checkout:1.4.2' },
      green: { image: 'registry.example.com/shop/checkout:1.5.0' },
      autoscaling: { minReplicas: 3, maxReplicas: 12, targetCpuUtilization: 60 },
      flipReplicas: 6,
      readiness: Probe.httpGet('/ready'),
    });
  }
}
