/**
 * The Deployment controller's rollout, step by step, on plain numbers: what
 * `pkg/controller/deployment/rolling.go` (reconcileNewReplicaSet, reconcileOldReplicaSets,
 * scaleDownOldReplicaSetsForRollingUpdate) and `recreate.go` do, and what the scheduler can place when
 * pods may not share a node. Time moves from one event to the next (a pod becomes available, a
 * terminating pod is gone); at each instant the controller syncs until it has nothing to do, one
 * scaling action per row, the way it returns after each scale and is woken by the ReplicaSet update.
 */

/** How pods of the Deployment may share nodes (required anti-affinity or a DoNotSchedule spread on the hostname). */
export interface Placement {
  /** Most pods of one scope on one node. */
  readonly perNode: number;
  /** When set, the per-node limit applies only while there are fewer nodes than this (a spread's minDomains). */
  readonly belowNodes?: number;
  /** True when the term is scoped to one revision (`matchLabelKeys: [pod-template-hash]`). */
  readonly perRevision: boolean;
  /** What the rule is, for the summary. */
  readonly description: string;
}

/** The numbers one rollout needs, already resolved and checked. */
export interface RolloutInput {
  readonly replicas: number;
  /** Old pods at the start (all available); the Deployment's `replicas` unless the release also resizes it. */
  readonly fromReplicas: number;
  readonly recreate: boolean;
  /** Resolved with Kubernetes' rounding (surge up, unavailable down, 0/0 → 0/1), unavailable capped at replicas. */
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  /** Seconds from a pod's creation until it is available (time to ready, estimated, plus minReadySeconds). */
  readonly secondsToAvailable: number;
  /** Seconds a deleted pod stays terminating (preStop drain + shutdown, at most the grace period). */
  readonly secondsToTerminate: number;
  readonly placement?: Placement;
  /** Nodes in the cluster; unset means as many as the rollout asks for. */
  readonly nodes?: number;
}

/** The pods at one moment of a rollout. */
export interface PlanStep {
  /** Seconds since the release started. */
  readonly time: number;
  /** What happened, in the controller's terms. */
  readonly action: string;
  readonly oldReady: number;
  readonly oldTerminating: number;
  /** New pods not yet available (created, pending or within minReadySeconds). */
  readonly newStarting: number;
  /** Of newStarting, the pods no node can take. */
  readonly newPending: number;
  readonly newReady: number;
  /** Pods the controller counts (ReplicaSets' replicas: terminating pods excluded). */
  readonly total: number;
  /** Available pods (what serves). */
  readonly available: number;
}

/** A simulated rollout. */
export interface Simulation {
  readonly steps: PlanStep[];
  /** Seconds until the Deployment is complete (every new pod available, no old replica left); undefined when it stalls. */
  readonly completeAt?: number;
  /** Why it cannot finish, when it stalls. */
  readonly stalled?: string;
}

interface NewPod { createdAt: number; scheduledAt?: number }

/** Runs the rollout of a changed pod template from `fromReplicas` old pods to `replicas` new ones. */
export function simulateRollout(input: RolloutInput): Simulation {
  const s = new Sim(input);
  return input.recreate ? s.recreate() : s.rolling();
}

class Sim {
  private time = 0;
  private oldSpec: number;
  private oldAlive: number;
  private readonly oldGoneAt: number[] = [];
  private readonly newPods: NewPod[] = [];
  public readonly steps: PlanStep[] = [];

  public constructor(private readonly input: RolloutInput) {
    this.oldSpec = input.fromReplicas;
    this.oldAlive = input.fromReplicas;
  }

  public rolling(): Simulation {
    const { replicas } = this.input;
    const maxUnavailable = this.input.maxUnavailable;
    this.row('release starts');
    for (let guard = 0; guard < 100_000; guard++) {
      // reconcileNewReplicaSet: NewRSNewReplicas.
      const total = this.oldSpec + this.newPods.length;
      const maxTotal = replicas + this.input.maxSurge;
      if (this.newPods.length < replicas && total < maxTotal) {
        const up = Math.min(maxTotal - total, replicas - this.newPods.length);
        this.createNew(up);
        this.row(`new ReplicaSet scaled up to ${this.newPods.length}`);
        continue;
      }
      if (this.newPods.length > replicas) throw new Error('unreachable: the new ReplicaSet above replicas');
      // reconcileOldReplicaSets: old pods are all healthy, so cleanupUnhealthyReplicas removes none.
      if (this.oldSpec > 0) {
        const minAvailable = replicas - maxUnavailable;
        const newAvailable = this.newAvailable();
        const maxScaledDown = this.oldSpec + this.newPods.length - minAvailable - (this.newPods.length - newAvailable);
        const available = this.oldAlive + newAvailable;
        if (maxScaledDown > 0 && available > minAvailable) {
          const down = Math.min(this.oldSpec, available - minAvailable);
          this.deleteOld(down);
          this.row(`old ReplicaSet scaled down to ${this.oldSpec}`);
          continue;
        }
      }
      if (this.complete()) return this.finish();
      if (!this.advance()) return this.stall();
    }
    throw new Error('rollout simulation did not converge');
  }

