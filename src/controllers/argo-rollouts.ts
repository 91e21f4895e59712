import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { wholeSeconds } from '../core/duration';
import { structKeys } from '../core/known-keys';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { checkedAnalysis, fillQuery, PrometheusAnalysisOptions, ResolvedAnalysis } from './analysis';
import { bindSlotsOrTracks, checkControllerOptions, controllerAutoscaler, OPTIONS_PROP } from './built-in';
import { IReleaseController, ReleasedApp } from './released-app';
import { ScaleTarget } from '../workload/autoscaling';

/** The Argo Rollouts API group and version of the pinned CRDs (v1.9.1). */
export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

/** What a canary step does. */
export enum RolloutStepType {
  /** Send a percentage of traffic to the canary. */
  SET_WEIGHT = 'SET_WEIGHT',
  /** Wait: for a duration, or until someone promotes. */
  PAUSE = 'PAUSE',
  /** Run the analysis and continue only when it passes. */
  ANALYSIS = 'ANALYSIS',
  /** Run a given number of canary pods, independently of the weight. */
  SET_CANARY_SCALE = 'SET_CANARY_SCALE',
}

/** One step of an Argo Rollouts canary. */
export class RolloutStep {
  /** Send `weight` percent of requests to the canary (a whole number from 0 to 100). */
  public static weight(weight: number): RolloutStep {
    return new RolloutStep(RolloutStepType.SET_WEIGHT, weight);
  }

  /** Wait `duration` (whole seconds), or, without one, until someone promotes (`kubectl argo rollouts promote`). */
  public static pause(duration?: Duration): RolloutStep {
    return new RolloutStep(RolloutStepType.PAUSE, undefined, duration);
  }

  /** Run the controller's `analysis` to completion; the release aborts when it fails. */
  public static analysis(): RolloutStep {
    return new RolloutStep(RolloutStepType.ANALYSIS);
  }

  /** Run `replicas` canary pods from now on, whatever the weight (at least 1). */
  public static canaryScale(replicas: number): RolloutStep {
    return new RolloutStep(RolloutStepType.SET_CANARY_SCALE, replicas);
  }

  private constructor(
    /** What the step does. */
    public readonly type: RolloutStepType,
    /** The weight or the replica count. */
    public readonly amount?: number,
    /** The pause's duration. */
    public readonly duration?: Duration) {}

  /** @internal The step as the Rollout writes it; problems under `prop`. */
  public _render(problems: Problems, prop: string, analysis: (() => object) | undefined): object {
    switch (this.type) {
      case RolloutStepType.SET_WEIGHT:
        problems.check(isWholeNumber(this.amount ?? NaN, 0, 100), prop, this.amount, 'setWeight takes a whole percent from 0 to 100 (Argo Rollouts refuses a weight above its maxTrafficWeight, 100)');
        return { setWeight: this.amount };
      case RolloutStepType.PAUSE:
        return { pause: this.duration ? { duration: `${wholeSeconds(problems, prop, this.duration, 1)}s` } : {} };
      case RolloutStepType.SET_CANARY_SCALE:
        problems.check(isWholeNumber(this.amount ?? NaN, 1), prop, this.amount, 'setCanaryScale takes a whole number of at least 1 canary pod');
        return { setCanaryScale: { replicas: this.amount } };
      case RolloutStepType.ANALYSIS:
        if (!analysis) {
          problems.add(prop, 'RolloutStep.analysis()', 'an analysis step needs the controller\'s \'analysis\' (ReleaseController.argoRollouts({ analysis: ... }))');
          return { analysis: { templates: [] } };
        }
        return { analysis: analysis() };
    }
  }
}

