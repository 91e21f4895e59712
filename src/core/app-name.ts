import { dns1035LabelProblem, dns1123LabelProblem } from './names';
import { Problems } from './problems';

/**
 * Resolves the app's name (the construct id unless given) and checks it. It names Services (DNS-1035
 * labels) and Deployments whose names are also instance label values (at most 63 characters), so
 * both the name and the longest `<name><suffix>` derived from it must be DNS-1035 labels.
 */
export function resolveAppName(problems: Problems, id: string, name: string | undefined, longestSuffix: string = ''): string {
  const resolved = name ?? id;
  const prop = name === undefined ? 'name (defaulted from the construct id)' : 'name';
  const problem = dns1035LabelProblem(resolved);
  const derivedProblem = dns1035LabelProblem(`${resolved}${longestSuffix}`);
  if (problem) {
    problems.add(prop, resolved, `it names Services, so it must be a DNS-1035 label: it ${problem}`);
  } else if (derivedProblem) {
    problems.add(prop, resolved, `'${resolved}${longestSuffix}', the longest name derived from it, ${derivedProblem}; choose a name of at most ${63 - longestSuffix.length} characters`);
  }
  return resolved;
}

/** Checks a namespace name. */
export function checkNamespace(problems: Problems, namespace: string | undefined): void {
  if (namespace === undefined) return;
  const problem = dns1123LabelProblem(namespace);
  if (problem) problems.add('namespace', namespace, `a namespace name ${problem}`);
}
