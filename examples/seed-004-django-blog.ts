import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Probe, SafeRollingDeployment, ServiceType } from '../src';

/**
 * Seed 004: the Django blog in namespace `blog`, three replicas, startup, readiness and liveness
 * probes, and a NodePort Service from 80 to the container's 8080.
 */
export class DjangoBlogRollingChart extends Chart {
  public readonly app: SafeRollingDeployment;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: 'blog' } });

    this.app = new SafeRollingDeployment(this, 'django-blog', {
      namespace: 'blog',
      labels: { app: 'django' },
      containerName: 'web',
      image: 'conaco/django-blog:v1',
      replicas: 3,
      ports: [{ port: 8080, name: 'http' }],
      resources: { cpuRequest: '250m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
      startup: Probe.httpGet('/healthz', { portName: 'http', failureThreshold: 30, period: Duration.seconds(10) }),
      readiness: Probe.httpGet('/healthz', { portName: 'http', initialDelay: Duration.seconds(10), period: Duration.seconds(10) }),
      // The seed probed /healthz for liveness too. Identical liveness and readiness probes restart every
      // pod at once when /healthz is slow (kube-score flags it as critical), so liveness only checks that
      // the server accepts connections.
      liveness: Probe.tcpSocket({ portName: 'http', initialDelay: Duration.seconds(10), period: Duration.seconds(10) }),
      service: { type: ServiceType.NODE_PORT, port: 80, targetPortName: 'http' },
    });
  }
}
