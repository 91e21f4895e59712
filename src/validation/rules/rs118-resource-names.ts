/**
 * Container resource names and amounts. Source: kubernetes pkg/apis/core/validation/validation.go
 * validateResourceRequirements, validateContainerResourceName, ValidateResourceQuantityValue,
 * ValidateNonnegativeQuantity; pkg/apis/core/helper (IsStandardContainerResourceName,
 * IsExtendedResourceName, IsOvercommitAllowed).
 */
import { quantityValue } from '../../core/quantity';
import { labelKeyProblem } from '../../core/names';
import { Report, Rule, RuleContext } from '../context';
import { at, entries, isObject, Json, show } from '../objects';
import { containers, serverValidatedTemplates } from '../../core/pod-templates';

export const RS118: Rule = {
  id: 'RS118',
  severity: 'error',
  title: 'invalid resource name or amount',
  why: 'A container resource without a domain must be a standard one (cpu, memory, ephemeral-storage, hugepages-<size>); extended resources (`example.com/gpu`) are whole numbers that cannot be overcommitted: a limit is required and a request must equal it. Amounts are never negative, and huge pages need a cpu or memory request. The API server refuses any other.',
  fix: 'Correct the resource name; for an extended resource set the limit (the request defaults to it) in whole units.',
  check: checkResourceNames,
};

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isNative(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return true;
  const domain = name.slice(0, slash);
  return domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io');
}

function checkResourceNames(context: RuleContext, report: Report): void {
  for (const template of serverValidatedTemplates(context)) {
    for (const { container, path } of containers(template, { withInit: true })) {
      const resources: Json = isObject(container.resources) ? container.resources : {};
      const resourcesPath = at(path, 'resources');
      const limits = isObject(resources.limits) ? resources.limits : {};
      const requests = isObject(resources.requests) ? resources.requests : {};
      let hugePages = false;
      for (const [list, map] of [['limits', limits], ['requests', requests]] as const) {
        for (const [name, amount] of entries(map)) {
          const path = at(at(resourcesPath, list), name);
          const say = (message: string) => report(template.owner, path, message);
          const value = quantityValue(String(amount));
          if (value !== undefined && value < 0) say(`${show(amount)} must be greater than or equal to 0`);
          if (name.startsWith('hugepages-')) hugePages = true;
          if (!name.includes('/')) {
            if (!STANDARD.has(name) && !/^hugepages-.+/.test(name)) say(`${show(name)} must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>)`);
            if (!name.startsWith('hugepages-')) continue;
          } else if (isNative(name)) {
            continue;
          } else {
            const problem = labelKeyProblem(name);
            if (problem || name.startsWith('requests.')) { say(`${show(name)} doesn't follow extended resource name standard`); continue; }
            if (value !== undefined && !Number.isInteger(value)) say(`${show(amount)} must be an integer`);
          }
          // Extended resources and huge pages cannot be overcommitted (IsOvercommitAllowed).
          if (list === 'requests') {
            if (!(name in limits)) say('Limit must be set for non overcommitable resources');
            else if (quantityValue(String(limits[name])) !== value) say(`must be equal to ${name} limit of ${limits[name]}`);
          }
        }
      }
      if (hugePages && !['cpu', 'memory'].some((r) => r in limits || r in requests)) report(template.owner, resourcesPath, 'HugePages require cpu or memory');
    }
  }
}
