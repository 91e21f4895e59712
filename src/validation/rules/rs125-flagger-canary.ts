import { Report, Rule, RuleContext } from '../context';
import { at, isObject, KubeObject, list } from '../objects';

export const RS125: Rule = {
  id: 'RS125',
  severity: 'error',
  title: 'Flagger cannot run the Canary as written',
  why: 'Flagger reads a Canary beyond its CRD schema: it refuses a MetricTemplate or AlertProvider in another namespace (cross-namespace references are blocked by default), the same cookie name for the primary and the canary session affinity; and it silently changes what it was given: stepWeights take precedence over stepWeight, a match without iterations is ignored (weighted canary), iterations without a match turn a weighted canary into blue/green, an interval under 10s is raised to 10s, maxWeight above 100 or a step above maxWeight is never reached.',
  fix: 'Keep one of stepWeight and stepWeights, give a match its iterations, keep the analysis interval at 10s or more and weights within 1-100 (ascending), and reference MetricTemplates in the Canary\'s namespace.',
  check: checkCanaries,
};

function checkCanaries(context: RuleContext, report: Report): void {
  for (const canary of context.objects) {
    if (canary.is('flagger.app', 'Canary')) checkCanary(canary, report);
  }
}

function checkCanary(canary: KubeObject, report: Report): void {
  const analysis = isObject(canary.spec.analysis) ? canary.spec.analysis : {};
  const path = 'spec.analysis';
  if (analysis.stepWeight !== undefined && analysis.stepWeights !== undefined) report(canary, `${path}.stepWeight`, 'stepWeights take precedence: set one of stepWeight and stepWeights');
  const maxWeight = analysis.maxWeight ?? 100;
  if (typeof maxWeight === 'number' && (maxWeight < 1 || maxWeight > 100)) report(canary, `${path}.maxWeight`, `${maxWeight} is not from 1 to 100`);
  if (typeof analysis.stepWeight === 'number' && analysis.stepWeight > maxWeight) report(canary, `${path}.stepWeight`, `${analysis.stepWeight} is above maxWeight (${maxWeight})`);
  const weights = list(analysis.stepWeights);
  weights.forEach((w, i) => {
    if (!(typeof w === 'number' && w >= 1 && w <= 100 && (i === 0 || w > weights[i - 1]))) report(canary, at(`${path}.stepWeights`, i), `${w}: weights are ascending percents from 1 to 100`);
  });
  const hasMatch = list(analysis.match).length > 0;
  if (hasMatch && !(analysis.iterations > 0)) report(canary, `${path}.match`, 'a match needs iterations (A/B testing); without, Flagger runs a weighted canary and ignores it');
  if (!hasMatch && analysis.iterations > 0 && (analysis.stepWeight !== undefined || weights.length > 0)) {
    report(canary, `${path}.iterations`, 'iterations without a match make it a blue/green release: the weights are ignored');
  }
  const interval = typeof analysis.interval === 'string' ? /^(\d+)(s|m|h)$/.exec(analysis.interval) : null;
  if (interval && Number(interval[1]) * { s: 1, m: 60, h: 3600 }[interval[2] as 's' | 'm' | 'h'] < 10) report(canary, `${path}.interval`, `${analysis.interval} is raised to 10s by Flagger`);
  list(analysis.metrics).forEach((m, i) => {
    const ns = m?.templateRef?.namespace;
    if (ns !== undefined && ns !== canary.namespace) report(canary, `${path}.metrics[${i}].templateRef.namespace`, `'${ns}' is another namespace: Flagger blocks cross-namespace references by default`);
  });
  list(analysis.alerts).forEach((a, i) => {
    const ns = a?.providerRef?.namespace;
    if (ns !== undefined && ns !== canary.namespace) report(canary, `${path}.alerts[${i}].providerRef.namespace`, `'${ns}' is another namespace: Flagger blocks cross-namespace references by default`);
  });
  const affinity = analysis.sessionAffinity;
  if (isObject(affinity) && affinity.primaryCookieName !== undefined && affinity.primaryCookieName === affinity.cookieName) {
    report(canary, `${path}.sessionAffinity.primaryCookieName`, 'the primary and the canary need different cookie names');
  }
}
