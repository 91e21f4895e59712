/** The plan as Markdown: per app a summary and the step table, for a pull request or a review. */
import { AppPlan } from './app-plan';

function seconds(value: number | undefined): string {
  if (value === undefined) return 'never (it stalls)';
  return value >= 120 ? `~${Math.round(value / 6) / 10} min (${value} s)` : `~${value} s`;
}

/**
 * `lowest available N of M`, and whether capacity dips: fewer pods serve at some step than before the
 * release and than after it (pods that start, such as a new canary's, take nothing away).
 */
export function availabilityLine(plan: AppPlan): string {
  const s = plan.summary;
  const before = plan.steps[0]?.available ?? plan.replicas;
  const dips = s.lowestAvailable < Math.min(before, plan.replicas);
  return `${s.lowestAvailable} of ${plan.replicas}${before !== plan.replicas ? ` (${before} before)` : ''}${dips ? ' (capacity dips)' : ''}`;
}

/** One app's section: heading, summary list, step table. `svg` names the picture file beside it. */
export function renderAppMarkdown(plan: AppPlan, svg?: string): string {
  const s = plan.summary;
  const lines = [`## ${plan.title}`, '', `From \`${plan.file}\`.`, ''];
  if (s.stalled) lines.push(`**Cannot finish:** ${s.stalled}.`, '');
  lines.push(
    `- peak pods: **${s.peakPods}** (${s.extraPods >= 0 ? '+' : ''}${s.extraPods} over ${plan.replicas} replicas); ${s.peakWithTerminating} with terminating pods`
      + (s.replicasAtMax === undefined ? '' : `; **${s.peakPodsAtMax}** with every autoscaler at maxReplicas (${s.replicasAtMax} replicas)`),
    `- lowest available: ${availabilityLine(plan).replace(/^\d+/, (n) => `**${n}**`)}`,
    // A plan without a nodes figure or note (a controller's) has no nodes line.
    ...(s.nodesNeeded === undefined && s.nodesNote === undefined ? []
      : [`- nodes: ${s.nodesNeeded === undefined ? s.nodesNote : `**${s.nodesNeeded}** needed to finish (${s.nodesNote})`}`]),
    `- estimated duration: ${seconds(s.estimatedSeconds)} (an estimate from probe settings, minReadySeconds and grace periods; image pulls and scheduling not included)`,
    ...plan.notes.map((n) => `- ${n}`),
    '',
  );
  if (svg) lines.push(`![${plan.title}: pods over time](${svg})`, '');
  lines.push('| step | time | action | old ready | terminating | new starting | new ready | total | available |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  plan.steps.forEach((step, i) => {
    const starting = step.newPending > 0 ? `${step.newStarting} (${step.newPending} Pending)` : String(step.newStarting);
    lines.push(`| ${i + 1} | ${step.time} s | ${step.action} | ${step.oldReady} | ${step.oldTerminating} | ${starting} | ${step.newReady} | ${step.total} | ${step.available} |`);
  });
  return lines.join('\n') + '\n';
}

/** Every app's section under one heading. */
export function renderMarkdown(plans: readonly AppPlan[], svgOf: (plan: AppPlan) => string | undefined = () => undefined): string {
  const head = [
    '# Rollout plan', '',
    'What the cluster goes through when these manifests are released, from the Deployment controller\'s rules',
    '(surge rounded up, unavailable down; scale up the new ReplicaSet, wait for availability, scale down the old).',
    '"total" counts pods as the controller does (terminating pods excluded); "available" is what serves.', '',
  ];
  return [head.join('\n'), ...plans.map((p) => renderAppMarkdown(p, svgOf(p)))].join('\n');
}
