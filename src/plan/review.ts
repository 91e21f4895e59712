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
import { availabilityLine, durationText, renderAppMarkdown } from './markdown';
import { appErrors, errorsBlock, planManifests } from './plan-manifests';
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

/** Options of the review of an output folder (the CLI's). */
export interface FolderReviewOptions extends TransitionOptions {
  /**
   * Nodes in the cluster: applying the change, or a release of the new manifests (as `plan` without
   * `--base` plans it), that needs more is an error (a `planErrors` entry), as one that cannot finish is.
   */
  readonly nodes?: number;
  /** The Kubernetes version the manifests target (`"1.37"`). */
  readonly targetVersion?: string;
}

/** The review of an output folder, cluster folder by cluster folder (a fleet's; one for any other output). */
export interface FolderReview {
  /**
   * Each cluster folder's review, `folder` relative to the output folder (`''` for the files outside
   * any), and its plan errors: a change or a release that cannot finish or needs more nodes than given.
   */
  readonly clusters: { readonly folder: string; readonly review: TransitionReview; readonly planErrors: string[] }[];
  /** Every cluster's unwaived errors. */
  readonly errors: Violation[];
  /** Every cluster's plan errors, each after its cluster folder when there are several. */
  readonly planErrors: string[];
  /** `plan.md` (one section per cluster folder when there are several) and the SVGs, named per cluster folder. */
  readonly files: Record<string, string>;
}

/**
 * Reviews the change from `before` to `after`, two versions of the output folder `root` (each
 * manifest's `file` where it lies, or would lie, under `root`): the objects of a fleet's cluster
 * folders never meet on one API server, so each cluster folder is its own change.
 */
export function reviewFolder(before: readonly Manifest[], after: readonly Manifest[], root: string, options: FolderReviewOptions = {}): FolderReview {
  const pairs = clusterChanges(before.map((m) => ({ ...m, manifest: m.object })), after.map((m) => ({ ...m, manifest: m.object })));
  const clusters = pairs.map((c) => {
    const review = reviewTransition(c.before, c.after, options);
    return {
      folder: c.folder === '' ? '' : path.relative(path.resolve(root), c.folder).split(path.sep).join('/'),
      review,
      planErrors: planErrorsOf(review.plan, c.after, options),
    };
  });
  const errors = clusters.flatMap((c) => c.review.errors);
  const planErrors = clusters.flatMap((c) => c.planErrors.map((e) => (clusters.length > 1 ? `${c.folder || '(outside the cluster folders)'}: ${e}` : e)));
  // The plan errors above the verdict of the transition rules, which then says it is theirs alone.
  const withErrors = (text: string, planErrors: readonly string[]) => (planErrors.length === 0 ? text
    : text.replace(/^# Release review\n\n/, (head) => head + errorsBlock(planErrors)).replace(/^No unsafe transition found\.$/m, 'No unsafe transition found by the transition rules.'));
  if (clusters.length === 1) {
    const files = { ...clusters[0].review.files, 'plan.md': withErrors(clusters[0].review.files['plan.md'], planErrors) };
    return { clusters, errors, planErrors, files };
  }
  const files: Record<string, string> = {};
  const sections: string[] = [];
  for (const { folder, review, planErrors: own } of clusters) {
    const tag = folder === '' ? 'other' : fileSafe(folder);
    let text = withErrors(review.files['plan.md'], own);
    for (const [name, svg] of Object.entries(review.files)) {
      if (name === 'plan.md') continue;
      files[`${tag}-${name}`] = svg;
      text = text.split(`(${name})`).join(`(${tag}-${name})`);
    }
    // One level down: each cluster folder's comment becomes a section.
    sections.push(text.replace(/^# Release review\n/, `## \`${folder || '(outside the cluster folders)'}\`\n`).replace(/^(#{2,}) /gm, (m, h, offset) => (offset === 0 ? m : `#${h} `)));
  }
  const head = errors.length > 0 ? `**${errors.length} unsafe transition(s)** in ${clusters.filter((c) => c.review.errors.length > 0).map((c) => `\`${c.folder}\``).join(', ')}.` : 'No unsafe transition in any cluster folder.';
  const failing = clusters.filter((c) => c.planErrors.length > 0).map((c) => `\`${c.folder}\``);
  const plans = failing.length > 0 ? ` **${planErrors.length} plan error(s)** (cannot finish, or more nodes than the cluster has) in ${failing.join(', ')}.` : '';
  files['plan.md'] = [`# Release review of ${clusters.length} cluster folders`, '', head + plans, '', ...sections].join('\n');
  return { clusters, errors, planErrors, files };
}

/**
 * A change's plan errors: applying it cannot finish or, with `nodes`, needs more of them; and with
 * `nodes`, a release of the new manifests that needs more (the check of `plan` without `--base`),
 * unless the change's own error already names that app with as many nodes.
 */
function planErrorsOf(plan: TransitionPlan, after: readonly Manifest[], options: FolderReviewOptions): string[] {
  const errors = appErrors(plan.apps, options.nodes, 'applying this change');
  if (options.nodes === undefined) return errors;
  const failing = new Map(plan.apps.filter((app) => appErrors([app], options.nodes).length > 0).map((app) => [app.title, app.summary]));
  const next = planManifests(after, { nodes: options.nodes, appStartSeconds: options.appStartSeconds, targetVersion: options.targetVersion });
  for (const app of next.apps) {
    const change = failing.get(app.title);
    if (change && (change.stalled !== undefined || (change.nodesNeeded ?? 0) >= (app.summary.nodesNeeded ?? 0))) continue;
    errors.push(...appErrors([app], options.nodes, 'a release of the new manifests (as `plan` without --base plans it)'));
  }
  return errors;
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
    lines.push(`- **${app.title}**: peak ${s.peakPods} pods, lowest available ${availabilityLine(app)}, ${s.stalled ? `cannot finish: ${s.stalled}` : durationText(app)}`);
  }
  if (plan.apps.length === 0) lines.push('- no pod starts or stops in the plan: no Deployment, StatefulSet or DaemonSet rolls or scales');
  lines.push(`- objects: ${created.length} created, ${changed.length} changed, ${deleted.length} deleted (when pruned)`, '');
  if (findings.length > 0) lines.push(...findings.map(finding), '');
  for (const app of plan.apps) {
    lines.push(`<details><summary>${app.title}: what applying it does</summary>`, '', renderAppMarkdown(app, svgOf(app.id)).replace(/^## .*\n/, ''), '</details>', '');
  }
  const list = (title: string, refs: string[]) => (refs.length > 0 ? [`**${title}**`, '', ...refs.map((r) => `- \`${r}\``), ''] : []);
  lines.push('<details><summary>Objects</summary>', '', ...list('created', created), ...list('changed', changed), ...list('deleted (pruned by kubectl apply --prune, Argo CD prune, Flux prune)', deleted), '</details>');
  return lines.join('\n') + '\n';
}
