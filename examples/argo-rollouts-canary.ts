import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryApp, CanaryMatch, Probe, PrometheusAnalysisOptions, ReleaseController, RolloutStep, TrafficRouter } from '../src';

/** Success rate (Istio's request metrics) at least 99% and p99 latency at most 500 ms, every minute. */
export const SHOP_ANALYSIS: PrometheusAnalysisOptions = {
  address: 'http://prometheus.monitoring:9090',
  successRateQuery: 'sum(rate(istio_requests_total{destination_service_name="{{service}}",destination_service_namespace="{{namespace}}",response_code!~"5.*"}[{{interval}}])) / sum(rate(istio_requests_total{destination_service_name="{{service}}",destination_service_namespace="{{namespace}}"}[{{interval}}])) * 100',
  latencyQuery: 'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{destination_service_name="{{service}}",destination_service_namespace="{{namespace}}"}[{{interval}}])) by (le))',
  maxLatencyMs: 500,
};

/**
 * The canary under Argo Rollouts with Istio: 1.5.0 is released by steps (10%, analysis, 50%,
 * analysis, 10 minutes) with testers (`X-Canary: always`) always on the canary.
 */
export class ArgoRolloutsCanaryChart extends Chart {
  public readonly app: CanaryApp;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    this.app = new CanaryApp(this, 'reviews', {
      stable: { image: 'registry.example.com/shop/reviews:1.4.2' },
      canary: { image: 'registry.example.com/shop/reviews:1.5.0' },
      replicas: 4,
      trafficRouter: TrafficRouter.istio(),
      canaryMatch: CanaryMatch.header('X-Canary', 'always'),
      readiness: Probe.httpGet('/ready'),
      releaseController: ReleaseController.argoRollouts({
        analysis: SHOP_ANALYSIS,
        steps: [
          RolloutStep.weight(10), RolloutStep.analysis(), RolloutStep.weight(50), RolloutStep.analysis(), RolloutStep.pause(Duration.minutes(10)),
        ],
      }),
    });
  }
}
