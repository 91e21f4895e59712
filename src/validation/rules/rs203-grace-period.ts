import { preStopSleepSeconds } from '../../core/prestop';
import { Report, Rule, RuleContext } from '../context';
import { at, show } from '../objects';
import { longRunning } from '../../core/pod-templates';

export const RS203: Rule = {
  id: 'RS203',
  severity: 'error',
  title: 'grace period does not cover the preStop drain',
  why: 'terminationGracePeriodSeconds (default 30) counts from the start of the preStop hook: a preStop sleep as long or longer means the kubelet kills the container mid-drain, dropping in-flight requests (seed 002: sleep 90 under the default 30 s).',
  fix: 'Set terminationGracePeriodSeconds to the preStop sleep plus the application\'s shutdown time (e.g. 90 + 20), or shorten the sleep.',
  check: checkGracePeriod,
};

const DEFAULT_GRACE_SECONDS = 30;

function checkGracePeriod(context: RuleContext, report: Report): void {
  for (const template of context.templates) {
    const explicit = template.spec.terminationGracePeriodSeconds;
    if (explicit !== undefined && typeof explicit !== 'number') continue; // the schema's finding
    const grace = explicit ?? DEFAULT_GRACE_SECONDS;
    for (const { container, name } of longRunning(template)) {
      const sleep = preStopSleepSeconds(container.lifecycle?.preStop);
      if (sleep === undefined || grace > sleep) continue;
      report(template.owner, at(template.specPath, 'terminationGracePeriodSeconds'),
        `${grace} s${explicit === undefined ? ' (the default)' : ''} does not cover container ${show(name)}'s preStop sleep of ${sleep} s: the grace period counts from the start of the hook, so the kubelet kills the container before it has drained and finished its requests`);
    }
  }
}
