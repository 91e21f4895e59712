/**
 * Extends a field path (`spec.template.spec.containers[0].image`): array indexes in brackets, keys
 * that are not plain identifiers quoted (`metadata.labels["app.kubernetes.io/name"]`). How the
 * plugin's reports and the constructs' read-back checks name a field.
 */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}
