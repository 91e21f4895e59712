/**
 * The plugin's cache knows the package's own files (its code, its built-in CRDs) by signature: what
 * stat says of them, not their content (cache.ts, fileSignature).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// fs as it is, with a statSync a test can stop (a file system whose clock does not move between two writes).
jest.mock('fs', () => {
  const actual = jest.requireActual('fs');
  return { ...actual, statSync: jest.fn(actual.statSync), readFileSync: jest.fn(actual.readFileSync) };
});
const actualFs = jest.requireActual('fs') as typeof fs;

// A fresh module per test: it records the files it signed right after a change.
let fileSignature: typeof import('../../src/validation/cache').fileSignature;
let racyFiles: typeof import('../../src/validation/cache').racyFiles;
let unchangedRacyFiles: typeof import('../../src/validation/cache').unchangedRacyFiles;
let dir: string;
let file: string;
beforeEach(() => {
  jest.isolateModules(() => ({ fileSignature, racyFiles, unchangedRacyFiles } = require('../../src/validation/cache')));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-signature-'));
  file = path.join(dir, 'rule.js');
  fs.writeFileSync(file, 'module.exports = 1;');
});
afterEach(() => {
  jest.restoreAllMocks();
  (fs.statSync as jest.Mock).mockImplementation(actualFs.statSync);
  (fs.readFileSync as jest.Mock).mockClear();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an edit that keeps the size and sets the modification time back changes the signature', () => {
  const time = new Date('2026-01-01T00:00:00Z');
  fs.utimesSync(file, time, time);
  const before = fileSignature(file);
  fs.writeFileSync(file, 'module.exports = 2;');
  fs.utimesSync(file, time, time);
  expect(fileSignature(file)).not.toEqual(before);
});

test('a file unchanged for two seconds is signed without reading it', () => {
  jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000);
  (fs.readFileSync as jest.Mock).mockClear();
  const signature = fileSignature(file);
  expect(fileSignature(file)).toEqual(signature);
  expect(fs.readFileSync).not.toHaveBeenCalled();
});

test('a file signed within two seconds of a change is recorded by content: an edit its signature does not show still counts', () => {
  // The same size, times and inode after the edit, as a file system whose clock ticks slower than two writes shows them.
  const unchanged = actualFs.statSync(file, { bigint: true });
  (fs.statSync as jest.Mock).mockReturnValue(unchanged);
  const signature = fileSignature(file);
  const recorded = racyFiles();
  expect(Object.keys(recorded)).toContain(path.resolve(file));
  expect(unchangedRacyFiles(recorded)).toBe(true);
  fs.writeFileSync(file, 'module.exports = 2;');
  expect(fileSignature(file)).toEqual(signature);
  expect(unchangedRacyFiles(recorded)).toBe(false);
  fs.rmSync(file);
  expect(unchangedRacyFiles(recorded)).toBe(false);
});

test('a file signed long after its last change is not recorded', () => {
  jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000);
  const other = path.join(dir, 'other.js');
  fs.writeFileSync(other, 'module.exports = 3;');
  fileSignature(other);
  expect(Object.keys(racyFiles())).not.toContain(path.resolve(other));
});
