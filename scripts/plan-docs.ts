/**
 * Renders the rollout plan picture of docs/plan.md (docs/plan-seed-004-django-blog-canary.svg) from the
 * example chart with the plan's own code. `npm run docs:plan` writes it; test/plan/readme.test.ts
 * fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { DjangoBlogCanaryChart } from '../examples/seed-004-django-blog-canary';
import { planManifests } from '../src/plan';

export const README_PLAN_SVG = path.join(__dirname, '..', 'docs', 'plan-seed-004-django-blog-canary.svg');

export function renderReadmePlan(): string {
  const chart = new DjangoBlogCanaryChart(Testing.app(), 'seed-004-django-blog-canary');
  const manifests = Testing.synth(chart).map((object) => ({ file: 'dist/seed-004-django-blog-canary.k8s.yaml', object }));
  const plan = planManifests(manifests);
  const app = plan.apps.find((a) => a.title.startsWith('CanaryApp'))!;
  return plan.files[`${app.id}.svg`];
}

if (require.main === module) {
  fs.writeFileSync(README_PLAN_SVG, renderReadmePlan());
  console.log(`${path.relative(process.cwd(), README_PLAN_SVG)} updated`);
}