/** Options of the Argo Rollouts controller. */
export interface ArgoRolloutsOptions {
  /**
   * The check that gates promotion: an AnalysisTemplate `<name>-analysis`. Canary: run by the analysis
   * steps. Blue/green: after promotion on the active Service (`postPromotionAnalysis`), and before it on
   * the preview Service with `previewAnalysis`.
   * @default - no analysis: promotion is manual (blue/green) or after a manual pause (canary)
   */
  readonly analysis?: PrometheusAnalysisOptions;
  /**
   * Blue/green: also run the analysis on the preview Service before promotion
   * (`prePromotionAnalysis`). The preview gets no user traffic: send it test traffic, or every
   * measurement is empty and the analysis fails.
   * @default false
   */
  readonly previewAnalysis?: boolean;
  /**
   * Blue/green: promote without a person once the new version is ready (and has passed
   * `previewAnalysis`). `autoPromotionEnabled`.
   * @default - true with previewAnalysis, otherwise false: a person promotes (`kubectl argo rollouts promote`)
   */
  readonly autoPromotion?: boolean;
  /**
   * Blue/green: promote automatically this long after the preview is ready (`autoPromotionSeconds`);
   * needs `autoPromotion` left false.
   * @default - no timed promotion
   */
  readonly autoPromotionDelay?: Duration;
  /**
   * Blue/green: how long the previous version keeps running after promotion, for an instant abort
   * and for clients' connections to drain (`scaleDownDelaySeconds`).
   * @default Duration.seconds(30)
   */
  readonly scaleDownDelay?: Duration;
  /**
   * Blue/green: pods of the preview until promotion (`previewReplicaCount`); it is scaled to full
   * size before it takes traffic.
   * @default - the full replica count
   */
  readonly previewReplicas?: number;
  /**
   * Blue/green: weight (1–100) of a preferred anti-affinity between the new and the previous
   * version's pods (`antiAffinity`), so one node's loss does not take both.
   * @default - none
   */
  readonly antiAffinityWeight?: number;
  /**
   * Canary: the steps.
   * @default - with analysis: weight(10), analysis(), weight(50), analysis(); without: weight(10), pause() (a person promotes)
   */
  readonly steps?: RolloutStep[];
}

const OPTION_KEYS = structKeys<ArgoRolloutsOptions>()({
  analysis: true, previewAnalysis: true, autoPromotion: true, autoPromotionDelay: true, scaleDownDelay: true, previewReplicas: true,
  antiAffinityWeight: true, steps: true,
});


/**
 * Argo Rollouts: one Rollout per app, whose pod template is the app's Deployment (`workloadRef`), so
 * every pod-level guarantee of the library (probes, drain, grace, security, spreading) holds for the
 * controller's pods, and the plugin keeps checking that Deployment.
 */
export class ArgoRolloutsController implements IReleaseController {
  /** The controller's name in messages. */
  public readonly name = 'Argo Rollouts';
  /** The app keeps its Services: the Rollout drives them. */
  public readonly ownsServices = false;

  public constructor(private readonly options: ArgoRolloutsOptions) {}

  /** A Rollout of the app's slots (blue/green) or tracks (canary), with its AnalysisTemplate. */
  public bind(scope: Construct, app: ReleasedApp): ApiObject[] {
    return bindSlotsOrTracks(this.name, app, { slots: () => this.blueGreen(scope, app), tracks: () => this.canary(scope, app) });
  }

