import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const page = fs.readFileSync(path.join(root, 'docs', 'stateful-and-daemon-sets.md'), 'utf-8');
/** Lines without their indentation: the page's code is the examples' code, dedented. */
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join('\n');

describe('docs/stateful-and-daemon-sets.md', () => {
  test('its code is verbatim from the examples, which the example tests compile, synthesize and check', () => {
    const examples = ['stateful-set-database.ts', 'daemon-set-node-agent.ts'].map((f) => lines(fs.readFileSync(path.join(root, 'examples', f), 'utf-8')));
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => lines(m[1]));
    expect(blocks).toHaveLength(2);
    blocks.forEach((block, i) => expect(examples[i]).toContain(block));
  });

  test('README links to it', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf-8')).toContain('(docs/stateful-and-daemon-sets.md)');
  });
});
