/**
 * The transition review: two synthesized versions of an app, what applying the second over the first
 * does (the transition plan) and whether it is safe (the RS4xx rules). Each hazard is built through the
 * public API as a user would write it; each safe release step is checked to stay quiet.
 */
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenApp, CanaryApp, IdleSlot, Probe, SafeRollingDeployment, SafeRollingDeploymentProps, SafeStatefulSet, Slot, TrafficRouter,
} from '../../src';
import { planApps, reviewTransition } from '../../src/plan';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const readiness = Probe.httpGet('/ready');

function synth(build: (scope: Construct) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

const rolling = (props: Partial<SafeRollingDeploymentProps> = {}) => synth((s) => new SafeRollingDeployment(s, 'web', {
  namespace: 'shop', image: V1, readiness, replicas: 4, ...props,
} as SafeRollingDeploymentProps));

const ids = (review: ReturnType<typeof reviewTransition>) => review.findings.map((f) => `${f.ruleId} ${f.object}`);

describe('no change, image bump', () => {
  test('a commit that changes nothing plans nothing and finds nothing', () => {
    const review = reviewTransition(rolling(), rolling());
    expect(review.plan.apps).toEqual([]);
    expect(review.findings).toEqual([]);
    expect(review.files['plan.md']).toMatch(/does nothing to the cluster/);
  });

  test('an image bump plans exactly today\'s plan of that Deployment, and is not flagged', () => {
    const after = rolling({ image: V2 });
    const review = reviewTransition(rolling(), after);
    expect(review.findings).toEqual([]);
    const today = planApps(after.map((object) => ({ file: 'after', object })));
    expect(review.plan.apps).toEqual(today);
    expect(review.plan.objects).toEqual({ created: [], changed: ['Deployment/shop/web'], deleted: [] });
  });
});

describe('RS401: fields the API server refuses to change', () => {
  test('a Deployment\'s selector that changes (a new selector label) is an error naming both values', () => {
    const before = rolling();
    const after = rolling();
    const deployment = after.find((o) => o.kind === 'Deployment');
    deployment.spec.selector.matchLabels.tier = 'web';
    deployment.spec.template.metadata.labels.tier = 'web';
    const review = reviewTransition(before, after);
    expect(ids(review)).toContain('RS401 Deployment/shop/web');
    const finding = review.findings.find((f) => f.ruleId === 'RS401')!;
    expect(finding.path).toBe('spec.selector');
    expect(finding.message).toMatch(/"tier":"web"/);
    expect(finding.message).toMatch(/field is immutable/);
  });

  test('the data of an immutable ConfigMap edited in place is an error; the library\'s config change (a new name) is not', () => {
    const v1 = rolling({ config: { files: { 'a.yml': 'x: 1\n' } } });
    const edited = JSON.parse(JSON.stringify(v1));
    edited.find((o: any) => o.kind === 'ConfigMap').data['a.yml'] = 'x: 2\n';
    expect(ids(reviewTransition(v1, edited))).toContain(`RS401 ConfigMap/shop/${v1.find((o) => o.kind === 'ConfigMap').metadata.name}`);
    const released = rolling({ config: { files: { 'a.yml': 'x: 2\n' } }, previousConfigs: [{ files: { 'a.yml': 'x: 1\n' } }] });
    expect(reviewTransition(v1, released).findings).toEqual([]);
  });

  test('a SafeStatefulSet\'s volume claim grown in the manifest is refused (every spec field but the mutable ones); an image bump is not', () => {
    const db = (image: string, size: string) => synth((s) => new SafeStatefulSet(s, 'db', {
      namespace: 'shop', image, readiness, replicas: 3, ports: [{ port: 5432, name: 'sql' }],
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size }],
    }));
    const review = reviewTransition(db(V1, '10Gi'), db(V1, '20Gi'));
    expect(review.findings.filter((f) => f.ruleId === 'RS401').map((f) => `${f.object} ${f.path}`)).toEqual(['StatefulSet/shop/db spec.volumeClaimTemplates']);
    expect(reviewTransition(db(V1, '10Gi'), db(V2, '10Gi')).findings.filter((f) => f.ruleId === 'RS401')).toEqual([]);
  });
});

