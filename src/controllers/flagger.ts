import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { checkKeys, structKeys } from '../core/known-keys';
import { isWholeNumber } from '../core/names';
import { Problems } from '../core/problems';
import { checkedAnalysis, fillQuery, PrometheusAnalysisOptions, ResolvedAnalysis } from './analysis';
import { ControlledApp, ControlledBlueGreen, ControlledCanary, ReleaseController } from './controller';

/** Flagger's API group and version of the pinned CRDs (v1.44.0). */
export const FLAGGER_API_VERSION = 'flagger.app/v1beta1';

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

/** Props of the controller, written `releaseController.<prop>` in messages. */
const P = 'releaseController';

/**
 * Flagger: a Canary whose `targetRef` is the app's Deployment. Flagger copies it to
 * `<target>-primary` (renaming the `app.kubernetes.io/name` selector value to `<name>-primary`),
 * scales the target to 0 between releases, and creates the Services and route objects itself.
 */
export class FlaggerController extends ReleaseController {
  public constructor(private readonly options: FlaggerOptions) {
    super('Flagger', true);
  }

  /** @internal */
  public _blueGreen(scope: Construct, app: ControlledBlueGreen): ApiObject[] {
    const { problems } = app;
    this.checkOptions(problems, ['maxWeight', 'stepWeight', 'stepWeights'], 'a blue/green release has no weights: Flagger switches all traffic after `iterations`');
    const analysis = this.analysis(problems);
    const iterations = this.iterations(problems);
    return this.render(scope, app, analysis, 'kubernetes', { port: app.servicePort, targetPort: app.targetPort }, { iterations });
  }

  /** @internal */
  public _canary(scope: Construct, app: ControlledCanary): ApiObject[] {
    const { problems } = app;
    this.checkOptions(problems, [], '');
    const analysis = this.analysis(problems);
    const o = this.options;
    let steps: object;
    if (app.match) {
      for (const key of ['maxWeight', 'stepWeight', 'stepWeights'] as const) {
        if (o[key] !== undefined) problems.add(`${P}.${key}`, o[key], 'with canaryMatch Flagger runs A/B testing (matching requests only, for `iterations`): it moves no weight');
      }
      steps = { iterations: this.iterations(problems), match: [{ headers: this.matchHeaders(app) }] };
    } else {
      if (o.iterations !== undefined) problems.add(`${P}.iterations`, o.iterations, 'a weighted canary moves by stepWeight up to maxWeight; iterations are for blue/green and A/B testing (canaryMatch)');
      steps = this.weights(problems);
    }
    const [provider, service] = this.route(app);
    return this.render(scope, app, analysis, provider, service, steps);
  }

