import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { structKeys } from '../core/known-keys';
import { LABEL_INSTANCE, LABEL_NAME } from '../core/labels';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { FlaggerRouting } from '../traffic/route';
import { disruptionBudgetName } from '../workload/disruption-budget';
import { checkedAnalysis, fillQuery, PrometheusAnalysisOptions, ResolvedAnalysis } from './analysis';
import { bindSlotsOrTracks, checkControllerOptions, controllerAutoscaler, OPTIONS_PROP } from './built-in';
import { IReleaseController, ReleasedApp } from './released-app';

/** Flagger's API group and version of the pinned CRDs (v1.44.0). */
export const FLAGGER_API_VERSION = 'flagger.app/v1beta1';

/** Flagger's `-selector-labels` default (cmd/flagger/main.go): the labels it looks for in a target's selector, in order. */
const FLAGGER_SELECTOR_LABELS = ['app', 'name', LABEL_NAME];

/**
 * Flagger's primary labels from the target's selector labels (`spec.selector.matchLabels`): Flagger
 * takes the first of its selector labels the selector holds (the DeploymentController's
 * `getSelectorLabel`, pkg/canary/deployment_controller.go) and renames its value to `<value>-primary`,
 * keeping every other label (`makePrimaryLabels`, pkg/canary/util.go). The library's selectors hold
 * `app.kubernetes.io/name`, never `app` or `name` (user labels reach the pod template, not the selector).
 */
export function primaryPodLabels(labels: Record<string, string>): { label: string; labels: Record<string, string> } {
  const label = FLAGGER_SELECTOR_LABELS.find((key) => labels[key] !== undefined) ?? LABEL_NAME;
  return { label, labels: { ...labels, [label]: `${labels[label]}-primary` } };
}

/** Options of the Flagger controller. */
export interface FlaggerOptions {
  /**
   * The check that gates every step: one MetricTemplate per metric (`<name>-success-rate`,
   * `<name>-latency`), measured on the canary Service every `interval`. Required: without metrics
   * Flagger would promote on pod health alone.
   */
  readonly analysis: PrometheusAnalysisOptions;
  /**
   * Canary: the largest canary weight before promotion, in percent.
   * @default 50
   */
  readonly maxWeight?: number;
  /**
   * Canary: the weight added each interval, in percent.
   * @default 10 (unless stepWeights)
   */
  readonly stepWeight?: number;
  /**
   * Canary: the weights, in ascending percent, instead of `stepWeight`.
   * @default - stepWeight steps up to maxWeight
   */
  readonly stepWeights?: number[];
  /**
   * Blue/green, and a canary with `canaryMatch` (A/B testing): how many intervals of analysis before promotion.
   * @default 10
   */
  readonly iterations?: number;
}

const OPTION_KEYS = structKeys<FlaggerOptions>()({ analysis: true, maxWeight: true, stepWeight: true, stepWeights: true, iterations: true });


/**
 * Flagger: a Canary whose `targetRef` is the app's Deployment. Flagger copies it to
 * `<target>-primary` (renaming the `app.kubernetes.io/name` selector value to `<name>-primary`),
 * scales the target to 0 between releases, and creates the Services and route objects itself.
 */
export class FlaggerController implements IReleaseController {
  /** The controller's name in messages. */
  public readonly name = 'Flagger';
  /** Flagger creates the app's Services (`<name>`, `<name>-primary`, `<name>-canary`). */
  public readonly ownsServices = true;

  public constructor(private readonly options: FlaggerOptions) {}

  /** A Canary of the app's slots (blue/green) or tracks (canary), with its MetricTemplates. */
  public bind(scope: Construct, app: ReleasedApp): ApiObject[] {
    return bindSlotsOrTracks(this.name, app, { slots: () => this.blueGreen(scope, app), tracks: () => this.canary(scope, app) });
  }

