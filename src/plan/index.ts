/**
 * The rollout plan, as a function for tests and scripts (`cdk8s-release-strategies/plan`):
 * what a release of these manifests does to the cluster, step by step, per app.
 */
export { type AppPlan, type AppModel, type ObjectModel, type ObjectPlanOptions, type PlanContext } from './app-plan';
export { APP_MODELS, OBJECT_MODELS, planApps } from './models';
export { type Manifest, PlanError, parseManifests, readManifestDir } from './manifests';
export { type PlanStep, simulateRollout, type Simulation, type RolloutInput } from './simulate';
export { readDeployment, type DeploymentFacts, type TimingOptions } from './deployment';
export { planDaemonSet, readDaemonSet, simulateDaemonSetUpdate, type DaemonSetUpdateInput } from './models/daemon-set';
export { planStatefulSet, readStatefulSet, simulateStatefulSetUpdate, type StatefulSetSimulation, type StatefulSetUpdateInput } from './models/stateful-set';
export { renderMarkdown, renderAppMarkdown } from './markdown';
export { renderSvg } from './svg';
export { planTransition, type TransitionOptions, type TransitionPlan, type ObjectChanges } from './transition';
export { reviewTransition, renderReview, type TransitionReview } from './review';
export { readBase, readManifestsAtRevision } from './base';

export { planManifests, planDirectory, type PlanOptions, type PlanOutput } from './plan-manifests';
export { planFleet, ringManifests, type FleetPlan, type RingPlan, type RingManifests, type ClusterManifests } from '../fleet/plan';
