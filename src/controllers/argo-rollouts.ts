import { ApiObject, Duration, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { wholeSeconds } from '../core/duration';
import { checkKeys, structKeys } from '../core/known-keys';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { checkedAnalysis, fillQuery, PrometheusAnalysisOptions, ResolvedAnalysis } from './analysis';
import { ControlledApp, ControlledBlueGreen, ControlledCanary, ReleaseController } from './controller';

/** The Argo Rollouts API group and version of the pinned CRDs (v1.9.1). */
export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
/** The Gateway API traffic router plugin's name in `trafficRouting.plugins`. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

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

/** Props of the controller, written `releaseController.<prop>` in messages. */
const P = 'releaseController';

/**
 * Argo Rollouts: one Rollout per app, whose pod template is the app's Deployment (`workloadRef`), so
 * every pod-level guarantee of the library (probes, drain, grace, security, spreading) holds for the
 * controller's pods, and the plugin keeps checking that Deployment.
 */
export class ArgoRolloutsController extends ReleaseController {
  public constructor(private readonly options: ArgoRolloutsOptions) {
    super('Argo Rollouts');
  }

  /** @internal */
  public _blueGreen(scope: Construct, app: ControlledBlueGreen): ApiObject[] {
    const { problems } = app;
    const o = this.options;
    this.checkOptions(problems, ['steps'], 'a BlueGreenApp has no steps: Argo promotes the preview as a whole');
    const analysis = this.analysis(problems);
    if (o.previewAnalysis && !analysis) problems.add(`${P}.previewAnalysis`, true, 'it runs the \'analysis\': give one');
    if (o.previewAnalysis && !app.previewServiceName) problems.add(`${P}.previewAnalysis`, true, 'it analyses the preview Service: leave \'preview\' on');
    const autoPromotion = o.autoPromotion ?? (o.previewAnalysis === true && analysis !== undefined);
    let autoPromotionSeconds: number | undefined;
    if (o.autoPromotionDelay !== undefined) {
      autoPromotionSeconds = wholeSeconds(problems, `${P}.autoPromotionDelay`, o.autoPromotionDelay, 1);
      problems.check(!autoPromotion, `${P}.autoPromotionDelay`, `${autoPromotionSeconds}s`, 'Argo Rollouts reads it only while autoPromotion is false: leave autoPromotion unset or false');
    }
    const scaleDownDelaySeconds = wholeSeconds(problems, `${P}.scaleDownDelay`, o.scaleDownDelay ?? Duration.seconds(30), 0);
    if (o.previewReplicas !== undefined) {
      problems.check(isWholeNumber(o.previewReplicas, 1, app.replicas), `${P}.previewReplicas`, o.previewReplicas,
        `a whole number from 1 to the app's replicas (${app.replicas}): the preview is scaled to full size before promotion`);
    }
    if (o.antiAffinityWeight !== undefined) {
      problems.check(isWholeNumber(o.antiAffinityWeight, 1, 100), `${P}.antiAffinityWeight`, o.antiAffinityWeight, 'Argo Rollouts takes a whole weight from 1 to 100');
    }
    const templates = analysis && this.analysisTemplate(scope, app, analysis);
    const run = (service: string) => templates && analysisRun(templates.name, service);
    const rollout = this.rollout(scope, app, {
      blueGreen: {
        activeService: app.activeServiceName,
        previewService: app.previewServiceName,
        autoPromotionEnabled: autoPromotion,
        autoPromotionSeconds,
        scaleDownDelaySeconds,
        previewReplicaCount: o.previewReplicas,
        prePromotionAnalysis: o.previewAnalysis && app.previewServiceName ? run(app.previewServiceName) : undefined,
        postPromotionAnalysis: run(app.activeServiceName),
        antiAffinity: o.antiAffinityWeight !== undefined
          ? { preferredDuringSchedulingIgnoredDuringExecution: { weight: o.antiAffinityWeight } } : undefined,
      },
    });
    return templates ? [rollout, templates.object] : [rollout];
  }

  /** @internal */
  public _canary(scope: Construct, app: ControlledCanary): ApiObject[] {
    const { problems } = app;
    this.checkOptions(problems, ['previewAnalysis', 'autoPromotion', 'autoPromotionDelay', 'scaleDownDelay', 'previewReplicas', 'antiAffinityWeight'],
      'it is a blue/green option: a canary moves by its steps');
    const analysis = this.analysis(problems);
    const templates = analysis && this.analysisTemplate(scope, app, analysis);
    const stepAnalysis = templates && (() => analysisRun(templates.name, app.canaryServiceName));
    const steps = this.options.steps ?? (templates
      ? [RolloutStep.weight(10), RolloutStep.analysis(), RolloutStep.weight(50), RolloutStep.analysis()]
      : [RolloutStep.weight(10), RolloutStep.pause()]);
    problems.check(steps.length > 0, `${P}.steps`, [], 'give at least one step (an empty list promotes at once)');
    const rendered = steps.map((step, i) => step instanceof RolloutStep
      ? step._render(problems, `${P}.steps[${i}]`, stepAnalysis)
      : (problems.add(`${P}.steps[${i}]`, step, 'a RolloutStep (RolloutStep.weight(), pause(), analysis(), setCanaryScale())'), {}));
    const rollout = this.rollout(scope, app, {
      canary: {
        stableService: app.stableServiceName,
        canaryService: app.canaryServiceName,
        maxSurge: Lazy.any({ produce: () => rollingUpdate(app).maxSurge ?? '25%' }),
        maxUnavailable: Lazy.any({ produce: () => rollingUpdate(app).maxUnavailable ?? 0 }),
        trafficRouting: this.trafficRouting(app),
        steps: rendered,
      },
    });
    return templates ? [rollout, templates.object] : [rollout];
  }

  /** Where Argo moves the weight: the router's objects, adapted to what Argo expects of them. */
  private trafficRouting(app: ControlledCanary): object | undefined {
    const { problems, routeName, namespace } = app;
    switch (app.router) {
      case 'gateway-api':
        // The plugin sets the HTTPRoute's two backend weights; the header rule stays as the router wrote it.
        return { plugins: { [GATEWAY_API_PLUGIN]: { httpRoute: routeName, ...(namespace ? { namespace } : {}) } } };
      case 'istio': {
        // Subset-level splitting: Argo adds the ReplicaSets' pod-template hash to the two subsets.
        // Every pod of the Rollout comes from one template (the stable track's labels), so both
        // subsets select that track, and the hash tells them apart.
        const rule = app.routingObjects.find((o) => o.kind === 'DestinationRule');
        rule?.addJsonPatch(JsonPatch.replace('/spec/subsets/1/labels', rule.toJson().spec.subsets[0].labels));
        return { istio: { virtualService: { name: routeName, routes: ['weighted'] }, destinationRule: { name: routeName, stableSubsetName: 'stable', canarySubsetName: 'canary' } } };
      }
      case 'nginx': {
        // Argo writes its own canary Ingress (`<rollout>-<stableIngress>-canary`): the router's would be
        // a second canary Ingress for the same host, which NGINX does not allow.
        const canaryIngress = app.routingObjects.find((o) => o.kind === 'Ingress' && o.name !== routeName);
        if (canaryIngress) canaryIngress.node.scope?.node.tryRemoveChild(canaryIngress.node.id);
        const match = app.match;
        const annotations = match?.type === 'header' ? { 'canary-by-header': match.name, 'canary-by-header-value': match.value }
          : match?.type === 'cookie' ? { 'canary-by-cookie': match.name } : undefined;
        return { nginx: { stableIngress: routeName, additionalIngressAnnotations: annotations } };
      }
      default:
        problems.add('trafficRouter', app.router === 'replica-ratio' ? 'TrafficRouter.replicaRatio()' : 'a custom router',
          `${this.name} drives a Gateway API, Istio or NGINX Ingress router (TrafficRouter.gatewayApi(), istio(), nginxIngress()); a replica-ratio canary would split by pod counts behind the controller's back`);
        return undefined;
    }
  }

  private checkOptions(problems: Problems, unused: (keyof ArgoRolloutsOptions)[], why: string): void {
    checkKeys(problems, P, 'ArgoRolloutsOptions', this.options, OPTION_KEYS);
    for (const key of unused) {
      if (this.options[key] !== undefined) problems.add(`${P}.${key}`, this.options[key], why);
    }
  }

  private analysis(problems: Problems): ResolvedAnalysis | undefined {
    const options = this.options.analysis;
    if (options === undefined) return undefined;
    return checkedAnalysis(problems, `${P}.analysis`, options);
  }

  private analysisTemplate(scope: Construct, app: ControlledApp, analysis: ResolvedAnalysis): { name: string; object: ApiObject } {
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

  private rollout(scope: Construct, app: ControlledApp, strategy: object): ApiObject {
    const spec = () => app.deployment.toJson().spec;
    return new ApiObject(scope, 'Rollout', {
      apiVersion: ARGO_API_VERSION,
      kind: 'Rollout',
      metadata: { name: app.name, namespace: app.namespace, labels: app.labels },
      spec: {
        replicas: app.replicas,
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

function rollingUpdate(app: ControlledApp): { maxSurge?: number | string; maxUnavailable?: number | string } {
  return app.deployment.toJson().spec.strategy?.rollingUpdate ?? {};
}

/** An analysis run of the template for `service` (the namespace is the Rollout's own). */
function analysisRun(templateName: string, service: string): object {
  return {
    templates: [{ templateName }],
    args: [{ name: 'service', value: service }, { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
  };
}
