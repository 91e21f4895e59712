import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Drain, Probe, SafeStatefulSet } from '../src';

/**
 * A three-replica database-style StatefulSet released with a partition canary: 2.4.1 runs on
 * `ledger-2` only (partition 2, a third of the pods), ledger-0 and ledger-1 keep 2.4.0 until the
 * canary is promoted by removing `canaryReplicas` (partition 0). Each pod keeps its 20Gi volume
 * through updates, scale-downs and deletion of the StatefulSet (Retain).
 */
export class StatefulSetDatabaseChart extends Chart {
  public readonly db: SafeStatefulSet;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'ledger' });

    this.db = new SafeStatefulSet(this, 'ledger', {
      image: 'registry.example.com/ledger/ledger-db:2.4.1',
      replicas: 3,
      // The new image on the highest ordinal only; promotion: delete this line (partition 0).
      canaryReplicas: 1,
      ports: [{ port: 5432, name: 'sql' }, { port: 7000, name: 'peer' }, { port: 8008, name: 'health' }],
      readiness: Probe.httpGet('/ready', { port: 8008 }),
      liveness: Probe.tcpSocket({ port: 5432 }),
      volumeClaims: [{ name: 'data', mountPath: '/var/lib/ledger', size: '20Gi', storageClassName: 'standard-rwo' }],
      // Members find each other by DNS name (ledger-0.ledger-headless) while starting.
      publishNotReadyAddresses: true,
      // A member hands its leadership over before it stops.
      drain: Drain.sleep(Duration.seconds(15)),
      shutdownBudget: Duration.seconds(45),
      resources: { cpuRequest: '500m', memoryRequest: '1Gi' },
      changeCause: 'ledger-db 2.4.1 on ledger-2 (canary)',
    });
  }
}
