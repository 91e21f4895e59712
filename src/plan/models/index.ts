/**
 * The registry of app models: each recognizes its apps among the Deployments the models before it
 * left, in this order; every Deployment nobody claims is planned as a rolling Deployment. Workloads
 * of other kinds (StatefulSet, DaemonSet) are planned object by object by their object model. A new
 * kind of app is one file in this folder and one line here.
 */
import { replicaRange } from '../../core/pod-templates';
import { AppModel, AppPlan, ObjectModel, ObjectPlanOptions, PlanContext, withAutoscaling } from '../app-plan';
import { DeploymentFacts, readDeployment, TimingOptions } from '../deployment';
import { Manifest } from '../manifests';
import { KubeObject } from '../../core/kube-object';
import { BLUE_GREEN } from './blue-green';
import { CANARY } from './canary';
import { DAEMON_SET } from './daemon-set';
import { ROLLING_DEPLOYMENT } from './rolling-deployment';
import { STATEFUL_SET } from './stateful-set';

/** The models, most specific first; the rolling Deployment takes the rest. */
export const APP_MODELS: readonly AppModel[] = [BLUE_GREEN, CANARY, ROLLING_DEPLOYMENT];

/** The workloads planned one object at a time, by kind. */
export const OBJECT_MODELS: readonly ObjectModel[] = [STATEFUL_SET, DAEMON_SET];

/** Every Deployment of the manifests, read for the plan (at its autoscaler's minReplicas when one scales it). */
export function readDeployments(objects: readonly KubeObject[], timing: TimingOptions = {}): DeploymentFacts[] {
  return objects.filter((o) => o.kind === 'Deployment').map((o) => {
    const autoscaler = replicaRange(o, objects).autoscaler;
    return readDeployment({ file: o.file ?? '', object: o.manifest }, timing, autoscaler && { file: autoscaler.file ?? '', object: autoscaler.manifest });
  });
}

/** The manifests as objects, each with its file. */
export function objectsOf(manifests: readonly Manifest[]): KubeObject[] {
  return manifests.map((m, i) => new KubeObject(m.object, i, m.file));
}

/** Plans every workload of the manifests: Deployments grouped into apps by the app models, then each object of an object model's kind. */
export function planApps(manifests: readonly Manifest[], options: ObjectPlanOptions = {}): AppPlan[] {
  const objects = objectsOf(manifests);
  const plans = planModels(readDeployments(objects, options), { objects, timing: options });
  for (const model of OBJECT_MODELS) {
    plans.push(...manifests.filter((m) => m.object?.kind === model.kind).map((m) => model.plan(m, options)));
  }
  return plans;
}

/** Plans `deployments` with the registry: each model claims its groups from what is left. */
export function planModels(deployments: readonly DeploymentFacts[], context: PlanContext): AppPlan[] {
  const claimed = new Set<DeploymentFacts>();
  const plans: AppPlan[] = [];
  for (const model of APP_MODELS) {
    for (const group of model.group(deployments.filter((d) => !claimed.has(d)), context)) {
      const plan = withAutoscaling(group, (members) => model.plan(members, context));
      if (plan) { plans.push(plan); group.forEach((d) => claimed.add(d)); }
    }
  }
  return plans;
}
