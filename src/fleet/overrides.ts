import { checkKeys, structKeys } from '../core/known-keys';
import { Problems } from '../core/problems';
import { TrafficRouter } from '../traffic/router';
import { AutoscalingOptions } from '../workload/autoscaling';
import { AppConfig } from '../workload/config';
import { FleetApp } from './fleet-app';

/**
 * How one cluster (or every cluster of a ring) differs from the fleet's app, in the ways clusters
 * differ in practice. Each replaces the app's prop of the same name; `replicas` and `autoscaling` are
 * one choice, so setting either drops the other from the app's props.
 */
export interface ClusterOverrides {
  /**
   * The cluster's pod count (the strategy's `replicas`), instead of the app's replica count or autoscaling.
   * @default - the app's
   */
  readonly replicas?: number;
  /**
   * The cluster's autoscaling range (the strategy's `autoscaling`), instead of the app's replica count or range.
   * @default - the app's
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The namespace of every object in the cluster.
   * @default - the app's
   */
  readonly namespace?: string;
  /**
   * The CanaryApp's traffic router in this cluster (a cluster without the mesh the others run).
   * @default - the app's
   */
  readonly trafficRouter?: TrafficRouter;
  /**
   * The app's configuration in this cluster (the strategy's `config`): its endpoints, its region.
   * @default - the app's
   */
  readonly config?: AppConfig;
  /**
   * The Kubernetes version the cluster runs, `"1.<minor>"` (`KubernetesTarget`): fields it does not
   * serve are errors and version-dependent choices follow it.
   * @default - the fleet's `targetVersion`
   */
  readonly targetVersion?: string;
}

/** Overrides that are not a strategy prop but a setting of the cluster's chart. */
const CHART_SETTINGS = ['targetVersion'];

export const OVERRIDE_KEYS = structKeys<ClusterOverrides>()({
  replicas: true, autoscaling: true, namespace: true, trafficRouter: true, config: true, targetVersion: true,
});

/**
 * Reports every override the strategy cannot take: a key ClusterOverrides does not have (misspelled:
 * with the nearest key), or a prop the app's strategy does not have (`trafficRouter` on a
 * SafeRollingDeployment).
 */
export function checkOverrides(problems: Problems, prop: string, overrides: ClusterOverrides | undefined, app: FleetApp): void {
  if (!overrides) return;
  checkKeys(problems, prop, 'ClusterOverrides', overrides, OVERRIDE_KEYS);
  for (const key of Object.keys(overrides)) {
    if (!OVERRIDE_KEYS.includes(key) || CHART_SETTINGS.includes(key) || app._keys.includes(key)) continue;
    problems.add(`${prop}.${key}`, (overrides as Record<string, unknown>)[key], `${app.strategy}Props has no prop '${key}': the fleet's app cannot be overridden by it`);
  }
}

/** The app's props with the overrides (ring's, then cluster's) merged in: what one cluster builds. */
export function mergeOverrides(props: { readonly [key: string]: any }, ...layers: (ClusterOverrides | undefined)[]): { [key: string]: any } {
  const merged: { [key: string]: any } = { ...props };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined || CHART_SETTINGS.includes(key)) continue;
      if (key === 'replicas') delete merged.autoscaling;
      if (key === 'autoscaling') delete merged.replicas;
      merged[key] = value;
    }
  }
  return merged;
}

/** The cluster's target version: the cluster's override, the ring's, or the fleet's. */
export function targetVersionOf(...layers: (ClusterOverrides | undefined)[]): string | undefined {
  return layers.reduce<string | undefined>((found, layer) => layer?.targetVersion ?? found, undefined);
}
