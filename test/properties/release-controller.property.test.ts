/**
 * Property tests of the release controller options (issue #15): random valid Argo Rollouts option
 * sets on both strategies produce objects valid against the pinned CRDs whose references resolve;
 * a set with one mistake fails with a message naming the prop. PROPERTY_RUNS / PROPERTY_SEED: see config.ts.
 */
import { Duration, Testing } from 'cdk8s';
import fc from 'fast-check';
import {
  ArgoRolloutsOptions, AutoscalingOptions, BlueGreenApp, FlaggerOptions, CanaryApp, CanaryMatch, IdleSlot, Probe, PrometheusAnalysisOptions,
  ReleaseController,
  RolloutStep, Slot,
  TrafficRouter,
} from '../../src';
import { expectReferencesResolve } from '../support/references';
import { find } from '../support/synth';
import { validate } from '../validation/fixtures';
import { assertProperty, INVALID_RUNS, RUNS, timeoutFor } from './config';
import { schemaViolations } from './invariants';

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const runs = Math.max(50, Math.ceil(RUNS / 5));

const analysis: fc.Arbitrary<PrometheusAnalysisOptions> = fc.record({
  address: fc.constantFrom('http://prometheus.monitoring:9090', 'https://prom.example.com'),
  successRateQuery: fc.constantFrom('sum(rate(ok{svc="{{service}}",ns="{{namespace}}"}[{{interval}}])) / sum(rate(all{svc="{{service}}"}[{{interval}}])) * 100'),
  minSuccessRate: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  latencyQuery: fc.option(fc.constant('histogram_quantile(0.99, sum(rate(lat_bucket{svc="{{service}}"}[{{interval}}])) by (le))'), { nil: undefined }),
  interval: fc.option(fc.integer({ min: 1, max: 600 }).map((s) => Duration.seconds(s)), { nil: undefined }),
  failureLimit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  count: fc.option(fc.integer({ min: 4, max: 20 }), { nil: undefined }),
}).map((a) => (a.latencyQuery ? { ...a, maxLatencyMs: 250 } : a));

const blueGreenOptions: fc.Arbitrary<ArgoRolloutsOptions> = fc.record({
  analysis: fc.option(analysis, { nil: undefined }),
  previewAnalysis: fc.option(fc.boolean(), { nil: undefined }),
  autoPromotionDelay: fc.option(fc.integer({ min: 1, max: 3600 }).map((s) => Duration.seconds(s)), { nil: undefined }),
  scaleDownDelay: fc.option(fc.integer({ min: 0, max: 3600 }).map((s) => Duration.seconds(s)), { nil: undefined }),
  previewReplicas: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  antiAffinityWeight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
}).map((o) => ({ ...o, previewAnalysis: o.analysis ? o.previewAnalysis : undefined, autoPromotion: o.autoPromotionDelay ? false : undefined }));

const step = (withAnalysis: boolean): fc.Arbitrary<RolloutStep> => fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((w) => RolloutStep.weight(w)),
  fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }).map((s) => RolloutStep.pause(s === undefined ? undefined : Duration.seconds(s))),
  fc.integer({ min: 1, max: 10 }).map((n) => RolloutStep.canaryScale(n)),
  ...(withAnalysis ? [fc.constant(RolloutStep.analysis())] : []),
);
const canaryOptions: fc.Arbitrary<ArgoRolloutsOptions> = fc.option(analysis, { nil: undefined }).chain((a) =>
  fc.record({ analysis: fc.constant(a), steps: fc.option(fc.array(step(a !== undefined), { minLength: 1, maxLength: 8 }), { nil: undefined }) }));
const routers = [
  () => TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] }),
  () => TrafficRouter.istio(),
  () => TrafficRouter.nginxIngress({ host: 'shop.example.com' }),
];
const canaryCase = fc.record({ options: canaryOptions, router: fc.integer({ min: 0, max: 2 }), match: fc.constantFrom(undefined, 'header', 'cookie'), releasing: fc.boolean(), replicas: fc.integer({ min: 1, max: 10 }) })
  .filter((c) => !(c.router === 0 && c.match === 'cookie'));

