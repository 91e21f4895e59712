/**
 * The transition review: two synthesized versions of an app, what applying the second over the first
 * does (the transition plan) and whether it is safe (the RS4xx rules). Each hazard is built through the
 * public API as a user would write it; each safe release step is checked to stay quiet.
 */
import { JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BlueGreenApp, CanaryApp, CanaryMatch, HostSpreading, IdleSlot, Probe, ReleaseController, SafeRollingDeployment, SafeRollingDeploymentProps,
  SafeStatefulSet, Slot,
  TrafficRouter,
} from '../../src';
import { planApps, reviewTransition } from '../../src/plan';
import { validateManifests } from '../../src/validation/validate';

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
    // The way out keeps the data: resize the claims, orphan-delete the StatefulSet, apply (not a rename: new, empty claims).
    expect(review.findings.find((f) => f.ruleId === 'RS401')!.message).toMatch(/resize each existing claim[^]*kubectl delete statefulset db --cascade=orphan -n shop/);
    expect(reviewTransition(db(V1, '10Gi'), db(V2, '10Gi')).findings.filter((f) => f.ruleId === 'RS401')).toEqual([]);
  });

  test('a SafeStatefulSet\'s image bump is planned (its controller replaces pods one at a time); a change of its Service alone is not a release', () => {
    const db = (image: string, port = 5432) => synth((s) => new SafeStatefulSet(s, 'db', {
      namespace: 'shop', image, readiness, replicas: 3, ports: [{ port, name: 'sql' }],
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
    }));
    const bump = reviewTransition(db(V1), db(V2));
    expect(bump.plan.apps.map((a) => a.title)).toEqual(['StatefulSet shop/db']);
    expect(bump.plan.apps[0].summary.lowestAvailable).toBeLessThan(3);
    expect(bump.files['plan.md']).not.toMatch(/does nothing to the cluster/);
    expect(reviewTransition(db(V1), db(V1)).plan.apps).toEqual([]);
  });

  test('renaming a SafeStatefulSet: its pods counted once (two Services select them), and the message says the data does not follow', () => {
    const db = (name: string) => synth((s) => new SafeStatefulSet(s, 'db', {
      name, namespace: 'shop', image: V1, readiness, replicas: 3, ports: [{ port: 5432, name: 'sql' }],
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
    }));
    const finding = reviewTransition(db('db'), db('ledger')).findings.find((f) => f.ruleId === 'RS402' && f.object === 'StatefulSet/shop/db')!;
    expect(finding.message).toMatch(/its 3 Ready pod\(s\)/);
    expect(finding.message).toMatch(/new, empty volume claims/);
    expect(finding.message).not.toMatch(/\.;/);
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

  test('under Argo CD, an old Deployment that carries PruneLast=true is pruned after the new one is healthy: not flagged', () => {
    const before = rolling();
    const old = before.find((o) => o.kind === 'Deployment');
    old.metadata.annotations = { ...old.metadata.annotations, 'argocd.argoproj.io/sync-options': 'Replace=false, PruneLast=true' };
    const after = rolling({ name: 'shop-web' });
    expect(ids(reviewTransition(before, after, { syncWaves: true }))).not.toContain('RS402 Deployment/shop/web');
    // kubectl apply --prune and Flux know no PruneLast: still a drop.
    expect(ids(reviewTransition(before, after))).toContain('RS402 Deployment/shop/web');
    // The Service clients address is still gone once pruned.
    expect(ids(reviewTransition(before, after, { syncWaves: true }))).toContain('RS402 Service/shop/web');
  });

  test('under Argo CD, old objects that carry Prune=false are kept: nothing drops', () => {
    const before = rolling();
    for (const o of before) o.metadata.annotations = { ...o.metadata.annotations, 'argocd.argoproj.io/sync-options': 'Prune=false' };
    const after = rolling({ name: 'shop-web' });
    expect(ids(reviewTransition(before, after, { syncWaves: true })).filter((id) => id.startsWith('RS402'))).toEqual([]);
    expect(ids(reviewTransition(before, after)).filter((id) => id.startsWith('RS402')).sort()).toEqual(['RS402 Deployment/shop/web', 'RS402 Service/shop/web']);
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
    // Waves cannot order it: the Deployment rolls away from the port name under the old Service.
    const underArgo = reviewTransition(before, after, { syncWaves: true });
    expect(underArgo.errors.map((e) => `${e.ruleId} ${e.object}`)).toEqual(['RS403 Service/shop/web']);
    expect(underArgo.errors[0].message).toMatch(/rolls in place .* three commits/);
  });

  test('the three commits the message names move the Service to a new port without losing an endpoint', () => {
    const commits = [
      rolling({ ports: [{ port: 8080, name: 'http' }] }),
      // 1. A new port under its own name and number (the app listens on both); the Service still targets "http".
      rolling({ image: V2, ports: [{ port: 8080, name: 'http' }, { port: 8081, name: 'web' }] }),
      // 2. The Service targets "web", which every Ready pod declares, on the number its clients call.
      rolling({ image: V2, ports: [{ port: 8080, name: 'http' }, { port: 8081, name: 'web' }], service: { targetPortName: 'web', port: 8080 } }),
      // 3. The old port goes; the pods roll, each with "web".
      rolling({ image: V2, ports: [{ port: 8081, name: 'web' }], service: { targetPortName: 'web', port: 8080 } }),
    ];
    const reviews = commits.slice(1).map((after, i) => reviewTransition(commits[i], after));
    expect(reviews.map((r) => r.errors.map((e) => e.ruleId))).toEqual([[], [], []]);
    // Commit 2 moves no pod: only the Service's targetPort changes.
    expect(reviews[1].plan.objects.changed).toEqual(['Service/shop/web']);
    // Without port, the Service's port follows the target's number (8081): its clients, calling web:8080, fail.
    const renumbered = reviewTransition(commits[1], rolling({ image: V2, ports: [{ port: 8080, name: 'http' }, { port: 8081, name: 'web' }], service: { targetPortName: 'web' } }));
    expect(renumbered.errors.map((e) => `${e.ruleId} ${e.object}`)).toEqual(['RS408 Service/shop/web']);
    expect(renumbered.errors[0].message).toMatch(/port 8080 \(http\) is no longer served: it becomes 8081 \(web\)/);
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
    // The comment: the summary line first; no figure it does not have (a change of two Deployments has no nodes figure).
    expect(review.files['plan.md']).toMatch(/\*\*1 unsafe transition\(s\)\*\*[^]*- \*\*BlueGreenApp shop\/web\*\*: peak 6 pods, lowest available 0 of 3 \(capacity dips\)/);
    expect(review.files['plan.md']).not.toMatch(/undefined/);
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

// Each router's weight is read by its own reader; the rule and the plan read it the same way for all.
describe.each<[string, TrafficRouter, string]>([
  ['Gateway API', TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), 'HTTPRoute/shop/web'],
  ['Gateway API mesh', TrafficRouter.gatewayApiMesh(), 'HTTPRoute/shop/web'],
  ['Istio', TrafficRouter.istio(), 'VirtualService/shop/web'],
  ['NGINX Ingress', TrafficRouter.nginxIngress({ host: 'shop.example.com' }), 'Ingress/shop/web-canary'],
])('RS404: a route weight raised to pods that start in the same commit (%s)', (_name, trafficRouter, route) => {
  const canary = (props: object) => synth((s) => new CanaryApp(s, 'web', {
    namespace: 'shop', readiness, stable: { image: V1 }, syncWaves: false, trafficRouter, ...props,
  } as any));

  test('canary image and weight 10% in one commit', () => {
    const review = reviewTransition(canary({}), canary({ canary: { image: V2 }, canaryWeight: 10 }));
    const finding = review.findings.find((f) => f.ruleId === 'RS404')!;
    expect(finding.object).toBe(route);
    expect(finding.message).toMatch(/from 0% to 10%/);
    expect(finding.message).toMatch(/no Ready pod yet/);
  });

  test('the apex Service narrowed to the stable track (as this library writes it since it stopped selecting both) drops nothing', () => {
    const running = canary({ canary: { image: V2 }, canaryWeight: 10 });
    const apex = (manifests: any[]) => manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'web');
    const before = structuredClone(running);
    delete apex(before).spec.selector['release-strategies.cdk8s.io/track'];
    expect(reviewTransition(before, running).errors).toEqual([]);
  });

  test('starting the canary at weight 0 is summed up without a dip: its pods start, nothing serving stops', () => {
    const review = reviewTransition(canary({}), canary({ canary: { image: V2 } }));
    expect(review.findings).toEqual([]);
    // Istio's apex Service selects both tracks (its subsets), so the canary's pods count as serving there;
    // behind the other routers the canary serves the router's weight only, 0 here.
    expect(review.files['plan.md']).toMatch(trafficRouter.capabilities.apexSelectsAllTracks ? /lowest available 2 of 4 \(2 before\),/ : /lowest available 2 of 2,/);
    expect(review.files['plan.md']).not.toMatch(/capacity dips/);
  });

  test('a weight step whose canary pods are ready is not flagged, and the plan shows the step', () => {
    const started = canary({ canary: { image: V2 } });
    const review = reviewTransition(started, canary({ canary: { image: V2 }, canaryWeight: 10 }));
    expect(review.findings).toEqual([]);
    expect(review.files['plan.md']).toMatch(/weight of `web-canary` 0% → 10%|weight of `web-stable` 100% → 90%/);
  });
});

describe('RS404 for a match rule: canaryMatch sends requests to pods that start in the same commit', () => {
  const gateway = TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] });
  const app = (props: object) => synth((s) => new CanaryApp(s, 'web', {
    namespace: 'shop', readiness, replicas: 3, stable: { image: V1 }, trafficRouter: gateway, ...props,
  } as any));

  test('a canary started with a header match in one commit is refused under kubectl apply, safe under Argo CD (the canary is a wave earlier)', () => {
    const before = app({});
    const after = app({ canary: { image: V2 }, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    const review = reviewTransition(before, after);
    const finding = review.findings.find((f) => f.ruleId === 'RS404')!;
    expect(finding.object).toBe('HTTPRoute/shop/web');
    expect(finding.message).toMatch(/match rule \(canaryMatch\) sends every matching request to Service web-canary/);
    expect(finding.message).toMatch(/no Ready pod yet/);
    expect(reviewTransition(before, after, { syncWaves: true }).findings.filter((f) => f.ruleId === 'RS404')).toEqual([]);
  });

  test.each([
    ['Istio', TrafficRouter.istio(), 'VirtualService/shop/web'],
    ['NGINX Ingress', TrafficRouter.nginxIngress({ host: 'shop.example.com' }), 'Ingress/shop/web-canary'],
  ])('the same under %s: its match rule is read back from its own objects', (_name, router, route) => {
    const routed = (props: object) => synth((s) => new CanaryApp(s, 'web', {
      namespace: 'shop', readiness, replicas: 3, stable: { image: V1 }, trafficRouter: router, ...props,
    } as any));
    const review = reviewTransition(routed({}), routed({ canary: { image: V2 }, canaryMatch: CanaryMatch.header('X-Canary', 'always') }));
    expect(review.findings.filter((f) => f.ruleId === 'RS404').map((f) => f.object)).toEqual([route]);
  });

  test('the match added once the canary runs, or kept while the canary image changes with Ready pods, is not flagged', () => {
    const started = app({ canary: { image: V2 } });
    const matched = app({ canary: { image: V2 }, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    expect(reviewTransition(started, matched).findings.filter((f) => f.ruleId === 'RS404')).toEqual([]);
    const next = app({ canary: { image: 'registry.example.com/shop/web:1.6.0' }, canaryMatch: CanaryMatch.header('X-Canary', 'always') });
    expect(reviewTransition(matched, next).findings.filter((f) => f.ruleId === 'RS404')).toEqual([]);
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
    const settle = reviewTransition( // 4 + 2
      ratio({ replicas: 8, canary: { image: V2 }, canaryWeight: 25 }), ratio({ canary: { image: V2 }, canaryWeight: 33 }));
    expect(settle.errors).toEqual([]);
    expect(settle.plan.apps[0].summary.lowestAvailable).toBe(6);
  });
});

describe('RS406: replicas removed under client-side apply', () => {
  test('moving a serving SafeRollingDeployment under an autoscaler', () => {
    const review = reviewTransition(rolling(), rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } }));
    const finding = review.findings.find((f) => f.ruleId === 'RS406')!;
    expect(finding.object).toBe('Deployment/shop/web');
    expect(finding.message).toBe('Deployment/shop/web: spec.replicas goes from 4 to absent: under client-side kubectl apply the field is deleted and defaults to 1, '
      + 'so 4 running pods become 1 until an autoscaler scales it up again. Before applying, run `kubectl apply edit-last-applied deployment/web -n shop` '
      + 'and delete spec.replicas from the annotation (with server-side apply: hand the field to another field manager first), then waive RS406 on it. '
      + 'Keeping replicas: 4 for another commit does not avoid it: the commit that drops the field resets the count the same way');
  });

  // docs/autoscaling.md, "Moving a serving Deployment under an autoscaler": the waiver as the page writes it.
  const autoscaled = (waived: boolean) => synth((s) => {
    const app = new SafeRollingDeployment(s, 'web', { namespace: 'shop', image: V1, readiness, autoscaling: { minReplicas: 4, maxReplicas: 10 } });
    if (waived) app.deployment.metadata.addAnnotation('waive.release-strategies.cdk8s.io/RS406', 'replicas handed over with edit-last-applied');
    return app;
  });

  test('the page\'s waiver on the construct\'s Deployment passes the commit that adds autoscaling, and is not needed after it', () => {
    const review = reviewTransition(rolling(), autoscaled(true));
    expect(review.errors).toEqual([]);
    expect(review.findings.map((f) => `${f.ruleId} ${f.waivedBecause}`)).toEqual(['RS406 replicas handed over with edit-last-applied']);
    expect(reviewTransition(autoscaled(true), autoscaled(false)).findings).toEqual([]);
  });

  test('keeping replicas one more commit with a patch (the constructs refuse replicas with autoscaling) only postpones RS406', () => {
    const patched = synth((s) => {
      const app = new SafeRollingDeployment(s, 'web', { namespace: 'shop', image: V1, readiness, autoscaling: { minReplicas: 4, maxReplicas: 10 } });
      app.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 4));
    });
    expect(patched.find((o) => o.kind === 'Deployment').spec.replicas).toBe(4);
    expect(reviewTransition(rolling(), patched).errors).toEqual([]);
    // The commit that drops the patch removes the field all the same: the hand-over is still needed.
    expect(reviewTransition(patched, autoscaled(false)).errors.map((e) => `${e.ruleId} ${e.object}`)).toEqual(['RS406 Deployment/shop/web']);
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

describe('RS408: a Service port renumbered (clients of the old number fail)', () => {
  test('service: { port: 80 } where the Service served 8080 (the default, the container port\'s number): refused with both ports and the escape hatch', () => {
    const review = reviewTransition(rolling(), rolling({ service: { port: 80 } }));
    expect(review.errors.map((e) => `${e.ruleId} ${e.object}`)).toEqual(['RS408 Service/shop/web']);
    const finding = review.errors[0];
    expect(finding.path).toBe('spec.ports');
    expect(finding.message).toMatch(/^Service\/shop\/web: port 8080 \(http\) is no longer served: it becomes 80 \(http\) in this commit\. Every client that calls web:8080 \(4 Ready endpoint\(s\) before\) fails/);
    expect(finding.message).toContain("service.addJsonPatch(JsonPatch.add('/spec/ports/-', { name: 'http-8080', port: 8080, targetPort: 'http', protocol: 'TCP' }))");
    expect(finding.message).toMatch(/move every client to port 80, then remove port 8080 in a later commit$/);
    expect(review.files['plan.md']).toMatch(/\*\*1 unsafe transition\(s\)\*\*/);
    // No order of the objects helps: still refused when Argo CD applies the folder.
    expect(reviewTransition(rolling(), rolling({ service: { port: 80 } }), { syncWaves: true }).errors.map((e) => e.ruleId)).toEqual(['RS408']);
  });

  test('the sequence the message names: both ports for a release (the escape hatch on the construct\'s Service), then the old one removed; no error', () => {
    const bothPorts = synth((s) => {
      const web = new SafeRollingDeployment(s, 'web', { namespace: 'shop', image: V1, readiness, replicas: 4, service: { port: 80 } });
      web.service.addJsonPatch(JsonPatch.add('/spec/ports/-', { name: 'http-8080', port: 8080, targetPort: 'http', protocol: 'TCP' }));
    });
    expect(bothPorts.find((o) => o.kind === 'Service').spec.ports.map((p: any) => `${p.name}:${p.port}->${p.targetPort}`)).toEqual(['http:80->http', 'http-8080:8080->http']);
    // The Service with two ports passes every rule of one snapshot.
    expect(validateManifests(bothPorts).filter((v) => v.severity === 'error')).toEqual([]);
    const commits = [rolling(), bothPorts, rolling({ service: { port: 80 } })];
    expect(commits.slice(1).map((after, i) => reviewTransition(commits[i], after).errors)).toEqual([[], []]);
  });

  test('not reported: a port added, a renamed app (the Service is deleted and created: RS402), a new app, a port whose number stays (RS403)', () => {
    const withMetrics = synth((s) => {
      const web = new SafeRollingDeployment(s, 'web', { namespace: 'shop', image: V1, readiness, replicas: 4 });
      web.service.addJsonPatch(JsonPatch.add('/spec/ports/-', { name: 'metrics', port: 9090, targetPort: 'http', protocol: 'TCP' }));
    });
    expect(reviewTransition(rolling(), withMetrics).findings).toEqual([]);
    const renamed = reviewTransition(rolling(), rolling({ name: 'shop-web', service: { port: 80 } }));
    expect(ids(renamed)).toContain('RS402 Service/shop/web');
    expect(ids(renamed).filter((id) => id.startsWith('RS408'))).toEqual([]);
    expect(ids(reviewTransition([], rolling({ service: { port: 80 } })))).toEqual([]);
    // The container port renamed with the image: 8080 is still served, its targetPort changes: RS403 alone.
    const portRenamed = reviewTransition(rolling({ ports: [{ port: 8080, name: 'http' }] }), rolling({ image: V2, ports: [{ port: 8080, name: 'web' }] }));
    expect(portRenamed.errors.map((e) => e.ruleId)).toEqual(['RS403']);
  });

  test('only Services that served: an idle slot scaled to zero has no client to lose; a StatefulSet\'s headless Service has no port of its own', () => {
    const blueGreen = (props: object) => synth((s) => new BlueGreenApp(s, 'web', {
      namespace: 'shop', readiness, replicas: 3, activeSlot: Slot.BLUE, blue: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), ...props,
    } as any));
    expect(ids(reviewTransition(blueGreen({}), blueGreen({ service: { port: 80 } })))).toEqual(['RS408 Service/shop/web']);
    const db = (port: number) => synth((s) => new SafeStatefulSet(s, 'db', {
      namespace: 'shop', image: V1, readiness, replicas: 3, ports: [{ port, name: 'sql' }],
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/db', size: '10Gi' }],
    }));
    const moved = reviewTransition(db(5432), db(5433));
    expect(moved.findings.filter((f) => f.ruleId === 'RS408').map((f) => f.object)).toEqual(['Service/shop/db']);
    expect(moved.findings.find((f) => f.ruleId === 'RS408')!.message).toMatch(/port 5432 \(sql\) is no longer served: it becomes 5433 \(sql\)/);
  });

  test('waived on the Service like every rule', () => {
    const after = rolling({ service: { port: 80 } });
    after.find((o) => o.kind === 'Service').metadata.annotations = { 'waive.release-strategies.cdk8s.io/RS408': 'no client calls 8080: checked in the mesh metrics' };
    const review = reviewTransition(rolling(), after);
    expect(review.errors).toEqual([]);
    expect(review.findings.map((f) => `${f.ruleId} ${f.waivedBecause}`)).toEqual(['RS408 no client calls 8080: checked in the mesh metrics']);
  });
});

describe('RS409: a route deleted while the app it routes to stays', () => {
  const nginx = TrafficRouter.nginxIngress({ host: 'shop.example.com' });
  const gateway = TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] });
  const canary = (trafficRouter: TrafficRouter, annotate?: Record<string, string>) => synth((s) => {
    const web = new CanaryApp(s, 'web', { namespace: 'shop', readiness, stable: { image: V1 }, trafficRouter });
    for (const [key, value] of Object.entries(annotate ?? {})) for (const o of web.routingObjects) o.metadata.addAnnotation(key, value);
  });

  test('nginxIngress replaced by gatewayApi in one commit: both Ingresses are pruned while the app stays', () => {
    const review = reviewTransition(canary(nginx), canary(gateway));
    expect(review.plan.objects).toEqual({ created: ['HTTPRoute/shop/web'], changed: [], deleted: ['Ingress/shop/web', 'Ingress/shop/web-canary'] });
    expect(review.errors.map((e) => `${e.ruleId} ${e.object}`)).toEqual(['RS409 Ingress/shop/web', 'RS409 Ingress/shop/web-canary']);
    const message = review.errors[0].message;
    expect(message).toMatch(/^Ingress\/shop\/web is deleted \(pruned\) in this commit while Service web-stable, which it routes to, stays; HTTPRoute\/shop\/web is created to route to it\./);
    expect(message).toMatch(/through Ingress web \(shop\.example\.com\)/);
    expect(message).toMatch(/Prune=false on it in the commit before/);
    expect(message).toMatch(/apply this commit without --prune/);
    expect(message).toMatch(/kubectl delete ingress web -n shop\)$/);
    // Sync waves do not help: the prune happens in the same sync, DNS still points at ingress-nginx.
    expect(reviewTransition(canary(nginx), canary(gateway), { syncWaves: true }).errors.map((e) => e.ruleId)).toEqual(['RS409', 'RS409']);
  });

  test('an Istio VirtualService replaced by an HTTPRoute: the VirtualService (not the DestinationRule) is reported', () => {
    const review = reviewTransition(canary(TrafficRouter.istio()), canary(gateway));
    expect(review.plan.objects.deleted).toEqual(expect.arrayContaining(['VirtualService/shop/web', 'DestinationRule/shop/web']));
    expect(ids(review)).toEqual(['RS409 VirtualService/shop/web']);
  });

  test('not reported: the same kind and name after (an update: a new host, the HTTPRoute moved from the Gateway to the mesh), the whole app removed', () => {
    expect(reviewTransition(canary(nginx), canary(TrafficRouter.nginxIngress({ host: 'www.example.com' }))).findings).toEqual([]);
    expect(ids(reviewTransition(canary(gateway), canary(TrafficRouter.gatewayApiMesh()))).filter((id) => id.startsWith('RS409'))).toEqual([]);
    // Its Services go with it: nothing is left for the route's traffic to reach. Another app in the folder stays.
    const other = rolling({ name: 'cart' });
    expect(ids(reviewTransition([...other, ...canary(nginx)], other))).toEqual([]);
  });

  test('not reported: an NGINX canary Ingress removed while its host\'s main Ingress stays (the app moved under Argo Rollouts, which writes its own)', () => {
    const moved = synth((s) => new CanaryApp(s, 'web', {
      namespace: 'shop', readiness, stable: { image: V1 }, trafficRouter: nginx, releaseController: ReleaseController.argoRollouts(),
    }));
    const review = reviewTransition(canary(nginx), moved);
    expect(review.plan.objects.deleted).toContain('Ingress/shop/web-canary');
    expect(ids(review).filter((id) => id.startsWith('RS409'))).toEqual([]);
  });

  test('Argo CD: Prune=false on the Ingresses in the commit before keeps them; the review passes it when told Argo CD applies the folder', () => {
    const kept = canary(nginx, { 'argocd.argoproj.io/sync-options': 'Prune=false' });
    expect(reviewTransition(canary(nginx), kept, { syncWaves: true }).errors).toEqual([]);
    expect(reviewTransition(kept, canary(gateway), { syncWaves: true }).errors).toEqual([]);
    // kubectl apply --prune and Flux ignore Argo CD's sync options: still pruned.
    expect(ids(reviewTransition(kept, canary(gateway)))).toEqual(['RS409 Ingress/shop/web', 'RS409 Ingress/shop/web-canary']);
  });

  test('kubectl: the Ingresses\' own waiver (in the commit before) waives the finding on them', () => {
    const waived = canary(nginx, { 'waive.release-strategies.cdk8s.io/RS409': 'applied without --prune; deleted by hand once DNS moved' });
    const review = reviewTransition(waived, canary(gateway));
    expect(review.errors).toEqual([]);
    expect(review.findings.map((f) => f.waivedBecause)).toEqual(['applied without --prune; deleted by hand once DNS moved', 'applied without --prune; deleted by hand once DNS moved']);
  });
});

