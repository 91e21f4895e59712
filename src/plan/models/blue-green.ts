/**
 * BlueGreenApp: pods labelled with a slot, an active Service (named as the app) selecting one. A
 * release deploys to the idle slot, flips the Service once it is fully available, then applies the
 * idle-slot policy to the old slot.
 */
import { LABEL_NAME, SLOT_LABEL } from '../../core/labels';
import { AppModel, AppPlan, idOf, timingNote, withSteady } from '../app-plan';
import { DeploymentFacts } from '../deployment';
import { PlanStep, simulateRollout } from '../simulate';
import { nodesOf, rolloutInput, summarize } from '../summary';
import { groupByAppLabel } from './grouping';
import { planRolling } from './rolling-deployment';

function planBlueGreen(slots: DeploymentFacts[], services: readonly any[]): AppPlan | undefined {
  const appName = slots[0].podLabels[LABEL_NAME];
  const ns = slots[0].namespace;
  const active = services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === appName && s.spec?.selector?.[SLOT_LABEL]);
  if (!active) return undefined;
  const activeSlot = active.spec.selector[SLOT_LABEL];
  const live = slots.find((d) => d.podLabels[SLOT_LABEL] === activeSlot);
  const idle = slots.find((d) => d.podLabels[SLOT_LABEL] !== activeSlot);
  if (!live) return undefined;
  const full = live.replicas;
  const notes = [`active slot **${activeSlot}** (Service \`${appName}\` selects it), ${full} replicas`];
  if (!idle) {
    notes.push('the idle slot is empty: nothing to release; give it an image to plan the next release');
    return { ...planRolling(live), title: `BlueGreenApp ${ns ? `${ns}/` : ''}${appName}`, notes: [...notes, timingNote(live)] };
  }
  const idleSlot = idle.podLabels[SLOT_LABEL];
  const idleNow = idle.replicas;
  // Deploying to the idle slot sets its template and its full size at once. From 0 the new
  // ReplicaSet is created at full size; from n > 0 the controller first scales the old ReplicaSet
  // to the new size (a scaling event), then rolls: the plan starts that roll from the full size.
  const from = idleNow === 0 ? 0 : full;
  const deploy = simulateRollout(rolloutInput(idle, { replicas: full, fromReplicas: from }));
  const policy = idleNow === full ? 'IdleSlot.keepFull(): the old slot stays at full size, a rollback is one flip'
    : idleNow === 0 ? 'IdleSlot.scaleToZero(): the old slot stops once the release is done'
      : `IdleSlot.scaleTo(${idleNow}): the old slot keeps ${idleNow} pod(s)`;
  notes.push(`idle slot **${idleSlot}** holds ${idleNow} pod(s) now; ${policy}`);
  if (idleNow > 0 && idleNow < full) notes.push(`deploying to ${idleSlot} first scales its old ReplicaSet from ${idleNow} to ${full} (a scaling event), then rolls: the table starts at that roll`);
  const steps = withSteady(deploy.steps, 0, `1. deploy to idle slot ${idleSlot}`, { ready: full, serving: true });
  const marks: { step: number; label: string }[] = [];
  let complete: number | undefined;
  if (deploy.completeAt !== undefined) {
    // The flip happens once the idle slot is fully available; then the idle-slot policy applies to the old slot.
    const flipAt = deploy.completeAt;
    const dropped = full - idleNow;
    const goneAt = flipAt + live.secondsToTerminate;
    const idleAt = (time: number) => deploy.steps.filter((s) => s.time <= time).pop()!;
    const after = (s: PlanStep, time: number, action: string): PlanStep => ({
      ...s, time, action,
      oldReady: s.oldReady + idleNow,
      oldTerminating: s.oldTerminating + (time < goneAt ? dropped : 0),
      total: s.total + idleNow,
      available: s.newReady,
    });
    const flipStep = idleAt(flipAt);
    const phase = steps.filter((s) => s.time <= flipAt);
    marks.push({ step: phase.length, label: `flip to ${idleSlot}` });
    phase.push({ ...withSteady([flipStep], 0, '', { ready: full, serving: false })[0], action: `2. flip: Service ${appName} selects ${idleSlot}`, available: flipStep.newReady });
    if (dropped > 0) phase.push(after(flipStep, flipAt, `3. idle-slot policy: ${activeSlot} scaled to ${idleNow}`));
    const tail = deploy.steps.filter((s) => s.time > flipAt).map((s) => after(s, s.time, `1. idle slot ${idleSlot}: ${s.action}`));
    if (dropped > 0) tail.push(after(idleAt(goneAt), goneAt, `${dropped} pod(s) of ${activeSlot} gone`));
    steps.splice(0, steps.length, ...phase, ...tail.sort((a, b) => a.time - b.time));
    complete = flipAt;
  }
  const nodes = nodesOf(idle, { replicas: full, fromReplicas: from });
  return {
    title: `BlueGreenApp ${ns ? `${ns}/` : ''}${appName}`,
    id: idOf(BLUE_GREEN.slug, idle, appName),
    file: idle.manifest.file,
    replicas: full,
    steps,
    notes: [...notes, timingNote(idle)],
    marks,
    summary: summarize(steps, full, { completeAt: complete, stalled: deploy.stalled }, {
      nodesNeeded: nodes.nodesNeeded === undefined ? undefined : Math.max(full, nodes.nodesNeeded),
      nodesNote: nodes.nodesNote && `per slot (no anti-affinity between slots): ${nodes.nodesNote}`,
    }),
  };
}


export const BLUE_GREEN: AppModel = {
  kind: 'BlueGreenApp',
  slug: 'blue-green',
  group: (deployments) => groupByAppLabel(deployments, SLOT_LABEL),
  plan: (slots, context) => planBlueGreen(slots, context.objects.filter((o) => o.kind === 'Service').map((o) => o.manifest)),
};
