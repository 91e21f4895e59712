import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import { ServiceOptions, ServiceType } from '../workload/service';
import type { ArgoRolloutsOptions } from './argo-rollouts';
import type { FlaggerOptions } from './flagger';

/** @internal What a strategy tells its release controller (both strategies). */
export interface ControlledApp {
  readonly problems: Problems;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  /** The Deployment that carries the pod template (the controller takes its template from it). */
  readonly deployment: ApiObject;
  /** Labels the pods carry that make them this app's (the Rollout's selector). */
  readonly selector: Record<string, string>;
  /** Pods at full size. */
  readonly replicas: number;
  /** The template Deployment's PodDisruptionBudget, if any. */
  readonly disruptionBudget?: ApiObject;
  /** The app's Service port and the container port it targets. */
  readonly servicePort: number;
  readonly targetPort: string | number;
}

/** @internal A BlueGreenApp under a controller. */
export interface ControlledBlueGreen extends ControlledApp {
  readonly activeServiceName: string;
  /** Undefined with `preview: false`. */
  readonly previewServiceName?: string;
}

/** @internal A CanaryApp under a controller. */
export interface ControlledCanary extends ControlledApp {
  readonly stableServiceName: string;
  readonly canaryServiceName: string;
  /** The router's objects, which the controller may adapt (it moves their weights at runtime). */
  readonly routingObjects: ApiObject[];
  /** Which built-in router routes (`capabilities` are not enough: each controller names the provider). */
  readonly router: RouterKind;
  /** The HTTPRoute's, VirtualService's or stable Ingress' name. */
  readonly routeName: string;
  /** The header or cookie match, if any. */
  readonly match?: { readonly type: 'header' | 'cookie'; readonly name: string; readonly value: string };
}

/** @internal The routers a controller can drive. */
export type RouterKind = 'replica-ratio' | 'gateway-api' | 'istio' | 'nginx' | 'other';

/**
 * Who moves a release forward. Without one (the default) the manifests are the release: each step is
 * a reviewed commit. With a controller, the same BlueGreenApp or CanaryApp props emit the controller's
 * resources, and the controller runs the steps, gated by an analysis, and aborts on its own.
 */
export abstract class ReleaseController {
  /**
   * Argo Rollouts (CRDs v1.9.1): a Rollout that takes its pod template from the app's Deployment
   * (`workloadRef`), drives the app's Services (blue/green: active and preview; canary: stable and
   * canary, with the router's objects), and an AnalysisTemplate when `analysis` is given.
   */
  public static argoRollouts(options: ArgoRolloutsOptions = {}): ReleaseController {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ArgoRolloutsController } = require('./argo-rollouts') as typeof import('./argo-rollouts');
    return new ArgoRolloutsController(options);
  }

  /**
   * Flagger (CRDs v1.44.0): a Canary targeting the app's Deployment, with MetricTemplates from
   * `analysis`. Flagger creates the primary Deployment (`<target>-primary`) and owns the Services
   * `<name>`, `<name>-primary` and `<name>-canary` and the route objects, so the app emits none of them.
   */
  public static flagger(options: FlaggerOptions): ReleaseController {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FlaggerController } = require('./flagger') as typeof import('./flagger');
    return new FlaggerController(options);
  }

  /** The controller's name in messages. */
  public readonly name: string;
  /** @internal Whether the controller creates the app's Services itself (the app then emits none). */
  public readonly _ownsServices: boolean;

  protected constructor(name: string, ownsServices: boolean = false) {
    this.name = name;
    this._ownsServices = ownsServices;
  }

  /** @internal Checks what only this controller refuses in a BlueGreenApp's props; renders its objects. */
  public abstract _blueGreen(scope: Construct, app: ControlledBlueGreen): ApiObject[];

  /** @internal The same for a CanaryApp. */
  public abstract _canary(scope: Construct, app: ControlledCanary): ApiObject[];
}

/**
 * @internal What every controller refuses, whatever the strategy: checked by the strategies in one
 * place. `asked` holds the props that only the plain manifests use.
 */
export function checkControlled(problems: Problems, controller: ReleaseController, service: ServiceOptions | undefined,
  asked: Record<string, { value: unknown; why: string }>): void {
  const type = service?.type;
  if (controller._ownsServices && type !== undefined && type !== ServiceType.CLUSTER_IP) {
    problems.add('service.type', type, `under ${controller.name} the controller creates the app's Services, all ClusterIP: expose the app through its router`);
  }
  for (const [prop, { value, why }] of Object.entries(asked)) {
    if (value !== undefined) problems.add(prop, value, `under ${controller.name} ${why}`);
  }
}