describe('RS402: an app renamed (a serving object deleted while its replacement starts)', () => {
  test('renaming a SafeRollingDeployment prunes the old Deployment and Service while the new ones start', () => {
    const review = reviewTransition(rolling(), rolling({ name: 'shop-web' }));
    expect(ids(review)).toEqual(expect.arrayContaining(['RS402 Deployment/shop/web', 'RS402 Service/shop/web']));
    const message = review.findings.find((f) => f.object === 'Deployment/shop/web')!.message;
    expect(message).toMatch(/Deployment\/shop\/shop-web is created in the same commit/);
    expect(message).toMatch(/4 Ready pod\(s\)/);
    expect(message).toMatch(/Argo CD sync waves/);
    expect(message).toMatch(/Flux/);
    expect(message).toMatch(/plain kubectl apply sends everything at once/);
  });
});

describe('RS403: a Service whose endpoints drop before the new ones are ready', () => {
  test('a container port renamed with an image bump: the named targetPort leaves every old pod out', () => {
    const before = rolling({ ports: [{ port: 8080, name: 'http' }] });
    const after = rolling({ image: V2, ports: [{ port: 8080, name: 'web' }] });
    const review = reviewTransition(before, after);
    const finding = review.findings.find((f) => f.ruleId === 'RS403')!;
    expect(finding.object).toBe('Service/shop/web');
    // 4 Ready pods with a port named "http"; the Service now targets "web": none left at apply.
    expect(finding.message).toMatch(/the 4 Ready pod\(s\) that were its endpoints drop to 0/);
    expect(finding.message).toMatch(/"ports":\["http"\]/);
    expect(finding.message).toMatch(/"ports":\["web"\]/);
  });

  test('sync waves do not make a port rename safe: the rolling Deployment replaces the very pods that were the endpoints', () => {
    // Whatever Argo CD applies first, the Deployment's new pods lack the old port name and its old
    // pods lack the new one, so the endpoints empty out before the change finishes.
    const before = rolling({ ports: [{ port: 8080, name: 'http' }] });
    const after = rolling({ image: V2, ports: [{ port: 8080, name: 'web' }] });
    expect(reviewTransition(before, after, { syncWaves: true }).errors.map((f) => f.ruleId)).toContain('RS403');
  });

  const blueGreen = (props: object) => synth((s) => new BlueGreenApp(s, 'web', {
    namespace: 'shop', readiness, replicas: 3, activeSlot: Slot.BLUE, blue: { image: V1 }, syncWaves: false, ...props,
  } as any));

  test('a flip to an idle slot scaled to zero that gets its image in the same commit', () => {
    const before = blueGreen({ idleSlot: IdleSlot.scaleToZero() });
    const after = blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.keepFull() });
    const review = reviewTransition(before, after);
    expect(ids(review)).toContain('RS403 Service/shop/web');
    expect(review.findings.find((f) => f.object === 'Service/shop/web')!.message).toMatch(/the 3 Ready pod\(s\) that were its endpoints drop to 0/);
    // The plan shows it: nothing serves from the flip until green is ready.
    expect(review.plan.apps[0].summary.lowestAvailable).toBe(0);
  });

  test('a flip to a ready, unchanged slot is safe; so is scaling down the slot no Service selects', () => {
    const deployed = blueGreen({ green: { image: V2 }, idleSlot: IdleSlot.keepFull() });
    const flipped = blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.keepFull() });
    const flip = reviewTransition(deployed, flipped);
    expect(flip.findings).toEqual([]);
    expect(flip.plan.apps[0].summary.lowestAvailable).toBe(3);
    const scaledDown = blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.scaleToZero() });
    expect(reviewTransition(flipped, scaledDown).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('RS404: a route weight raised to pods that start in the same commit', () => {
  const canary = (props: object) => synth((s) => new CanaryApp(s, 'web', {
    namespace: 'shop', readiness, stable: { image: V1 }, syncWaves: false,
    trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), ...props,
  } as any));

  test('canary image and weight 10% in one commit', () => {
    const review = reviewTransition(canary({}), canary({ canary: { image: V2 }, canaryWeight: 10 }));
    const finding = review.findings.find((f) => f.ruleId === 'RS404')!;
    expect(finding.object).toBe('HTTPRoute/shop/web');
    expect(finding.message).toMatch(/from 0% to 10%/);
    expect(finding.message).toMatch(/no Ready pod yet/);
  });

  test('a weight step whose canary pods are ready is not flagged', () => {
    const started = canary({ canary: { image: V2 } });
    expect(reviewTransition(started, canary({ canary: { image: V2 }, canaryWeight: 10 })).findings).toEqual([]);
  });
});

