import * as fs from 'fs';
import * as path from 'path';
import { renderWalkthroughs, updateReadme } from '../scripts/walkthrough';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

  test('starts with the two commands that work on a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstBlock).toMatch(/^npm install && npx cdk8s synth\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  test('release walkthroughs show the diffs the constructs synthesize today (run `npm run docs` after a change)', () => {
    expect(updateReadme(readme, renderWalkthroughs())).toBe(readme);
  });
});