describe('README walkthroughs, replayed commit by commit', () => {
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

  // docs/autoscaling.md, "An autoscaled blue/green release, commit by commit".
  test('autoscaled blue/green: deploy with flipReplicas, flip, scale the old slot down; no error, and the flip moves no pod', () => {
    const app = (props: object) => (s: Construct) => new BlueGreenApp(s, 'web', {
      namespace: 'shop', readiness, activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 },
      autoscaling: { minReplicas: 2, maxReplicas: 10 }, idleSlot: IdleSlot.scaleToZero(), ...props,
    } as any);
    const deployed = { green: { image: V2 }, idleSlot: IdleSlot.keepFull(), flipReplicas: 4 };
    const steps = replay([
      { title: 'before', build: app({}) },
      { title: '1. deploy to green with flipReplicas', build: app(deployed) },
      { title: '2. flip', build: app({ ...deployed, activeSlot: Slot.GREEN }) },
      { title: '3. scale blue down, flipReplicas removed', build: app({ green: { image: V2 }, activeSlot: Slot.GREEN }) },
    ]);
    expect(steps.map((s) => s.errors)).toEqual([[], [], []]);
    // 1: green starts under its autoscaler at flipReplicas (4); blue keeps serving (its minimum raised to 4 as well).
    expect(steps[0].review.plan.apps[0].notes.join('\n')).toMatch(/web-green`: pod template changed: rolls, replicas 0 → 4/);
    // 2: two selectors change; the Deployments and budgets change only their sync-wave annotation: no pod moves.
    const flip = steps[1].review.plan;
    expect(flip.objects.changed).toEqual(expect.arrayContaining(['Service/shop/web', 'Service/shop/web-preview']));
    expect(flip.apps[0].notes.slice(0, 2)).toEqual(['`web-blue`: unchanged, 4 pod(s)', '`web-green`: unchanged, 4 pod(s)']);
    expect(flip.apps[0].summary.lowestAvailable).toBe(4);
    // 3: blue, now idle, goes to 0 and its autoscaler is deleted (pruned).
    expect(steps[2].review.plan.objects.deleted).toEqual(['HorizontalPodAutoscaler/shop/web-blue']);
  });

  // docs/autoscaling.md, "Canary: the stable track holds its scale-down": traffic back to stable in a commit of its own, then promote.
  test('autoscaled canary: start at 0, weight 10 %, back to 0, promote; no error', () => {
    const app = (props: object) => (s: Construct) => new CanaryApp(s, 'web', {
      namespace: 'shop', readiness, stable: { image: V1 }, autoscaling: { minReplicas: 2, maxReplicas: 10 },
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), ...props,
    } as any);
    const steps = replay([
      { title: 'before', build: app({}) },
      { title: '1. canary at weight 0', build: app({ canary: { image: V2 } }) },
      { title: '2. weight 10', build: app({ canary: { image: V2 }, canaryWeight: 10 }) },
      { title: '3. weight back to 0', build: app({ canary: { image: V2 } }) },
      { title: '4. promote', build: app({ stable: { image: V2 } }) },
    ]);
    expect(steps.map((s) => s.errors)).toEqual([[], [], [], []]);
    expect(steps[1].review.plan.apps[0].steps[1].action).toMatch(/weight of `web-canary` 0% → 10%/);
  });

  test('canary image with its first weight in one commit: refused under kubectl, safe under Argo CD with the library\'s waves', () => {
    const [before, after] = [{}, { canary: { image: V2 }, canaryWeight: 10 }].map((props) => synth((s) => new CanaryApp(s, 'web', {
      namespace: 'shop', readiness, stable: { image: V1 },
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), ...props,
    } as any)));
    const refused = reviewTransition(before, after).errors;
    expect(refused.map((e) => e.ruleId)).toEqual(['RS404']);
    // The library's waves already order it: the message says how to tell the review that Argo CD applies the folder.
    expect(refused[0].message).toMatch(/already order it with sync waves[^]*`syncWaves: true` in the plugin's properties in cdk8s.yaml, `--sync-waves` for `plan --base`/);
    expect(reviewTransition(before, after, { syncWaves: true }).errors).toEqual([]);
    // Without the library's waves (syncWaves: false on the app), the message says which object goes in a lower wave.
    const [b2, a2] = [{}, { canary: { image: V2 }, canaryWeight: 10 }].map((props) => synth((sc) => new CanaryApp(sc, 'web', {
      namespace: 'shop', readiness, stable: { image: V1 }, syncWaves: false,
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), ...props,
    } as any)));
    expect(reviewTransition(b2, a2).errors[0].message).toMatch(/start Deployment\/shop\/web-canary at weight 0 in a lower wave/);
  });

  test('a new app whose canary starts at a weight is not flagged: its route served nothing before', () => {
    const app = synth((s) => new CanaryApp(s, 'web', {
      namespace: 'shop', readiness, stable: { image: V1 }, canary: { image: V2 }, canaryWeight: 10,
      trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }),
    }));
    expect(reviewTransition([], app).errors).toEqual([]);
    // Added beside an app already running in the folder: the same.
    const other = rolling({ name: 'api' });
    expect(reviewTransition(other, [...other, ...app]).errors).toEqual([]);
  });

  test('moving a serving Deployment under an autoscaler: refused with the hand-over until it is waived', () => {
    const before = rolling();
    const after = rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } });
    expect(reviewTransition(before, after).errors.map((e) => e.ruleId)).toEqual(['RS406']);
  });
});

describe('the nodes a change needs (checked against `plan --base --nodes`)', () => {
  const app = (props: object) => synth((s) => new BlueGreenApp(s, 'web', {
    namespace: 'shop', readiness, replicas: 2, activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 },
    idleSlot: IdleSlot.keepFull(), spreading: { acrossHosts: HostSpreading.REQUIRED }, ...props,
  } as any));

  test('each Deployment under its own rule: the live slot keeps its pods one per node, the idle slot rolls per revision', () => {
    const plan = reviewTransition(app({}), app({ green: { image: V2 } })).plan.apps[0];
    expect(plan.summary.nodesNeeded).toBe(2);
    expect(plan.summary.nodesNote).toMatch(/^per Deployment \(no anti-affinity between them\): `web-blue` 2 pod\(s\), required anti-affinity .*: 2 node\(s\); `web-green` rolls: /);
    // The same figure as the plan of the new manifests, whose release is that roll.
    expect(planApps(app({ green: { image: V2 } }).map((object) => ({ file: 'after', object })))[0].summary.nodesNeeded).toBe(2);
    // Below Kubernetes 1.31 the term matches both revisions: the roll's surge pod needs a node of its own.
    expect(plan.summary.nodesNote).toMatch(/without `matchLabelKeys: \[pod-template-hash\]` it would be 3/);
  });

  test('a scale counts the pods kept, at the autoscaler\'s maxReplicas when one scales the Deployment; without a rule, no figure', () => {
    const scaled = reviewTransition(app({}), app({ replicas: 3 })).plan.apps[0];
    expect(scaled.summary.nodesNeeded).toBe(3);
    const autoscaled = (props: object) => app({ replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 5 }, flipReplicas: 2, ...props });
    const rolled = reviewTransition(autoscaled({}), autoscaled({ green: { image: V2 } })).plan.apps[0];
    expect(rolled.summary.nodesNeeded).toBe(5);
    expect(rolled.summary.nodesNote).toMatch(/`web-green` rolls at its autoscaler's maxReplicas 5: /);
    const free = reviewTransition(rolling({ replicas: 2 }), rolling({ replicas: 3 })).plan.apps[0];
    expect(free.summary.nodesNeeded).toBeUndefined();
    expect(free.summary.nodesNote).toBe('no required anti-affinity or hostname spread: any number of nodes');
  });
});

describe('the summary of a change says what its figures count', () => {
  const slots = (props: object) => synth((s) => new BlueGreenApp(s, 'web', {
    namespace: 'shop', readiness, replicas: 2, activeSlot: Slot.GREEN, blue: { image: V1 }, green: { image: V2 }, idleSlot: IdleSlot.keepFull(), ...props,
  } as any));

  test('scaling the old slot down: complete at once for the controllers, its pods terminate until the table\'s end', () => {
    const review = reviewTransition(slots({}), slots({ idleSlot: IdleSlot.scaleToZero() }));
    const app = review.plan.apps[0];
    expect(app.summary.estimatedSeconds).toBe(0);
    expect(app.steps[app.steps.length - 1].time).toBe(30);
    const md = review.files['plan.md'];
    expect(md).toMatch(/^- \*\*BlueGreenApp shop\/web\*\*: peak 4 pods, lowest available 2 of 2, ~0 s \(terminating pods gone at ~30 s\)$/m);
    expect(md).toMatch(/^- estimated duration: ~0 s until complete as the controllers count it \(terminating pods excluded\); the last terminating pod is gone at ~30 s, the table's end /m);
    // 2 serving pods and the old slot's 2 terminating ones: 4 on the nodes at most, 2 of them terminating.
    expect(md).toMatch(/^- peak pods: \*\*4\*\* \(\+2 over 2 replicas\); at most 4 on the nodes counting terminating pods \(up to 2 at once, each holding its node until gone\)$/m);
    expect(md).not.toMatch(/with terminating pods/);
  });

  test('a roll whose old pods outlive its completion says when the last is gone; a plan without terminating pods says none terminates', () => {
    const md = reviewTransition(rolling(), rolling({ image: V2 })).files['plan.md'];
    expect(md).toMatch(/, ~\d+ s \(terminating pods gone at ~\d+ s\)$/m);
    const created = reviewTransition([], rolling()).files['plan.md'];
    expect(created).toMatch(/^- peak pods: \*\*4\*\* \(\+0 over 4 replicas\); no pod terminates$/m);
    expect(created).toMatch(/^- estimated duration: ~\d+ s \(an estimate/m);
  });

  test('moving a fixed-size Deployment under an autoscaler creates one: the summary never says nothing changes', () => {
    const review = reviewTransition(rolling(), rolling({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 10 } }));
    expect(review.plan.apps).toEqual([]);
    expect(review.plan.objects.created).toEqual(['HorizontalPodAutoscaler/shop/web']);
    const md = review.files['plan.md'];
    expect(md).not.toMatch(/does nothing to the cluster/);
    expect(md).toMatch(/^- no pod starts or stops in the plan: no Deployment, StatefulSet or DaemonSet rolls or scales$/m);
    expect(md).toMatch(/^- objects: 1 created, 1 changed, 0 deleted \(when pruned\)$/m);
  });
});
