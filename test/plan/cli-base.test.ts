/**
 * `plan <folder> --base <folder> | git:<revision>`: the review of the change from the base to the
 * folder, read from a second folder or from git (nothing checked out), and clear errors for bad bases.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { BlueGreenApp, BlueGreenAppProps, HostSpreading, IdleSlot, Probe, SafeRollingDeployment, Slot } from '../../src';
import { main } from '../../src/plan/cli';

const APP = (image: string, port: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: "${image}", ports: [{ name: ${port}, containerPort: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: ${port} }]
`;

function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-base-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  const run = (...args: string[]) => {
    const lines: string[] = [];
    const code = main(['plan', dist, '--out', path.join(dir, 'review'), ...args], (l) => lines.push(l), (l) => lines.push(l));
    const out = path.join(dir, 'review');
    return { code, log: lines.join('\n'), written: fs.existsSync(out) ? fs.readdirSync(out).sort() : undefined, plan: () => fs.readFileSync(path.join(out, 'plan.md'), 'utf-8') };
  };
  return { dir, dist, run };
}

test('--base <folder>: an image bump is planned as a rolling update, and passes', () => {
  const w = workspace();
  fs.mkdirSync(path.join(w.dir, 'old'));
  fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), APP('web:1', 'http'));
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:2', 'http'));
  const r = w.run('--base', path.join(w.dir, 'old'));
  expect(r.code).toBe(0);
  expect(r.written).toEqual(['deployment-shop-web.svg', 'plan.md']);
  expect(r.plan()).toMatch(/^# Release review\n\nNo unsafe transition found\./);
  expect(r.plan()).toMatch(/<details><summary>Deployment shop\/web: what applying it does<\/summary>/);
});

test('--base with an --out whose parent folders do not exist: they are created (the review is not exit 1 for a filesystem error)', () => {
  const w = workspace();
  fs.mkdirSync(path.join(w.dir, 'old'));
  fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), APP('web:1', 'http'));
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:2', 'http'));
  const out = path.join(w.dir, 'not', 'yet', 'review');
  const lines: string[] = [];
  expect(main(['plan', w.dist, '--base', path.join(w.dir, 'old'), '--out', out], (l) => lines.push(l), (l) => lines.push(l))).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(['deployment-shop-web.svg', 'plan.md']);
  fs.writeFileSync(path.join(w.dir, 'not', 'file'), '');
  expect(main(['plan', w.dist, '--base', path.join(w.dir, 'old'), '--out', path.join(w.dir, 'not', 'file', 'review')], (l) => lines.push(l), (l) => lines.push(l))).toBe(2);
  expect(lines.pop()).toMatch(/^error: --out .*: the plan cannot be written there: .*\/not\/file is a file, not a folder \(E[A-Z]+\)$/);
});

test('--base git:HEAD reads the committed output with git; a renamed port fails the review (exit 1) with RS403', () => {
  const w = workspace();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: w.dir, stdio: 'pipe' });
  git('init', '-q');
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:1', 'http'));
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'v1');
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:2', 'web'));
  const r = w.run('--base', 'git:HEAD');
  expect(r.code).toBe(1);
  expect(r.log).toMatch(/error: RS403 Service\/shop\/web: .*3 Ready pod\(s\) that were its endpoints drop to 0/);
  expect(r.plan()).toMatch(/\*\*1 unsafe transition\(s\)\*\*/);
  // Nothing changed since the commit: nothing to plan.
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:1', 'http'));
  const same = w.run('--base', 'git:HEAD');
  expect(same.code).toBe(0);
  expect(same.log).toMatch(/nothing changes in the cluster/);
});

test('bad bases and files that are not YAML are clear errors naming them; nothing is written', () => {
  const w = workspace();
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:1', 'http'));
  const missing = w.run('--base', path.join(w.dir, 'nope'));
  expect(missing.code).toBe(2);
  expect(missing.log).toMatch(/--base .*nope: neither a folder of manifests nor git:<revision>/);
  expect(missing.written).toBeUndefined();
  const outside = w.run('--base', 'git:main');
  expect(outside.code).toBe(2);
  expect(outside.log).toMatch(/--base git:main: .* is not in a git repository/);
  execFileSync('git', ['init', '-q'], { cwd: w.dir });
  const noRevision = w.run('--base', 'git:no-such-branch');
  expect(noRevision.log).toMatch(/"no-such-branch" is not a revision of the repository/);
  fs.mkdirSync(path.join(w.dir, 'old'));
  fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), 'kind: [unclosed');
  const broken = w.run('--base', path.join(w.dir, 'old'));
  expect(broken.code).toBe(2);
  expect(broken.log).toMatch(/old\/app\.k8s\.yaml: not valid YAML/);
  expect(broken.written).toBeUndefined();
});

