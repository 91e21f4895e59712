/**
 * The cost of a plan at scale: 1,000 Deployments (rolling 25%/25% and 1/0 at 2 to 20 replicas, some
 * with required anti-affinity), planned in one process; then the review of a change of all of them
 * (a new image for every Deployment, each behind its Service: transition plan, RS4xx rules, comment
 * and SVGs). Run by hand: `npm run bench:plan`.
 */
import { planManifests, reviewTransition } from '../src/plan';

function deployment(i: number, image = 'web:1'): object {
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
          containers: [{ name: 'app', image, readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } }],
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

const service = (i: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `app-${i}`, namespace: 'bench' }, spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080 }] } });
const before = Array.from({ length: 1000 }, (_, i) => [deployment(i), service(i)]).flat();
const after = Array.from({ length: 1000 }, (_, i) => [deployment(i, 'web:2'), service(i)]).flat();
const reviews: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  const review = reviewTransition(before, after);
  reviews.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (review.plan.apps.length !== 1000 || review.findings.length !== 0) throw new Error('expected 1,000 plans and no finding');
}
reviews.sort((a, b) => a - b);
console.log(`transition review of 1,000 Deployments' image bump (plan, rules, comment, SVG): median ${reviews[2].toFixed(0)} ms, min ${reviews[0].toFixed(0)} ms, max ${reviews[4].toFixed(0)} ms`);
