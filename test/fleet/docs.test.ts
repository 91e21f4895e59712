/**
 * docs/releasing-to-a-fleet.md shows real output: every plan line it quotes is what planFleet prints
 * for the example (its TypeScript blocks are excerpts of the example, checked by test/manual.test.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCheckoutFleet } from '../../examples/fleet-checkout';
import { planFleet } from '../../src/plan';

const root = path.resolve(__dirname, '..', '..');
const page = fs.readFileSync(path.join(root, 'docs', 'releasing-to-a-fleet.md'), 'utf-8');
/** The fenced blocks of one language ('' for plain ones), read fence by fence. */
function blocks(language: string): string[] {
  const found: string[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of page.split('\n')) {
    if (!open && line.startsWith('```')) open = { language: line.slice(3), lines: [] };
    else if (open && line === '```') {
      if (open.language === language) found.push(`${open.lines.join('\n')}\n`);
      open = undefined;
    } else open?.lines.push(line);
  }
  return found;
}

describe('docs/releasing-to-a-fleet.md', () => {
  test('every plan line it quotes is the example\'s plan (released, and with production held back)', () => {
    const outdir = path.join(os.tmpdir(), 'unused');
    const lines = [false, true].flatMap((hold) => planFleet(buildCheckoutFleet(outdir, hold)).rings.map((r) => `- ${r.line}`));
    const quoted = blocks('text').flatMap((b) => b.split('\n')).filter((line) => line.startsWith('- ring '));
    expect(quoted.length).toBe(4);
    for (const line of quoted) expect(lines).toContain(line);
  });
});
