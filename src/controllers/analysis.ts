import { Duration } from 'cdk8s';
import { wholeSeconds } from '../core/duration';
import { checkKeys, structKeys } from '../core/known-keys';
import { Problems } from '../core/problems';

/**
 * A Prometheus check of a release: a success rate (percent of requests that did not fail) and,
 * optionally, a latency (milliseconds), each a PromQL query with a threshold. The same definition is
 * rendered as an Argo Rollouts AnalysisTemplate and a Flagger MetricTemplate.
 *
 * Queries may use three placeholders, replaced per controller: `{{service}}` (the Service whose
 * traffic is judged: the preview or canary Service), `{{namespace}}` and `{{interval}}` (the
 * measurement interval as a PromQL range, e.g. `1m`).
 */
export interface PrometheusAnalysisOptions {
  /** Address of the Prometheus server, e.g. `http://prometheus.monitoring:9090`. */
  readonly address: string;
  /**
   * PromQL returning the success rate in percent (0–100), one sample.
   * E.g. `sum(rate(ok{service="{{service}}"}[{{interval}}])) / sum(rate(all{service="{{service}}"}[{{interval}}])) * 100`.
   */
  readonly successRateQuery: string;
  /**
   * The lowest acceptable success rate, in percent.
   * @default 99
   */
  readonly minSuccessRate?: number;
  /**
   * PromQL returning a latency in milliseconds, one sample (e.g. a p99 from a histogram).
   * @default - no latency check
   */
  readonly latencyQuery?: string;
  /**
   * The highest acceptable latency, in milliseconds; required with `latencyQuery`.
   * @default - no latency check
   */
  readonly maxLatencyMs?: number;
  /**
   * Time between two measurements (and the PromQL range of `{{interval}}`): whole minutes or seconds.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Failed measurements tolerated before the release is aborted (Argo `failureLimit`, Flagger `threshold`).
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Measurements per analysis run (Argo `count`; Flagger measures every interval of each step).
   * @default 5
   */
  readonly count?: number;
}

/** @internal One metric of an analysis, controller-neutral. */
export interface AnalysisMetric {
  readonly name: 'success-rate' | 'latency';
  readonly query: string;
  /** Lower bound (success rate) or upper bound (latency). */
  readonly min?: number;
  readonly max?: number;
}

/** @internal A checked analysis, ready for a controller to render. */
export interface ResolvedAnalysis {
  readonly address: string;
  readonly metrics: AnalysisMetric[];
  /** PromQL range, e.g. `1m` or `30s`. */
  readonly interval: string;
  readonly failureLimit: number;
  readonly count: number;
}

/** The placeholders a query may use. */
export const PLACEHOLDERS = ['service', 'namespace', 'interval'] as const;

/** Checks an analysis definition (problems under `prop`) and resolves its defaults. */
export function resolveAnalysis(problems: Problems, prop: string, options: PrometheusAnalysisOptions): ResolvedAnalysis {
  problems.check(typeof options.address === 'string' && /^https?:\/\/[^\s/]+/.test(options.address), `${prop}.address`, options.address,
    'the Prometheus address is an http:// or https:// URL, e.g. http://prometheus.monitoring:9090');
  const queryOk = (key: 'successRateQuery' | 'latencyQuery', query: unknown) => {
    if (typeof query !== 'string' || query.trim() === '') {
      problems.add(`${prop}.${key}`, query, 'give a PromQL query returning one sample');
      return;
    }
    for (const [, name] of query.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        problems.add(`${prop}.${key}`, query, `'{{${name}}}' is not a placeholder: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
      }
    }
  };
  queryOk('successRateQuery', options.successRateQuery);
  const min = options.minSuccessRate ?? 99;
  problems.check(typeof min === 'number' && min > 0 && min <= 100, `${prop}.minSuccessRate`, min, 'a success rate in percent, above 0 and at most 100');
  const metrics: AnalysisMetric[] = [{ name: 'success-rate', query: options.successRateQuery, min }];
  if (options.latencyQuery !== undefined || options.maxLatencyMs !== undefined) {
    queryOk('latencyQuery', options.latencyQuery);
    problems.check(typeof options.maxLatencyMs === 'number' && options.maxLatencyMs > 0, `${prop}.maxLatencyMs`, options.maxLatencyMs,
      'with a latency check, give the highest acceptable latency in milliseconds (above 0)');
    metrics.push({ name: 'latency', query: options.latencyQuery ?? '', max: options.maxLatencyMs });
  }
  const seconds = wholeSeconds(problems, `${prop}.interval`, options.interval ?? Duration.minutes(1), 1);
  const failureLimit = options.failureLimit ?? 1;
  problems.check(Number.isInteger(failureLimit) && failureLimit >= 0 && failureLimit <= 100, `${prop}.failureLimit`, failureLimit, 'a whole number from 0 to 100');
  const count = options.count ?? 5;
  problems.check(Number.isInteger(count) && count >= 1 && count <= 1000, `${prop}.count`, count, 'a whole number of measurements from 1 to 1000');
  problems.check(count > failureLimit, `${prop}.count`, count, `more measurements than failureLimit (${failureLimit}): otherwise no run can fail`);
  return { address: options.address, metrics, interval: promRange(seconds), failureLimit, count };
}

/** Seconds as a PromQL range and Go duration: `1m`, `90s`. */
function promRange(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** A query with its placeholders replaced by what `values` gives. */
export function fillQuery(query: string, values: Record<(typeof PLACEHOLDERS)[number], string>): string {
  return query.replace(/\{\{\s*(service|namespace|interval)\s*\}\}/g, (_, name: keyof typeof values) => values[name]);
}

const ANALYSIS_KEYS = structKeys<PrometheusAnalysisOptions>()({
  address: true, successRateQuery: true, minSuccessRate: true, latencyQuery: true, maxLatencyMs: true, interval: true, failureLimit: true,
  count: true,
});

/** A controller's `analysis` option: no unknown keys, checked and resolved (problems under `prop`). */
export function checkedAnalysis(problems: Problems, prop: string, options: PrometheusAnalysisOptions): ResolvedAnalysis {
  checkKeys(problems, prop, 'PrometheusAnalysisOptions', options, ANALYSIS_KEYS);
  return resolveAnalysis(problems, prop, options);
}
