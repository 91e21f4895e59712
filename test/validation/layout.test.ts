import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/validation/rules';

const RULES_DIR = path.join(__dirname, '..', '..', 'src', 'validation', 'rules');

test('one rule, one file: rules/<id>-<slug>.ts exports exactly that rule, and the index lists every file once', () => {
  const files = fs.readdirSync(RULES_DIR).filter((f) => f !== 'index.ts').sort();
  for (const file of files) expect(file).toMatch(/^rs[0-9]{3}-[a-z0-9-]+\.ts$/);
  const exported = files.map((file) => {
    const exports = Object.values(require(path.join(RULES_DIR, file))) as { id: string }[];
    expect({ file, count: exports.length }).toEqual({ file, count: 1 });
    expect(exports[0].id.toLowerCase()).toBe(file.slice(0, 5));
    return exports[0];
  });
  expect(RULES).toEqual(exported);
});
