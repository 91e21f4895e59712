import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Problems } from '../core/problems';
import { isWholeBytes, parseQuantity } from '../core/quantity';
import { checkKeys, structKeys } from '../core/known-keys';

/**
 * Compute resources of the container, as Kubernetes quantities (`250m`, `0.5`, `128Mi`, `1Gi`).
 * Requests and limits are always emitted: without requests the scheduler packs pods blindly, and
 * without a memory limit one leaking pod can starve its node.
 */
export interface ResourceOptions {
  /**
   * CPU the scheduler reserves for the container.
   * @default '100m'
   */
  readonly cpuRequest?: string;
  /**
   * Most CPU the container may use; it is throttled above.
   * @default - five times the CPU request ('500m' with the default request)
   */
  readonly cpuLimit?: string;
  /**
   * Memory the scheduler reserves for the container.
   * @default '128Mi'
   */
  readonly memoryRequest?: string;
  /**
   * Most memory the container may use; it is OOM-killed above.
   * @default - twice the memory request ('256Mi' with the default request)
   */
  readonly memoryLimit?: string;
  /**
   * Local disk (writable layers, emptyDir volumes such as /tmp, container logs) the scheduler reserves.
   * @default '100Mi'
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Most local disk the container may use; the kubelet evicts the pod above.
   * @default '1Gi'
   */
  readonly ephemeralStorageLimit?: string;
}

const RESOURCE_KEYS = structKeys<ResourceOptions>()({
  cpuRequest: true, cpuLimit: true, memoryRequest: true, memoryLimit: true, ephemeralStorageRequest: true, ephemeralStorageLimit: true,
});

export function renderResources(problems: Problems, prop: string, options: ResourceOptions = {}): k8s.ResourceRequirements {
  checkKeys(problems, prop, 'ResourceOptions', options, RESOURCE_KEYS);
  const quantity = (field: keyof ResourceOptions, text: string) => {
    const value = parseQuantity(text);
    if (value === undefined) problems.add(`${prop}.${field}`, text, 'expected a positive Kubernetes quantity such as \'250m\', \'0.5\', \'128Mi\' or \'1Gi\'');
    else if (!field.startsWith('cpu') && !isWholeBytes(value)) {
      problems.add(`${prop}.${field}`, text, `it is ${value} bytes, not a whole number (the API server warns "fractional byte value"): write it in a smaller unit, e.g. '${Math.round(value / 2 ** 20)}Mi' or '${Math.round(value)}'`);
    }
    return value;
  };
  const cpuRequest = options.cpuRequest ?? '100m';
  const memoryRequest = options.memoryRequest ?? '128Mi';
  const cpuRequestValue = quantity('cpuRequest', cpuRequest);
  const memoryRequestValue = quantity('memoryRequest', memoryRequest);
  // 5 x the request, rounded up to a whole millicore (at least 1m: a tiny request never gives a 0m limit)
  const cpuLimit = options.cpuLimit ?? (cpuRequestValue === undefined ? '500m' : `${Math.max(1, Math.ceil(cpuRequestValue * 5000 - 1e-9))}m`);
  const memoryLimit = options.memoryLimit ?? (memoryRequestValue === undefined ? '256Mi' : bytes(memoryRequestValue * 2));
  const cpuLimitValue = quantity('cpuLimit', cpuLimit);
  const memoryLimitValue = quantity('memoryLimit', memoryLimit);
  if (cpuRequestValue !== undefined && cpuLimitValue !== undefined && cpuLimitValue < cpuRequestValue) {
    problems.add(`${prop}.cpuLimit`, cpuLimit, `it must be at least the CPU request (${cpuRequest})`);
  }
  if (memoryRequestValue !== undefined && memoryLimitValue !== undefined && memoryLimitValue < memoryRequestValue) {
    problems.add(`${prop}.memoryLimit`, memoryLimit, `it must be at least the memory request (${memoryRequest})`);
  }
  const storageRequest = options.ephemeralStorageRequest ?? '100Mi';
  const storageLimit = options.ephemeralStorageLimit ?? '1Gi';
  const storageRequestValue = quantity('ephemeralStorageRequest', storageRequest);
  const storageLimitValue = quantity('ephemeralStorageLimit', storageLimit);
  if (storageRequestValue !== undefined && storageLimitValue !== undefined && storageLimitValue < storageRequestValue) {
    problems.add(`${prop}.ephemeralStorageLimit`, storageLimit, `it must be at least the ephemeral storage request (${storageRequest})`);
  }
  const q = (text: string) => k8s.Quantity.fromString(text);
  return {
    requests: { 'cpu': q(cpuRequest), 'memory': q(memoryRequest), 'ephemeral-storage': q(storageRequest) },
    limits: { 'cpu': q(cpuLimit), 'memory': q(memoryLimit), 'ephemeral-storage': q(storageLimit) },
  };
}

function bytes(value: number): string {
  const mi = value / 2 ** 20;
  return Number.isInteger(mi) ? `${mi}Mi` : String(Math.ceil(value));
}
