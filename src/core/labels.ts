import { labelKeyProblem, labelValueProblem } from './names';
import { Problems } from './problems';

/** The recommended labels (kubernetes.io "Recommended Labels") and this library's own keys. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Prefix of this library's own labels and annotations. */
export const OWN_PREFIX = 'release-strategies.cdk8s.io';

const RESERVED = [LABEL_NAME, LABEL_INSTANCE, LABEL_VERSION, LABEL_MANAGED_BY];

/**
 * A Deployment's selector is immutable in apps/v1, so selectors hold only labels that never change
 * between releases: the app's name and instance, plus (for blue/green and canary) which slot or track.
 * The version lives on the pod template only.
 */
export function selectorLabels(appName: string, variant?: { key: string; value: string }): Record<string, string> {
  const labels: Record<string, string> = { [LABEL_NAME]: appName, [LABEL_INSTANCE]: appName };
  if (variant) labels[variant.key] = variant.value;
  return labels;
}

/** Labels every object of an app carries: the user's, then the recommended ones (which win). */
export function objectLabels(appName: string, userLabels: Record<string, string> | undefined, version?: string): Record<string, string> {
  const labels: Record<string, string> = { ...(userLabels ?? {}), ...selectorLabels(appName), [LABEL_MANAGED_BY]: 'cdk8s' };
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
