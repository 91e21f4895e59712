import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Drain, Pods, Probe, RolloutStrategy, SafeRollingDeployment } from '../src';

/**
 * Seed 002: the Spring Boot service that dropped requests under JMeter during `kubectl set image`,
 * with the settings that brought the failures to zero: maxSurge 1 / maxUnavailable 0, an HTTP
 * readiness probe on 8080, a 90 s preStop sleep and a 300 s grace period that covers it; its ConfigMap at
 * /config is released with the code.
 */
export class SpringBootRollingChart extends Chart {
  public readonly app: SafeRollingDeployment;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    this.app = new SafeRollingDeployment(this, 'spring-boot-kubernetes-deployment', {
      containerName: 'spring-boot-kubernetes',
      image: 'a1030907690/centos_java:7.7.1908',
      command: ['java', '-jar', 'spring-boot-kubernetes-0.0.1-SNAPSHOT.jar'],
      replicas: 2,
      ports: [{ port: 8080, name: 'http' }],
      env: { TZ: 'Asia/Shanghai' },
      // The seed's /config as a release: the ConfigMap is named after its content and immutable, so
      // editing application.yml rolls out like a new image (and `rollout undo` brings the old file
      // back while the old ConfigMap is kept: move the old config to `previousConfigs` when editing).
      config: { files: { 'application.yml': 'customValue: hello from the ConfigMap\n' }, mountPath: '/config' },
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.count(0) }),
      readiness: Probe.httpGet('/', {
        port: 8080,
        initialDelay: Duration.seconds(50),
        period: Duration.seconds(5),
        successThreshold: 1,
        failureThreshold: 2,
      }),
      // The seed held old pods for 90 s so long requests could finish, and raised the grace period to
      // 300 s: the default 30 s would have killed the pod in the middle of its sleep.
      drain: Drain.sleep(Duration.seconds(90)),
      terminationGracePeriod: Duration.seconds(300),
      changeCause: 'kubectl set image spring-boot-kubernetes=a1030907690/centos_java:7.7.1908',
    });
  }
}
