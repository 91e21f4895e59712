import * as fs from 'fs';
import { README_PLAN_SVG, renderReadmePlan } from '../../scripts/plan-docs';

test('the manual\'s rollout plan picture is what the plan code draws today (run `npm run docs:plan` after a change)', () => {
  expect(fs.readFileSync(README_PLAN_SVG, 'utf-8')).toBe(renderReadmePlan());
});

test('the manual\'s page "Rollout plan" shows the picture', () => {
  expect(fs.readFileSync(`${__dirname}/../../docs/plan.md`, 'utf-8')).toContain('](plan-seed-004-django-blog-canary.svg)');
});