  private blueGreen(scope: Construct, app: ReleasedApp): ApiObject[] {
    const problems = app._problems;
    checkControllerOptions(problems, 'FlaggerOptions', this.options, OPTION_KEYS, ['maxWeight', 'stepWeight', 'stepWeights'], 'a blue/green release has no weights: Flagger switches all traffic after `iterations`');
    const analysis = this.analysis(problems);
    const iterations = this.iterations(problems);
    return this.render(scope, app, analysis, { provider: 'kubernetes' }, { iterations });
  }

  private canary(scope: Construct, app: ReleasedApp): ApiObject[] {
    const problems = app._problems;
    checkControllerOptions(problems, 'FlaggerOptions', this.options, OPTION_KEYS, [], '');
    const analysis = this.analysis(problems);
    const options = this.options;
    // The router says which provider drives it, and gives way to the objects Flagger creates.
    const routing = app.route?.router.flaggerRouting(app.route) ?? { provider: 'kubernetes' };
    let steps: object;
    if (app.route?.context.match) {
      for (const key of ['maxWeight', 'stepWeight', 'stepWeights'] as const) {
        if (options[key] !== undefined) problems.add(`${OPTIONS_PROP}.${key}`, options[key], 'with canaryMatch Flagger runs A/B testing (matching requests only, for `iterations`): it moves no weight');
      }
      steps = { iterations: this.iterations(problems), match: [{ headers: routing.matchHeaders }] };
    } else {
      if (options.iterations !== undefined) problems.add(`${OPTIONS_PROP}.iterations`, options.iterations, 'a weighted canary moves by stepWeight up to maxWeight; iterations are for blue/green and A/B testing (canaryMatch)');
      steps = this.weights(problems);
    }
    return this.render(scope, app, analysis, routing, steps);
  }

