/** Grouping Deployments into the library's apps: same namespace and app name, labelled with a slot or track. */
import { LABEL_NAME } from '../../core/labels';
import { DeploymentFacts } from '../deployment';

/** The Deployments carrying `variantLabel`, grouped by namespace and `app.kubernetes.io/name`. */
export function groupByAppLabel(deployments: readonly DeploymentFacts[], variantLabel: string): DeploymentFacts[][] {
  const groups = new Map<string, DeploymentFacts[]>();
  for (const d of deployments) {
    if (!d.podLabels[variantLabel] || !d.podLabels[LABEL_NAME]) continue;
    const key = `${d.namespace ?? ''}/${d.podLabels[LABEL_NAME]}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()];
}
