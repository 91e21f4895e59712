import { Problems } from './problems';

/**
 * The prop names of struct `T`, as a runtime list the compiler keeps honest: the object passed must
 * name every key of `T` (optional ones too) and nothing else, so a prop added to an interface without
 * being added here fails the build.
 *
 * `structKeys<RollingUpdateOptions>()({ maxSurge: true, maxUnavailable: true, allowCapacityDrop: true })`
 */
export function structKeys<T>() {
  return <K extends { [P in keyof Required<T>]: true }>(keys: K & { [P in Exclude<keyof K, keyof T>]: never }): readonly string[] =>
    Object.keys(keys);
}

/**
 * Reports every prop of `value` that struct `structName` does not have. TypeScript catches these only
 * when the app is type-checked; `cdk8s synth` usually runs transpile-only, and Python, Java, Go and
 * .NET apps pass dictionaries, so a misspelled prop (seed 004's `maxSure`) would silently be ignored.
 */
export function checkKeys(problems: Problems, prop: string, structName: string, value: unknown, keys: readonly string[]): void {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const guess = closest(key, keys);
    problems.add(prop ? `${prop}.${key}` : key, (value as Record<string, unknown>)[key],
      `${structName} has no prop '${key}'${guess ? `; did you mean '${guess}'?` : `; its props are ${keys.join(', ')}`}`);
  }
}

/** The known key nearest to a misspelling (edit distance at most 2, ignoring case), if any. */
function closest(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of keys) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}
