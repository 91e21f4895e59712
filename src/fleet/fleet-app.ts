import { Construct } from 'constructs';
import { BlueGreenApp, BlueGreenAppProps, PROPS_KEYS as BLUE_GREEN_KEYS } from '../strategies/blue-green-app';
import { CanaryApp, CanaryAppProps, PROPS_KEYS as CANARY_KEYS } from '../strategies/canary-app';
import { SafeRollingDeployment, SafeRollingDeploymentProps, PROPS_KEYS as ROLLING_KEYS } from '../strategies/safe-rolling-deployment';

/**
 * The app a Fleet releases: one of the library's strategies with its props, built once per cluster
 * (with that cluster's overrides merged in).
 */
export class FleetApp {
  /** A SafeRollingDeployment in every cluster. */
  public static safeRollingDeployment(props: SafeRollingDeploymentProps): FleetApp {
    return new FleetApp('SafeRollingDeployment', props, ROLLING_KEYS, (scope, id, merged) => new SafeRollingDeployment(scope, id, merged));
  }

  /** A BlueGreenApp in every cluster. */
  public static blueGreenApp(props: BlueGreenAppProps): FleetApp {
    return new FleetApp('BlueGreenApp', props, BLUE_GREEN_KEYS, (scope, id, merged) => new BlueGreenApp(scope, id, merged));
  }

  /** A CanaryApp in every cluster. */
  public static canaryApp(props: CanaryAppProps): FleetApp {
    return new FleetApp('CanaryApp', props, CANARY_KEYS, (scope, id, merged) => new CanaryApp(scope, id, merged));
  }

  /** The strategy's construct name: `SafeRollingDeployment`, `BlueGreenApp` or `CanaryApp`. */
  public readonly strategy: string;

  private constructor(
    strategy: string,
    /** @internal */ public readonly _props: { readonly [key: string]: any },
    /** @internal */ public readonly _keys: readonly string[],
    private readonly build: (scope: Construct, id: string, props: any) => Construct,
  ) {
    this.strategy = strategy;
  }

  /** @internal Builds the strategy under `scope` with `props` (the app's props with a cluster's overrides). */
  public _build(scope: Construct, id: string, props: { readonly [key: string]: any }): Construct {
    return this.build(scope, id, props);
  }
}
