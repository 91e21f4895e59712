import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/validation/rules';
import { WAIVER_PREFIX } from '../../src/validation/waivers';

const root = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
const section = fs.readFileSync(path.join(root, 'docs', 'validation.md'), 'utf-8');

describe('the manual\'s page "Validation plugin" (docs/validation.md)', () => {
  test('its rule table lists every rule with its severity, in registry order', () => {
    const rows = [...section.matchAll(/^\| (RS\d{3}) \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(RULES.map((rule) => `${rule.id} ${rule.severity}`));
  });

  test('documents the waiver annotation and the plugin\'s cdk8s.yaml entry as the project uses it', () => {
    expect(section).toContain(`${WAIVER_PREFIX}RS204: "`);
    const project = fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8');
    const version = require('../../package.json').version;
    // The page and the README's "Use it in your cdk8s app" give the same block.
    for (const text of [section, readme]) {
      expect(text).toContain(`  - package: ./node_modules/cdk8s-release-strategies/plugin\n    version: ${version}\n    class: ReleaseStrategiesValidation`);
    }
    // This repository enables it the same way, from its own root.
    expect(project).toContain(`  - package: ./plugin\n    version: ${version}\n    class: ReleaseStrategiesValidation`);
  });
});