  private blueGreen(scope: Construct, app: ReleasedApp): ApiObject[] {
    const problems = app._problems;
    const options = this.options;
    const activeServiceName = app.serviceName;
    const previewServiceName = app.secondServiceName;
    checkControllerOptions(problems, 'ArgoRolloutsOptions', this.options, OPTION_KEYS, ['steps'], 'a BlueGreenApp has no steps: Argo promotes the preview as a whole');
    const analysis = this.analysis(problems);
    if (options.previewAnalysis && !analysis) problems.add(`${OPTIONS_PROP}.previewAnalysis`, true, 'it runs the \'analysis\': give one');
    if (options.previewAnalysis && !previewServiceName) problems.add(`${OPTIONS_PROP}.previewAnalysis`, true, 'it analyses the preview Service: leave \'preview\' on');
    const autoPromotion = options.autoPromotion ?? (options.previewAnalysis === true && analysis !== undefined);
    let autoPromotionSeconds: number | undefined;
    if (options.autoPromotionDelay !== undefined) {
      autoPromotionSeconds = wholeSeconds(problems, `${OPTIONS_PROP}.autoPromotionDelay`, options.autoPromotionDelay, 1);
      problems.check(!autoPromotion, `${OPTIONS_PROP}.autoPromotionDelay`, `${autoPromotionSeconds}s`, 'Argo Rollouts reads it only while autoPromotion is false: leave autoPromotion unset or false');
    }
    const scaleDownDelaySeconds = wholeSeconds(problems, `${OPTIONS_PROP}.scaleDownDelay`, options.scaleDownDelay ?? Duration.seconds(30), 0);
    if (options.previewReplicas !== undefined) {
      problems.check(isWholeNumber(options.previewReplicas, 1, app.replicas), `${OPTIONS_PROP}.previewReplicas`, options.previewReplicas,
        `a whole number from 1 to the app's replicas (${app.replicas}${app.autoscaling ? ', autoscaling.minReplicas' : ''}): the preview is scaled to full size before promotion`);
    }
    if (options.antiAffinityWeight !== undefined) {
      problems.check(isWholeNumber(options.antiAffinityWeight, 1, 100), `${OPTIONS_PROP}.antiAffinityWeight`, options.antiAffinityWeight, 'Argo Rollouts takes a whole weight from 1 to 100');
    }
    const templates = analysis && this.analysisTemplate(scope, app, analysis);
    const run = (service: string) => templates && analysisRun(templates.name, service);
    const rollout = this.rollout(scope, app, {
      blueGreen: {
        activeService: activeServiceName,
        previewService: previewServiceName,
        autoPromotionEnabled: autoPromotion,
        autoPromotionSeconds,
        scaleDownDelaySeconds,
        previewReplicaCount: options.previewReplicas,
        prePromotionAnalysis: options.previewAnalysis && previewServiceName ? run(previewServiceName) : undefined,
        postPromotionAnalysis: run(activeServiceName),
        antiAffinity: options.antiAffinityWeight !== undefined
          ? { preferredDuringSchedulingIgnoredDuringExecution: { weight: options.antiAffinityWeight } } : undefined,
      },
    });
    return [rollout, ...(templates ? [templates.object] : []), ...controllerAutoscaler(scope, app, rolloutRef(app))];
  }

  private canary(scope: Construct, app: ReleasedApp): ApiObject[] {
    const problems = app._problems;
    const canaryServiceName = app.secondServiceName!;
    checkControllerOptions(problems, 'ArgoRolloutsOptions', this.options, OPTION_KEYS, ['previewAnalysis', 'autoPromotion', 'autoPromotionDelay', 'scaleDownDelay', 'previewReplicas', 'antiAffinityWeight'],
      'it is a blue/green option: a canary moves by its steps');
    const analysis = this.analysis(problems);
    const templates = analysis && this.analysisTemplate(scope, app, analysis);
    const stepAnalysis = templates && (() => analysisRun(templates.name, canaryServiceName));
    const steps = this.options.steps ?? (templates
      ? [RolloutStep.weight(10), RolloutStep.analysis(), RolloutStep.weight(50), RolloutStep.analysis()]
      : [RolloutStep.weight(10), RolloutStep.pause()]);
    problems.check(steps.length > 0, `${OPTIONS_PROP}.steps`, [], 'give at least one step (an empty list promotes at once)');
    const rendered = steps.map((step, i) => step instanceof RolloutStep
      ? step._render(problems, `${OPTIONS_PROP}.steps[${i}]`, stepAnalysis)
      : (problems.add(`${OPTIONS_PROP}.steps[${i}]`, step, 'a RolloutStep (RolloutStep.weight(), pause(), analysis(), setCanaryScale())'), {}));
    const rollout = this.rollout(scope, app, {
      canary: {
        stableService: app.serviceName,
        canaryService: canaryServiceName,
        maxSurge: Lazy.any({ produce: () => rollingUpdate(app).maxSurge ?? '25%' }),
        maxUnavailable: Lazy.any({ produce: () => rollingUpdate(app).maxUnavailable ?? 0 }),
        // The router says how Argo Rollouts moves its weight, adapting its objects to Argo's expectations.
        trafficRouting: app.route && app.route.router.argoRolloutsTrafficRouting(app.route),
        // With an autoscaler Argo keeps the stable at the whole replica count beside the canary's share
        // (traffic routing decouples the two): scale the stable down as the weight grows, so an
        // autoscaled app never runs up to twice its need. Argo refuses it without trafficRouting,
        // which a controlled canary always has.
        dynamicStableScale: app.autoscaling ? true : undefined,
        steps: rendered,
      },
    });
    return [rollout, ...(templates ? [templates.object] : []), ...controllerAutoscaler(scope, app, rolloutRef(app))];
  }

