import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Probe, SafeDaemonSet, TaintEffect, TolerationOperator } from '../src';

/**
 * A node agent (a metrics and log shipper) on every node, released node by node: the new pod starts
 * next to the old one and is ready before the old one stops (maxSurge 1, maxUnavailable 0), so no
 * node is ever without its agent. 1.9.0 runs first on the nodes labelled
 * `example.com/agent-canary=true`; promotion sets `image` to 1.9.0 and removes `nodeCanary.image`.
 */
export class DaemonSetNodeAgentChart extends Chart {
  public readonly agent: SafeDaemonSet;

  public constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'monitoring' });

    this.agent = new SafeDaemonSet(this, 'node-agent', {
      image: 'registry.example.com/infra/node-agent:1.8.3',
      nodeCanary: { nodeLabel: 'example.com/agent-canary', image: 'registry.example.com/infra/node-agent:1.9.0' },
      ports: [{ port: 9100, name: 'metrics' }],
      readiness: Probe.httpGet('/ready'),
      // Also on the control-plane nodes, which carry this taint.
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }],
      resources: { cpuRequest: '50m', memoryRequest: '64Mi' },
    });
  }
}
