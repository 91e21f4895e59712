/** A hand-written Deployment or a SafeRollingDeployment: its pod template changes, the controller rolls. */
import { AppModel, AppPlan, idOf, timingNote, where } from '../app-plan';
import { DeploymentFacts } from '../deployment';
import { simulateRollout } from '../simulate';
import { nodesOf, rolloutInput, summarize } from '../summary';

/** The rolling (or Recreate) plan of one Deployment. */
export function planRolling(d: DeploymentFacts): AppPlan {
  const sim = simulateRollout(rolloutInput(d));
  return {
    title: `Deployment ${where(d)}`,
    id: idOf(ROLLING_DEPLOYMENT.slug, d, d.name),
    file: d.manifest.file,
    replicas: d.replicas,
    steps: sim.steps,
    notes: [timingNote(d)],
    marks: [],
    summary: summarize(sim.steps, d.replicas, sim, nodesOf(d)),
  };
}


/** Every Deployment no other model claimed, each its own app. */
export const ROLLING_DEPLOYMENT: AppModel = {
  kind: 'Deployment',
  slug: 'deployment',
  group: (deployments) => deployments.map((d) => [d]),
  plan: ([d]) => planRolling(d),
};
