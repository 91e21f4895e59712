import { Pods, Probe, RolloutStrategy, SafeRollingDeployment } from '../../src';

const resolveRollout = RolloutStrategy.resolve;
import { find, synth, synthError } from '../support/synth';

describe('rollout arithmetic (deployment_util.go ResolveFenceposts)', () => {
  // The worked vectors of the facts document: 25%/25%, surge rounds up, unavailable rounds down.
  test.each([
    [1, 1, 0], [2, 1, 0], [3, 1, 0], [4, 1, 1], [5, 2, 1], [10, 3, 2],
  ])('25%%/25%% at %i replicas resolves to surge %i, unavailable %i', (replicas, surge, unavailable) => {
    expect(resolveRollout(replicas, Pods.percent(25), Pods.percent(25))).toEqual({ maxSurge: surge, maxUnavailable: unavailable, forced: false });
  });

  test('absolute numbers are used as they are', () => {
    expect(resolveRollout(3, Pods.count(2), Pods.count(0))).toEqual({ maxSurge: 2, maxUnavailable: 0, forced: false });
  });

  test('when both resolve to 0 the controller forces one pod unavailable', () => {
    // maxSurge 0% + maxUnavailable 10% at 5 replicas silently becomes "one pod down at a time".
    expect(resolveRollout(5, Pods.percent(0), Pods.percent(10))).toEqual({ maxSurge: 0, maxUnavailable: 1, forced: true });
  });

  test('a surge percentage above 0 always gives at least one pod', () => {
    for (let replicas = 1; replicas <= 50; replicas++) {
      expect(resolveRollout(replicas, Pods.percent(1), Pods.count(0)).maxSurge).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('rolling strategy on a SafeRollingDeployment', () => {
  const base = { image: 'registry.example.com/web:1.0.0', readiness: Probe.httpGet('/ready') };

  test('default is maxSurge 25% and maxUnavailable 0, and the resolved numbers are reported', () => {
    let web!: SafeRollingDeployment;
    const manifests = synth((chart) => { web = new SafeRollingDeployment(chart, 'web', { ...base, replicas: 10 }); });
    const deployment = find(manifests, 'Deployment');
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(web.resolvedMaxSurge).toBe(3);
    expect(web.resolvedMaxUnavailable).toBe(0);
    expect(deployment.metadata.annotations['release-strategies.cdk8s.io/rollout']).toBe('maxSurge 25% = 3 pod(s), maxUnavailable 0 = 0 pod(s) at 10 replicas');
  });

  test('Kubernetes\' 25%/25% default is refused at 4 replicas: it lets one pod go', () => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', {
      ...base, replicas: 4, strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.percent(25), maxUnavailable: Pods.percent(25) }),
    }));
    expect(message).toContain('SafeRollingDeployment: \'strategy.maxUnavailable\' is "25%"; maxUnavailable 25% resolves to 1 pod(s) at 4 replicas');
    expect(message).toContain('allowCapacityDrop: true');
  });

  test('25%/25% at 3 replicas keeps capacity (unavailable rounds down to 0) and is accepted', () => {
    const manifests = synth((chart) => new SafeRollingDeployment(chart, 'web', {
      ...base, replicas: 3, strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.percent(25), maxUnavailable: Pods.percent(25) }),
    }));
    expect(find(manifests, 'Deployment').spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' });
  });

  test('the forced unavailability of 0%/10% is refused, and explained', () => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', {
      ...base, replicas: 5, strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.percent(0), maxUnavailable: Pods.percent(10) }),
    }));
    expect(message).toContain('maxSurge 0% and maxUnavailable 10% both resolve to 0 at 5 replicas, so the controller forces 1 pod unavailable');
  });

  test('a capacity drop is accepted when asked for explicitly', () => {
    let web!: SafeRollingDeployment;
    synth((chart) => {
      web = new SafeRollingDeployment(chart, 'web', {
        ...base,
        replicas: 4,
        strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.count(1), allowCapacityDrop: true }),
      });
    });
    expect(web.resolvedMaxUnavailable).toBe(1);
  });

  test.each([
    ['both 0', Pods.count(0), Pods.count(0), /'strategy.maxSurge' is "0"; maxSurge and maxUnavailable cannot both be 0/],
    ['both 0%', Pods.percent(0), Pods.percent(0), /'strategy.maxSurge' is "0%"; maxSurge and maxUnavailable cannot both be 0/],
    ['maxUnavailable over 100%', Pods.count(1), Pods.percent(120), /'strategy.maxUnavailable' is "120%"; a percentage is a whole number from 0 to 100/],
    ['negative maxSurge', Pods.count(-1), Pods.count(0), /'strategy.maxSurge' is "-1"; a pod count is a whole number of at least 0/],
    ['fractional percentage', Pods.percent(12.5), Pods.count(0), /'strategy.maxSurge' is "12.5%"; a percentage is a whole number from 0/],
  ])('what the API server rejects is an error at synth: %s', (_, maxSurge, maxUnavailable, expected) => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', {
      ...base, strategy: RolloutStrategy.rollingUpdate({ maxSurge, maxUnavailable, allowCapacityDrop: true }),
    }));
    expect(message).toMatch(expected);
  });

  test('with an autoscaler the capacity check covers the largest replica count', () => {
    const message = synthError((chart) => new SafeRollingDeployment(chart, 'web', {
      ...base, autoscaling: { minReplicas: 2, maxReplicas: 8 },
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.percent(25) }),
    }));
    expect(message).toContain('maxUnavailable 25% resolves to 2 pod(s) at up to 8 replicas');
  });

  test('Recreate only on explicit request', () => {
    let web!: SafeRollingDeployment;
    const manifests = synth((chart) => { web = new SafeRollingDeployment(chart, 'web', { ...base, strategy: RolloutStrategy.recreate() }); });
    expect(find(manifests, 'Deployment').spec.strategy).toEqual({ type: 'Recreate' });
    expect(web.resolvedMaxSurge).toBeUndefined();
  });
});
