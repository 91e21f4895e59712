import { Report, Rule, RuleContext } from '../context';
import { at, isObject, KubeObject, list } from '../objects';

export const RS123: Rule = {
  id: 'RS123',
  severity: 'error',
  title: 'Argo Rollouts refuses the Rollout',
  why: 'Argo Rollouts validates a Rollout beyond its CRD schema (pkg/apis/rollouts/validation) and refuses to run one that fails: neither or both of blueGreen and canary, one Service as both active and preview (or stable and canary), a step with no or several actions, setWeight outside 0-100, setCanaryScale or scaleDownDelaySeconds without trafficRouting, header or mirror routes on a router without them, progressDeadlineSeconds not above minReadySeconds, workloadRef together with a template, an empty selector without workloadRef, antiAffinity weight outside 1-100.',
  fix: 'Correct the field the message names (the Rollout then reconciles); the constructs\' ReleaseController.argoRollouts() writes valid Rollouts.',
  check: checkRollouts,
};

const STEP_ACTIONS = ['experiment', 'pause', 'setWeight', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'];

function checkRollouts(context: RuleContext, report: Report): void {
  for (const rollout of context.objects) {
    if (rollout.is('argoproj.io', 'Rollout')) checkRollout(rollout, report);
  }
}

function checkRollout(rollout: KubeObject, report: Report): void {
  const spec = rollout.spec;
  if (isObject(spec.workloadRef) && isObject(spec.template) && Object.keys(spec.template).length > 0) {
    report(rollout, 'spec.template', 'a Rollout with workloadRef takes its template from the workload: leave template out');
  }
  if (!isObject(spec.workloadRef)) {
    const selector = spec.selector;
    if (!isObject(selector) || Object.keys(selector.matchLabels ?? {}).length + list(selector.matchExpressions).length === 0) {
      report(rollout, 'spec.selector', 'a Rollout without workloadRef needs a non-empty selector');
    }
  }
  const minReady = spec.minReadySeconds ?? 0;
  const deadline = spec.progressDeadlineSeconds ?? 600;
  if (typeof minReady === 'number' && typeof deadline === 'number' && deadline <= minReady) {
    report(rollout, 'spec.progressDeadlineSeconds', `${deadline} is not above minReadySeconds (${minReady})`);
  }
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  const { blueGreen, canary } = strategy;
  if (!blueGreen === !canary) {
    report(rollout, 'spec.strategy', blueGreen ? 'set blueGreen or canary, not both' : 'set blueGreen or canary');
    return;
  }
  if (isObject(blueGreen)) {
    if (blueGreen.activeService === blueGreen.previewService) report(rollout, 'spec.strategy.blueGreen.activeService', 'active and preview must be two different Services');
    checkAntiAffinity(rollout, blueGreen.antiAffinity, 'spec.strategy.blueGreen.antiAffinity', report);
  }
  if (isObject(canary)) checkCanary(rollout, canary, report);
}

function checkCanary(rollout: KubeObject, canary: Record<string, any>, report: Report): void {
  const path = 'spec.strategy.canary';
  if (canary.stableService !== undefined && canary.stableService === canary.canaryService) report(rollout, `${path}.stableService`, 'stable and canary must be two different Services');
  const routing = isObject(canary.trafficRouting) ? canary.trafficRouting : undefined;
  // Host-level routers switch Services: they need both (Istio with a DestinationRule switches subsets).
  const needsBoth = routing && (routing.nginx || (routing.istio && !routing.istio.destinationRule) || routing.smi || routing.ambassador
    || routing.traefik);
  if (needsBoth && (!canary.stableService || !canary.canaryService)) {
    report(rollout, `${path}.${canary.stableService ? 'canaryService' : 'stableService'}`, 'this trafficRouting needs both stableService and canaryService');
  }
  if (!routing && canary.scaleDownDelaySeconds !== undefined) report(rollout, `${path}.scaleDownDelaySeconds`, 'only with trafficRouting');
  const maxWeight = routing?.maxTrafficWeight ?? 100;
  list(canary.steps).forEach((step, i) => {
    const stepPath = at(`${path}.steps`, i);
    const actions = isObject(step) ? STEP_ACTIONS.filter((a) => step[a] !== undefined) : [];
    if (actions.length !== 1) {
      report(rollout, stepPath, actions.length === 0 ? `a step needs one of ${STEP_ACTIONS.join(', ')}` : `a step has one action, not ${actions.join(' and ')}`);
      return;
    }
    if (step.setWeight !== undefined && !(typeof step.setWeight === 'number' && step.setWeight >= 0 && step.setWeight <= maxWeight)) {
      report(rollout, `${stepPath}.setWeight`, `${step.setWeight} is not between 0 and ${maxWeight}`);
    }
    if (step.setCanaryScale !== undefined && !routing) report(rollout, `${stepPath}.setCanaryScale`, 'setCanaryScale needs trafficRouting');
    if (step.setHeaderRoute !== undefined && !(routing && (routing.istio || routing.alb || routing.apisix || isObject(routing.plugins)))) {
      report(rollout, `${stepPath}.setHeaderRoute`, 'header routes need Istio, ALB, Apisix or a plugin router');
    }
    if ((step.setHeaderRoute !== undefined || step.setMirrorRoute !== undefined) && routing && !routing.managedRoutes) {
      report(rollout, `${path}.trafficRouting.managedRoutes`, 'header and mirror routes must be listed in managedRoutes');
    }
  });
}

function checkAntiAffinity(rollout: KubeObject, antiAffinity: unknown, path: string, report: Report): void {
  if (!isObject(antiAffinity)) return;
  const kinds = ['preferredDuringSchedulingIgnoredDuringExecution', 'requiredDuringSchedulingIgnoredDuringExecution'].filter((k) => antiAffinity[k] !== undefined);
  if (kinds.length !== 1) report(rollout, path, 'list exactly one of preferred... and required...');
  const weight = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution?.weight;
  if (weight !== undefined && !(Number.isInteger(weight) && weight >= 1 && weight <= 100)) report(rollout, `${path}.preferredDuringSchedulingIgnoredDuringExecution.weight`, `${weight} is not from 1 to 100`);
}
