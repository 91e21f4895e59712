/**
 * The cost of a plan at scale: 1,000 Deployments (rolling 25%/25% and 1/0 at 2 to 20 replicas, some
 * with required anti-affinity), planned in one process. Run by hand: `npm run bench:plan`.
 */
import { planManifests } from '../src/plan';

function deployment(i: number): object {
  const replicas = 2 + (i % 19);
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: 'bench' },
    spec: {
      replicas, minReadySeconds: 5,
      selector: { matchLabels: { app: `app-${i}` } },
      strategy: { type: 'RollingUpdate', rollingUpdate: i % 2 ? { maxSurge: '25%', maxUnavailable: '25%' } : { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: {
          ...(i % 10 === 0 ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: `app-${i}` } }, topologyKey: 'kubernetes.io/hostname' }] } } } : {}),
          containers: [{ name: 'app', image: 'web:1', readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } }],
        },
      },
    },
  };
}

const manifests = Array.from({ length: 1000 }, (_, i) => ({ file: 'bench.yaml', object: deployment(i) }));
const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  const plan = planManifests(manifests);
  runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (plan.apps.length !== 1000) throw new Error('expected 1,000 plans');
}
runs.sort((a, b) => a - b);
console.log(`plan of 1,000 Deployments (markdown and SVG included): median ${runs[2].toFixed(0)} ms, min ${runs[0].toFixed(0)} ms, max ${runs[4].toFixed(0)} ms`);
