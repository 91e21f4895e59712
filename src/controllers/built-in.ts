import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkKeys } from '../core/known-keys';
import { Problems } from '../core/problems';
import { createAutoscaler, ScaleTarget } from '../workload/autoscaling';
import { ReleasedApp, ReleaseShape } from './released-app';

/** The app prop a controller's options are given in, for messages (`releaseController.steps`). */
export const OPTIONS_PROP = 'releaseController';

/**
 * How a built-in controller binds: Argo Rollouts and Flagger release slots (blue/green) and tracks
 * (canary); a single rolling Deployment is Kubernetes' own release, which they refuse.
 */
export function bindSlotsOrTracks(controllerName: string, app: ReleasedApp,
  release: { slots: () => ApiObject[]; tracks: () => ApiObject[] }): ApiObject[] {
  switch (app.shape) {
    case ReleaseShape.SLOTS: return release.slots();
    case ReleaseShape.TRACKS: return release.tracks();
    default:
      app.refuse(controllerName, 'it releases a BlueGreenApp (blue/green) or a CanaryApp (canary); a SafeRollingDeployment is released by the Deployment\'s own rolling update: leave releaseController unset');
      return [];
  }
}

/**
 * Checks a controller's options: no unknown prop (`typeName` names the options' type), and none of
 * `unused`, the options that do not apply to this app (`why` says so).
 */
export function checkControllerOptions<T extends object>(problems: Problems, typeName: string, options: T, keys: readonly string[],
  unused: (keyof T & string)[], why: string): void {
  checkKeys(problems, OPTIONS_PROP, typeName, options, keys);
  for (const key of unused) {
    if (options[key] !== undefined) problems.add(`${OPTIONS_PROP}.${key}`, options[key], why);
  }
}

/**
 * The HorizontalPodAutoscaler (autoscaling/v2) of the resource a controller scales, named after it,
 * when the app autoscales: the app's range and CPU target, as a plain app's autoscaler has them.
 */
export function controllerAutoscaler(scope: Construct, app: ReleasedApp, scaleTarget: ScaleTarget): ApiObject[] {
  const range = app.autoscaling;
  if (!range) return [];
  return [createAutoscaler(scope, 'Autoscaler', {
    minReplicas: range.minReplicas!, maxReplicas: range.maxReplicas, targetCpuUtilization: range.targetCpuUtilization!,
  }, { scaleTarget, namespace: app.namespace, labels: app.labels })];
}
