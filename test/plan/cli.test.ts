import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/plan/cli';

const DEPLOYMENT = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: ${extra} } }
  template:
    metadata: { labels: { app: web } }
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: { matchLabels: { app: web } }
              topologyKey: kubernetes.io/hostname
      containers: [{ name: app, image: "web:1" }]
`;

function run(files: Record<string, string>, ...args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-cli-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dist, name), text);
  const out = path.join(dir, 'plan');
  const lines: string[] = [];
  const code = main(['plan', dist, '--out', out, ...args], (l) => lines.push(l), (l) => lines.push(l));
  return { code, out: lines.join('\n'), written: fs.existsSync(out) ? fs.readdirSync(out).sort() : undefined, dir, dist };
}

test('writes plan.md and one SVG per app, outside the manifests folder', () => {
  const r = run({ 'app.k8s.yaml': DEPLOYMENT('0') });
  expect(r.code).toBe(0);
  expect(r.written).toEqual(['deployment-shop-web.svg', 'plan.md']);
  expect(fs.readdirSync(r.dist)).toEqual(['app.k8s.yaml']);
  expect(fs.readFileSync(path.join(r.dir, 'plan', 'plan.md'), 'utf-8')).toMatch(/\*\*4\*\* needed to finish/);
});

test('--nodes below what the release needs is an error (required anti-affinity: replicas + 1 nodes)', () => {
  const r = run({ 'app.k8s.yaml': DEPLOYMENT('0') }, '--nodes', '3');
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/Deployment shop\/web .*needs 4 nodes to finish, the cluster has 3/);
  expect(run({ 'app.k8s.yaml': DEPLOYMENT('0') }, '--nodes', '4').code).toBe(0);
});

test('a file that is not YAML: an error naming the file, nothing written', () => {
  const r = run({ 'a.k8s.yaml': DEPLOYMENT('0'), 'b.k8s.yaml': 'kind: [unclosed' });
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/b\.k8s\.yaml: not valid YAML/);
  expect(r.written).toBeUndefined();
});

test('invalid rollout values: an error naming the file, the object and the field', () => {
  const r = run({ 'a.k8s.yaml': DEPLOYMENT('"5"') });
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/a\.k8s\.yaml: Deployment\/shop\/web: spec\.strategy\.rollingUpdate\.maxUnavailable is "5"/);
  expect(r.written).toBeUndefined();
  const zero = run({ 'a.k8s.yaml': DEPLOYMENT('0').replace('maxSurge: 1', 'maxSurge: 0%') });
  expect(zero.out).toMatch(/may not both be 0/);
});

test('refuses to write into the manifests folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-cli-'));
  fs.writeFileSync(path.join(dir, 'a.yaml'), DEPLOYMENT('0'));
  const lines: string[] = [];
  expect(main(['plan', dir, '--out', path.join(dir, 'plan')], (l) => lines.push(l), (l) => lines.push(l))).toBe(2);
  expect(lines.join('\n')).toMatch(/never written among the manifests/);
});

describe('--out', () => {
  const plan = (dist: string, out: string) => {
    const lines: string[] = [];
    let code: number | undefined;
    // Never a throw: every filesystem error of --out is a one-line message and exit 2.
    expect(() => { code = main(['plan', dist, '--out', out], (l) => lines.push(l), (l) => lines.push(l)); }).not.toThrow();
    return { code, out: lines.join('\n') };
  };

  test('missing parent folders are created, as mkdir -p does; a second run replaces the previous plan', () => {
    const r = run({ 'app.k8s.yaml': DEPLOYMENT('0') });
    const out = path.join(r.dir, 'not', 'yet', 'review');
    expect(plan(r.dist, out).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['deployment-shop-web.svg', 'plan.md']);
    fs.writeFileSync(path.join(out, 'old-app.svg'), '<svg/>');
    expect(plan(r.dist, out).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['deployment-shop-web.svg', 'plan.md']);
    // No temporary folder left beside it.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['review']);
  });

  test('a filesystem error (a file where a parent folder should be) is exit 2 with one line naming --out', () => {
    const r = run({ 'app.k8s.yaml': DEPLOYMENT('0') });
    fs.writeFileSync(path.join(r.dir, 'notes.txt'), 'mine');
    const p = plan(r.dist, path.join(r.dir, 'notes.txt', 'review'));
    expect(p.code).toBe(2);
    expect(p.out.replace(/\((EEXIST|ENOTDIR)\)$/, '(code)'))
      .toBe(`error: --out ${path.join(r.dir, 'notes.txt', 'review')}: the plan cannot be written there: ${path.join(r.dir, 'notes.txt')} is a file, not a folder (code)`);
    expect(p.out.split('\n')).toHaveLength(1); // no stack trace
    expect(fs.readFileSync(path.join(r.dir, 'notes.txt'), 'utf-8')).toBe('mine');
  });

  test('a file, or a folder holding anything a plan does not write, is never replaced (--out . would delete the project)', () => {
    const r = run({ 'app.k8s.yaml': DEPLOYMENT('0') });
    fs.writeFileSync(path.join(r.dir, 'notes.txt'), 'mine');
    const file = plan(r.dist, path.join(r.dir, 'notes.txt'));
    expect(file.code).toBe(2);
    expect(file.out).toMatch(/--out .*notes\.txt is a file, not a folder/);
    expect(fs.readFileSync(path.join(r.dir, 'notes.txt'), 'utf-8')).toBe('mine');
    const project = plan(r.dist, r.dir);
    expect(project.code).toBe(2);
    expect(project.out).toMatch(/holds "dist", "notes\.txt", "plan", which a plan does not write: the plan replaces the whole --out folder/);
    expect(fs.readdirSync(r.dir).sort()).toEqual(['dist', 'notes.txt', 'plan']);
  });
});
