import * as fs from 'fs';
import { README_PLAN_SVG, renderReadmePlan } from '../../scripts/plan-docs';

test('the README\'s rollout plan picture is what the plan code draws today (run `npm run docs:plan` after a change)', () => {
  expect(fs.readFileSync(README_PLAN_SVG, 'utf-8')).toBe(renderReadmePlan());
});

test('the README shows the picture', () => {
  expect(fs.readFileSync(`${__dirname}/../../README.md`, 'utf-8')).toContain('](docs/plan-seed-004-django-blog-canary.svg)');
});
