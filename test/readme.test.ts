import * as fs from 'fs';
import * as path from 'path';
import { manualPages } from '../scripts/manual';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

  test('starts with the two commands that work on a fresh machine', () => {
    // CI (.ci/run) reads the same block: the first ```sh block, its two lines without comments.
    expect(readme).toMatch(/^# [^\n]+\n\n(<!--[^\n]*-->\n)?```sh\n/);
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstBlock.split('\n').filter(Boolean).map((l) => l.replace(/ *#.*/, ''))).toEqual(['npm install && npx cdk8s synth', 'npm test']);
  });

  test('has one quick start per construct, then the table of the manual\'s pages, one row each', () => {
    const sections = [...readme.matchAll(/^##+ (.*)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(['Use it in your cdk8s app', 'Quick starts', 'SafeRollingDeployment', 'BlueGreenApp', 'CanaryApp', 'The manual']);
    const table = readme.slice(readme.indexOf('## The manual'));
    const rows = [...table.matchAll(/^\| \[[^\]]+\]\((docs\/[^)]+\.md)\) \| .+ \|$/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(manualPages().map((p) => p.file).filter((f) => f.startsWith('docs/')));
  });

  test('stays short: a start, not the manual', () => {
    expect(readme.split('\n').length).toBeLessThan(200);
  });
});
