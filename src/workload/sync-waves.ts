import { ApiObject } from 'cdk8s';

/**
 * Argo CD's sync waves: within one sync, Argo CD applies the objects of a lower wave first and moves
 * to the next wave only once every object of the wave is healthy (a Deployment once its rollout is
 * complete, as `kubectl rollout status` sees it). Other tools (kubectl, Flux) ignore the annotation.
 */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The waves of an app's objects. The first is 0, the wave of every object without the annotation: the
 * app's Namespace, ConfigMaps and Secrets, which Argo CD applies before Deployments within a wave.
 */
export enum SyncWave {
  /**
   * What must be running before traffic moves: the Deployments that serve requests once the commit
   * is applied (a blue/green app's active slot, a canary that gets a weight or a match, a stable
   * track), their PodDisruptionBudgets, the NetworkPolicy.
   */
  BEFORE_TRAFFIC = '0',
  /** What moves traffic: Services (a blue/green flip is their selectors) and routes (weights). */
  TRAFFIC = '1',
  /**
   * What may only change once traffic has moved away: Deployments that serve no requests after the
   * commit (the idle slot, a canary without weight or match), which may be scaling down; autoscalers,
   * whose health (metrics available) must not hold a release back.
   */
  AFTER_TRAFFIC = '2',
}

/** Puts `object` into `wave` (nothing when `enabled` is false or there is no object). */
export function setSyncWave(object: ApiObject | undefined, wave: SyncWave, enabled: boolean): void {
  if (enabled && object) object.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, wave);
}

/**
 * The wave of an object a release controller adds: its Rollout or Canary names the Services and
 * routes of the TRAFFIC wave, so it comes after them; what it refers to by name (analysis templates,
 * the primary's disruption budget) comes first; its autoscaler last, as every autoscaler (its health,
 * metrics available, must not hold a release back).
 */
export function controllerObjectWave(object: ApiObject): SyncWave {
  return ['Rollout', 'Canary', 'HorizontalPodAutoscaler'].includes(object.kind) ? SyncWave.AFTER_TRAFFIC : SyncWave.BEFORE_TRAFFIC;
}
