/**
 * A longer property search than CI's (issue #5): the same properties as test/properties/, with more
 * cases and a fresh random seed, then a summary per construct.
 *
 *   npm run test:properties:long                 # 20000 valid-set cases per construct
 *   npm run test:properties:long -- 50000        # another count
 *   npm run test:properties:long -- 20000 --seed 12345   # replay a seed printed by an earlier run
 *   npm run test:properties:long -- --exclude-known      # keep valid sets clear of the bugs already
 *                                                        # found (arbitraries.ts knownBug), to search for others
 *
 * Invalid sets get a fifth of the count (at least 200) per construct, spread over the mistakes; the
 * lint property a fifth too. The exit code is jest's: non-zero when any property failed.
 */
import { spawnSync } from 'child_process';
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Line {
  construct: string;
  property: string;
  runs: number;
  skips: number;
  failed: boolean;
  seed: number;
  counterexample?: string;
  error?: string;
}

function parseArgs(argv: string[]): { runs: number; seed: number; excludeKnown: boolean } {
  let runs = 20000;
  let seed = randomInt(0, 2 ** 31 - 1);
  let excludeKnown = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--exclude-known') excludeKnown = true;
    else if (arg === '--seed') seed = Number(argv[++i]);
    else if (/^--seed=/.test(arg)) seed = Number(arg.slice('--seed='.length));
    else if (/^[0-9]+$/.test(arg)) runs = Number(arg);
    else throw new Error(`unknown argument ${arg}; usage: properties-long.ts [runs] [--seed N] [--exclude-known]`);
  }
  if (!Number.isInteger(seed)) throw new Error('--seed takes a whole number');
  return { runs, seed, excludeKnown };
}

function main(): number {
  const { runs, seed, excludeKnown } = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..');
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'properties-long-')), 'report.jsonl');
  const flags = excludeKnown ? ' --exclude-known' : '';
  console.log(`property search: PROPERTY_RUNS=${runs} per construct, seed ${seed}${excludeKnown ? ', known bugs excluded from valid sets' : ''}`
    + ` (replay: npm run test:properties:long -- ${runs} --seed ${seed}${flags})`);
  const started = Date.now();
  const jest = spawnSync(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/properties', '--ci'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PROPERTY_RUNS: String(runs), PROPERTY_SEED: String(seed), PROPERTY_REPORT: report, PROPERTY_EXCLUDE_KNOWN: excludeKnown ? '1' : '0' },
  });
  const lines: Line[] = fs.existsSync(report)
    ? fs.readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    : [];

  console.log(`\nseed ${seed}${flags}, ${Math.round((Date.now() - started) / 1000)} s`);
  const constructs = [...new Set(lines.map((l) => l.construct))].sort();
  const rows = constructs.map((construct) => {
    const mine = lines.filter((l) => l.construct === construct);
    const sum = (list: Line[]) => list.reduce((n, l) => n + l.runs, 0);
    const invalid = mine.filter((l) => l.property.startsWith('invalid sets'));
    const valid = mine.filter((l) => !l.property.startsWith('invalid sets'));
    return { construct, valid: sum(valid), invalid: sum(invalid), properties: mine.length, failures: mine.filter((l) => l.failed) };
  });
  console.log('construct'.padEnd(24), 'valid-set cases'.padStart(16), 'invalid-set cases'.padStart(18), 'properties'.padStart(11), 'failures'.padStart(9));
  for (const r of rows) {
    console.log(
      r.construct.padEnd(24), String(r.valid).padStart(16), String(r.invalid).padStart(18), String(r.properties).padStart(11),
      String(r.failures.length).padStart(9),
    );
  }
  for (const r of rows) {
    for (const f of r.failures) {
      console.log(`\nFAILED ${r.construct} / ${f.property} (after ${f.runs} cases)\n  counterexample: ${f.counterexample}\n  ${String(f.error ?? '').split('\n').join('\n  ')}`);
    }
  }
  console.log(`\ncases tried per construct, failures: ${rows.map((r) => `${r.construct} ${r.valid + r.invalid}`).join(', ')}; `
    + `${rows.reduce((n, r) => n + r.failures.length, 0)} failing properties`);
  if (lines.length === 0) console.log('no property reported: did jest start? (see its output above)');
  return jest.status ?? 1;
}

process.exitCode = main();
