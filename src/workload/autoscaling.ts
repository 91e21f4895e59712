import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { checkKeys, structKeys } from '../core/known-keys';

/** A HorizontalPodAutoscaler owning the replica count. */
export interface AutoscalingOptions {
  /**
   * Fewest replicas. At least 2 keeps the app up through a node failure or drain.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Average CPU use, in percent of the CPU request, the autoscaler aims for.
   * @default 70
   */
  readonly targetCpuUtilization?: number;
}

const AUTOSCALING_KEYS = structKeys<AutoscalingOptions>()({ minReplicas: true, maxReplicas: true, targetCpuUtilization: true });

/** An autoscaler as the strategies resolved it for one Deployment. */
export interface AutoscalerSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
  /**
   * Never scale down (`behavior.scaleDown.selectPolicy: Disabled`): a canary's stable track while
   * the canary takes part of its traffic, so that an abort finds it at its size before the release.
   */
  readonly holdScaleDown?: boolean;
}

/** Checks the options; returns the autoscaler they describe (its range drives the rollout and budget arithmetic). */
export function autoscalingRange(problems: Problems, prop: string, options: AutoscalingOptions): AutoscalerSpec & { min: number; max: number } {
  checkKeys(problems, prop, 'AutoscalingOptions', options, AUTOSCALING_KEYS);
  const min = options.minReplicas ?? 2;
  const max = options.maxReplicas;
  problems.check(isWholeNumber(min, 1), `${prop}.minReplicas`, min, 'it must be a whole number of at least 1');
  if (problems.check(isWholeNumber(max, 1), `${prop}.maxReplicas`, max, 'it must be a whole number of at least 1')) {
    problems.check(max > min, `${prop}.maxReplicas`, max, `it must be greater than minReplicas (${min}): with both equal there is nothing to scale; use a fixed 'replicas' instead`);
  }
  const target = options.targetCpuUtilization ?? 70;
  // Utilization is measured against the request, and the default CPU limit is 5 x the request: above 100 is meaningful.
  problems.check(isWholeNumber(target, 1, 2 ** 31 - 1), `${prop}.targetCpuUtilization`, target, 'it must be a whole percentage of at least 1 (of the CPU request; above 100 allowed)');
  return { min, max, minReplicas: min, maxReplicas: max, targetCpuUtilization: target };
}

/** What an autoscaler scales: a Deployment, or a controller's scalable resource (an Argo Rollout). */
export interface ScaleTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/**
 * Creates the autoscaling/v2 HorizontalPodAutoscaler of one scalable workload, named after it: one per
 * workload, never one across an app's versions (it would average both versions' CPU).
 */
export function createAutoscaler(scope: Construct, id: string, spec: AutoscalerSpec,
  target: { scaleTarget: ScaleTarget; namespace?: string; labels: Record<string, string> }): ApiObject {
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, id, {
    metadata: { name: target.scaleTarget.name, namespace: target.namespace, labels: target.labels },
    spec: {
      scaleTargetRef: { ...target.scaleTarget },
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCpuUtilization } },
      }],
      behavior: spec.holdScaleDown ? { scaleDown: { selectPolicy: 'Disabled' } } : undefined,
    },
  });
}
