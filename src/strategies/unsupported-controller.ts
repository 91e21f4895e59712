import { Problems } from '../core/problems';
import { ReleaseController } from '../controllers/controller';

/**
 * What the release controllers support of StatefulSets and DaemonSets (late 2026): Argo Rollouts
 * releases neither (a Rollout replaces a Deployment only; StatefulSet support is argoproj/argo-rollouts
 * issue 1635, open since 2021); Flagger's Canary targets Deployments and DaemonSets, not StatefulSets
 * (fluxcd/flagger issue 410, open since 2020). The constructs release without a controller; this
 * refuses a `releaseController` with the reason and the controller-free alternative.
 */
export function refuseReleaseController(problems: Problems, kind: 'StatefulSet' | 'DaemonSet', controller: ReleaseController | undefined,
  alternative: string): void {
  if (controller === undefined) return;
  const name = controller instanceof ReleaseController ? controller.name : String(controller);
  const why = name === 'Flagger' && kind === 'DaemonSet'
    ? 'Flagger can canary a DaemonSet, but this construct does not emit a Flagger Canary for one (its primary DaemonSet would double every node\'s agent during analysis)'
    : name === 'Flagger'
      ? 'Flagger does not release StatefulSets (fluxcd/flagger issue 410)'
      : `Argo Rollouts does not release ${kind}s: a Rollout manages ReplicaSets only${kind === 'StatefulSet' ? ' (argoproj/argo-rollouts issue 1635)' : ''}`;
  problems.add('releaseController', name, `${why}; ${alternative}`);
}