const synthBlueGreen = (options: ArgoRolloutsOptions) => {
  const chart = Testing.chart();
  new BlueGreenApp(chart, 'web', { namespace: 'shop', activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready'), releaseController: ReleaseController.argoRollouts(options) });
  return Testing.synth(chart);
};
interface CanaryCase { options: ArgoRolloutsOptions; router: number; match?: string; releasing: boolean; replicas: number }
const synthCanary = (c: CanaryCase) => {
  const chart = Testing.chart();
  new CanaryApp(chart, 'web', {
    namespace: 'shop', stable: { image: V1 }, canary: c.releasing ? { image: V2 } : undefined, replicas: c.replicas, trafficRouter: routers[c.router](),
    canaryMatch: c.match === 'header' ? CanaryMatch.header('X-Canary', 'always') : c.match === 'cookie' ? CanaryMatch.cookie('canary') : undefined,
    readiness: Probe.httpGet('/ready'), releaseController: ReleaseController.argoRollouts(c.options),
  });
  return Testing.synth(chart);
};

/** The validation plugin's errors (its controller rules RS123-RS125 among them). */
const pluginErrors = (manifests: any[]) => validate(manifests).filter((v) => v.severity === 'error').map((v) => `${v.ruleId} ${v.object} ${v.path}: ${v.message}`);

/** Valid against the pinned CRDs and the API server's rules, and every name a Rollout uses exists. */
const valid = (manifests: any[]) => {
  expect(schemaViolations(manifests)).toEqual([]);
  expect(manifests.filter((m) => m.kind === 'Rollout')).toHaveLength(1);
  expectReferencesResolve(manifests);
  expect(pluginErrors(manifests)).toEqual([]);
};

describe('ReleaseController.argoRollouts() properties', () => {
  test(`valid blue/green option sets (${runs} cases) synthesize valid, resolving objects`, () => {
    assertProperty('BlueGreenApp', 'argo valid sets', fc.property(blueGreenOptions, (o) => valid(synthBlueGreen(o))), runs);
  }, timeoutFor(runs));

  test(`valid canary option sets (${runs} cases) synthesize valid, resolving objects`, () => {
    assertProperty('CanaryApp', 'argo valid sets', fc.property(canaryCase, (c) => valid(synthCanary(c))), runs);
  }, timeoutFor(runs));

  /** One mistake and the prop the error must name. */
  const mistakes: fc.Arbitrary<[Partial<ArgoRolloutsOptions>, string, 'blueGreen' | 'canary']> = fc.oneof(
    fc.integer({ min: 101, max: 1000 }).map((w) => [{ steps: [RolloutStep.weight(w)] }, 'releaseController.steps[0]', 'canary'] as const),
    fc.integer({ min: -10, max: 0 }).map((n) => [{ steps: [RolloutStep.canaryScale(n)] }, 'releaseController.steps[0]', 'canary'] as const),
    fc.constant([{ steps: [RolloutStep.analysis()] }, 'releaseController.steps[0]', 'canary'] as const),
    fc.integer({ min: 0, max: 3600 }).map((s) => [{ scaleDownDelay: Duration.seconds(s) }, 'releaseController.scaleDownDelay', 'canary'] as const),
    fc.oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 101, max: 500 })).map((w) => [{ antiAffinityWeight: w }, 'releaseController.antiAffinityWeight', 'blueGreen'] as const),
    fc.integer({ min: 3, max: 50 }).map((n) => [{ previewReplicas: n }, 'releaseController.previewReplicas', 'blueGreen'] as const),
    fc.constant([{ previewAnalysis: true }, 'releaseController.previewAnalysis', 'blueGreen'] as const),
    fc.constant([{ steps: [RolloutStep.pause()] }, 'releaseController.steps', 'blueGreen'] as const),
    fc.integer({ min: 101, max: 1000 }).map((r) => [{ analysis: { address: 'http://p:9090', successRateQuery: 'x', minSuccessRate: r } }, 'releaseController.analysis.minSuccessRate', 'canary'] as const),
    fc.constantFrom('prometheus:9090', 'ftp://p', '').map((a) => [{ analysis: { address: a, successRateQuery: 'x' } }, 'releaseController.analysis.address', 'blueGreen'] as const),
  ).map(([o, prop, strategy]) => [o as Partial<ArgoRolloutsOptions>, prop, strategy]);

  test(`a set with one mistake (${INVALID_RUNS} cases) fails naming the prop`, () => {
    assertProperty('ReleaseController', 'argo invalid sets', fc.property(mistakes, ([options, prop, strategy]) => {
      const run = () => (strategy === 'blueGreen' ? synthBlueGreen(options) : synthCanary({ options, router: 0, match: undefined, releasing: true, replicas: 2 }));
      expect(run).toThrow(`'${prop}' is`);
    }), INVALID_RUNS);
  }, timeoutFor(INVALID_RUNS));
});

