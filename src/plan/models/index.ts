/**
 * The registry of app models: each recognizes its apps among the Deployments the models before it
 * left, in this order; every Deployment nobody claims is planned as a rolling Deployment. A new kind
 * of app is one file in this folder and one line here.
 */
import { autoscalersByTarget, scaleTarget } from '../../core/pod-templates';
import { AppModel, AppPlan, PlanContext, withAutoscaling } from '../app-plan';
import { DeploymentFacts, readDeployment, TimingOptions } from '../deployment';
import { Manifest } from '../manifests';
import { KubeObject } from '../../core/kube-object';
import { BLUE_GREEN } from './blue-green';
import { CANARY } from './canary';
import { ROLLING_DEPLOYMENT } from './rolling-deployment';

/** The models, most specific first; the rolling Deployment takes the rest. */
export const APP_MODELS: readonly AppModel[] = [BLUE_GREEN, CANARY, ROLLING_DEPLOYMENT];

/** Every Deployment of the manifests, read for the plan (at its autoscaler's minReplicas when one scales it). */
export function readDeployments(objects: readonly KubeObject[], timing: TimingOptions = {}): DeploymentFacts[] {
  const autoscalers = autoscalersByTarget(objects);
  return objects.filter((o) => o.kind === 'Deployment').map((o) => {
    const autoscaler = autoscalers.get(scaleTarget(o));
    return readDeployment({ file: o.file ?? '', object: o.manifest }, timing, autoscaler && { file: autoscaler.file ?? '', object: autoscaler.manifest });
  });
}

/** The manifests as objects, each with its file. */
export function objectsOf(manifests: readonly Manifest[]): KubeObject[] {
  return manifests.map((m, i) => new KubeObject(m.object, i, m.file));
}

/** Plans every Deployment of the manifests, grouped into apps by the models. */
export function planApps(manifests: readonly Manifest[], timing: TimingOptions = {}): AppPlan[] {
  const objects = objectsOf(manifests);
  return planModels(readDeployments(objects, timing), { objects, timing });
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
