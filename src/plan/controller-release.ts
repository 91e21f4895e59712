/**
 * A release run by a controller (Argo Rollouts, Flagger) as a list of phases: each sets how many pods
 * of the old and of the new version the controller wants, then holds for a time (a pause, an analysis,
 * Flagger's interval) or until a gate opens (a person, an analysis). The controller scales a ReplicaSet
 * in one step, so a phase's new pods start at once and are available `secondsToAvailable` later; pods
 * it removes terminate for `secondsToTerminate`. The phases themselves (which counts, in which order)
 * come from each controller's code, in its app model.
 */
import { PlanStep } from './simulate';

/** One phase of a controller's release. */
export interface ReleasePhase {
  /** What the controller does, in its terms: `setWeight 20: canary 1 pod, stable 5`. */
  readonly action: string;
  /** Pods of the old version the controller wants from now on. */
  readonly old: number;
  /** Pods of the new version the controller wants from now on. */
  readonly new: number;
  /** Which versions' ready pods take traffic during and after this phase. */
  readonly serving: 'old' | 'both' | 'new';
  /** Seconds the phase holds once its new pods are available (a timed pause, an analysis, an interval). */
  readonly holdSeconds?: number;
  /**
   * A rolling update of another Deployment during the phase (Flagger's primary taking the new
   * template): its simulated rows, the phase's other new pods added as ready; afterwards its old pods
   * are gone and its new ones count as new.
   */
  readonly roll?: { readonly steps: readonly PlanStep[]; readonly completeAt?: number; readonly replicas: number };
  /**
   * Seconds since the release started at which the phase starts, for a controller on a schedule
   * (Flagger's interval); otherwise it starts once the previous phase's new pods are available and its hold is over.
   */
  readonly at?: number;
}

/** The release's rows and the time its last phase ends (every old pod gone). */
export interface ControllerRelease {
  readonly steps: PlanStep[];
  readonly completeAt: number;
}

/**
 * Runs the phases from `from` old pods (all available, serving) and no new pod. Rows: each phase's
 * start, its new pods becoming available, removed pods gone.
 */
export function runPhases(from: number, phases: readonly ReleasePhase[],
  timing: { secondsToAvailable: number; secondsToTerminate: number }): ControllerRelease {
  const steps: PlanStep[] = [];
  let time = 0;
  let old = from;
  let ready = 0;
  let starting = 0;
  let serving: ReleasePhase['serving'] = 'old';
  const gone: { at: number; pods: number; shown?: boolean }[] = [];
  const terminating = (at: number) => gone.filter((g) => g.at > at).reduce((sum, g) => sum + g.pods, 0);
  const row = (at: number, action: string) => {
    const available = (serving === 'new' ? 0 : old) + (serving === 'old' ? 0 : ready);
    steps.push({
      time: at, action, oldReady: old, oldTerminating: terminating(at), newStarting: starting, newPending: 0, newReady: ready,
      total: old + starting + ready, available,
    });
  };
  /** Rows for removed pods that are gone by `until`. */
  const flush = (until: number) => {
    for (const g of gone.filter((x) => x.at <= until && !x.shown).sort((a, b) => a.at - b.at)) {
      g.shown = true;
      row(g.at, `${g.pods} pod(s) gone`);
    }
  };
  for (const phase of phases) {
    const start = phase.at !== undefined ? Math.max(time, phase.at) : time;
    flush(start);
    serving = phase.serving;
    const added = Math.max(0, phase.new - ready - starting);
    const removedNew = Math.max(0, ready - phase.new);
    const removedOld = Math.max(0, old - phase.old);
    old = Math.min(old, phase.old);
    ready -= removedNew;
    starting += added;
    if (removedOld + removedNew > 0) gone.push({ at: start + timing.secondsToTerminate, pods: removedOld + removedNew });
    let end = start;
    if (phase.roll) {
      const done = phase.roll.completeAt ?? Infinity;
      const rows = phase.roll.steps;
      rows.filter((r) => r.time <= done).forEach((r) => steps.push({
        ...r, time: start + r.time, action: `${phase.action}: ${r.action}`, oldTerminating: r.oldTerminating + terminating(start + r.time),
        newReady: r.newReady + ready, total: r.total + ready, available: r.available + (phase.serving === 'old' ? 0 : ready),
      }));
      // The rolled Deployment's old pods still terminating when it completes: gone as its rows say.
      rows.forEach((r, i) => {
        const left = i > 0 ? rows[i - 1].oldTerminating - r.oldTerminating : 0;
        if (r.time > done && left > 0) gone.push({ at: start + r.time, pods: left });
      });
      old = 0;
      ready += phase.roll.replicas;
      time = start + (phase.roll.completeAt ?? 0) + (phase.holdSeconds ?? 0);
      continue;
    }
    row(start, phase.action);
    if (added > 0) {
      end = start + timing.secondsToAvailable;
      flush(end - 1);
      ready += starting;
      starting = 0;
      row(end, `${phase.new} new pod(s) available`);
    }
    time = end + (phase.holdSeconds ?? 0);
  }
  const last = Math.max(time, ...gone.map((g) => g.at));
  flush(last);
  return { steps, completeAt: last };
}