const flaggerAnalysis = analysis.map((a) => ({ ...a, interval: a.interval && a.interval.toSeconds() < 10 ? Duration.seconds(10) : a.interval }));
const ascending = fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }).map((w) => [...w].sort((x, y) => x - y));
const percent = fc.integer({ min: 1, max: 100 });
const flaggerWeighted: fc.Arbitrary<FlaggerOptions> = fc.tuple(flaggerAnalysis, percent, percent, fc.option(ascending, { nil: undefined }))
  .map(([a, max, step, weights]) => (weights
    ? { analysis: a, maxWeight: max, stepWeights: weights }
    : { analysis: a, maxWeight: Math.max(max, step), stepWeight: Math.min(max, step) }));
const flaggerIterations: fc.Arbitrary<FlaggerOptions> = fc.tuple(flaggerAnalysis, fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }))
  .map(([a, iterations]) => ({ analysis: a, iterations }));

const synthFlaggerBlueGreen = (options: FlaggerOptions) => {
  const chart = Testing.chart();
  new BlueGreenApp(chart, 'web', { namespace: 'shop', activeSlot: Slot.GREEN, blue: { image: V1 }, green: { image: V2 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready'), releaseController: ReleaseController.flagger(options) });
  return Testing.synth(chart);
};
const synthFlaggerCanary = (options: FlaggerOptions, router: number, match?: string) => {
  const chart = Testing.chart();
  new CanaryApp(chart, 'web', {
    namespace: 'shop', stable: { image: V1 }, canary: { image: V2 }, replicas: 3, trafficRouter: routers[router](),
    canaryMatch: match === 'header' ? CanaryMatch.header('X-Canary', 'always') : match === 'cookie' ? CanaryMatch.cookie('canary') : undefined,
    readiness: Probe.httpGet('/ready'), releaseController: ReleaseController.flagger(options),
  });
  return Testing.synth(chart);
};
const validFlagger = (manifests: any[]) => {
  expect(schemaViolations(manifests)).toEqual([]);
  expect(manifests.filter((m) => m.kind === 'Canary')).toHaveLength(1);
  expectReferencesResolve(manifests);
  expect(pluginErrors(manifests)).toEqual([]);
};

describe('ReleaseController.flagger() properties', () => {
  test(`valid blue/green option sets (${runs} cases) synthesize valid, resolving objects`, () => {
    assertProperty('BlueGreenApp', 'flagger valid sets', fc.property(flaggerIterations, (o) => validFlagger(synthFlaggerBlueGreen(o))), runs);
  }, timeoutFor(runs));

  test(`valid canary option sets, weighted or A/B (${runs} cases) synthesize valid, resolving objects`, () => {
    const cases = fc.oneof(
      fc.tuple(flaggerWeighted, fc.integer({ min: 0, max: 2 }), fc.constant(undefined)),
      fc.tuple(flaggerIterations, fc.integer({ min: 0, max: 2 }), fc.constantFrom('header', 'cookie')).filter(([, r, m]) => !(r === 0 && m === 'cookie')),
    );
    assertProperty('CanaryApp', 'flagger valid sets', fc.property(cases, ([o, r, m]) => validFlagger(synthFlaggerCanary(o, r, m))), runs);
  }, timeoutFor(runs));

  const base = { analysis: { address: 'http://p:9090', successRateQuery: 'x' } };
  const mistakes: fc.Arbitrary<[FlaggerOptions, string, 'blueGreen' | 'canary' | 'ab']> = fc.oneof(
    fc.integer({ min: 1, max: 100 }).map((w) => [{ ...base, stepWeight: w }, 'releaseController.stepWeight', 'blueGreen'] as const),
    fc.integer({ min: 1, max: 100 }).map((w) => [{ ...base, maxWeight: w }, 'releaseController.maxWeight', 'ab'] as const),
    fc.integer({ min: 1, max: 100 }).map((n) => [{ ...base, iterations: n }, 'releaseController.iterations', 'canary'] as const),
    fc.oneof(fc.integer({ min: 101, max: 1000 }), fc.integer({ min: -100, max: 0 })).map((w) => [{ ...base, maxWeight: w }, 'releaseController.maxWeight', 'canary'] as const),
    ascending.filter((w) => w.length > 1).map((w) => [{ ...base, stepWeights: [...w].reverse() }, 'releaseController.stepWeights', 'canary'] as const),
    fc.integer({ min: 1, max: 9 }).map((s) => [{ analysis: { ...base.analysis, interval: Duration.seconds(s) } }, 'releaseController.analysis.interval', 'canary'] as const),
    fc.integer({ min: 0, max: 2000 }).filter((n) => n < 1 || n > 1000).map((n) => [{ ...base, iterations: n }, 'releaseController.iterations', 'blueGreen'] as const),
  ).map(([o, prop, kind]) => [o as FlaggerOptions, prop, kind]);

  test(`a set with one mistake (${INVALID_RUNS} cases) fails naming the prop`, () => {
    assertProperty('ReleaseController', 'flagger invalid sets', fc.property(mistakes, ([options, prop, kind]) => {
      const run = () => (kind === 'blueGreen' ? synthFlaggerBlueGreen(options) : synthFlaggerCanary(options, 1, kind === 'ab' ? 'header' : undefined));
      expect(run).toThrow(`'${prop}' is`);
    }), INVALID_RUNS);
  }, timeoutFor(INVALID_RUNS));
});

/** An app's autoscaling under a controller (issue #25): any valid range, both controllers, both strategies. */
const cpuTarget = fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined });
const autoscalingRange = fc.tuple(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 30 }), cpuTarget)
  .map(([min, extra, cpu]) => ({ minReplicas: min, maxReplicas: min + extra, targetCpuUtilization: cpu }));