  private render(scope: Construct, app: ControlledApp, analysis: ResolvedAnalysis, provider: string, service: Record<string, unknown>,
    steps: object): ApiObject[] {
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
    const canary = new ApiObject(scope, 'Canary', {
      apiVersion: FLAGGER_API_VERSION,
      kind: 'Canary',
      metadata: { name: app.name, namespace: app.namespace, labels: app.labels },
      spec: {
        provider,
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.deployment.name },
        ingressRef: provider === 'nginx' ? { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: app.name } : undefined,
        progressDeadlineSeconds: app.deployment.toJson().spec.progressDeadlineSeconds,
        service: { name: app.name, ...service },
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
    return [canary, ...templates, ...this.primaryBudget(scope, app)];
  }

  /**
   * Flagger's primary pods carry `app.kubernetes.io/name: <name>-primary`, so the app's budget (which
   * selects the target's pods) does not cover them: the same budget for the primary's pods.
   */
  private primaryBudget(scope: Construct, app: ControlledApp): ApiObject[] {
    if (!app.disruptionBudget) return [];
    const budget = app.disruptionBudget.toJson();
    const selector = { ...budget.spec.selector.matchLabels, 'app.kubernetes.io/name': `${app.selector['app.kubernetes.io/name']}-primary` };
    return [new ApiObject(scope, 'PrimaryDisruptionBudget', {
      apiVersion: budget.apiVersion,
      kind: budget.kind,
      metadata: { ...budget.metadata, name: `${app.deployment.name}-primary-pdb` },
      spec: { ...budget.spec, selector: { matchLabels: selector } },
    })];
  }

  /** The provider and the Canary's `service` for the router, whose objects Flagger replaces. */
  private route(app: ControlledCanary): [string, Record<string, unknown>] {
    const port = { port: app.servicePort, targetPort: app.targetPort };
    const json = (kind: string) => app.routingObjects.find((o) => o.kind === kind)?.toJson();
    const drop = (keep?: (o: ApiObject) => boolean) => app.routingObjects.filter((o) => !keep?.(o))
      .forEach((o) => o.node.scope?.node.tryRemoveChild(o.node.id));
    switch (app.router) {
      case 'gateway-api': {
        const route = json('HTTPRoute');
        drop();
        return ['gatewayapi:v1', { ...port, hosts: route?.spec.hostnames, gatewayRefs: route?.spec.parentRefs }];
      }
      case 'istio': {
        const vs = json('VirtualService');
        drop();
        const hosts = (vs?.spec.hosts as string[] | undefined)?.filter((h) => h !== app.name);
        return ['istio', { ...port, hosts: hosts?.length ? hosts : undefined, gateways: vs?.spec.gateways }];
      }
      case 'nginx': {
        // Flagger writes the canary Ingress from the app's Ingress, which must route to the apex Service.
        drop((o) => o.kind === 'Ingress' && o.name === app.routeName);
        app.routingObjects.find((o) => o.name === app.routeName)
          ?.addJsonPatch(JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/name', app.name));
        return ['nginx', port];
      }
      default:
        app.problems.add('trafficRouter', app.router === 'replica-ratio' ? 'TrafficRouter.replicaRatio()' : 'a custom router',
          `${this.name} drives a Gateway API, Istio or NGINX Ingress router (TrafficRouter.gatewayApi(), istio(), nginxIngress()); its replica-count mode is blue/green only`);
        return ['kubernetes', port];
    }
  }

  private matchHeaders(app: ControlledCanary): Record<string, object> {
    const match = app.match!;
    if (match.type === 'header') return { [match.name.toLowerCase()]: { exact: match.value } };
    // NGINX: Flagger turns an exact cookie header into canary-by-cookie; the others match the Cookie header.
    if (app.router === 'nginx') return { cookie: { exact: match.name } };
    const name = match.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { cookie: { regex: `^(.*?;\\s*)?(${name}=${match.value})(;.*)?$` } };
  }

  private weights(problems: Problems): object {
    const o = this.options;
    const maxWeight = o.maxWeight ?? 50;
    problems.check(isWholeNumber(maxWeight, 1, 100), `${P}.maxWeight`, maxWeight, 'a whole percent from 1 to 100');
    if (o.stepWeights !== undefined) {
      if (o.stepWeight !== undefined) problems.add(`${P}.stepWeight`, o.stepWeight, 'give stepWeight or stepWeights, not both');
      const w = o.stepWeights;
      problems.check(Array.isArray(w) && w.length > 0 && w.every((x, i) => isWholeNumber(x, 1, 100) && (i === 0 || x > w[i - 1])), `${P}.stepWeights`, w,
        'whole percents from 1 to 100, in ascending order');
      return { stepWeights: w };
    }
    const stepWeight = o.stepWeight ?? 10;
    problems.check(isWholeNumber(stepWeight, 1, 100) && stepWeight <= maxWeight, `${P}.stepWeight`, stepWeight, `a whole percent from 1 to maxWeight (${maxWeight})`);
    return { maxWeight, stepWeight };
  }

  private iterations(problems: Problems): number {
    const iterations = this.options.iterations ?? 10;
    problems.check(isWholeNumber(iterations, 1, 1000), `${P}.iterations`, iterations, 'a whole number of intervals from 1 to 1000');
    return iterations;
  }

  private checkOptions(problems: Problems, unused: (keyof FlaggerOptions)[], why: string): void {
    checkKeys(problems, P, 'FlaggerOptions', this.options, OPTION_KEYS);
    for (const key of unused) {
      if (this.options[key] !== undefined) problems.add(`${P}.${key}`, this.options[key], why);
    }
  }

  private analysis(problems: Problems): ResolvedAnalysis {
    const options = this.options.analysis;
    if (options === undefined) problems.add(`${P}.analysis`, undefined, 'Flagger promotes on its metrics: give the analysis (without one it would promote on pod health alone)');
    const resolved = checkedAnalysis(problems, `${P}.analysis`, options ?? { address: 'http://unset', successRateQuery: 'unset' });
    const seconds = /^(\d+)m$/.test(resolved.interval) ? Number(resolved.interval.slice(0, -1)) * 60 : Number(resolved.interval.slice(0, -1));
    problems.check(seconds >= 10, `${P}.analysis.interval`, resolved.interval, 'Flagger checks at most every 10 seconds (a shorter interval is raised to 10s): give at least 10 seconds');
    return resolved;
  }
}
