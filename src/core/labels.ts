import { labelKeyProblem, labelValueProblem } from './names';
import { Problems } from './problems';

/** The recommended labels (kubernetes.io "Recommended Labels") and this library's own keys. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Prefix of this library's own labels and annotations. */
export const OWN_PREFIX = 'release-strategies.cdk8s.io';
/** Label on every blue/green pod naming its slot; the Services select on it. */
export const SLOT_LABEL = `${OWN_PREFIX}/slot`;
/** Label on every canary-app pod naming its track; Services and routers select on it. */
export const TRACK_LABEL = `${OWN_PREFIX}/track`;
/** Annotation on a canary app's apex Service with the canary share the replica counts achieve. */
export const ACHIEVED_WEIGHT_ANNOTATION = `${OWN_PREFIX}/achieved-canary-weight`;

const RESERVED = [LABEL_NAME, LABEL_INSTANCE, LABEL_VERSION, LABEL_MANAGED_BY];

/** Which of an app's Deployments a pod belongs to, beyond its instance: a blue/green slot or a canary track. */
export interface Variant {
  readonly key: string;
  readonly value: string;
}

/**
 * A Deployment's selector. It is immutable in apps/v1, so it holds only labels that never change
 * between releases: the app's name, the Deployment's instance (its own name: Polaris wants a
 * controller's instance label to equal its name), and the slot or track. The version lives on the
 * pod template only.
 */
export function podSelector(appName: string, instance: string, variant?: Variant): Record<string, string> {
  return { ...appSelector(appName, variant), [LABEL_INSTANCE]: instance };
}

/** Selects the app's pods across its Deployments (all of them, or one slot or track): for Services. */
export function appSelector(appName: string, variant?: Variant): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_NAME]: appName };
  if (variant) labels[variant.key] = variant.value;
  return labels;
}

/** Labels an object carries: the user's, then the recommended ones (which win). */
export function objectLabels(
  appName: string, instance: string, userLabels: Record<string, string> | undefined, version?: string, variant?: Variant,
): Record<string, string> {
  const labels: Record<string, string> = { ...(userLabels ?? {}), ...podSelector(appName, instance, variant), [LABEL_MANAGED_BY]: 'cdk8s' };
  if (version !== undefined) labels[LABEL_VERSION] = version;
  return labels;
}

/** Checks user labels: valid keys and values, and none of the keys this library sets itself. */
export function checkUserLabels(problems: Problems, prop: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.add(`${prop}`, key, `label key ${keyProblem}`);
    if (typeof value !== 'string') {
      problems.add(`${prop}.${key}`, value, 'a label value must be a string');
      continue;
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.add(`${prop}.${key}`, value, valueProblem);
    if (RESERVED.includes(key) || key.startsWith(`${OWN_PREFIX}/`)) {
      problems.add(`${prop}`, key, `this label is set by the construct itself; choose another key`);
    }
  }
}