  private render(scope: Construct, app: ReleasedApp, analysis: ResolvedAnalysis, routing: FlaggerRouting, steps: object): ApiObject[] {
    const templates = analysis.metrics.map((m) => new ApiObject(scope, `MetricTemplate-${m.name}`, {
      apiVersion: FLAGGER_API_VERSION,
      kind: 'MetricTemplate',
      metadata: { name: `${app.name}-${m.name}`, namespace: app.namespace, labels: app.labels },
      spec: {
        provider: { type: 'prometheus', address: analysis.address },
        // Flagger's template functions: {{ service }} is the apex Service, whose canary is `<apex>-canary`.
        query: fillQuery(m.query, { service: '{{ service }}-canary', namespace: '{{ namespace }}', interval: '{{ interval }}' }),
      },
    }));
    const autoscalers = controllerAutoscaler(scope, app, { apiVersion: 'apps/v1', kind: 'Deployment', name: app.deployment.name });
    const canary = new ApiObject(scope, 'Canary', {
      apiVersion: FLAGGER_API_VERSION,
      kind: 'Canary',
      metadata: { name: app.name, namespace: app.namespace, labels: app.labels },
      spec: {
        provider: routing.provider,
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.deployment.name },
        // The target's autoscaler: Flagger copies it to `<target>-primary` for the primary.
        autoscalerRef: autoscalers.length > 0 ? { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: autoscalers[0].name } : undefined,
        ingressRef: routing.ingressRef,
        progressDeadlineSeconds: app.deployment.toJson().spec.progressDeadlineSeconds,
        service: { name: app.name, port: app.servicePort, targetPort: app.targetPort.value, ...routing.service },
        analysis: {
          interval: analysis.interval,
          // Flagger rolls back at `threshold` failed checks; failureLimit is how many are tolerated.
          threshold: analysis.failureLimit + 1,
          ...steps,
          metrics: analysis.metrics.map((m) => ({
            name: m.name,
            templateRef: { name: `${app.name}-${m.name}` },
            thresholdRange: m.min !== undefined ? { min: m.min } : { max: m.max },
            interval: analysis.interval,
          })),
        },
      },
    });
    return [canary, ...templates, ...this.coverPrimary(scope, app), ...autoscalers];
  }

  /**
   * Flagger's primary pods carry the target's pod labels with the selector label's value renamed
   * (`primaryPodLabels`), so neither the app's budget nor its NetworkPolicy, which select the
   * target's name, would cover the pods that take all production traffic: the same budget for the
   * primary's pods, and the NetworkPolicy widened to both names.
   */
  private coverPrimary(scope: Construct, app: ReleasedApp): ApiObject[] {
    const primary = primaryPodLabels(app.selector);
    // Only the target's pods and its primary's carry its instance label; the name's `In` keeps the
    // policy to this app's pods (Polaris reads one matchLabels pair, kube-score the whole selector).
    app.networkPolicy?.addJsonPatch(JsonPatch.replace('/spec/podSelector', {
      matchLabels: { [LABEL_INSTANCE]: app.selector[LABEL_INSTANCE] },
      matchExpressions: [{ key: primary.label, operator: 'In', values: [app.selector[primary.label], primary.labels[primary.label]] }],
    }));
    if (!app.disruptionBudget) return [];
    const budget = app.disruptionBudget.toJson();
    return [new ApiObject(scope, 'PrimaryDisruptionBudget', {
      apiVersion: budget.apiVersion,
      kind: budget.kind,
      metadata: { ...budget.metadata, name: disruptionBudgetName(`${app.deployment.name}-primary`) },
      spec: { ...budget.spec, selector: { matchLabels: primaryPodLabels(budget.spec.selector.matchLabels).labels } },
    })];
  }

  private weights(problems: Problems): object {
    const options = this.options;
    const maxWeight = options.maxWeight ?? 50;
    problems.check(isWholeNumber(maxWeight, 1, 100), `${OPTIONS_PROP}.maxWeight`, maxWeight, 'a whole percent from 1 to 100');
    if (options.stepWeights !== undefined) {
      if (options.stepWeight !== undefined) problems.add(`${OPTIONS_PROP}.stepWeight`, options.stepWeight, 'give stepWeight or stepWeights, not both');
      const w = options.stepWeights;
      problems.check(Array.isArray(w) && w.length > 0 && w.every((x, i) => isWholeNumber(x, 1, 100) && (i === 0 || x > w[i - 1])), `${OPTIONS_PROP}.stepWeights`, w,
        'whole percents from 1 to 100, in ascending order');
      return { stepWeights: w };
    }
    const stepWeight = options.stepWeight ?? 10;
    problems.check(isWholeNumber(stepWeight, 1, 100) && stepWeight <= maxWeight, `${OPTIONS_PROP}.stepWeight`, stepWeight, `a whole percent from 1 to maxWeight (${maxWeight})`);
    return { maxWeight, stepWeight };
  }

  private iterations(problems: Problems): number {
    const iterations = this.options.iterations ?? 10;
    problems.check(isWholeNumber(iterations, 1, 1000), `${OPTIONS_PROP}.iterations`, iterations, 'a whole number of intervals from 1 to 1000');
    return iterations;
  }

  private analysis(problems: Problems): ResolvedAnalysis {
    const options = this.options.analysis;
    if (options === undefined) problems.add(`${OPTIONS_PROP}.analysis`, undefined, 'Flagger promotes on its metrics: give the analysis (without one it would promote on pod health alone)');
    const resolved = checkedAnalysis(problems, `${OPTIONS_PROP}.analysis`, options ?? { address: 'http://unset', successRateQuery: 'unset' });
    const seconds = /^(\d+)m$/.test(resolved.interval) ? Number(resolved.interval.slice(0, -1)) * 60 : Number(resolved.interval.slice(0, -1));
    problems.check(seconds >= 10, `${OPTIONS_PROP}.analysis.interval`, resolved.interval, 'Flagger checks at most every 10 seconds (a shorter interval is raised to 10s): give at least 10 seconds');
    return resolved;
  }
}
