// A consuming app's own, hand-written ApiObjects (no construct of this library), for the real
// `cdk8s synth` test. With MISTAKES=1 the Deployment carries seed 004's maxSure and seed 002's
// 90 s preStop sleep under the default 30 s grace period.
import { ApiObject, App, Chart } from 'cdk8s';

const mistakes = process.env.MISTAKES === '1';
const labels = { 'app.kubernetes.io/name': 'web' };

const app = new App();
const chart = new Chart(app, 'hand-written', { namespace: 'shop' });
new ApiObject(chart, 'web-deployment', {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    strategy: { rollingUpdate: mistakes ? { maxSure: 1, maxUnavailable: 0 } : { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels },
      spec: {
        ...(mistakes ? {} : { terminationGracePeriodSeconds: 110 }),
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: 'web',
          image: 'registry.example.com/shop/web:1.4.2',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
          lifecycle: { preStop: { exec: { command: ['sleep', '90'] } } },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }],
      },
    },
  },
});
new ApiObject(chart, 'web-service', {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web-svc' },
  spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});
app.synth();
