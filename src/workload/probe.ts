import { Duration } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { INT32_MAX, wholeSeconds } from '../core/duration';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { findPort, ResolvedPort } from './ports';
import { checkKeys, structKeys } from '../core/known-keys';

/** Timing of a probe. The defaults are Kubernetes' own. */
export interface ProbeOptions {
  /**
   * How long after the container starts before the first probe. Prefer a startup probe for slow
   * starters: a long initial delay also delays noticing a pod that is ready early.
   * @default - no delay
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe.
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Consecutive successes before a failed probe counts as passing again. Kubernetes allows more than 1
   * only for readiness probes.
   * @default 1
   */
  readonly successThreshold?: number;
}

/** A probe that connects to one of the container's declared ports. */
export interface PortProbeOptions extends ProbeOptions {
  /**
   * The container port to probe, by number; it must be a declared container port.
   * @default - the first declared container port (unless `portName` is given)
   */
  readonly port?: number;
  /**
   * The container port to probe, by name; it must be a declared container port.
   * @default - the first declared container port (unless `port` is given)
   */
  readonly portName?: string;
}

/** Scheme of an HTTP probe. */
export enum HttpScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS, without certificate verification (as the kubelet does). */
  HTTPS = 'HTTPS',
}

/** An HTTP GET probe. */
export interface HttpGetProbeOptions extends PortProbeOptions {
  /**
   * HTTP or HTTPS.
   * @default HttpScheme.HTTP
   */
  readonly scheme?: HttpScheme;
}

/** What a probe's handler is, for rendering and for comparing two probes. */
interface Handler {
  readonly type: 'httpGet' | 'tcpSocket' | 'exec';
  readonly path?: string;
  readonly scheme?: HttpScheme;
  readonly command?: string[];
  readonly port?: number;
  readonly portName?: string;
}

const TIMING_KEYS = { initialDelay: true, period: true, timeout: true, failureThreshold: true, successThreshold: true } as const;
const PROBE_KEYS = {
  exec: structKeys<ProbeOptions>()(TIMING_KEYS),
  tcpSocket: structKeys<PortProbeOptions>()({ ...TIMING_KEYS, port: true, portName: true }),
  httpGet: structKeys<HttpGetProbeOptions>()({ ...TIMING_KEYS, port: true, portName: true, scheme: true }),
};
const PROBE_STRUCT = { exec: 'ProbeOptions', tcpSocket: 'PortProbeOptions', httpGet: 'HttpGetProbeOptions' };

/** A rendered probe plus what it is, so callers can compare readiness and liveness. */
export interface RenderedProbe {
  readonly probe: k8s.Probe;
  /** Identifies the handler: two probes with the same key check the same thing. */
  readonly key: string;
}

/**
 * A health check of a container: readiness, liveness or startup.
 *
 * Readiness decides whether a pod receives traffic and whether a rollout may continue; liveness
 * restarts a container; a startup probe holds both back until a slow starter is up.
 */
export class Probe {
  /** An HTTP GET on `path`; any status from 200 to 399 passes. */
  public static httpGet(path: string, options: HttpGetProbeOptions = {}): Probe {
    return new Probe({ type: 'httpGet', path, scheme: options.scheme, port: options.port, portName: options.portName }, options);
  }

  /** A TCP connection to a declared port; passes when the connection opens. */
  public static tcpSocket(options: PortProbeOptions = {}): Probe {
    return new Probe({ type: 'tcpSocket', port: options.port, portName: options.portName }, options);
  }

  /** A command run inside the container; passes on exit code 0. The binary must exist in the image. */
  public static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe({ type: 'exec', command }, options);
  }

  private constructor(private readonly handler: Handler, private readonly options: ProbeOptions) {}

  /** @internal */
  public _render(problems: Problems, prop: string, ports: ResolvedPort[], kind: 'readiness' | 'liveness' | 'startup'): RenderedProbe {
    const h = this.handler;
    const o = this.options;
    checkKeys(problems, prop, PROBE_STRUCT[h.type], o, PROBE_KEYS[h.type]);
    const seconds = (field: keyof ProbeOptions, min: number) => {
      const value = o[field] as Duration | undefined;
      return value === undefined ? undefined : wholeSeconds(problems, `${prop}.${field}`, value, min);
    };
    const count = (field: 'failureThreshold' | 'successThreshold') => {
      const value = o[field];
      if (value !== undefined) problems.check(isWholeNumber(value, 1, INT32_MAX), `${prop}.${field}`, value, `it must be a whole number from 1 to ${INT32_MAX}`);
      return value;
    };
    const successThreshold = count('successThreshold');
    if (kind !== 'readiness' && successThreshold !== undefined && successThreshold !== 1) {
      problems.add(`${prop}.successThreshold`, successThreshold, `Kubernetes requires 1 for a ${kind} probe`);
    }

    let handler: Partial<k8s.Probe>;
    let target: string;
    if (h.type === 'exec') {
      const command = h.command ?? [];
      problems.check(command.length > 0 && command.every((c) => typeof c === 'string' && c.length > 0), `${prop}.command`, command, 'an exec probe needs a non-empty command');
      handler = { exec: { command } };
      target = JSON.stringify(command);
    } else {
      const port = findPort(problems, prop, ports, h.port, h.portName);
      // By number: kube-score reads a named probe port as 0, so probes on two named ports would look identical.
      const portRef = port ? k8s.IntOrString.fromNumber(port.port) : k8s.IntOrString.fromString(h.portName ?? String(h.port ?? ''));
      if (h.type === 'httpGet') {
        problems.check(typeof h.path === 'string' && h.path.startsWith('/'), `${prop}.path`, h.path, 'an HTTP probe path must start with \'/\'');
        handler = { httpGet: { path: h.path, port: portRef, scheme: h.scheme } };
        // HTTP and HTTPS on one port and path check the same endpoint (kube-score compares path and port).
        target = `${port?.port}${h.path}`;
      } else {
        handler = { tcpSocket: { port: portRef } };
        target = `${port?.port}`;
      }
    }
    return {
      key: `${h.type} ${target}`,
      probe: {
        ...handler,
        initialDelaySeconds: seconds('initialDelay', 0),
        periodSeconds: seconds('period', 1),
        timeoutSeconds: seconds('timeout', 1),
        failureThreshold: count('failureThreshold'),
        successThreshold,
      },
    };
  }
}
