import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BlueGreenApp, HostSpreading, Probe, Slot } from '../src';

/** Which slot serves; the release flips it (see the blue/green walkthrough in docs/blue-green.md). */
export interface GolangBlueGreenChartProps {
  readonly activeSlot?: Slot;
}

/**
 * Seed 000: the Go service released blue/green by hand — two Deployments labelled v1 and v2 with
 * required hostname anti-affinity, and `kubectl patch service ... {"spec":{"selector":{"version":"v2"}}}`.
 * Here v1 runs in the blue slot and v2 in the green one; `activeSlot` replaces the patch.
 */
export class GolangBlueGreenChart extends Chart {
  public readonly app: BlueGreenApp;

  public constructor(scope: Construct, id: string, props: GolangBlueGreenChartProps = {}) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'golang-test-01' } });

    this.app = new BlueGreenApp(this, 'golang-test-01-app', {
      namespace: 'golang-test-01',
      labels: { app: 'golang-test-01-app' },
      activeSlot: props.activeSlot ?? Slot.BLUE,
      blue: { image: 'harbor.genn.com/golang_01/golang_test_image:v1' },
      green: { image: 'harbor.genn.com/golang_01/golang_test_image:v2' },
      replicas: 2,
      ports: [{ port: 10000, name: 'http' }],
      readiness: Probe.httpGet('/'),
      // As in the seed: never two replicas of one slot on the same node. Blue and green may share nodes,
      // so the cluster needs room for one slot's replicas, not both.
      spreading: { acrossHosts: HostSpreading.REQUIRED },
    });
  }
}
