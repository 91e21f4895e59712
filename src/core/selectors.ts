/**
 * How Kubernetes matches labels against selectors, free of any bindings: the constructs and the
 * validation plugin (which never loads cdk8s) mean the same pods by a selector.
 */

type Labels = { readonly [key: string]: unknown };

function isMap(value: unknown): value is Labels {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedEntries(value: unknown): [string, unknown][] {
  return isMap(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : [];
}

/**
 * For indexing by label: one `key=value` pair every label set a map selector selects must have (its
 * first), or undefined when it selects nothing. Candidates found through it still go through `mapSelects`.
 */
export function mapSelectorKey(selector: unknown): string | undefined {
  const [first] = definedEntries(selector);
  return first && `${first[0]}=${String(first[1])}`;
}

/** The `key=value` pairs of labels, as `mapSelectorKey` spells them. */
export function labelKeys(labels: unknown): string[] {
  return definedEntries(labels).map(([key, value]) => `${key}=${String(value)}`);
}

/** Whether a map selector (a Service's `spec.selector`) selects these labels. An empty map selects nothing. */
export function mapSelects(selector: unknown, labels: Labels): boolean {
  const required = definedEntries(selector);
  return required.length > 0 && required.every(([key, value]) => labels[key] === value);
}

/**
 * Whether a metav1.LabelSelector selects these labels. `emptySelectsAll` decides what an empty
 * selector means: everything for a PodDisruptionBudget or NetworkPolicy, nothing for spreading terms.
 */
export function labelSelectorSelects(selector: unknown, labels: Labels, emptySelectsAll: boolean): boolean {
  if (!isMap(selector)) return false;
  const matchLabels = definedEntries(selector.matchLabels);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (matchLabels.length === 0 && expressions.length === 0) return emptySelectsAll;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  return matchLabels.every(([key, value]) => labels[key] === value) && expressions.every((requirement) => {
    const key = String(requirement?.key);
    const values: unknown[] = Array.isArray(requirement?.values) ? requirement.values : [];
    switch (requirement?.operator) {
      case 'In': return has(key) && values.includes(labels[key]);
      case 'NotIn': return !has(key) || !values.includes(labels[key]);
      case 'Exists': return has(key);
      case 'DoesNotExist': return !has(key);
      default: return false;
    }
  });
}