describe('a fleet\'s output: each cluster folder is its own change and its own plan', () => {
  // Two versions of the example fleet's output: production held back at 1.4.2, then released.
  // us-east runs 6 replicas, the others 3: matched across folders, its Deployment would seem to
  // scale from 6 to 3 in every other cluster.
  const { buildCheckoutFleet } = require('../../examples/fleet-checkout');
  const versions = (dir: string) => {
    const held = path.join(dir, 'held');
    const released = path.join(dir, 'released');
    buildCheckoutFleet(held, true).synth();
    buildCheckoutFleet(released, false).synth();
    return { held, released };
  };

  test('--base: only the released ring\'s clusters change, each against its own folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-fleet-'));
    const { held, released } = versions(dir);
    const lines: string[] = [];
    const code = main(['plan', released, '--out', path.join(dir, 'review'), '--base', held], (l) => lines.push(l), (l) => lines.push(l));
    expect(code).toBe(0);
    const log = lines.join('\n');
    // The production ring's two clusters roll to 1.5.0; the others, and the Argo CD folder, change nothing.
    expect(log).toMatch(/^us-west: Deployment shop\/checkout: lowest available 3\/3/m);
    expect(log).toMatch(/^ap-south: Deployment shop\/checkout: lowest available 3\/3/m);
    for (const unchanged of ['canary-eu', 'eu-west', 'us-east']) expect(log).toMatch(new RegExp(`^${unchanged}: nothing changes in the cluster`, 'm'));
    expect(log).not.toMatch(/replicas (6 → 3|3 → 6)/);
    const plan = fs.readFileSync(path.join(dir, 'review', 'plan.md'), 'utf-8');
    expect(plan).toMatch(/^# Release review of \d+ cluster folders\n\nNo unsafe transition in any cluster folder\./);
    expect(plan).toMatch(/^## `us-west`$/m);
    // Each folder's picture has its own name.
    expect(fs.readdirSync(path.join(dir, 'review')).filter((f) => f.endsWith('.svg')).sort()).toEqual([
      'ap-south-deployment-shop-checkout.svg', 'us-west-deployment-shop-checkout.svg',
    ]);
  });

  test('--base --nodes: a cluster folder whose change needs more nodes fails in its own section, the others pass', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-fleet-'));
    const { held, released } = versions(dir);
    // us-west's checkout gets one pod per node (a required anti-affinity term on its pod labels) with the release.
    const file = path.join(released, 'us-west', 'checkout.k8s.yaml');
    const docs = Yaml.load(file).map((o: any) => {
      if (o.kind !== 'Deployment') return o;
      const term = { labelSelector: { matchLabels: o.spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' };
      o.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
      return o;
    });
    fs.writeFileSync(file, Yaml.stringify(...docs));
    const lines: string[] = [];
    const code = main(['plan', released, '--out', path.join(dir, 'review'), '--base', held, '--nodes', '3'], (l) => lines.push(l), (l) => lines.push(l));
    expect(code).toBe(1);
    const errors = lines.filter((l) => l.startsWith('error: '));
    expect(errors).toEqual([expect.stringMatching(/^error: us-west: Deployment shop\/checkout \(.*us-west\/checkout\.k8s\.yaml\): applying this change needs 4 nodes to finish, the cluster has 3/)]);
    const plan = fs.readFileSync(path.join(dir, 'review', 'plan.md'), 'utf-8');
    expect(plan).toMatch(/^No unsafe transition in any cluster folder\. \*\*1 plan error\(s\)\*\* \(cannot finish, or more nodes than the cluster has\) in `us-west`\.$/m);
    expect(plan).toMatch(/^## `us-west`\n\n> \*\*Errors\*\*\n> - Deployment shop\/checkout .*needs 4 nodes/m);
    expect(plan).toMatch(/^## `ap-south`\n\nNo unsafe transition found\.$/m);
  });

  test('without --base: one plan per cluster folder, us-east at its own 6 replicas', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-fleet-'));
    const { released } = versions(dir);
    const lines: string[] = [];
    expect(main(['plan', released, '--out', path.join(dir, 'plan')], (l) => lines.push(l), (l) => lines.push(l))).toBe(0);
    const apps = lines.filter((l) => l.startsWith('Deployment'));
    expect(apps).toHaveLength(5);
    expect(apps.find((l) => l.includes(' in us-east'))).toMatch(/lowest available 6\/6/);
    expect(apps.find((l) => l.includes(' in eu-west'))).toMatch(/lowest available 3\/3/);
  });
});

describe('a base with nothing to compare is refused, not passed', () => {
  test('dist/ not committed at the base revision (cdk8s init ignores it): exit 2, the error says to commit it, --new-app accepts it', () => {
    const w = workspace();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: w.dir, stdio: 'pipe' });
    git('init', '-q');
    fs.writeFileSync(path.join(w.dir, '.gitignore'), 'dist/\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'app without its output');
    fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:2', 'web'));
    const refused = w.run('--base', 'git:HEAD');
    expect(refused.code).toBe(2);
    expect(refused.log).toMatch(/holds no manifests at HEAD/);
    expect(refused.log).toMatch(/\.gitignore lists dist\//);
    expect(refused.log).toMatch(/--new-app/);
    expect(refused.written).toBeUndefined();
    const first = w.run('--base', 'git:HEAD', '--new-app');
    expect(first.code).toBe(0);
    expect(first.plan()).toMatch(/1 created|created/);
  });

  test('an empty base folder is refused the same way; with --new-app every object is created', () => {
    const w = workspace();
    fs.mkdirSync(path.join(w.dir, 'old'));
    fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:2', 'http'));
    const r = w.run('--base', path.join(w.dir, 'old'));
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/--base .*old: the folder holds no manifests, so there is nothing to compare the change with; .*add --new-app/);
    expect(r.written).toBeUndefined();
    const created = w.run('--base', path.join(w.dir, 'old'), '--new-app');
    expect(created.code).toBe(0);
    expect(created.plan()).toMatch(/- objects: 2 created, 0 changed, 0 deleted/);
  });

  test('the first commit of a repository: its parent is no revision, and the error says to use --new-app without --base, which reviews it', () => {
    const w = workspace();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: w.dir, stdio: 'pipe' });
    git('init', '-q');
    fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), APP('web:1', 'http'));
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
    for (const parent of ['HEAD~1', 'HEAD^']) {
      const r = w.run('--base', `git:${parent}`, '--new-app');
      expect(r.code).toBe(2);
      expect(r.log).toBe(`error: --base git:${parent}: HEAD is the first commit of the repository at ${fs.realpathSync(w.dir)}: it has no parent to compare with. `
        + 'Review the first commit of a new app with --new-app and no --base: every object is reviewed as created');
    }
    // A revision that truly does not exist is still refused as such, --new-app or not.
    expect(w.run('--base', 'git:mian~1', '--new-app').log).toMatch(/"mian~1" is not a revision of the repository/);
    const first = w.run('--new-app');
    expect(first.code).toBe(0);
    expect(first.log).toMatch(/^Deployment shop\/web: lowest available 0\/3/m);
    expect(first.plan()).toMatch(/^No unsafe transition found\.$/m);
    expect(first.plan()).toMatch(/- objects: 2 created, 0 changed, 0 deleted/);
    expect(first.plan()).toMatch(/`web` is created with 3 pod\(s\)/);
  });

  test('a missing manifests folder (a failed synth leaves none) is named as such, not as "not in a git repository"', () => {
    const w = workspace();
    fs.rmSync(w.dist, { recursive: true });
    const r = w.run('--base', 'git:HEAD');
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/no such folder of manifests; run `cdk8s synth` first/);
  });
});

