import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CanaryApp, Probe } from '../src';

/** The release step the chart is at. */
export interface DjangoBlogCanaryChartProps {
  /** Percent of traffic for the canary. */
  readonly canaryWeight?: number;
  /** The canary's image. */
  readonly canaryImage?: string;
}

/**
 * Seed 004's grey release by hand — a second Deployment with the app's labels and a new image, n
 * replicas moved from the old one — as a CanaryApp with the replica ratio: v2 gets the pod count
 * closest to its weight. Six pods in all (twice the seed's three) so that both tracks keep two pods,
 * and a node drain never takes a whole track away.
 */
export class DjangoBlogCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string, props: DjangoBlogCanaryChartProps = {}) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'blog' } });

    this.app = new CanaryApp(this, 'blog', {
      namespace: 'blog',
      containerName: 'web',
      stable: { image: 'conaco/django-blog:v1' },
      canary: { image: props.canaryImage ?? 'conaco/django-blog:v2' },
      // 33% of 6 pods is 1.98: the canary gets 2 pods, a third of the connections (33.33%).
      canaryWeight: props.canaryWeight ?? 33,
      replicas: 6,
      ports: [{ port: 8080, name: 'http' }],
      resources: { cpuRequest: '250m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
      startup: Probe.httpGet('/healthz', { failureThreshold: 30, period: Duration.seconds(10) }),
      readiness: Probe.httpGet('/healthz', { initialDelay: Duration.seconds(10), period: Duration.seconds(10) }),
      liveness: Probe.tcpSocket({ initialDelay: Duration.seconds(10), period: Duration.seconds(10) }),
    });
  }
}
