import {
  BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, DisruptionBudget, IdleSlot, Pods, RolloutStrategy, IReleaseController, Probe,
  PrometheusAnalysisOptions, ReleaseController, Slot, TrafficRouter,
} from '../../src';
import { expectReferencesResolve } from '../support/references';
import { expectAccepted, find, synth, synthError, toYaml } from '../support/synth';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const analysis: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(http_requests_total{service="{{service}}",code!~"5.."}[{{interval}}])) / sum(rate(http_requests_total{service="{{service}}"}[{{interval}}])) * 100',
};
const autoscaling = { minReplicas: 3, maxReplicas: 12, targetCpuUtilization: 60 };
const controllers: Record<string, () => IReleaseController> = {
  'Argo Rollouts': () => ReleaseController.argoRollouts({ analysis }),
  'Flagger': () => ReleaseController.flagger({ analysis }),
};
const blueGreen: BlueGreenAppProps = { activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready'), autoscaling };
const canary: CanaryAppProps = { stable: { image: V1 }, canary: { image: V2 }, readiness: Probe.httpGet('/ready'), autoscaling,
  trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }) };
const apps: Record<string, (controller: IReleaseController) => any[]> = {
  BlueGreenApp: (releaseController) => synth((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, releaseController })),
  CanaryApp: (releaseController) => synth((chart) => new CanaryApp(chart, 'web', { ...canary, releaseController })),
};

describe.each(Object.keys(controllers))('%s with autoscaling', (controllerName) => {
  describe.each(Object.keys(apps))('%s', (appName) => {
    const out = apps[appName](controllers[controllerName]());
    const hpas = out.filter((m) => m.kind === 'HorizontalPodAutoscaler');

    test('synthesizes the reviewed manifests', () => {
      expect(toYaml(out)).toMatchSnapshot();
    });

    test('strict-valid against the vendored CRDs, accepted by the linters; every reference resolves, the autoscaler\'s target included', () => {
      // Neither linter knows a Rollout's or a Flagger target's owner: the Deployment carries their exemptions.
      expectAccepted(out);
      expectReferencesResolve(out);
    });

    test('one autoscaling/v2 autoscaler with the app\'s range, on the resource the controller scales', () => {
      expect(hpas).toHaveLength(1);
      const [hpa] = hpas;
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12, metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 60 } } }] });
      const template = appName === 'BlueGreenApp' ? 'web-blue' : 'web-stable';
      if (controllerName === 'Argo Rollouts') {
        // The Rollout's /scale subresource: Argo splits the count between stable and canary by weight.
        expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' });
        expect(hpa.metadata.name).toBe('web');
      } else {
        // Flagger: the target's autoscaler, named in the Canary; Flagger copies it for `<target>-primary`.
        expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: template });
        expect(find(out, 'Canary').spec.autoscalerRef).toEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: template });
      }
    });

    test('no replicas field that the controller or the autoscaler owns', () => {
      for (const m of out.filter((o) => ['Deployment', 'Rollout'].includes(o.kind))) expect(m.spec.replicas).toBeUndefined();
    });

    test('sync waves: the autoscaler last, with the controller\'s resource, after the traffic objects', () => {
      const wave = (m: any) => m.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
      expect(wave(hpas[0])).toBe('2');
      expect(wave(find(out, controllerName === 'Flagger' ? 'Canary' : 'Rollout'))).toBe('2');
      expect(wave(find(out, 'Deployment'))).toBe('0');
    });

    test('the disruption budgets are judged at the autoscaler\'s minimum', () => {
      for (const pdb of out.filter((o) => o.kind === 'PodDisruptionBudget')) expect(pdb.spec.maxUnavailable).toBe(1);
    });
  });
});

describe('Argo Rollouts canary with autoscaling: dynamicStableScale', () => {
  test('on with autoscaling (the router decouples weight and pods: the stable would otherwise stay at the whole count), off without', () => {
    const canaryOf = (props: Partial<CanaryAppProps>) => find(synth((chart) => new CanaryApp(chart, 'web', { ...canary, releaseController: controllers['Argo Rollouts'](), ...props })), 'Rollout').spec;
    expect(canaryOf({}).strategy.canary.dynamicStableScale).toBe(true);
    const fixed = canaryOf({ autoscaling: undefined, replicas: 4 });
    expect(fixed.strategy.canary.dynamicStableScale).toBeUndefined();
    expect(fixed.replicas).toBe(4);
  });

  test('a blue/green Rollout has no dynamicStableScale (Argo\'s field is the canary\'s)', () => {
    expect(find(apps.BlueGreenApp(controllers['Argo Rollouts']()), 'Rollout').spec.strategy.blueGreen.dynamicStableScale).toBeUndefined();
  });
});

describe('refused with autoscaling under a controller, naming the prop', () => {
  test.each(Object.keys(controllers))('%s', (controllerName) => {
    const releaseController = controllers[controllerName]();
    expect(synthError((chart) => new CanaryApp(chart, 'web', { ...canary, replicas: 4, releaseController }))).toContain('\'replicas\' is 4; leave it unset with \'autoscaling\'');
    expect(synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, flipReplicas: 4, releaseController })))
      .toContain(`'flipReplicas' is 4; under ${releaseController.name} the controller runs the preview`);
    expect(synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, blue: { image: V2, replicas: 4 }, releaseController })))
      .toContain('\'blue.replicas\' is 4; leave it unset with \'autoscaling\'');
  });

  test('previewReplicas above the autoscaler\'s minimum', () => {
    expect(synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, releaseController: ReleaseController.argoRollouts({ previewReplicas: 4 }) })))
      .toContain('\'releaseController.previewReplicas\' is 4; a whole number from 1 to the app\'s replicas (3, autoscaling.minReplicas)');
  });
});

describe('the reference check the tests apply (test/support/references.ts) fails an autoscaler without a scalable target', () => {
  const out = apps.CanaryApp(controllers.Flagger());
  const retarget = (ref: object) => out.map((m) => (m.kind === 'HorizontalPodAutoscaler' ? { ...m, spec: { ...m.spec, scaleTargetRef: ref } } : m));
  test.each([
    ['a missing Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-gone' }],
    ['a kind without /scale (the Canary)', { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: 'web' }],
  ])('%s', (_, ref) => {
    expect(() => expectReferencesResolve(retarget(ref))).toThrow();
  });
});

describe('capacity and disruption budget judged across the autoscaler\'s range under a controller', () => {
  test.each(Object.keys(controllers))('%s', (controllerName) => {
    const releaseController = controllers[controllerName]();
    // maxUnavailable 10% is 0 pods at 3 (floor 0.3) but 1 pod at 12 (floor 1.2): judged up to maxReplicas.
    expect(synthError((chart) => new CanaryApp(chart, 'web', { ...canary, releaseController,
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: Pods.count(1), maxUnavailable: Pods.percent(10) }) })))
      .toContain('maxUnavailable 10% resolves to 1 pod(s) at up to 12 replicas');
    // minAvailable 3 keeps every pod at the autoscaler's minimum (3): judged at minReplicas.
    expect(synthError((chart) => new BlueGreenApp(chart, 'web', { ...blueGreen, releaseController, disruptionBudget: DisruptionBudget.minAvailable(Pods.count(3)) })))
      .toContain('\'disruptionBudget.minAvailable\' is "3"; it keeps all 3 replica(s)');
  });
});