test('--help names --new-app without --base and the exit codes', () => {
  const lines: string[] = [];
  expect(main(['plan', '--help'], (l) => lines.push(l))).toBe(0);
  const help = lines.join('\n');
  expect(help).toMatch(/^usage: cdk8s-release-strategies plan <manifests folder> --out <folder> \[--base <folder> \| --base git:<revision>\] \[--new-app\]/);
  expect(help).toMatch(/--new-app .*without --base, every object is reviewed as created/);
  expect(help).toMatch(/Exit codes: 0 done; 1 an unsafe transition, or a release or change that cannot finish or needs more nodes than --nodes;\n2 bad input/);
});


describe('--nodes with --base: the change and the new manifests are checked against the cluster\'s nodes', () => {
  // Two replicas per slot, at most one per node: each slot needs 2 nodes (the slots may share them).
  const blueGreen = (props: Partial<BlueGreenAppProps>) => {
    const chart = Testing.chart();
    new BlueGreenApp(chart, 'web', {
      namespace: 'shop', readiness: Probe.httpGet('/ready'), replicas: 2, activeSlot: Slot.BLUE,
      blue: { image: 'web:1' }, green: { image: 'web:1' }, idleSlot: IdleSlot.keepFull(), spreading: { acrossHosts: HostSpreading.REQUIRED }, ...props,
    });
    return Yaml.stringify(...Testing.synth(chart));
  };
  const change = (before: string, after: string) => {
    const w = workspace();
    fs.mkdirSync(path.join(w.dir, 'old'));
    fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), before);
    fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), after);
    return { review: (...args: string[]) => w.run('--base', path.join(w.dir, 'old'), ...args), plan: w.run };
  };

  test('a change whose step needs more nodes than --nodes fails (exit 1) as the plan without --base does, naming the figure', () => {
    const { review, plan } = change(blueGreen({}), blueGreen({ green: { image: 'web:2' } }));
    expect(plan('--nodes', '1').log).toMatch(/^error: BlueGreenApp shop\/web .*: needs 2 nodes to finish, the cluster has 1/m);
    const r = review('--nodes', '1');
    expect(r.code).toBe(1);
    const errors = r.log.split('\n').filter((l) => l.startsWith('error: '));
    // One error: the new manifests' release needs the same 2 nodes, so it is not repeated.
    expect(errors).toEqual([expect.stringMatching(/^error: BlueGreenApp shop\/web \(.*app\.k8s\.yaml\): applying this change needs 2 nodes to finish, the cluster has 1 \(/)]);
    expect(errors[0]).toMatch(/`web-green` rolls: required anti-affinity on kubernetes\.io\/hostname per revision: 2 node\(s\)/);
    expect(r.log).toMatch(/^BlueGreenApp shop\/web: lowest available 2\/2, ~30 s \(terminating pods gone at ~60 s\), 2 nodes$/m);
    expect(r.plan()).toMatch(/^# Release review\n\n> \*\*Errors\*\*\n> - BlueGreenApp shop\/web .*applying this change needs 2 nodes/);
    expect(r.plan()).toMatch(/^No unsafe transition found by the transition rules\.$/m);
    expect(r.plan()).toMatch(/^- nodes: \*\*2\*\* needed to finish \(per Deployment/m);
    expect(review('--nodes', '2').code).toBe(0);
    expect(review().code).toBe(0);
  });

  test('a change that moves no pod still checks the new manifests\' release against --nodes', () => {
    const { review } = change(blueGreen({}), blueGreen({}));
    const r = review('--nodes', '1');
    expect(r.code).toBe(1);
    expect(r.log).toMatch(/nothing changes in the cluster/);
    expect(r.log).toMatch(/^error: BlueGreenApp shop\/web \(.*\): a release of the new manifests \(as `plan` without --base plans it\) needs 2 nodes to finish, the cluster has 1/m);
    expect(review('--nodes', '2').code).toBe(0);
    const zero = review('--nodes', '0');
    expect(zero.code).toBe(2);
    expect(zero.log).toMatch(/--nodes is 0; a whole number of nodes, 1 or more/);
  });
});

test('a change that creates or deletes objects but moves no pod says so, never "nothing changes in the cluster"', () => {
  const w = workspace();
  // A fixed-size SafeRollingDeployment moved under an autoscaler (replicas handed over, RS406 waived): an HPA is created.
  const rolling = (autoscaled: boolean) => {
    const chart = Testing.chart();
    new SafeRollingDeployment(chart, 'web', {
      namespace: 'shop', image: 'registry.example.com/shop/web:1.4.2', readiness: Probe.httpGet('/ready'),
      ...(autoscaled ? { autoscaling: { minReplicas: 4, maxReplicas: 10 } } : { replicas: 4 }),
    });
    const objects = Testing.synth(chart);
    if (autoscaled) objects.find((o) => o.kind === 'Deployment').metadata.annotations['waive.release-strategies.cdk8s.io/RS406'] = 'edit-last-applied done';
    return Yaml.stringify(...objects);
  };
  fs.mkdirSync(path.join(w.dir, 'old'));
  fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), rolling(false));
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), rolling(true));
  const r = w.run('--base', path.join(w.dir, 'old'));
  expect(r.code).toBe(0);
  expect(r.log).not.toMatch(/nothing changes/);
  expect(r.log).toMatch(/^no pod starts or stops in the plan; objects: 1 created \(HorizontalPodAutoscaler\/shop\/web\), 1 changed, 0 deleted \(when pruned\)$/m);
  expect(r.plan()).toMatch(/^- no pod starts or stops in the plan: no Deployment, StatefulSet or DaemonSet rolls or scales\n- objects: 1 created, 1 changed, 0 deleted/m);
  expect(r.plan()).not.toMatch(/does nothing to the cluster/);
  // The reverse commit deletes it.
  fs.writeFileSync(path.join(w.dir, 'old', 'app.k8s.yaml'), rolling(true));
  fs.writeFileSync(path.join(w.dist, 'app.k8s.yaml'), rolling(false));
  expect(w.run('--base', path.join(w.dir, 'old')).log).toMatch(/^no pod starts or stops in the plan; objects: 0 created, 1 changed, 1 deleted \(HorizontalPodAutoscaler\/shop\/web\) \(when pruned\)$/m);
});
