import { ReleaseStrategiesValidation } from '../../src/validation/plugin';
import { badApp, container, summary, validate } from './fixtures';

const REQUIRED_PATH = 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]';
const required = (matchLabelKeys?: string[]) => badApp((d) => {
  d.spec.template.spec.affinity.podAntiAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: d.spec.selector.matchLabels }, matchLabelKeys }],
  };
});
const ofRule = (id: string, violations: ReturnType<typeof validate>) => summary(violations).filter((line) => line.startsWith(id));

describe('the plugin\'s target version', () => {
  test('the native sleep action: fine from 1.30 (RS203 reads its seconds), above the target below that', () => {
    const app = badApp((d) => { container(d).lifecycle.preStop = { sleep: { seconds: 10 } }; });
    expect(validate(app)).toEqual([]);
    expect(validate(app, { targetVersion: '1.30' })).toEqual([]);
    const at129 = validate(app, { targetVersion: '1.29' });
    expect(summary(at129)).toEqual(['RS114 Deployment/shop/web spec.template.spec.containers[0].lifecycle.preStop.sleep']);
    expect(at129[0].message).toBe('the preStop sleep action is on by default from Kubernetes 1.30, above the target 1.29: its API server drops it (feature off) or refuses the object');
    // RS203 reads the action's seconds at every target.
    const tooLong = badApp((d) => { container(d).lifecycle.preStop = { sleep: { seconds: 30 } }; });
    expect(ofRule('RS203', validate(tooLong))).toEqual(['RS203 Deployment/shop/web spec.template.spec.terminationGracePeriodSeconds']);
  });

  test('a zero-second sleep from 1.33; matchLabelKeys on an affinity term from 1.31; a native sidecar from 1.29', () => {
    const zero = badApp((d) => { container(d).lifecycle.preStop = { sleep: { seconds: 0 } }; });
    expect(ofRule('RS114', validate(zero, { targetVersion: '1.32' }))).toEqual(['RS114 Deployment/shop/web spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds']);
    expect(ofRule('RS114', validate(zero, { targetVersion: '1.33' }))).toEqual([]);
    expect(ofRule('RS114', validate(required(['pod-template-hash']), { targetVersion: '1.30' }))).toEqual([`RS114 Deployment/shop/web ${REQUIRED_PATH}.matchLabelKeys`]);
    expect(ofRule('RS114', validate(required(['pod-template-hash'])))).toEqual([]);
    const sidecar = badApp((d) => { d.spec.template.spec.initContainers = [{ ...container(d), name: 'proxy', restartPolicy: 'Always' }]; });
    expect(ofRule('RS114', validate(sidecar, { targetVersion: '1.28' }))).toEqual(['RS114 Deployment/shop/web spec.template.spec.initContainers[0].restartPolicy']);
    expect(ofRule('RS114', validate(sidecar, { targetVersion: '1.29' }))).toEqual([]);
  });

  test('trafficDistribution: PreferClose from 1.31, PreferSameZone and PreferSameNode from 1.34', () => {
    const service = (value: string) => badApp((_d, s) => { s.spec.trafficDistribution = value; });
    expect(ofRule('RS114', validate(service('PreferClose'), { targetVersion: '1.30' }))).toEqual(['RS114 Service/shop/web spec.trafficDistribution']);
    expect(ofRule('RS114', validate(service('PreferClose')))).toEqual([]);
    expect(ofRule('RS114', validate(service('PreferSameNode'), { targetVersion: '1.33' }))).toEqual(['RS114 Service/shop/web spec.trafficDistribution']);
    expect(ofRule('RS114', validate(service('PreferSameZone'), { targetVersion: '1.34' }))).toEqual([]);
  });

  test('RS209: the node arithmetic, and the fix by target; revision scoping, no surge or a preferred term pass', () => {
    const at130 = validate(required(), { targetVersion: '1.30' }).find((v) => v.ruleId === 'RS209')!;
    expect(at130.path).toBe(REQUIRED_PATH);
    expect(at130.message).toContain('4 replicas + 1 surge = 5 nodes');
    expect(at130.message).toContain('at target 1.30 it cannot be scoped to a revision (1.31+): run 5 or more nodes and waive RS209');
    expect(ofRule('RS209', validate(required(['pod-template-hash'])))).toEqual([]);
    const noSurge = badApp((d) => {
      d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 1 };
      d.spec.template.spec.affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: d.spec.selector.matchLabels } }] };
    });
    expect(ofRule('RS209', validate(noSurge))).toEqual([]);
    expect(ofRule('RS209', validate(badApp(() => undefined)))).toEqual([]);
  });

  test('a bad targetVersion is an error naming the value, from validateManifests and the plugin', () => {
    expect(() => validate([], { targetVersion: 'one' })).toThrow('ReleaseStrategiesValidation: targetVersion is "one"; it must be a Kubernetes version "1.27" to "1.37"');
    const plugin = new ReleaseStrategiesValidation({ targetVersion: 1.3 });
    return expect(plugin.validate({ manifests: [], metadata: {}, report: {} as any, parseManifest: () => [] } as any)).rejects.toThrow('the number 1.3 loses trailing zeros');
  });
});
