/**
 * StatefulSet facts shared by the construct, the plan and the validation plugin, free of bindings:
 * how the StatefulSet controller resolves its rolling update (kubernetes
 * `pkg/controller/statefulset/stateful_set_control.go`) and which spec fields the API server lets an
 * update change (`pkg/apis/apps/validation`, ValidateStatefulSetUpdate).
 */
import { Pods } from './rollout-arithmetic';

/** A StatefulSet's rolling update, as its controller runs it. */
export interface StatefulSetUpdate {
  readonly replicas: number;
  /** Ordinals from `partition` up get the new revision; the ones below keep the current one. */
  readonly partition: number;
  /** Pods replaced at once (`maxUnavailable`: percentages round down, at least 1; 1 without the feature). */
  readonly maxUnavailable: number;
  /** Pods that get the new revision: replicas - partition (all with partition 0). */
  readonly updatedPods: number;
  /** One line for the rollout annotation. */
  readonly summary: string;
}

/**
 * The update the controller runs. `maxUnavailable` undefined: the field is not served (or not
 * written), and the controller replaces one pod at a time.
 */
export function resolveStatefulSetUpdate(replicas: number, partition: number, maxUnavailable?: Pods): StatefulSetUpdate {
  // getStatefulSetMaxUnavailable: scaled rounding down, never below 1.
  const atOnce = maxUnavailable ? Math.max(1, maxUnavailable._resolve(replicas, false)) : 1;
  const updatedPods = Math.max(0, replicas - partition);
  const who = partition > 0 ? `partition ${partition}: ordinals ${partition} to ${replicas - 1} (${updatedPods} of ${replicas} pods) get a new revision, the others keep theirs`
    : `partition 0: every pod gets a new revision`;
  const how = atOnce === 1 ? 'one pod at a time' : `maxUnavailable ${maxUnavailable} = ${atOnce} pods at a time`;
  return {
    replicas,
    partition,
    maxUnavailable: atOnce,
    updatedPods,
    summary: `${who}; ${how}, highest ordinal first, each deleted before its replacement starts (no surge: ${atOnce} of ${replicas} pods down per step)`,
  };
}

/**
 * The spec fields of a StatefulSet an update may change; the API server refuses a change to any
 * other (`spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals',
 * 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and
 * 'minReadySeconds' are forbidden`).
 */
export const STATEFUL_SET_MUTABLE_SPEC_FIELDS: readonly string[] = [
  'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds',
];

/**
 * The spec fields a release is likely to touch that `kubectl apply` cannot change on an existing
 * StatefulSet (every other spec field but the mutable ones above is refused too).
 */
export const STATEFUL_SET_IMMUTABLE_SPEC_FIELDS: readonly string[] = ['selector', 'serviceName', 'volumeClaimTemplates', 'podManagementPolicy'];

/**
 * The spec fields (`spec.serviceName`, …) whose change from `before` to `after` (two StatefulSet
 * manifests of the same name) the API server refuses. Compared as JSON with sorted keys; a field
 * absent on both sides is unchanged.
 */
export function statefulSetImmutableChanges(before: { spec?: Record<string, unknown> }, after: { spec?: Record<string, unknown> }): string[] {
  const a = before.spec ?? {};
  const b = after.spec ?? {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !STATEFUL_SET_MUTABLE_SPEC_FIELDS.includes(k) && canonical(a[k]) !== canonical(b[k])).map((k) => `spec.${k}`);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
