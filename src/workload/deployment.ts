import { ApiObject, Duration } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { wholeSeconds } from '../core/duration';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { createApiObject } from './api-object';

/** Settings of every Deployment a strategy creates. */
export interface DeploymentOptions {
  /**
   * How long a new pod must stay ready before it counts as available. The rollout waits for it
   * before stopping the next old pod, so a version that crashes shortly after starting stops the
   * rollout, and routing has time to pick the new pod up.
   * @default Duration.seconds(5)
   */
  readonly minReady?: Duration;
  /**
   * How long a rollout may make no progress before Kubernetes marks it failed
   * (`Progressing=False`, reason ProgressDeadlineExceeded; it does not roll back by itself).
   * Must be longer than `minReady`.
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`. At least 1: with 0 there is nothing to undo to.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Why this revision was made, stored as the `kubernetes.io/change-cause` annotation that
   * `kubectl rollout history` shows (what the deprecated `--record` flag used to write).
   * @default - no annotation
   */
  readonly changeCause?: string;
}

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Every prop of DeploymentOptions. */
export const DEPLOYMENT_OPTION_KEYS = {
  minReady: true, progressDeadline: true, revisionHistoryLimit: true, changeCause: true,
} as const satisfies Record<keyof DeploymentOptions, true>;

/** The Deployment fields decided by DeploymentOptions, checked. */
export function renderDeploymentSettings(problems: Problems, options: DeploymentOptions):
{ minReadySeconds: number; progressDeadlineSeconds: number; revisionHistoryLimit: number; annotations: Record<string, string> } {
  const minReadySeconds = wholeSeconds(problems, 'minReady', options.minReady ?? Duration.seconds(5), 0);
  const progressDeadlineSeconds = wholeSeconds(problems, 'progressDeadline', options.progressDeadline ?? Duration.seconds(600), 1);
  if (progressDeadlineSeconds <= minReadySeconds) {
    problems.add('progressDeadline', `${progressDeadlineSeconds}s`, `it must be longer than 'minReady' (${minReadySeconds}s), or every rollout would be marked failed`);
  }
  const revisionHistoryLimit = options.revisionHistoryLimit ?? 10;
  problems.check(isWholeNumber(revisionHistoryLimit, 1), 'revisionHistoryLimit', revisionHistoryLimit,
    'it must be a whole number of at least 1: with 0, old ReplicaSets are deleted and `kubectl rollout undo` has nothing to go back to');
  const annotations: Record<string, string> = {};
  if (options.changeCause !== undefined) {
    problems.check(typeof options.changeCause === 'string' && options.changeCause.length > 0, 'changeCause', options.changeCause, 'it must be a non-empty string');
    annotations[CHANGE_CAUSE] = options.changeCause;
  }
  return { minReadySeconds, progressDeadlineSeconds, revisionHistoryLimit, annotations };
}

/** Everything a Deployment is made of; strategies decide the values. */
export interface DeploymentParts {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Undefined when an autoscaler owns the replica count. */
  readonly replicas?: number;
  readonly selector: Record<string, string>;
  readonly template: k8s.PodTemplateSpec;
  readonly strategy: k8s.DeploymentStrategy;
  readonly settings: ReturnType<typeof renderDeploymentSettings>;
}

/** Creates the Deployment object. */
export function createDeployment(scope: Construct, id: string, parts: DeploymentParts): ApiObject {
  const annotations = { ...parts.settings.annotations, ...parts.annotations };
  // A plain object: the pod template may hold fields newer than the 1.27 bindings know.
  return createApiObject(scope, id, k8s.KubeDeployment.GVK, {
    name: parts.name,
    namespace: parts.namespace,
    labels: parts.labels,
    annotations: Object.keys(annotations).length ? annotations : undefined,
  }, {
    replicas: parts.replicas,
    selector: { matchLabels: parts.selector },
    template: parts.template,
    strategy: parts.strategy,
    minReadySeconds: parts.settings.minReadySeconds,
    progressDeadlineSeconds: parts.settings.progressDeadlineSeconds,
    revisionHistoryLimit: parts.settings.revisionHistoryLimit,
  });
}
