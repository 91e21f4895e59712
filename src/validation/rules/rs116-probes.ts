/**
 * Probes and lifecycle hooks. Source: kubernetes pkg/apis/core/validation/validation.go validateProbe,
 * validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateHandler,
 * validateExecAction, validateHTTPGetAction, validateLifecycle, validateSleepAction, validateInitContainers
 * (no probes on init containers that run to completion).
 */
import { Report, Rule, RuleContext } from '../context';
import { at, isObject, Json, list, show } from '../objects';
import { containers, serverValidatedTemplates } from '../../core/pod-templates';

export const RS116: Rule = {
  id: 'RS116',
  severity: 'error',
  title: 'invalid probe or lifecycle hook',
  why: 'The API server refuses a probe or hook with no handler or more than one (exec, httpGet, tcpSocket, grpc, sleep), negative timings, a liveness or startup successThreshold other than 1, a probe terminationGracePeriodSeconds of 0 or less (or any on a readiness probe), an exec without a command, an httpGet scheme other than HTTP/HTTPS, and a sleep action that is negative or longer than the pod\'s terminationGracePeriodSeconds.',
  fix: 'Give each probe and hook exactly one handler; use non-negative timings and successThreshold 1 on liveness and startup probes.',
  check: checkProbes,
};

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const TIMINGS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
/** SetDefaults_PodSpec: terminationGracePeriodSeconds defaults to 30. */
const DEFAULT_GRACE = 30;

function checkProbes(context: RuleContext, report: Report): void {
  for (const template of serverValidatedTemplates(context)) {
    const grace = typeof template.spec.terminationGracePeriodSeconds === 'number' ? template.spec.terminationGracePeriodSeconds : DEFAULT_GRACE;
    const say = (path: string, message: string) => report(template.owner, path, message);
    for (const { container, path, runsToCompletion } of containers(template, { withInit: true })) {
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const probe = container[kind];
        if (!isObject(probe)) continue;
        const probePath = at(path, kind);
        if (runsToCompletion) {
          say(probePath, `may not be set for init containers without restartPolicy "Always"`);
          continue;
        }
        checkHandler(probe, PROBE_HANDLERS, probePath, grace, say);
        for (const timing of TIMINGS) {
          if (typeof probe[timing] === 'number' && probe[timing] < 0) say(at(probePath, timing), `${probe[timing]} must be greater than or equal to 0`);
        }
        // SetDefaults_Probe turns 0 into 1.
        if (kind !== 'readinessProbe' && typeof probe.successThreshold === 'number' && probe.successThreshold > 1) {
          say(at(probePath, 'successThreshold'), `${probe.successThreshold} must be 1 for a ${kind}`);
        }
        const probeGrace = probe.terminationGracePeriodSeconds;
        if (typeof probeGrace === 'number') {
          if (kind === 'readinessProbe') say(at(probePath, 'terminationGracePeriodSeconds'), 'must not be set for readinessProbes');
          else if (probeGrace <= 0) say(at(probePath, 'terminationGracePeriodSeconds'), `${probeGrace} must be greater than 0`);
        }
      }
      if (!isObject(container.lifecycle)) continue;
      for (const hook of ['postStart', 'preStop']) {
        if (isObject(container.lifecycle[hook])) checkHandler(container.lifecycle[hook], HOOK_HANDLERS, at(at(path, 'lifecycle'), hook), grace, say);
      }
    }
  }
}

function checkHandler(handler: Json, allowed: readonly string[], path: string, grace: number, say: (path: string, message: string) => void): void {
  const set = allowed.filter((type) => handler[type] !== undefined && handler[type] !== null);
  if (set.length === 0) say(path, `must specify a handler type (one of ${allowed.join(', ')})`);
  for (const extra of set.slice(1)) say(at(path, extra), `may not specify more than 1 handler type (${set[0]} is set)`);
  const [type] = set;
  const action = handler[type];
  if (!isObject(action)) return;
  if (type === 'exec' && list(action.command).length === 0) say(at(at(path, 'exec'), 'command'), 'Required value: an exec handler needs a command');
  if (type === 'httpGet' && typeof action.scheme === 'string' && action.scheme !== 'HTTP' && action.scheme !== 'HTTPS') {
    say(at(at(path, 'httpGet'), 'scheme'), `${show(action.scheme)} is not supported (HTTP, HTTPS)`);
  }
  if (type === 'sleep' && typeof action.seconds === 'number' && (action.seconds < 0 || action.seconds > grace)) {
    say(at(at(path, 'sleep'), 'seconds'), `${action.seconds} must be non-negative and at most terminationGracePeriodSeconds (${grace})`);
  }
}
