/** The plan as Markdown: per app a summary and the step table, for a pull request or a review. */
import { AppPlan } from './app-plan';

function seconds(value: number | undefined): string {
  if (value === undefined) return 'never (it stalls)';
  return value >= 120 ? `~${Math.round(value / 6) / 10} min (${value} s)` : `~${value} s`;
}

/**
 * When the plan's table runs on after its estimated completion (old pods still terminating, which the
 * controllers no longer count): the time the last of them is gone, the table's end.
 */
export function lastPodGoneAt(plan: AppPlan): number | undefined {
  const complete = plan.summary.estimatedSeconds;
  const end = Math.max(0, ...plan.steps.map((s) => s.time));
  return complete !== undefined && end > complete && plan.steps.some((s) => s.time >= complete && s.oldTerminating > 0) ? end : undefined;
}

/** The duration in a line: `~30 s`, and the table's end when pods terminate after it (`~30 s (terminating pods gone at ~60 s)`). */
export function durationText(plan: AppPlan): string {
  const gone = lastPodGoneAt(plan);
  return `${seconds(plan.summary.estimatedSeconds)}${gone !== undefined ? ` (terminating pods gone at ${seconds(gone)})` : ''}`;
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
  // Terminating pods are not in the controllers' count, but they hold their node until gone.
  const terminating = Math.max(0, ...plan.steps.map((step) => step.oldTerminating));
  const onNodes = terminating === 0 ? '; no pod terminates'
    : `; at most ${s.peakWithTerminating} on the nodes counting terminating pods (up to ${terminating} at once, each holding its node until gone)`;
  const gone = lastPodGoneAt(plan);
  const until = gone === undefined ? ''
    : ` until complete as the controllers count it (terminating pods excluded); the last terminating pod is gone at ${seconds(gone)}, the table's end`;
  lines.push(
    `- peak pods: **${s.peakPods}** (${s.extraPods >= 0 ? '+' : ''}${s.extraPods} over ${plan.replicas} replicas)${onNodes}`
      + (s.replicasAtMax === undefined ? '' : `; **${s.peakPodsAtMax}** with every autoscaler at maxReplicas (${s.replicasAtMax} replicas)`),
    `- lowest available: ${availabilityLine(plan).replace(/^\d+/, (n) => `**${n}**`)}`,
    // A plan without a nodes figure or note (a controller's) has no nodes line.
    ...(s.nodesNeeded === undefined && s.nodesNote === undefined ? []
      : [`- nodes: ${s.nodesNeeded === undefined ? s.nodesNote : `**${s.nodesNeeded}** needed to finish (${s.nodesNote})`}`]),
    `- estimated duration: ${seconds(s.estimatedSeconds)}${until} (an estimate from probe settings, minReadySeconds and grace periods; image pulls and scheduling not included)`,
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
