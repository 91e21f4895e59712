/**
 * Where two synthesized manifest sets differ, as `Kind/name path` lines: what a reviewer sees change
 * in the pull request of one release step.
 */
export function diffPaths(before: any[], after: any[]): string[] {
  const key = (m: any) => `${m.kind}/${m.metadata?.name}`;
  const byKey = (list: any[]) => new Map(list.map((m) => [key(m), m]));
  const a = byKey(before);
  const b = byKey(after);
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    if (!a.has(k)) out.push(`${k} (added)`);
    else if (!b.has(k)) out.push(`${k} (removed)`);
    else walk(a.get(k), b.get(k), '', (p) => out.push(`${k} ${p}`));
  }
  return out.sort();
}

function walk(x: any, y: any, path: string, report: (path: string) => void): void {
  if (x === y) return;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) {
    report(path || '.');
    return;
  }
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    walk(x[k], y[k], path ? `${path}.${k}` : k, report);
  }
}
