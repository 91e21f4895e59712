/**
 * The plan of a set of manifests: every app's release plan, checked against the cluster's nodes, with
 * its files (plan.md and one SVG per app). Re-exported by index.ts (the package's `plan` entry).
 */
import { parseTarget } from '../core/target-version';
import { AppPlan, fileSafe } from './app-plan';
import { TimingOptions } from './deployment';
import * as path from 'path';
import { keyedByCluster } from '../core/cluster-folders';
import { asManifests, Manifest, PlanError, readManifestDir } from './manifests';
import { renderMarkdown } from './markdown';
import { planApps } from './models';
import { renderSvg } from './svg';

/** Options of a plan. */
export interface PlanOptions extends TimingOptions {
  /** Nodes in the cluster: a release that cannot finish on that many is an error. */
  readonly nodes?: number;
  /** The Kubernetes version the manifests target (`"1.37"`): decides whether a StatefulSet's maxUnavailable applies. @default "1.31" */
  readonly targetVersion?: string;
}

/** A computed plan and its files (`plan.md` and one SVG per app), not yet written anywhere. */
export interface PlanOutput {
  readonly apps: AppPlan[];
  /** Errors against the cluster hint (or a release that cannot finish at all). */
  readonly errors: string[];
  readonly files: Record<string, string>;
}

/**
 * Plans `manifests`: `{ file, object }` pairs (`readManifestDir`) or plain objects (`Testing.synth(chart)`).
 * A fleet's cluster folders are planned each on its own (their objects never meet on one cluster),
 * each app's title then naming its folder.
 */
export function planManifests(input: readonly Manifest[] | readonly unknown[], options: PlanOptions = {}): PlanOutput {
  const manifests = asManifests(input, 'manifests');
  if (options.nodes !== undefined && (!Number.isInteger(options.nodes) || options.nodes < 1)) {
    throw new PlanError(`--nodes is ${JSON.stringify(options.nodes)}; a whole number of nodes, 1 or more`);
  }
  const target = options.targetVersion === undefined ? undefined : parseTarget(options.targetVersion);
  if (target && 'problem' in target) throw new PlanError(`--target-version is ${JSON.stringify(options.targetVersion)}; ${target.problem}`);
  const clusters = keyedByCluster(manifests.map((m) => ({ ...m, manifest: m.object })));
  const apps = [...clusters].flatMap(([folder, group]) => {
    const planned = planApps(group, options);
    if (clusters.size === 1) return planned;
    const name = folder === '' ? 'other' : path.basename(folder);
    return planned.map((app) => ({ ...app, title: `${app.title} in ${name}`, id: `${fileSafe(name)}-${app.id}` }));
  });
  const errors = appErrors(apps, options.nodes);
  const svgName = (app: AppPlan) => `${app.id}.svg`;
  const files: Record<string, string> = {};
  for (const app of apps) files[svgName(app)] = renderSvg(app);
  files['plan.md'] = errorsBlock(errors) + renderMarkdown(apps, svgName);
  return { apps, errors, files };
}

/**
 * The errors of planned apps: a release that cannot finish, or needs more nodes than `nodes`.
 * `subject` names what is planned when it is not the release of the manifests (`applying this change`).
 */
export function appErrors(apps: readonly AppPlan[], nodes: number | undefined, subject?: string): string[] {
  const errors: string[] = [];
  for (const app of apps) {
    const s = app.summary;
    const head = `${app.title} (${app.file}): ${subject ? `${subject} ` : ''}`;
    if (s.stalled) errors.push(`${head}cannot finish: ${s.stalled}`);
    else if (nodes !== undefined && s.nodesNeeded !== undefined && s.nodesNeeded > nodes) {
      errors.push(`${head}needs ${s.nodesNeeded} nodes to finish, the cluster has ${nodes} (${s.nodesNote})`);
    }
  }
  return errors;
}

/** The Markdown block of a plan's errors, above the plan. */
export function errorsBlock(errors: readonly string[]): string {
  return errors.length > 0 ? `> **Errors**\n${errors.map((e) => `> - ${e}`).join('\n')}\n\n` : '';
}

/** Plans every manifest file of a folder. */
export function planDirectory(dir: string, options: PlanOptions = {}): PlanOutput {
  return planManifests(readManifestDir(dir), options);
}
