/** What the transition rules (RS4xx) share: their shape, and the safe-sequence advice of their messages. */
import { Rule } from './context';

/**
 * How to order a change that must not happen at once, for the rules' messages: two commits, or sync
 * waves, and which tools honour an order inside one commit.
 */
export function orderAdvice(first: string, then: string, wavesAlreadyOrder: boolean = false): string {
  const waves = wavesAlreadyOrder
    ? 'or one commit applied by Argo CD: the manifests already order it with sync waves (Argo CD waits for each wave to be healthy), '
      + 'so if Argo CD applies this folder, say so to the review: `syncWaves: true` in the plugin\'s properties in cdk8s.yaml, '
      + '`--sync-waves` for `plan --base`, `{ syncWaves: true }` for reviewTransition. '
    : `or one commit ordered with Argo CD sync waves (annotation argocd.argoproj.io/sync-wave, ${first} in a lower wave: Argo CD waits for each wave to be healthy). `;
  return `Safe sequence: two commits (first ${first}; once \`kubectl rollout status\` says it is done, ${then}), ${waves}`
    + 'Flux\'s kustomize-controller applies one Kustomization in its own order (no waves: split it into two Kustomizations with dependsOn and wait), and plain kubectl apply sends everything at once.';
}

/** A rule that checks changes only. */
export function transitionRule(rule: Omit<Rule, 'check'>): Rule {
  return { ...rule, check: () => undefined };
}
