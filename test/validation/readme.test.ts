import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/validation/rules';
import { WAIVER_PREFIX } from '../../src/validation/waivers';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
const section = readme.slice(readme.indexOf('## Validation plugin'), readme.indexOf('## Examples'));

describe('README "Validation plugin"', () => {
  test('comes right before "## Examples"', () => {
    expect(section.startsWith('## Validation plugin\n')).toBe(true);
  });

  test('its rule table lists every rule with its severity, in registry order', () => {
    const rows = [...section.matchAll(/^\| (RS\d{3}) \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(RULES.map((rule) => `${rule.id} ${rule.severity}`));
  });

  test('documents the waiver annotation and the plugin\'s cdk8s.yaml entry as the project uses it', () => {
    expect(section).toContain(`${WAIVER_PREFIX}RS204: "`);
    const project = fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8');
    const version = require('../../package.json').version;
    expect(section).toContain(`  - package: ./node_modules/cdk8s-release-strategies/plugin\n    version: ${version}\n    class: ReleaseStrategiesValidation`);
    // This repository enables it the same way, from its own root.
    expect(project).toContain(`  - package: ./plugin\n    version: ${version}\n    class: ReleaseStrategiesValidation`);
  });
});