describe('RS405: serving capacity that dips while the replacement starts', () => {
  test('starting a replica-ratio canary (seed 004): stable gives up pods while the canary\'s start', () => {
    const ratio = (props: object) => synth((s) => new CanaryApp(s, 'blog', {
      namespace: 'blog', readiness, replicas: 6, stable: { image: V1 }, syncWaves: false, ...props,
    } as any));
    const review = reviewTransition(ratio({}), ratio({ canary: { image: V2 }, canaryWeight: 33 }));
    const finding = review.findings.find((f) => f.ruleId === 'RS405')!;
    expect(finding.object).toBe('Deployment/blog/blog-stable');
    // 33% of 6 = 1.98 → 2 canary pods; stable 6 → 4; the apex Service has 6 endpoints, then 4.
    expect(finding.message).toMatch(/replicas go from 6 to 4/);
    expect(finding.message).toMatch(/has 6 Ready endpoint\(s\) before and 4/);
  });

  const ratio = (props: object) => synth((s) => new CanaryApp(s, 'blog', { namespace: 'blog', readiness, replicas: 6, stable: { image: V1 }, ...props } as any));

  test('the replica ratio\'s stable track shrinks in a later sync wave: under Argo CD the same commit is safe', () => {
    // The canary's 2 pods (wave 0) are healthy before stable goes from 6 to 4 (wave 2).
    const review = reviewTransition(ratio({}), ratio({ canary: { image: V2 }, canaryWeight: 33 }), { syncWaves: true });
    expect(review.errors).toEqual([]);
  });

  test('under kubectl apply, the two commits the message names never dip: replicas 8 first, then 6', () => {
    const start = reviewTransition(ratio({}), ratio({ replicas: 8, canary: { image: V2 }, canaryWeight: 25 })); // 6 stable + 2 canary
    expect(start.errors).toEqual([]);
    const settle = reviewTransition(ratio({ replicas: 8, canary: { image: V2 }, canaryWeight: 25 }), ratio({ canary: { image: V2 }, canaryWeight: 33 })); // 4 + 2
    expect(settle.errors).toEqual([]);
    expect(settle.plan.apps[0].summary.lowestAvailable).toBe(6);
  });
});

describe('RS406: replicas removed under client-side apply', () => {
  test('moving a serving SafeRollingDeployment under an autoscaler', () => {
    const review = reviewTransition(rolling(), rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } }));
    const finding = review.findings.find((f) => f.ruleId === 'RS406')!;
    expect(finding.object).toBe('Deployment/shop/web');
    expect(finding.message).toMatch(/from 4 to absent/);
    expect(finding.message).toMatch(/kubectl apply edit-last-applied deployment\/web -n shop/);
    expect(finding.message).toMatch(/server-side apply/);
  });

  test('waived once the field is handed over, the same way as every rule', () => {
    const after = rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } });
    after.find((o) => o.kind === 'Deployment').metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS406': 'edit-last-applied done on 2026-12-01' };
    const review = reviewTransition(rolling(), after);
    expect(review.errors).toEqual([]);
    expect(review.findings.map((f) => f.waivedBecause)).toContain('edit-last-applied done on 2026-12-01');
  });
});

describe('RS407: configuration removed while the previous pods use it', () => {
  test('a config change without previousConfigs deletes the ConfigMap the old pods (the rollback target) mount', () => {
    const before = rolling({ config: { files: { 'a.yml': 'x: 1\n' } } });
    const review = reviewTransition(before, rolling({ config: { files: { 'a.yml': 'x: 2\n' } } }));
    const old = before.find((o) => o.kind === 'ConfigMap').metadata.name;
    expect(ids(review)).toContain(`RS407 ConfigMap/shop/${old}`);
    expect(review.findings.find((f) => f.ruleId === 'RS407')!.message).toMatch(/rollout undo/);
  });
});

