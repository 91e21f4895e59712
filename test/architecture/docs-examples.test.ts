import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The TypeScript blocks of a docs page, each of which must be code a test compiles and runs. */
test.each([
  ['docs/routers-and-controllers.md', ['test/traffic/router.test.ts', 'test/controllers/custom-controller.test.ts']],
])('%s: every TypeScript example is the code of a test file, verbatim', (page, sources) => {
  const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const code = sources.map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8'));
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) expect(code.some((source) => source.includes(block))).toBe(true);
});
