import { Duration } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { wholeSeconds } from '../core/duration';
import { Problems } from '../core/problems';
import { findPort, ResolvedPort } from './ports';
import { checkKeys, structKeys } from '../core/known-keys';
import { FIELD_SINCE, plainlyShellLess, serves, Target } from '../core/target-version';

/** Options of a sleeping drain. */
export interface SleepDrainOptions {
  /**
   * The image has a `sleep` binary although its name says otherwise (a distroless `:debug`-like
   * build of your own): below Kubernetes 1.30, where the drain runs `sleep` in the container, its
   * image is then not refused.
   * @default false
   */
  readonly imageHasSleep?: boolean;
}

/** Options of a drain that calls the application over HTTP. */
export interface HttpGetDrainOptions {
  /**
   * How long the endpoint takes to answer: the application must hold the request this long (keep
   * serving meanwhile) and then return. The grace period is derived from it.
   */
  readonly duration: Duration;
  /**
   * The container port to call, by number; it must be a declared container port.
   * @default - the first declared container port (unless `portName` is given)
   */
  readonly port?: number;
  /**
   * The container port to call, by name; it must be a declared container port.
   * @default - the first declared container port (unless `port` is given)
   */
  readonly portName?: string;
}

/**
 * What a pod does between being told to stop and receiving SIGTERM (its `preStop` hook).
 *
 * When a pod is deleted, Kubernetes removes it from Service endpoints and starts stopping it at the
 * same time; kube-proxy, ingress controllers and load balancers notice seconds later. A pod that
 * exits on SIGTERM right away drops the requests still routed to it. The drain keeps it serving
 * until routing has caught up.
 */
export class Drain {
  /**
   * Waits `duration` before SIGTERM. At a target of Kubernetes 1.30 or later (see KubernetesTarget)
   * this is the kubelet's own `sleep` action, which needs nothing in the image. Below 1.30 it runs
   * `sleep <seconds>` in the container: that needs a `sleep` binary in the image (on distroless or
   * scratch images the hook fails, event FailedPreStopHook, and the container stops at once), so an
   * image that plainly has none is an error; use `Drain.httpGet` there.
   */
  public static sleep(duration: Duration, options: SleepDrainOptions = {}): Drain {
    return new Drain('sleep', duration, undefined, undefined, undefined, options);
  }

  /** Calls an HTTP endpoint of the application that waits `duration` before answering. */
  public static httpGet(path: string, options: HttpGetDrainOptions): Drain {
    return new Drain('httpGet', options.duration, path, options.port, options.portName, options);
  }

  /**
   * No preStop hook. Only for applications that keep serving for a while after SIGTERM by
   * themselves; any other application drops requests on every rollout.
   */
  public static none(): Drain {
    return new Drain('none', Duration.seconds(0));
  }

  private constructor(
    private readonly type: 'sleep' | 'httpGet' | 'none',
    private readonly duration: Duration,
    private readonly path?: string,
    private readonly port?: number,
    private readonly portName?: string,
    private readonly options?: HttpGetDrainOptions | SleepDrainOptions,
  ) {}

  /**
   * @internal The preStop hook at `target`. `sleepInImage` is set when the hook runs `sleep` in the
   * container, which each Deployment's image must then have.
   */
  public _render(problems: Problems, prop: string, ports: ResolvedPort[], target: Target):
  { seconds: number; lifecycle?: k8s.Lifecycle; sleepInImage?: { accepted: boolean } } {
    if (this.type === 'none') return { seconds: 0 };
    if (this.type === 'sleep') {
      checkKeys(problems, prop, 'SleepDrainOptions', this.options, SLEEP_DRAIN_KEYS);
      const seconds = wholeSeconds(problems, `${prop}.duration`, this.duration, 1);
      if (serves(target, FIELD_SINCE.sleepAction)) {
        // Newer than the 1.27 bindings: the Deployment is written as a plain object (api-object.ts).
        const preStop: k8s.LifecycleHandler & { sleep: { seconds: number } } = { sleep: { seconds } };
        return { seconds, lifecycle: { preStop } };
      }
      const accepted = (this.options as SleepDrainOptions | undefined)?.imageHasSleep ?? false;
      return { seconds, lifecycle: { preStop: { exec: { command: ['sleep', String(seconds)] } } }, sleepInImage: { accepted } };
    }
    checkKeys(problems, prop, 'HttpGetDrainOptions', this.options, HTTP_DRAIN_KEYS);
    const seconds = wholeSeconds(problems, `${prop}.duration`, this.duration, 1);
    problems.check(typeof this.path === 'string' && this.path.startsWith('/'), `${prop}.path`, this.path, 'an HTTP drain path must start with \'/\'');
    const port = findPort(problems, prop, ports, this.port, this.portName);
    const portRef = k8s.IntOrString.fromString(port?.name ?? this.portName ?? String(this.port ?? ''));
    return { seconds, lifecycle: { preStop: { httpGet: { path: this.path, port: portRef } } } };
  }
}

/**
 * Checks that an image can run the exec form of `Drain.sleep` (targets below 1.30): one that plainly
 * has no shell is refused, unless the user said it has `sleep`.
 */
export function checkSleepInImage(problems: Problems, prop: string, image: string | undefined, seconds: number, target: Target): void {
  if (typeof image !== 'string' || !plainlyShellLess(image)) return;
  problems.add(prop, image,
    `it has no shell or \`sleep\` binary (distroless, scratch or static image), and at Kubernetes ${target.text} the drain Drain.sleep(${seconds}s) runs \`sleep ${seconds}\` in the container: the hook fails and the pod gets SIGTERM at once, dropping requests on every release; use Drain.httpGet(path, { duration }), target Kubernetes 1.${FIELD_SINCE.sleepAction} or later (KubernetesTarget.set(app, '1.${FIELD_SINCE.sleepAction}'): the native sleep action), or Drain.sleep(duration, { imageHasSleep: true }) if the image does have \`sleep\``);
}

const HTTP_DRAIN_KEYS = structKeys<HttpGetDrainOptions>()({ duration: true, port: true, portName: true });
const SLEEP_DRAIN_KEYS = structKeys<SleepDrainOptions>()({ imageHasSleep: true });

/** The default drain: long enough for kube-proxy, DNS and ingress controllers to stop routing to the pod. */
export const DEFAULT_DRAIN = Drain.sleep(Duration.seconds(10));

/** The default time an application gets after SIGTERM to finish in-flight work. */
export const DEFAULT_SHUTDOWN_BUDGET = Duration.seconds(20);

/**
 * The pod's terminationGracePeriodSeconds. It must cover the preStop drain plus the application's
 * own shutdown: when it runs out the kubelet kills the container, mid-request.
 */
export function gracePeriodSeconds(
  problems: Problems, drainSeconds: number, shutdownBudget: Duration | undefined, explicit: Duration | undefined,
): number {
  const budget = wholeSeconds(problems, 'shutdownBudget', shutdownBudget ?? DEFAULT_SHUTDOWN_BUDGET, 0);
  // At least a second after the drain: SIGTERM must arrive before the kill, even for a zero budget.
  if (explicit === undefined) return drainSeconds + Math.max(budget, drainSeconds > 0 ? 1 : 0);
  const grace = wholeSeconds(problems, 'terminationGracePeriod', explicit, 1);
  if (grace <= drainSeconds) {
    problems.add('terminationGracePeriod', `${grace}s`,
      `it must be longer than the preStop drain (${drainSeconds}s), or the kubelet kills the container before it has drained; leave it unset to get drain + shutdownBudget (${drainSeconds + budget}s)`);
  }
  return grace;
}
