/**
 * Reviewing a change: the transition plan of `after` over `before` and the transition rules'
 * findings, and the pull-request comment that shows both (a short summary first, the details folded).
 */
import * as path from 'path';
import { Violation } from '../validation/validate';
import { validateTransition } from '../validation/transition';
import { clusterChanges } from '../core/cluster-folders';
import { fileSafe } from './app-plan';
import { asManifests, Manifest } from './manifests';
import { availabilityLine, renderAppMarkdown } from './markdown';
import { renderSvg } from './svg';
import { planTransition, TransitionOptions, TransitionPlan } from './transition';

/** A review of one change. */
export interface TransitionReview {
  readonly plan: TransitionPlan;
  /** Every transition finding, waived ones included (`waivedBecause` set). */
  readonly findings: Violation[];
  /** The findings that fail the review: errors nobody waived. */
  readonly errors: Violation[];
  /** `plan.md` (the pull-request comment) and one SVG per app. */
  readonly files: Record<string, string>;
}

/**
 * What applying `after` over `before` does, and whether it is safe: for a jest test of a release
 * commit (`expect(reviewTransition(Testing.synth(before), Testing.synth(after)).errors).toEqual([])`).
 */
export function reviewTransition(before: readonly unknown[], after: readonly unknown[], options: TransitionOptions = {}): TransitionReview {
  const plan = planTransition(asManifests(before, 'before'), asManifests(after, 'after'), options);
  const findings = validateTransition(plan.transition, { includeWaived: true });
  const errors = findings.filter((f) => f.severity === 'error' && f.waivedBecause === undefined);
  const svgName = (id: string) => `${id}.svg`;
  const files: Record<string, string> = {};
  for (const app of plan.apps) files[svgName(app.id)] = renderSvg(app);
  files['plan.md'] = renderReview(plan, findings, (id) => svgName(id));
  return { plan, findings, errors, files };
}

/** The review of an output folder, cluster folder by cluster folder (a fleet's; one for any other output). */
export interface FolderReview {
  /** Each cluster folder's review, `folder` relative to the output folder (`''` for the files outside any). */
  readonly clusters: { readonly folder: string; readonly review: TransitionReview }[];
  /** Every cluster's unwaived errors. */
  readonly errors: Violation[];
  /** `plan.md` (one section per cluster folder when there are several) and the SVGs, named per cluster folder. */
  readonly files: Record<string, string>;
}

/**
 * Reviews the change from `before` to `after`, two versions of the output folder `root` (each
 * manifest's `file` where it lies, or would lie, under `root`): the objects of a fleet's cluster
 * folders never meet on one API server, so each cluster folder is its own change.
 */
export function reviewFolder(before: readonly Manifest[], after: readonly Manifest[], root: string, options: TransitionOptions = {}): FolderReview {
  const pairs = clusterChanges(before.map((m) => ({ ...m, manifest: m.object })), after.map((m) => ({ ...m, manifest: m.object })));
  const clusters = pairs.map((c) => ({
    folder: c.folder === '' ? '' : path.relative(path.resolve(root), c.folder).split(path.sep).join('/'),
    review: reviewTransition(c.before, c.after, options),
  }));
  const errors = clusters.flatMap((c) => c.review.errors);
  if (clusters.length === 1) return { clusters, errors, files: clusters[0].review.files };
  const files: Record<string, string> = {};
  const sections: string[] = [];
  for (const { folder, review } of clusters) {
    const tag = folder === '' ? 'other' : fileSafe(folder);
    let text = review.files['plan.md'];
    for (const [name, svg] of Object.entries(review.files)) {
      if (name === 'plan.md') continue;
      files[`${tag}-${name}`] = svg;
      text = text.split(`(${name})`).join(`(${tag}-${name})`);
    }
    // One level down: each cluster folder's comment becomes a section.
    sections.push(text.replace(/^# Release review\n/, `## \`${folder || '(outside the cluster folders)'}\`\n`).replace(/^(#{2,}) /gm, (m, h, offset) => (offset === 0 ? m : `#${h} `)));
  }
  const head = errors.length > 0 ? `**${errors.length} unsafe transition(s)** in ${clusters.filter((c) => c.review.errors.length > 0).map((c) => `\`${c.folder}\``).join(', ')}.` : 'No unsafe transition in any cluster folder.';
  files['plan.md'] = [`# Release review of ${clusters.length} cluster folders`, '', head, '', ...sections].join('\n');
  return { clusters, errors, files };
}

function finding(v: Violation): string {
  return `- **${v.ruleId}** ${v.object}${v.path ? ` \`${v.path}\`` : ''}: ${v.message}${v.waivedBecause !== undefined ? ` _(waived: ${v.waivedBecause})_` : ''}`;
}

/** The pull-request comment: summary, findings, then each app's plan and the object list folded. */
export function renderReview(
  plan: TransitionPlan, findings: readonly Violation[], svgOf: (id: string) => string | undefined = () => undefined,
): string {
  const errors = findings.filter((f) => f.severity === 'error' && f.waivedBecause === undefined);
  const { created, changed, deleted } = plan.objects;
  const lines = ['# Release review', ''];
  if (created.length + changed.length + deleted.length === 0) {
    lines.push('This change does nothing to the cluster: every object is as before.');
    return lines.join('\n') + '\n';
  }
  lines.push(errors.length > 0
    ? `**${errors.length} unsafe transition(s)**: applying this commit as it is drops requests or fails. Each finding says the safe sequence.`
    : 'No unsafe transition found.', '');
  for (const app of plan.apps) {
    const s = app.summary;
    lines.push(`- **${app.title}**: peak ${s.peakPods} pods, lowest available ${availabilityLine(app)}, ${s.stalled ? `cannot finish: ${s.stalled}` : `~${s.estimatedSeconds} s`}`);
  }
  lines.push(`- objects: ${created.length} created, ${changed.length} changed, ${deleted.length} deleted (when pruned)`, '');
  if (findings.length > 0) lines.push(...findings.map(finding), '');
  for (const app of plan.apps) {
    lines.push(`<details><summary>${app.title}: what applying it does</summary>`, '', renderAppMarkdown(app, svgOf(app.id)).replace(/^## .*\n/, ''), '</details>', '');
  }
  const list = (title: string, refs: string[]) => (refs.length > 0 ? [`**${title}**`, '', ...refs.map((r) => `- \`${r}\``), ''] : []);
  lines.push('<details><summary>Objects</summary>', '', ...list('created', created), ...list('changed', changed), ...list('deleted (pruned by kubectl apply --prune, Argo CD prune, Flux prune)', deleted), '</details>');
  return lines.join('\n') + '\n';
}
