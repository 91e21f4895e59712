import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

/**
 * Creates a built-in object whose spec may carry fields newer than Kubernetes 1.27 (a `sleep`
 * preStop action, `matchLabelKeys` on an affinity term, a Service's `trafficDistribution`).
 *
 * The cdk8s-plus-27 classes (`k8s.KubeDeployment`, ...) pass their props, JSON patches included,
 * through the 1.27 schema in `toJson` and silently drop every field it does not know. A plain
 * ApiObject keeps everything; the bindings' value classes (IntOrString, Quantity) are written as the
 * values they hold, as the bindings would.
 */
export function createApiObject(scope: Construct, id: string, gvk: GroupVersionKind, metadata: ApiObjectMetadata, spec: object): ApiObject {
  return new ApiObject(scope, id, { ...gvk, metadata, spec: plainJson(spec) });
}

function plainJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(plainJson);
  if (value instanceof k8s.IntOrString || value instanceof k8s.Quantity) return value.value;
  // A loop, not entries/filter/fromEntries: every object of every app goes through here.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = plainJson(item);
  }
  return out;
}
