import { Problems } from '../core/problems';
import { CanaryMatch } from './canary-match';

/** @internal What a CanaryApp tells its router. */
export interface RouteParts {
  readonly problems: Problems;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly apexServiceName: string;
  readonly stableServiceName: string;
  readonly canaryServiceName: string;
  readonly servicePort: number;
  readonly trackLabel: string;
  readonly weight: number;
  readonly match?: CanaryMatch;
}

/**
 * What a traffic router needs to know about the CanaryApp it routes for, and where it reports a
 * problem with its options (at synth, with the app's other problems).
 */
export class RouteContext {
  /** @internal */
  public static _of(parts: RouteParts): RouteContext {
    return new RouteContext(parts);
  }

  /** The app's name: the apex Service's name, and the name the router's objects take. */
  public readonly name: string;
  /** Namespace of the app's objects; undefined for the chart's. */
  public readonly namespace?: string;
  /** Labels every object of the app carries. */
  public readonly labels: { [key: string]: string };
  /** Name of the apex Service, which selects both tracks. */
  public readonly apexServiceName: string;
  /** Name of the Service selecting the stable track only. */
  public readonly stableServiceName: string;
  /** Name of the Service selecting the canary track only. */
  public readonly canaryServiceName: string;
  /** The port all three Services listen on. */
  public readonly servicePort: number;
  /** The label whose value (`stable` or `canary`) tells the tracks' pods apart. */
  public readonly trackLabel: string;
  /** Percent of requests for the canary, 0–100. */
  public readonly weight: number;
  /** Requests that always go to the canary; only of a type the router declares it can match. */
  public readonly match?: CanaryMatch;
  /** @internal */
  public readonly _problems: Problems;

  private constructor(parts: RouteParts) {
    this._problems = parts.problems;
    this.name = parts.name;
    this.namespace = parts.namespace;
    this.labels = parts.labels;
    this.apexServiceName = parts.apexServiceName;
    this.stableServiceName = parts.stableServiceName;
    this.canaryServiceName = parts.canaryServiceName;
    this.servicePort = parts.servicePort;
    this.trackLabel = parts.trackLabel;
    this.weight = parts.weight;
    this.match = parts.match;
  }

  /**
   * Reports that the router option `prop` (written `trafficRouter.<prop>` in the message) has the bad
   * `value`; `expected` says what is allowed.
   */
  public addProblem(prop: string, value: any, expected: string): void {
    this._problems.add(`trafficRouter.${prop}`, value, expected);
  }
}
