/**
 * The plan of a fleet release, ring by ring: what each ring's clusters go through when Argo CD syncs
 * the ring's step, from the manifests each cluster's folder holds before (the `previous` app) and
 * after (the app). `ringManifests` hands those manifests over per ring and cluster, for any review
 * that compares two versions of a folder; `planFleet` runs today's rollout plan on them.
 */
import type { Fleet } from './fleet';
import { Manifest } from '../plan/manifests';
import { PlanOptions, planManifests } from '../plan/plan-manifests';
import { reviewTransition } from '../plan/review';
import type { Violation } from '../validation/validate';
import { AppPlan } from '../plan/app-plan';

/** One cluster's folder, before and after the release. */
export interface ClusterManifests {
  readonly cluster: string;
  /** The folder's manifest file, relative to the fleet's outdir. */
  readonly file: string;
  /** The folder with the `previous` app; undefined when the fleet has none. */
  readonly before?: Manifest[];
  readonly after: Manifest[];
  readonly heldBack: boolean;
}

/** One ring's clusters, in order, and the RollingSync step's `maxUpdate`. */
export interface RingManifests {
  readonly ring: string;
  /** 1-based: the ring's step. */
  readonly step: number;
  readonly maxUpdate?: number | string;
  readonly clusters: ClusterManifests[];
}

/** The plan of one ring. */
export interface RingPlan {
  readonly ring: string;
  readonly step: number;
  /** `ring 1 "canary" (1 cluster): rolling update 1.4.2 → 1.5.0, peak 4 pods per cluster, ...` */
  readonly line: string;
  /**
   * Each cluster's plan of the folder as released (planManifests), and the transition findings of its
   * change from the `previous` app's folder (reviewTransition with Argo CD's sync waves honoured; empty
   * without a previous app).
   */
  readonly clusters: { readonly cluster: string; readonly apps: AppPlan[]; readonly errors: string[]; readonly transition: Violation[] }[];
}

/** The plan of a fleet release. */
export interface FleetPlan {
  readonly rings: RingPlan[];
  /** Errors of any cluster's plan (a release that cannot finish, or needs more nodes than given). */
  readonly errors: string[];
  /** The rings' lines, then the errors, as Markdown. */
  readonly markdown: string;
}

/** Each ring's clusters with the manifests of their folders before and after the release. */
export function ringManifests(fleet: Fleet): RingManifests[] {
  const steps: any[] = fleet.managementManifests()[0].spec.strategy.rollingSync.steps;
  return fleet.ringNames.map((ring, i) => ({
    ring,
    step: i + 1,
    maxUpdate: steps[i].maxUpdate,
    clusters: fleet.clustersOf(ring).map((cluster) => {
      const file = `${fleet.folderOf(cluster)}/${fleet.name}.k8s.yaml`;
      const wrap = (objects: any[]): Manifest[] => objects.map((object) => ({ file, object }));
      const before = fleet.previousManifestsOf(cluster);
      return { cluster, file, before: before && wrap(before), after: wrap(fleet.manifestsOf(cluster)), heldBack: fleet.isHeldBack(cluster) };
    }),
  }));
}

/** Plans every ring of the fleet: one line per ring, and each cluster's plan. */
export function planFleet(fleet: Fleet, options: PlanOptions = {}): FleetPlan {
  const errors: string[] = [];
  const rings = ringManifests(fleet).map((ring): RingPlan => {
    const clusters = ring.clusters.map((c) => {
      const plan = planManifests(c.after, options);
      errors.push(...plan.errors.map((e) => `ring "${ring.ring}", cluster "${c.cluster}": ${e}`));
      // Argo CD applies each cluster's folder, so the sync waves order the change.
      const review = c.before && !c.heldBack ? reviewTransition(c.before.map((m) => m.object), c.after.map((m) => m.object), { ...options, syncWaves: true }) : undefined;
      errors.push(...(review?.errors ?? []).map((v) => `ring "${ring.ring}", cluster "${c.cluster}": ${v.ruleId} ${v.object}${v.path ? ` ${v.path}` : ''}: ${v.message}`));
      return { cluster: c.cluster, apps: plan.apps, errors: plan.errors, transition: review?.findings ?? [] };
    });
    return { ring: ring.ring, step: ring.step, line: ringLine(ring, clusters), clusters };
  });
  const markdown = [
    `# Release plan of fleet "${fleet.name}"`,
    '',
    ...rings.map((r) => `- ${r.line}`),
    ...(errors.length > 0 ? ['', '**Errors**', '', ...errors.map((e) => `- ${e}`)] : []),
    '',
  ].join('\n');
  return { rings, errors, markdown };
}