type Controlled = { controller: 'argo' | 'flagger'; app: 'blueGreen' | 'canary'; router: number };
const controlled: fc.Arbitrary<Controlled> = fc.record({
  controller: fc.constantFrom('argo' as const, 'flagger' as const), app: fc.constantFrom('blueGreen' as const, 'canary' as const), router: fc.integer({ min: 0, max: 2 }),
});
const synthAutoscaled = (c: Controlled, autoscaling: AutoscalingOptions, extra: object = {}) => {
  const chart = Testing.chart();
  const releaseController = c.controller === 'argo'
    ? ReleaseController.argoRollouts({}) : ReleaseController.flagger({ analysis: { address: 'http://p:9090', successRateQuery: 'x' } });
  if (c.app === 'blueGreen') {
    new BlueGreenApp(chart, 'web', {
      namespace: 'shop', activeSlot: Slot.BLUE, blue: { image: V2 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), readiness: Probe.httpGet('/ready'),
      autoscaling, releaseController, ...extra,
    });
  } else {
    new CanaryApp(chart, 'web', {
      namespace: 'shop', stable: { image: V1 }, canary: { image: V2 }, trafficRouter: routers[c.router](), readiness: Probe.httpGet('/ready'), autoscaling, releaseController, ...extra,
    });
  }
  return Testing.synth(chart);
};

describe('autoscaling under a release controller: properties', () => {
  test(`valid ranges (${runs} cases): one autoscaler on the controller's scalable resource, no replicas it owns, valid and resolving`, () => {
    assertProperty('ReleaseController', 'autoscaled valid sets', fc.property(controlled, autoscalingRange, (c, range) => {
      const out = synthAutoscaled(c, range);
      expect(schemaViolations(out)).toEqual([]);
      expectReferencesResolve(out);
      expect(pluginErrors(out)).toEqual([]);
      const hpas = out.filter((m) => m.kind === 'HorizontalPodAutoscaler');
      expect(hpas).toHaveLength(1);
      expect(hpas[0].spec).toMatchObject({ minReplicas: range.minReplicas, maxReplicas: range.maxReplicas });
      expect(hpas[0].spec.scaleTargetRef.kind).toBe(c.controller === 'argo' ? 'Rollout' : 'Deployment');
      for (const m of out.filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout')) expect(m.spec.replicas).toBeUndefined();
      if (c.controller === 'argo' && c.app === 'canary') expect(find(out, 'Rollout').spec.strategy.canary.dynamicStableScale).toBe(true);
      if (c.controller === 'flagger') expect(find(out, 'Canary').spec.autoscalerRef.name).toBe(hpas[0].metadata.name);
    }), runs);
  }, timeoutFor(runs));

  test(`one mistake (${INVALID_RUNS} cases) fails naming the prop`, () => {
    const mistake = fc.oneof(
      fc.integer({ min: 1, max: 10 }).map((n) => [{ maxReplicas: n, minReplicas: n }, {}, 'autoscaling.maxReplicas'] as const),
      fc.integer({ min: 1, max: 10 }).map((n) => [{ maxReplicas: 12 }, { replicas: n }, 'replicas'] as const),
      fc.integer({ min: 1, max: 10 }).map((n) => [{ maxReplicas: 12, minReplicas: -n }, {}, 'autoscaling.minReplicas'] as const),
    );
    assertProperty('ReleaseController', 'autoscaled invalid sets', fc.property(controlled, mistake, (c, [range, extra, prop]) => {
      expect(() => synthAutoscaled(c, range, extra)).toThrow(`'${prop}' is`);
    }), INVALID_RUNS);
  }, timeoutFor(INVALID_RUNS));
});
