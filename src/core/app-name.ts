import { dns1035LabelProblem, dns1123LabelProblem } from './names';
import { Problems } from './problems';

/**
 * Resolves the app's name (the construct id unless given) and checks that it, and the longest name
 * derived from it, is a valid Service name: derived names are `<name><suffix>`.
 */
export function resolveAppName(problems: Problems, id: string, name: string | undefined, longestSuffix: string = ''): string {
  const resolved = name ?? id;
  const prop = name === undefined ? 'name (defaulted from the construct id)' : 'name';
  const problem = dns1035LabelProblem(`${resolved}${longestSuffix}`);
  if (problem) {
    const derived = longestSuffix ? ` (and '${resolved}${longestSuffix}', the longest name derived from it, ${problem})` : '';
    problems.add(prop, resolved, derived
      ? `it names Services, so it must be a DNS-1035 label${derived}`
      : `it names Services, so it must be a DNS-1035 label: it ${problem}`);
  }
  return resolved;
}

/** Checks a namespace name. */
export function checkNamespace(problems: Problems, namespace: string | undefined): void {
  if (namespace === undefined) return;
  const problem = dns1123LabelProblem(namespace);
  if (problem) problems.add('namespace', namespace, `a namespace name ${problem}`);
}