function ringLine(ring: RingManifests, plans: { apps: AppPlan[]; errors: string[] }[]): string {
  const count = ring.clusters.length;
  const head = `ring ${ring.step} "${ring.ring}" (${count} cluster${count === 1 ? '' : 's'})`;
  const held = ring.clusters.filter((c) => c.heldBack);
  const releasing = ring.clusters.filter((c) => !c.heldBack);
  const parts: string[] = [];
  if (releasing.length > 0) {
    const kinds = [...new Set(plans.flatMap((p) => p.apps.map((a) => releaseKind(a.title))))];
    const changes = [...new Set(releasing.map((c) => change(c.before, c.after)))];
    parts.push(`${kinds.join(' + ')} ${changes.join('; ')}`);
    const released = plans.filter((_, i) => !ring.clusters[i].heldBack);
    const peaks = released.map((p) => p.apps.reduce((sum, a) => sum + a.summary.peakPods, 0));
    parts.push(`peak ${range(peaks)} pods per cluster`);
    const seconds = released.map((p) => Math.max(0, ...p.apps.map((a) => a.summary.estimatedSeconds ?? Infinity)));
    parts.push(seconds.some((s) => !Number.isFinite(s)) ? 'a cluster cannot finish (see errors)' : `~${Math.max(...seconds)} s per cluster`);
    if (ring.maxUpdate !== undefined) parts.push(syncPace(ring.maxUpdate));
  }
  if (held.length > 0) {
    const versions = [...new Set(held.flatMap((c) => versionsOf(c.after)))];
    parts.push(`${held.length === count ? 'held back' : `${held.map((c) => c.cluster).join(', ')} held back`} at ${versions.join(', ') || 'the previous app'}`);
  }
  return `${head}: ${parts.join(', ')}`;
}

/** How Argo CD paces the ring's step. */
function syncPace(maxUpdate: number | string): string {
  if (maxUpdate === 0 || maxUpdate === '0%') return 'waits for a manual sync (maxUpdate 0)';
  if (typeof maxUpdate === 'string') return `${maxUpdate} of its clusters at a time (at least 1)`;
  return `${maxUpdate} cluster${maxUpdate === 1 ? '' : 's'} at a time`;
}

/** What a plan's app does in a release, in a reviewer's words. */
function releaseKind(title: string): string {
  if (title.startsWith('BlueGreenApp')) return 'blue/green';
  if (title.startsWith('CanaryApp')) return 'canary';
  return 'rolling update';
}

/** `1.4.2 → 1.5.0`, `to 1.5.0` (no previous app), or what changed when the version did not. */
function change(before: Manifest[] | undefined, after: Manifest[]): string {
  const next = versionsOf(after);
  if (!before) return `to ${next.join(', ')}`;
  const previous = versionsOf(before);
  const gone = previous.filter((v) => !next.includes(v));
  const come = next.filter((v) => !previous.includes(v));
  if (gone.length > 0 || come.length > 0) return `${(gone.length > 0 ? gone : previous).join(', ')} → ${(come.length > 0 ? come : next).join(', ')}`;
  const same = JSON.stringify(before.map((m) => m.object)) === JSON.stringify(after.map((m) => m.object));
  return same ? `at ${next.join(', ')}, no change` : `at ${next.join(', ')}, manifests changed`;
}

/** The `app.kubernetes.io/version` labels of the Deployments' pods, in order of appearance. */
function versionsOf(manifests: readonly Manifest[]): string[] {
  const versions = manifests
    .filter((m) => m.object?.kind === 'Deployment')
    .map((m) => m.object.spec?.template?.metadata?.labels?.['app.kubernetes.io/version'])
    .filter((v): v is string => typeof v === 'string');
  return [...new Set(versions)];
}

function range(values: number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${low}–${high}`;
}