  private analysis(problems: Problems): ResolvedAnalysis | undefined {
    const options = this.options.analysis;
    if (options === undefined) return undefined;
    return checkedAnalysis(problems, `${OPTIONS_PROP}.analysis`, options);
  }

  private analysisTemplate(scope: Construct, app: ReleasedApp, analysis: ResolvedAnalysis): { name: string; object: ApiObject } {
    const name = `${app.name}-analysis`;
    const query = (q: string) => fillQuery(q, { service: '{{args.service}}', namespace: '{{args.namespace}}', interval: analysis.interval });
    const object = new ApiObject(scope, 'AnalysisTemplate', {
      apiVersion: ARGO_API_VERSION,
      kind: 'AnalysisTemplate',
      metadata: { name, namespace: app.namespace, labels: app.labels },
      spec: {
        args: [{ name: 'service' }, { name: 'namespace' }],
        metrics: analysis.metrics.map((m) => ({
          name: m.name,
          interval: analysis.interval,
          count: analysis.count,
          failureLimit: analysis.failureLimit,
          // No sample (no traffic) is a failed measurement: NaN compares false.
          successCondition: m.min !== undefined ? `result[0] >= ${m.min}` : `result[0] <= ${m.max}`,
          provider: { prometheus: { address: analysis.address, query: query(m.query) } },
        })),
      },
    });
    return { name, object };
  }

  private rollout(scope: Construct, app: ReleasedApp, strategy: object): ApiObject {
    const spec = () => app.deployment.toJson().spec;
    return new ApiObject(scope, 'Rollout', {
      apiVersion: ARGO_API_VERSION,
      kind: 'Rollout',
      metadata: { name: app.name, namespace: app.namespace, labels: app.labels },
      spec: {
        // With autoscaling the HorizontalPodAutoscaler owns the count (a manifest value would fight it on every sync).
        replicas: app.autoscaling ? undefined : app.replicas,
        selector: { matchLabels: app.selector },
        // The Deployment is the pod template; Argo scales it down as its own pods become ready (first revision only).
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.deployment.name, scaleDown: 'progressively' },
        minReadySeconds: Lazy.any({ produce: () => spec().minReadySeconds }),
        progressDeadlineSeconds: Lazy.any({ produce: () => spec().progressDeadlineSeconds }),
        revisionHistoryLimit: Lazy.any({ produce: () => spec().revisionHistoryLimit }),
        strategy,
      },
    });
  }
}

/** The Rollout as an autoscaler's target (its `/scale` subresource). */
function rolloutRef(app: ReleasedApp): ScaleTarget {
  return { apiVersion: ARGO_API_VERSION, kind: 'Rollout', name: app.name };
}

function rollingUpdate(app: ReleasedApp): { maxSurge?: number | string; maxUnavailable?: number | string } {
  return app.deployment.toJson().spec.strategy?.rollingUpdate ?? {};
}

/** An analysis run of the template for `service` (the namespace is the Rollout's own). */
function analysisRun(templateName: string, service: string): object {
  return {
    templates: [{ templateName }],
    args: [{ name: 'service', value: service }, { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
  };
}
