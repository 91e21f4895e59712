import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { beginApp } from './common';
import { CONTROLLER_FREE_KEYS, ControllerFreeWorkloadProps, refuseReleaseController } from './controller-free';
import { structKeys } from '../core/known-keys';
import { appSelector } from '../core/labels';
import { Pods } from '../core/rollout-arithmetic';
import { nodeCanaryAffinity, NodeCanaryOptions, renderDaemonSetParts, Toleration } from '../workload/daemon-set';
import { ServiceOptions } from '../workload/service';
import { SafeWorkload } from '../workload/workload';

/** Props of a SafeDaemonSet. */
export interface SafeDaemonSetProps extends ControllerFreeWorkloadProps {
  /**
   * New pods started on a node next to the old one during an update. Must be 0 with `hostNetwork`
   * or `hostPorts` (two pods cannot bind one port of a node).
   * @default Pods.count(1) - Pods.count(0) when `maxUnavailable` is given with hostNetwork or hostPorts
   */
  readonly maxSurge?: Pods;
  /**
   * Nodes whose pod may be stopped before its replacement is available. Exactly one of maxSurge and
   * maxUnavailable is 0.
   * @default Pods.count(0) - no node is ever without its agent
   */
  readonly maxUnavailable?: Pods;
  /**
   * A canary on the nodes carrying a label: a second DaemonSet there, the first on every other node.
   * @default - one DaemonSet on every node
   */
  readonly nodeCanary?: NodeCanaryOptions;
  /**
   * Run the pods in the node's network namespace (node-local proxies, CNI agents). Leaves the Pod
   * Security Standards "restricted" profile.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Also bind every declared container port on the node's address (`hostPort` = the port).
   * Leaves the Pod Security Standards "restricted" profile.
   * @default false
   */
  readonly hostPorts?: boolean;
  /**
   * Taints the pods tolerate. The DaemonSet controller adds its own (not-ready, unreachable, disk,
   * memory and PID pressure, unschedulable; network-unavailable with hostNetwork), so the agent stays
   * on a node that is being drained or is under pressure; nodes tainted otherwise (control plane,
   * dedicated pools) get it only when you tolerate their taints here.
   * @default - none beyond the controller's own
   */
  readonly tolerations?: Toleration[];
  /**
   * The client Service in front of the pods, when clients call them (node-local proxies).
   * @default - no Service
   */
  readonly service?: ServiceOptions;
}

const PROPS_KEYS = structKeys<SafeDaemonSetProps>()({
  ...CONTROLLER_FREE_KEYS, maxSurge: true, maxUnavailable: true, nodeCanary: true, hostNetwork: true, hostPorts: true, tolerations: true,
  service: true,
});

/**
 * A DaemonSet that updates each node without leaving it without its agent: the new pod starts next to
 * the old one (maxSurge 1, maxUnavailable 0) and is ready before the old one stops, with the same
 * safe pods as every strategy; optionally a canary on labelled nodes (a second DaemonSet).
 */
export class SafeDaemonSet extends Construct {
  public readonly name: string;
  /** The DaemonSet on every node (every node but the canary nodes, with `nodeCanary`). */
  public readonly daemonSet: ApiObject;
  /** The DaemonSet on the canary nodes, with `nodeCanary`. */
  public readonly canaryDaemonSet?: ApiObject;
  /** The Service, when `service` is given. */
  public readonly service?: ApiObject;
  public readonly networkPolicy?: ApiObject;

  public constructor(scope: Construct, id: string, props: SafeDaemonSetProps) {
    super(scope, id);
    const { problems, name } = beginApp('SafeDaemonSet', id, props, PROPS_KEYS, props.nodeCanary ? '-canary' : '');
    this.name = name;
    refuseReleaseController(problems, 'DaemonSet', props.releaseController,
      "leave it unset and release with 'nodeCanary' (a canary on labelled nodes), which Kubernetes' own controller runs");
    if (props.spreading !== undefined) {
      problems.add('spreading', props.spreading, 'a DaemonSet runs one pod on each node it selects: spreading does not apply (leave it unset; use nodeCanary or tolerations to choose nodes)');
    }
    const workload = new SafeWorkload(this, {
      problems, appName: name, namespace: props.namespace, props: { ...props, spreading: undefined }, service: props.service,
    });
    const shared = renderDaemonSetParts(problems, props);
    const canary = props.nodeCanary && nodeCanaryAffinity(problems, props.nodeCanary);
    const only = workload.addDaemonSet('Default', {
      deploymentName: name,
      version: { image: props.image, version: props.version, imageProp: 'image', versionProp: 'version' },
      range: { min: 1, max: 1 },
    }, { ...shared, nodeAffinity: canary?.stable });
    this.daemonSet = only.daemonSet;
    if (canary) {
      const image = props.nodeCanary!.image ?? props.image;
      this.canaryDaemonSet = workload.addDaemonSet('Canary', {
        deploymentName: `${name}-canary`,
        version: { image, version: props.nodeCanary!.version ?? (props.nodeCanary!.image ? undefined : props.version), imageProp: 'nodeCanary.image', versionProp: 'nodeCanary.version' },
        range: { min: 1, max: 1 },
      }, { ...shared, nodeAffinity: canary.canary }).daemonSet;
    }
    const finished = workload.finish(this, props.service ? [{ id: 'Service', name, selector: appSelector(name), entry: true }] : []);
    this.service = finished.services[0];
    this.networkPolicy = finished.networkPolicy;
  }
}