describe('README walkthroughs, replayed commit by commit', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const walkthrough = require('../../scripts/walkthrough');
  const replay = (steps: { title: string; build: (scope: Construct) => void }[], options = {}) => steps.slice(1).map((step, i) => {
    const review = reviewTransition(synth(steps[i].build), synth(step.build), options);
    return { step: step.title, errors: review.errors.map((e) => `${e.ruleId} ${e.object}`), review };
  });

  test('blue/green, commit by commit under plain kubectl apply: deploy to green, no-op, flip, scale down; no error', () => {
    const steps = replay(walkthrough.BLUE_GREEN_STEPS);
    expect(steps.map((s) => s.errors)).toEqual([[], [], [], []]);
    const [deploy, wait, flip, scaleDown] = steps.map((s) => s.review.plan);
    // 1: green rolls from 0 to 2 pods, blue keeps serving its 2.
    expect(deploy.apps[0].notes[0]).toMatch(/web-blue`: unchanged, 2 pod/);
    expect(deploy.apps[0].notes[1]).toMatch(/web-green`: pod template changed: rolls/);
    expect(deploy.apps[0].summary.lowestAvailable).toBe(2);
    expect(wait.apps).toEqual([]);
    // 3: only the Services move; green is ready and unchanged, so nothing dips.
    expect(flip.apps[0].steps.map((s) => s.action)).toEqual(['release starts', expect.stringMatching(/^commit applied: Service `web` selects .*"green"/)]);
    expect(flip.apps[0].summary.lowestAvailable).toBe(2);
    // 4: blue, which no active Service selects any more, scales to 0.
    expect(scaleDown.apps[0].notes[0]).toMatch(/web-blue`: replicas 2 → 0/);
    expect(scaleDown.apps[0].summary.lowestAvailable).toBe(2);
  });

  test('blue/green in one commit: safe where Argo CD orders it with sync waves, refused with the safe sequence under kubectl apply', () => {
    expect(replay(walkthrough.BLUE_GREEN_ONE_COMMIT_STEPS, { syncWaves: true }).map((s) => s.errors)).toEqual([[], []]);
    const plain = replay(walkthrough.BLUE_GREEN_ONE_COMMIT_STEPS);
    expect(plain[0].errors).toEqual(['RS403 Service/shop/web']);
    expect(plain[0].review.errors[0].message).toMatch(/Safe sequence: two commits/);
  });

  test('canary, commit by commit: start at weight 0, 10 %, 25 %, 50 %, promote; no error', () => {
    const steps = replay(walkthrough.CANARY_STEPS);
    expect(steps.map((s) => s.errors)).toEqual([[], [], [], [], []]);
    const plans = steps.map((s) => s.review.plan.apps[0]);
    expect(plans[0].notes[1]).toMatch(/web-canary`: pod template changed: rolls/);
    expect(plans[1].steps[1].action).toMatch(/weight of `web-canary` 0% → 10%/);
    expect(plans[2].steps[1].action).toMatch(/weight of `web-canary` 10% → 25%/);
    expect(plans[3].steps[1].action).toMatch(/weight of `web-canary` 25% → 50%/);
    expect(plans[4].notes.join('\n')).toMatch(/web-stable`: pod template changed: rolls/);
    expect(plans[4].notes.join('\n')).toMatch(/web-canary`: replicas 2 → 0/);
  });

  test('configuration is a release: the new config rolls with the old kept, then the old one goes; no error', () => {
    const steps = replay(walkthrough.CONFIG_STEPS);
    expect(steps.map((s) => s.errors)).toEqual([[], [], []]);
    expect(steps[0].review.plan.objects.created).toEqual([expect.stringMatching(/^ConfigMap\/shop\/web-config-/)]);
    expect(steps[2].review.plan.objects.deleted).toEqual(['ConfigMap/shop/web-config-8910aec140']);
    expect(steps[2].review.plan.apps).toEqual([]);
  });

  test('moving a serving Deployment under an autoscaler: refused with the hand-over until it is waived', () => {
    const before = rolling();
    const after = rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } });
    expect(reviewTransition(before, after).errors.map((e) => e.ruleId)).toEqual(['RS406']);
  });
});
