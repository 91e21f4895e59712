/**
 * Resource quantities and autoscaling targets as Kubernetes defines them (issue #19's smaller findings):
 * every suffix of resource.Quantity, no fractional bytes, a default CPU limit that is never 0m, and
 * CPU utilization targets above 100%.
 */
import { Probe, SafeRollingDeployment, SafeRollingDeploymentProps } from '../../src';
import { find, synth, synthError } from '../support/synth';

const base: SafeRollingDeploymentProps = { image: 'registry.example.com/shop/web:1.4.2', readiness: Probe.httpGet('/ready') };
const build = (props: Partial<SafeRollingDeploymentProps>) => synth((chart) => new SafeRollingDeployment(chart, 'web', { ...base, ...props }));
const errorOf = (props: Partial<SafeRollingDeploymentProps>) => synthError((chart) => new SafeRollingDeployment(chart, 'web', { ...base, ...props }));
const resources = (manifests: any[]) => find(manifests, 'Deployment').spec.template.spec.containers[0].resources;

describe('resource quantities', () => {
  test.each([
    // request, default limit = 5 x request rounded up to a whole millicore
    ['500u', '3m'], // 0.5m x 5 = 2.5m -> 3m
    ['250000n', '2m'], // 0.25m x 5 = 1.25m -> 2m
    ['0.00005', '1m'], // 0.05m x 5 = 0.25m: never 0m
    ['100m', '500m'],
  ])('cpuRequest %j is accepted; the default limit is %s', (cpuRequest, limit) => {
    expect(resources(build({ resources: { cpuRequest } }))).toMatchObject({ requests: { cpu: cpuRequest }, limits: { cpu: limit } });
  });

  test('an explicit cpuLimit below a tiny request still names cpuLimit, the prop the user set', () => {
    expect(errorOf({ resources: { cpuRequest: '500u', cpuLimit: '100u' } })).toMatch(/'resources\.cpuLimit' is "100u"; it must be at least the CPU request \(500u\)/);
  });

  test.each([
    ['memoryRequest', '3.1Gi'], // 3328599654.4 bytes
    ['memoryLimit', '100m'], // 0.1 byte
    ['ephemeralStorageRequest', '1.5Ki'], // 1536 bytes: whole, accepted below
  ])('%s %j: a fractional number of bytes is refused, with a whole alternative', (field, value) => {
    if (value === '1.5Ki') {
      expect(resources(build({ resources: { [field]: value } })).requests['ephemeral-storage']).toBe('1.5Ki');
      return;
    }
    expect(errorOf({ resources: { [field]: value, ...(field === 'memoryLimit' ? { memoryRequest: '100m' } : {}) } }))
      .toMatch(new RegExp(`'resources\\.${field}' is "${value.replace('.', '\\.')}"; it is [0-9.]+ bytes, not a whole number \\(the API server warns "fractional byte value"\\)`));
  });

  test('decimal fractions that are whole bytes are accepted (1.1k = 1100 bytes)', () => {
    expect(resources(build({ resources: { memoryRequest: '1.1k', memoryLimit: '2.5Mi' } }))).toMatchObject({ requests: { memory: '1.1k' }, limits: { memory: '2.5Mi' } });
  });
});

describe('autoscaling.targetCpuUtilization', () => {
  test('above 100 is allowed: utilization is of the request, and the default limit is 5 x the request', () => {
    const hpa = find(build({ autoscaling: { maxReplicas: 6, targetCpuUtilization: 250 } }), 'HorizontalPodAutoscaler');
    expect(hpa.spec.metrics[0].resource.target).toEqual({ type: 'Utilization', averageUtilization: 250 });
  });

  test.each([0, -5, 70.5])('%j is refused', (target) => {
    expect(errorOf({ autoscaling: { maxReplicas: 6, targetCpuUtilization: target } })).toMatch(/'autoscaling\.targetCpuUtilization' is .*; it must be a whole percentage of at least 1/);
  });
});
