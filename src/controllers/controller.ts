import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoRolloutsController, ArgoRolloutsOptions } from './argo-rollouts';
import { FlaggerController, FlaggerOptions } from './flagger';
import { IReleaseController, ReleasedApp } from './released-app';

/**
 * Who moves a release forward. Without one (the default) the manifests are the release: each step is
 * a reviewed commit. With a controller, the same BlueGreenApp or CanaryApp props emit the controller's
 * resources, and the controller runs the steps, gated by an analysis, and aborts on its own. A
 * controller the library does not ship is a subclass (or any IReleaseController) that binds to the
 * app's description (`ReleasedApp`).
 */
export abstract class ReleaseController implements IReleaseController {
  /**
   * Argo Rollouts (CRDs v1.9.1): a Rollout that takes its pod template from the app's Deployment
   * (`workloadRef`), drives the app's Services (blue/green: active and preview; canary: stable and
   * canary, with the router's objects), and an AnalysisTemplate when `analysis` is given.
   */
  public static argoRollouts(options: ArgoRolloutsOptions = {}): IReleaseController {
    return new ArgoRolloutsController(options);
  }

  /**
   * Flagger (CRDs v1.44.0): a Canary targeting the app's Deployment, with MetricTemplates from
   * `analysis`. Flagger creates the primary Deployment (`<target>-primary`) and owns the Services
   * `<name>`, `<name>-primary` and `<name>-canary` and the route objects, so the app emits none of them.
   */
  public static flagger(options: FlaggerOptions): IReleaseController {
    return new FlaggerController(options);
  }

  /** The controller's name in messages. */
  public readonly name: string;
  /** Whether the controller creates the app's Services itself (the app then emits none). */
  public readonly ownsServices: boolean;

  protected constructor(name: string, ownsServices: boolean = false) {
    this.name = name;
    this.ownsServices = ownsServices;
  }

  /** Checks what the controller refuses in the app and renders its objects in `scope` (the app's construct). */
  public abstract bind(scope: Construct, app: ReleasedApp): ApiObject[];
}