  public recreate(): Simulation {
    this.row('release starts');
    if (this.oldSpec > 0) {
      this.deleteOld(this.oldSpec);
      this.row('old ReplicaSet scaled down to 0 (Recreate)');
    }
    while (this.oldGoneAt.length > 0) {
      if (!this.advance()) return this.stall();
    }
    this.createNew(this.input.replicas);
    this.row(`every old pod gone: new ReplicaSet scaled up to ${this.input.replicas}`);
    while (!this.complete()) {
      if (!this.advance()) return this.stall();
    }
    return this.finish();
  }

  private finish(): Simulation {
    const completeAt = this.time;
    // Terminating pods outlive the rollout's completion: show them leave.
    while (this.oldGoneAt.length > 0 && this.advance());
    return { steps: this.steps, completeAt };
  }

  private stall(): Simulation {
    const pending = this.newPods.filter((p) => p.scheduledAt === undefined).length;
    const why = pending > 0
      ? `${pending} new pod(s) stay Pending: no node can take them (${this.input.placement?.description} on ${this.input.nodes} node(s))`
      : 'the controller can neither add nor remove a pod';
    return { steps: this.steps, stalled: why };
  }

  private complete(): boolean {
    return this.oldSpec === 0 && this.newPods.length === this.input.replicas && this.newAvailable() === this.input.replicas;
  }

  private createNew(count: number): void {
    for (let i = 0; i < count; i++) this.newPods.push({ createdAt: this.time });
    this.schedule();
  }

  private deleteOld(count: number): void {
    this.oldSpec -= count;
    this.oldAlive -= count;
    for (let i = 0; i < count; i++) this.oldGoneAt.push(this.time + this.input.secondsToTerminate);
  }

  /** Places pending pods, oldest first, where the placement rule leaves room. */
  private schedule(): void {
    for (const pod of this.newPods) {
      if (pod.scheduledAt !== undefined) continue;
      if (!this.fits()) return;
      pod.scheduledAt = this.time;
    }
  }

  private fits(): boolean {
    const { placement, nodes } = this.input;
    if (!placement || nodes === undefined) return true;
    const cap = placement.belowNodes !== undefined && nodes >= placement.belowNodes ? Infinity : placement.perNode * nodes;
    const scheduledNew = this.newPods.filter((p) => p.scheduledAt !== undefined).length;
    const inScope = placement.perRevision ? scheduledNew : scheduledNew + this.oldAlive + this.oldGoneAt.length;
    return inScope < cap;
  }

  private availableAt(pod: NewPod): number {
    return pod.scheduledAt === undefined ? Infinity : pod.scheduledAt + this.input.secondsToAvailable;
  }

  private newAvailable(): number {
    return this.newPods.filter((p) => this.availableAt(p) <= this.time).length;
  }

  /** Moves to the next event and records what it changed; false when nothing is left to happen. */
  private advance(): boolean {
    const next = Math.min(...this.oldGoneAt, ...this.newPods.map((p) => this.availableAt(p)).filter((t) => t > this.time));
    if (!Number.isFinite(next)) return false;
    const wasAvailable = this.newAvailable();
    this.time = next;
    const gone = this.oldGoneAt.filter((t) => t <= next).length;
    for (let i = this.oldGoneAt.length - 1; i >= 0; i--) if (this.oldGoneAt[i] <= next) this.oldGoneAt.splice(i, 1);
    const pendingBefore = this.newPods.filter((p) => p.scheduledAt === undefined).length;
    this.schedule();
    const placed = pendingBefore - this.newPods.filter((p) => p.scheduledAt === undefined).length;
    const events = [];
    const nowAvailable = this.newAvailable() - wasAvailable;
    if (nowAvailable > 0) events.push(`${nowAvailable} new pod(s) available`);
    if (gone > 0) events.push(`${gone} old pod(s) gone`);
    if (placed > 0) events.push(`${placed} pending pod(s) scheduled`);
    this.row(events.join(', '));
    return true;
  }

  private row(action: string): void {
    const newReady = this.newAvailable();
    const newPending = this.newPods.filter((p) => p.scheduledAt === undefined).length;
    this.steps.push({
      time: this.time,
      action,
      oldReady: this.oldAlive,
      oldTerminating: this.oldGoneAt.length,
      newStarting: this.newPods.length - newReady,
      newPending,
      newReady,
      total: this.oldSpec + this.newPods.length,
      available: this.oldAlive + newReady,
    });
  }
}
