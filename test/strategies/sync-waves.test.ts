import {
  BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, CanaryMatch, IdleSlot, Probe, SafeRollingDeployment, Slot, TrafficRouter,
} from '../../src';
import { expectAccepted, synth, synthError } from '../support/synth';

// Argo CD applies a lower sync wave first and starts the next only once every object of the wave is
// healthy (a Deployment: its rollout complete). Objects without the annotation are in wave 0.
const WAVE = 'argocd.argoproj.io/sync-wave';
const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const readiness = Probe.httpGet('/ready');

/** `Kind/name` → its wave ('none' without the annotation). */
const waves = (manifests: any[]) => Object.fromEntries(manifests.map((m) => [`${m.kind}/${m.metadata.name}`, m.metadata.annotations?.[WAVE] ?? 'none']));

const blueGreen = (props: Partial<BlueGreenAppProps>) => synth((chart) => new BlueGreenApp(chart, 'web', {
  activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V2 }, readiness, ...props,
}));
const canary = (props: Partial<CanaryAppProps>) => synth((chart) => new CanaryApp(chart, 'web', {
  stable: { image: V1 }, canary: { image: V2 }, readiness,
  trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'gw', hostnames: ['shop.example.com'] }), ...props,
}));

describe('blue/green: the slot that serves after the commit is healthy before the Services flip to it', () => {
  test('active slot (and its budget) and NetworkPolicy in wave 0, Services in 1, the idle slot in 2', () => {
    expect(waves(blueGreen({ activeSlot: Slot.GREEN }))).toEqual({
      'Deployment/web-green': '0', 'PodDisruptionBudget/web-green-pdb': '0', 'NetworkPolicy/web': '0',
      'Service/web': '1', 'Service/web-preview': '1',
      'Deployment/web-blue': '2', 'PodDisruptionBudget/web-blue-pdb': '2',
    });
  });

  test('one commit that deploys to green, flips to it and scales blue to zero: green up, flip, then blue down', () => {
    const after = blueGreen({ activeSlot: Slot.GREEN, idleSlot: IdleSlot.scaleToZero() });
    const green = after.find((m) => m.metadata.name === 'web-green');
    const blue = after.find((m) => m.metadata.name === 'web-blue');
    const active = after.find((m) => m.kind === 'Service' && m.metadata.name === 'web');
    expect(active.spec.selector['release-strategies.cdk8s.io/slot']).toBe('green');
    expect(Number(green.metadata.annotations[WAVE])).toBeLessThan(Number(active.metadata.annotations[WAVE]));
    expect(blue.spec.replicas).toBe(0);
    expect(Number(blue.metadata.annotations[WAVE])).toBeGreaterThan(Number(active.metadata.annotations[WAVE]));
  });

  test('the waves keep the output valid and clean for the linters', () => {
    expectAccepted(blueGreen({ activeSlot: Slot.GREEN }));
  });
});

describe('canary: weights move only to a healthy canary, and away from it before it scales down', () => {
  test('at weight 0 without a match the canary serves no routed request: after the route', () => {
    expect(waves(canary({ canaryWeight: 0 }))).toEqual({
      'Deployment/web-stable': '0', 'PodDisruptionBudget/web-stable-pdb': '0', 'NetworkPolicy/web': '0',
      'Service/web': '1', 'Service/web-stable': '1', 'Service/web-canary': '1', 'HTTPRoute/web': '1',
      'Deployment/web-canary': '2', 'PodDisruptionBudget/web-canary-pdb': '2',
    });
  });

  test('with a weight, or a match at weight 0, the canary is before the route', () => {
    expect(waves(canary({ canaryWeight: 10 }))['Deployment/web-canary']).toBe('0');
    expect(waves(canary({ canaryWeight: 0, canaryMatch: CanaryMatch.header('X-Canary', 'always') }))['Deployment/web-canary']).toBe('0');
  });

  test('every router\'s objects move traffic: wave 1', () => {
    const istio = waves(canary({ canaryWeight: 10, trafficRouter: TrafficRouter.istio() }));
    expect([istio['VirtualService/web'], istio['DestinationRule/web']]).toEqual(['1', '1']);
    const nginx = waves(canary({ canaryWeight: 10, trafficRouter: TrafficRouter.nginxIngress({ host: 'shop.example.com' }) }));
    expect([nginx['Ingress/web'], nginx['Ingress/web-canary']]).toEqual(['1', '1']);
    expect(waves(canary({ canaryWeight: 10, trafficRouter: TrafficRouter.gatewayApiMesh() }))['HTTPRoute/web']).toBe('1');
  });

  test('replica ratio: a canary with pods serves through the apex Service (wave 0); without pods it follows', () => {
    expect(waves(canary({ trafficRouter: TrafficRouter.replicaRatio(), canaryWeight: 33, replicas: 6 }))['Deployment/web-canary']).toBe('0');
    expect(waves(canary({ trafficRouter: TrafficRouter.replicaRatio(), canaryWeight: 0 }))['Deployment/web-canary']).toBe('2');
  });
});

describe('SafeRollingDeployment', () => {
  test('Deployment before Service; the autoscaler last (a fresh one reports no metrics, Argo CD calls that Degraded)', () => {
    const manifests = synth((chart) => new SafeRollingDeployment(chart, 'web', { image: V1, readiness, autoscaling: { maxReplicas: 6 } }));
    expect(waves(manifests)).toEqual({
      'Deployment/web': '0', 'PodDisruptionBudget/web-pdb': '0', 'NetworkPolicy/web': '0', 'Service/web': '1', 'HorizontalPodAutoscaler/web': '2',
    });
  });
});

describe('opting out', () => {
  test('syncWaves: false writes no sync-wave annotation on any object', () => {
    const all = [
      ...blueGreen({ syncWaves: false }),
      ...canary({ canaryWeight: 10, syncWaves: false }),
      ...synth((chart) => new SafeRollingDeployment(chart, 'web', { image: V1, readiness, autoscaling: { maxReplicas: 6 }, syncWaves: false })),
    ];
    expect(Object.values(waves(all)).every((w) => w === 'none')).toBe(true);
  });

  test('a value that is not a boolean is an error naming the prop', () => {
    expect(synthError((chart) => new SafeRollingDeployment(chart, 'web', { image: V1, readiness, syncWaves: 'no' as any })))
      .toMatch(/SafeRollingDeployment: 'syncWaves' is "no"; .*true or false/);
  });
});
