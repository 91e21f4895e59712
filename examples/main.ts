import * as path from 'path';
import { App } from 'cdk8s';
import { ArgoRolloutsBlueGreenChart } from './argo-rollouts-blue-green';
import { ArgoRolloutsCanaryChart } from './argo-rollouts-canary';
import { FlaggerBlueGreenChart } from './flagger-blue-green';
import { FlaggerCanaryChart } from './flagger-canary';
import { buildCheckoutFleet } from './fleet-checkout';
import { AutoscalingBlueGreenChart } from './autoscaling-blue-green';
import { AutoscalingCanaryChart } from './autoscaling-canary';
import { GatewayApiCanaryChart } from './gateway-api-canary';
import { GatewayApiMeshCanaryChart } from './gateway-api-mesh-canary';
import { GolangBlueGreenChart } from './seed-000-golang-blue-green';
import { SpringBootRollingChart } from './seed-002-spring-boot';
import { DjangoBlogRollingChart } from './seed-004-django-blog';
import { DjangoBlogCanaryChart } from './seed-004-django-blog-canary';
import { StatefulSetDatabaseChart } from './stateful-set-database';
import { DaemonSetNodeAgentChart } from './daemon-set-node-agent';

/** Every example chart, keyed by the name of its output file in dist/. */
export function buildExamples(app: App): void {
  new GolangBlueGreenChart(app, 'seed-000-golang-blue-green');
  new SpringBootRollingChart(app, 'seed-002-spring-boot-rolling');
  new DjangoBlogRollingChart(app, 'seed-004-django-blog-rolling');
  new DjangoBlogCanaryChart(app, 'seed-004-django-blog-canary');
  new GatewayApiCanaryChart(app, 'gateway-api-canary');
  new AutoscalingBlueGreenChart(app, 'autoscaling-blue-green');
  new AutoscalingCanaryChart(app, 'autoscaling-canary');
  new GatewayApiMeshCanaryChart(app, 'gateway-api-mesh-canary');
  new ArgoRolloutsBlueGreenChart(app, 'argo-rollouts-blue-green');
  new ArgoRolloutsCanaryChart(app, 'argo-rollouts-canary');
  new FlaggerBlueGreenChart(app, 'flagger-blue-green');
  new FlaggerCanaryChart(app, 'flagger-canary');
  new StatefulSetDatabaseChart(app, 'stateful-set-database');
  new DaemonSetNodeAgentChart(app, 'daemon-set-node-agent');
}

if (require.main === module) {
  const app = new App();
  buildExamples(app);
  // A fleet writes one folder per cluster (and one for Argo CD) under its own outdir. It is built (and
  // its props checked) before anything is written: an error stops the synth with nothing half-written.
  const fleet = buildCheckoutFleet(path.join(app.outdir, 'checkout-fleet'));
  app.synth();
  fleet.synth();
}
