import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problems } from '../core/problems';
import type { ArgoRolloutsOptions } from './argo-rollouts';

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

  /** The controller's name in messages. */
  public readonly name: string;

  protected constructor(name: string) {
    this.name = name;
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
export function checkControlled(problems: Problems, controller: ReleaseController, asked: Record<string, { value: unknown; why: string }>): void {
  for (const [prop, { value, why }] of Object.entries(asked)) {
    if (value !== undefined) problems.add(prop, value, `under ${controller.name} ${why}`);
  }
}
