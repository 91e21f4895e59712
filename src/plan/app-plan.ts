/**
 * What the plan produces per app, and what an app model is: a kind of app (a rolling Deployment, a
 * blue/green pair, a canary's tracks) that recognizes its Deployments among the manifests and plans
 * their release. The models are registered in models/index.ts; a new one is one file there.
 */
import { KubeObject } from '../core/kube-object';
import { atReplicas, DeploymentFacts, TimingOptions } from './deployment';
import { Manifest } from './manifests';
import { PlanStep } from './simulate';
import { PlanSummary } from './summary';

/** The plan of one app. */
export interface AppPlan {
  /** `Deployment shop/web`, `BlueGreenApp shop/web`, `CanaryApp blog/blog`. */
  readonly title: string;
  /** A file-name-safe id: `deployment-shop-web`. */
  readonly id: string;
  readonly file: string;
  /** The replica line of the picture: pods the app serves with at full size. */
  readonly replicas: number;
  readonly steps: PlanStep[];
  /** Facts of the Deployments and the strategy, one line each. */
  readonly notes: string[];
  /** Phase boundaries (`flip`, `promote`) at a step index, for the picture. */
  readonly marks: { step: number; label: string }[];
  readonly summary: PlanSummary;
}

/** What a model sees besides its Deployments: every object of the manifests. */
export interface PlanContext {
  readonly objects: readonly KubeObject[];
  readonly timing: TimingOptions;
}

/** A kind of app the plan knows. */
export interface AppModel {
  /** What it plans, for the registry's documentation: `BlueGreenApp`. */
  readonly kind: string;
  /** The first word of its plans' ids and SVG names: `blue-green`. */
  readonly slug: string;
  /** The groups of Deployments (among those no earlier model claimed) that form one app of this kind. */
  group(deployments: readonly DeploymentFacts[], context: PlanContext): DeploymentFacts[][];
  /** The release plan of one group; undefined when the group is not such an app after all (its Deployments fall to the next model). */
  plan(group: DeploymentFacts[], context: PlanContext): AppPlan | undefined;
}

/** What an object model is given besides its object: the plan's options that decide its controller's arithmetic. */
export interface ObjectPlanOptions extends TimingOptions {
  /** Nodes in the cluster (a DaemonSet runs one pod on each). */
  readonly nodes?: number;
  /** The Kubernetes version the manifests target (`"1.37"`). */
  readonly targetVersion?: string;
}

/**
 * A kind of workload whose every object is one app, released by its own controller (StatefulSet,
 * DaemonSet): it plans the objects of `kind`, one plan each.
 */
export interface ObjectModel {
  /** The object kind it plans: `StatefulSet`. */
  readonly kind: string;
  /** The release plan of one object of that kind. */
  plan(manifest: Manifest, options: ObjectPlanOptions): AppPlan;
}

/**
 * Plans an app at its autoscalers' minReplicas, the count a release starts from at the least; with an
 * autoscaler, the peak pods and the nodes needed come from the same plan at their maxReplicas too.
 */
export function withAutoscaling(group: DeploymentFacts[], plan: (group: DeploymentFacts[]) => AppPlan | undefined): AppPlan | undefined {
  const atMin = plan(group);
  const scaled = group.filter((d) => d.autoscaler);
  if (!atMin || scaled.length === 0) return atMin;
  const atMax = plan(group.map((d) => (d.autoscaler ? atReplicas(d, d.autoscaler.maxReplicas) : d)))!;
  const nodes = atMax.summary.nodesNeeded === undefined ? {} : {
    nodesNeeded: atMax.summary.nodesNeeded,
    nodesNote: `with every autoscaler at maxReplicas, ${atMax.replicas} replicas (${atMin.summary.nodesNeeded} at ${atMin.replicas}); ${atMax.summary.nodesNote}`,
  };
  return {
    ...atMin,
    notes: [
      ...scaled.map((d) => `\`${d.name}\`: ${d.autoscaler!.ref} scales it from ${d.autoscaler!.minReplicas} to ${d.autoscaler!.maxReplicas} replicas: `
        + `planned at ${d.autoscaler!.minReplicas}, the count a release starts from at the least; the autoscaler may run it higher (scaling mid-release is not modelled)`),
      ...atMin.notes,
    ],
    summary: { ...atMin.summary, ...nodes, replicasAtMax: atMax.replicas, peakPodsAtMax: atMax.summary.peakPods },
  };
}

export function where(d: DeploymentFacts): string {
  return d.namespace ? `${d.namespace}/${d.name}` : d.name;
}

export function idOf(kind: string, d: DeploymentFacts, name: string): string {
  return objectId(kind, d.namespace, name);
}

/** A plan's id from its kind's slug and the object: `statefulset-shop-db`, lower case and file-name safe. */
export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return fileSafe(`${kind}-${namespace ? `${namespace}-` : ''}${name}`.toLowerCase());
}

/** `text` with every run of characters other than letters, digits and `-` as one `-`: a file-name part. */
export function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '-');
}

export function timingNote(d: DeploymentFacts): string {
  return `\`${d.name}\`: ${d.strategyText}; a new pod available about ${d.secondsToReady + d.minReadySeconds} s after it starts (ready ~${d.secondsToReady} s from its probes + minReadySeconds ${d.minReadySeconds}); an old pod terminates for up to ${d.secondsToTerminate} s (preStop drain ${d.drainSeconds} s, grace period)`;
}

/** Pods that stay as they are while another Deployment rolls: added to every step of that roll. */
export function withSteady(
  steps: readonly PlanStep[], offset: number, prefix: string, steady: { ready: number; serving: boolean; terminating?: number },
): PlanStep[] {
  return steps.map((s) => ({
    ...s,
    time: s.time + offset,
    action: `${prefix}: ${s.action}`,
    oldReady: s.oldReady + steady.ready,
    oldTerminating: s.oldTerminating + (steady.terminating ?? 0),
    total: s.total + steady.ready,
    available: steady.serving ? steady.ready : s.available + steady.ready,
  }));
}

