import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import { AppRoute } from '../traffic/route';
import { AutoscalerSpec, AutoscalingOptions } from '../workload/autoscaling';
import { ServiceOptions, ServiceType } from '../workload/service';

/** How an app's versions meet traffic: what a release controller replaces with its own release. */
export enum ReleaseShape {
  /** One version at a time behind one Service, replaced pod by pod (SafeRollingDeployment). */
  ROLLING = 'ROLLING',
  /** Two slots: an active Service takes all traffic, a preview Service the next version (BlueGreenApp). */
  SLOTS = 'SLOTS',
  /** Two tracks behind a router that moves a weight between a stable and a canary Service (CanaryApp). */
  TRACKS = 'TRACKS',
}

/** @internal What a strategy tells its release controller. */
export interface ReleasedAppParts {
  readonly problems: Problems;
  readonly construct: string;
  readonly shape: ReleaseShape;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly deployment: ApiObject;
  readonly selector: Record<string, string>;
  readonly replicas: number;
  readonly autoscaling?: AutoscalerSpec;
  readonly disruptionBudget?: ApiObject;
  readonly networkPolicy?: ApiObject;
  readonly servicePort: number;
  readonly targetPort: k8s.IntOrString;
  readonly serviceName: string;
  readonly secondServiceName?: string;
  readonly route?: AppRoute;
}

/**
 * One description of an app, the same for every strategy, that a release controller binds to: its
 * pod template (a Deployment), its Services, and, for a canary, its router. A controller reads the
 * shape, never the strategy, so a new strategy of a known shape needs no change to any controller.
 */
export class ReleasedApp {
  /** @internal */
  public static _of(parts: ReleasedAppParts): ReleasedApp {
    return new ReleasedApp(parts);
  }

  /** The construct type, for messages (`CanaryApp`). */
  public readonly construct: string;
  /** How the app's versions meet traffic. */
  public readonly shape: ReleaseShape;
  /** The app's name: the name the controller's objects take. */
  public readonly name: string;
  /** Namespace of the app's objects; undefined for the chart's. */
  public readonly namespace?: string;
  /** Labels every object of the app carries. */
  public readonly labels: { [key: string]: string };
  /** The Deployment that carries the pod template of the version to release. */
  public readonly deployment: ApiObject;
  /** Labels the pods carry that make them this app's (a controller's selector). */
  public readonly selector: { [key: string]: string };
  /** Pods at full size (with `autoscaling`, its minimum). */
  public readonly replicas: number;
  /**
   * The app's autoscaling range (every field filled in), when it autoscales: the controller owns the
   * replica count, so it makes the HorizontalPodAutoscaler of the resource it scales (and leaves its
   * `replicas` unset).
   */
  public readonly autoscaling?: AutoscalingOptions;
  /** The template Deployment's PodDisruptionBudget, if any. */
  public readonly disruptionBudget?: ApiObject;
  /**
   * The app's NetworkPolicy, if any (it selects the app's name label). A controller that runs pods of
   * its own under other labels widens it to them, so that every pod that serves has its ports closed.
   */
  public readonly networkPolicy?: ApiObject;
  /** The port the app's Services listen on. */
  public readonly servicePort: number;
  /** The container port the Services target. */
  public readonly targetPort: k8s.IntOrString;
  /**
   * The Service that takes the live traffic: the app's Service (ROLLING), the active Service (SLOTS),
   * the stable track's Service (TRACKS).
   */
  public readonly serviceName: string;
  /**
   * The Service of the version being released: the preview Service (SLOTS; undefined with `preview:
   * false`), the canary track's Service (TRACKS); undefined for ROLLING.
   */
  public readonly secondServiceName?: string;
  /** The router's traffic (TRACKS): the router, the context it rendered for, its objects. */
  public readonly route?: AppRoute;
  /** @internal */
  public readonly _problems: Problems;

  private constructor(parts: ReleasedAppParts) {
    this._problems = parts.problems;
    this.construct = parts.construct;
    this.shape = parts.shape;
    this.name = parts.name;
    this.namespace = parts.namespace;
    this.labels = parts.labels;
    this.deployment = parts.deployment;
    this.selector = parts.selector;
    this.replicas = parts.replicas;
    const range = parts.autoscaling;
    this.autoscaling = range && { minReplicas: range.minReplicas, maxReplicas: range.maxReplicas, targetCpuUtilization: range.targetCpuUtilization };
    this.disruptionBudget = parts.disruptionBudget;
    this.networkPolicy = parts.networkPolicy;
    this.servicePort = parts.servicePort;
    this.targetPort = parts.targetPort;
    this.serviceName = parts.serviceName;
    this.secondServiceName = parts.secondServiceName;
    this.route = parts.route;
  }

  /**
   * Reports that the controller option `prop` (written `releaseController.<prop>` in the message) has
   * the bad `value`; `expected` says what is allowed.
   */
  public addProblem(prop: string, value: any, expected: string): void {
    this._problems.add(`releaseController.${prop}`, value, expected);
  }

  /** Reports that the controller cannot release an app of this shape; `why` says what it releases instead. */
  public refuse(controllerName: string, why: string): void {
    this._problems.add('releaseController', controllerName, `${controllerName} cannot release a ${this.construct}: ${why}`);
  }
}

/**
 * Who moves a release forward, as a strategy meets it: the controller binds to the app's one
 * description and returns its objects. Implemented by the built-in controllers
 * (`ReleaseController.argoRollouts()`, `ReleaseController.flagger()`) and by a controller an app writes.
 */
export interface IReleaseController {
  /** The controller's name in messages. */
  readonly name: string;
  /** Whether the controller creates the app's Services itself (the app then emits none). */
  readonly ownsServices: boolean;
  /**
   * Checks what the controller refuses in the app and renders its objects in `scope` (the app's
   * construct); reports problems through `app.addProblem()`.
   */
  bind(scope: Construct, app: ReleasedApp): ApiObject[];
}

/**
 * @internal What every controller refuses, whatever the strategy: checked by the strategies in one
 * place. `asked` holds the props that only the plain manifests use.
 */
export function checkControlled(problems: Problems, controller: IReleaseController, service: ServiceOptions | undefined,
  asked: Record<string, { value: unknown; why: string }>): void {
  const type = service?.type;
  if (controller.ownsServices && type !== undefined && type !== ServiceType.CLUSTER_IP) {
    problems.add('service.type', type, `under ${controller.name} the controller creates the app's Services, all ClusterIP: expose the app through its router`);
  }
  for (const [prop, { value, why }] of Object.entries(asked)) {
    if (value !== undefined) problems.add(prop, value, `under ${controller.name} ${why}`);
  }
}
