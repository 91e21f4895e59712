import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { checkKeys, structKeys } from '../core/known-keys';
import { labelKeyProblem, labelValueProblem } from '../core/names';
import { Pods } from '../core/rollout-arithmetic';
import { Problems } from '../core/problems';
import { waiverAnnotations } from '../core/waivers';
import { createApiObject } from './api-object';
import { renderDeploymentSettings } from './deployment';
import { RenderedPod } from './pod-template';
import { intOrString, RolloutStrategy } from './rollout';
import { linterExemptions } from './linters';

/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's. */
  EQUAL = 'Equal',
  /** Any value (and, without a key, any taint). */
  EXISTS = 'Exists',
}

/** Which effect of a taint a toleration tolerates. */
export enum TaintEffect {
  /** The scheduler does not place pods on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted from the node. */
  NO_EXECUTE = 'NoExecute',
}

/** A taint the pods tolerate (so the agent also runs on nodes with that taint). */
export interface Toleration {
  /**
   * The taint's key.
   * @default - every key (only with TolerationOperator.EXISTS)
   */
  readonly key?: string;
  /**
   * How the value is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint's value (with EQUAL).
   * @default - none
   */
  readonly value?: string;
  /**
   * The effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
}

/** A canary on some nodes: a second DaemonSet on the nodes carrying a label. */
export interface NodeCanaryOptions {
  /** The node label that marks canary nodes (`kubectl label node <node> <key>=<value>`). */
  readonly nodeLabel: string;
  /**
   * The label's value on canary nodes.
   * @default 'true'
   */
  readonly nodeLabelValue?: string;
  /**
   * The image the canary nodes run. Promote by setting the app's `image` to it (every node then runs
   * it) and removing this.
   * @default - the app's image: no canary in progress
   */
  readonly image?: string;
  /**
   * The canary's version label.
   * @default - the canary image's tag
   */
  readonly version?: string;
}

/** The DaemonSet-only props, checked and rendered. */
export interface DaemonSetParts {
  readonly updateStrategy: { type: 'RollingUpdate'; rollingUpdate: { maxSurge: k8s.IntOrString; maxUnavailable: k8s.IntOrString } };
  readonly summary: string;
  readonly hostNetwork: boolean;
  readonly hostPorts: boolean;
  readonly tolerations?: k8s.Toleration[];
  /** The node affinity of this DaemonSet's pods (a node canary's split). */
  readonly nodeAffinity?: k8s.NodeAffinity;
}

/** What a SafeDaemonSet asks of its DaemonSets, unchecked. */
export interface DaemonSetRequest {
  readonly maxSurge?: Pods;
  readonly maxUnavailable?: Pods;
  readonly hostNetwork?: boolean;
  readonly hostPorts?: boolean;
  readonly tolerations?: Toleration[];
}

const TOLERATION_KEYS = structKeys<Toleration>()({ key: true, operator: true, value: true, effect: true });
const NODE_CANARY_KEYS = structKeys<NodeCanaryOptions>()({ nodeLabel: true, nodeLabelValue: true, image: true, version: true });

/** Checks the DaemonSet props and renders what both DaemonSets of a node canary share. */
export function renderDaemonSetParts(problems: Problems, request: DaemonSetRequest): Omit<DaemonSetParts, 'nodeAffinity'> {
  const hostNetwork = request.hostNetwork ?? false;
  const hostPorts = request.hostPorts ?? false;
  problems.check(typeof hostNetwork === 'boolean', 'hostNetwork', hostNetwork, 'true or false');
  problems.check(typeof hostPorts === 'boolean', 'hostPorts', hostPorts, 'true or false');
  const host = hostNetwork || hostPorts;
  const maxSurge = request.maxSurge ?? (host && request.maxUnavailable ? Pods.count(0) : Pods.count(1));
  const maxUnavailable = request.maxUnavailable ?? Pods.count(0);
  const valid = (pods: Pods, prop: string) => problems.check(pods instanceof Pods
    && Number.isInteger(pods.amount) && pods.amount >= 0 && (!pods.isPercent || pods.amount <= 100), prop, pods?.toString(),
  'Pods.count(n) or Pods.percent(p) with a whole n of at least 0 (p from 0 to 100)');
  const ok = valid(maxSurge, 'maxSurge') && valid(maxUnavailable, 'maxUnavailable');
  if (ok) {
    if (maxSurge._isZero() === maxUnavailable._isZero()) {
      problems.add('maxSurge', maxSurge.toString(), `with maxUnavailable ${maxUnavailable}: exactly one of them must be 0 (the API server refuses both 0, and both above 0)`);
    } else if (host && !maxSurge._isZero()) {
      problems.add('maxSurge', maxSurge.toString(), `the pods use ${hostNetwork ? 'the node\'s network (hostNetwork)' : 'host ports (hostPorts)'}: a surge pod would need the same port on the same node as the old pod, which still holds it, so it could never start and the update would stop on every node; set 'maxSurge: Pods.count(0), maxUnavailable: Pods.count(1)' (each node is without its agent for a moment while its pod is replaced)`);
    }
  }
  const tolerations = renderTolerations(problems, request.tolerations);
  const surgeText = `maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`;
  return {
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString(maxSurge), maxUnavailable: intOrString(maxUnavailable) } },
    summary: maxUnavailable._isZero()
      ? `${surgeText}: on each node the new pod starts next to the old one, which stops once the new one is available; no node is ever without its agent`
      : `${surgeText}: on each node the old pod stops before the new one starts; the node is without its agent meanwhile`,
    hostNetwork,
    hostPorts,
    tolerations,
  };
}

function renderTolerations(problems: Problems, tolerations: Toleration[] | undefined): k8s.Toleration[] | undefined {
  if (tolerations === undefined) return undefined;
  if (!Array.isArray(tolerations)) {
    problems.add('tolerations', tolerations, 'a list of Toleration');
    return undefined;
  }
  return tolerations.map((t, i) => {
    const prop = `tolerations[${i}]`;
    checkKeys(problems, prop, 'Toleration', t, TOLERATION_KEYS);
    const operator = t.operator ?? TolerationOperator.EQUAL;
    problems.check(Object.values(TolerationOperator).includes(operator), `${prop}.operator`, operator, `one of ${Object.values(TolerationOperator).join(', ')}`);
    if (t.effect !== undefined) problems.check(Object.values(TaintEffect).includes(t.effect), `${prop}.effect`, t.effect, `one of ${Object.values(TaintEffect).join(', ')}`);
    if (t.key === undefined) problems.check(operator === TolerationOperator.EXISTS, `${prop}.key`, t.key, 'a taint key; only TolerationOperator.EXISTS may leave it out (every taint)');
    else if (labelKeyProblem(t.key)) problems.add(`${prop}.key`, t.key, `a taint key ${labelKeyProblem(t.key)}`);
    if (operator === TolerationOperator.EXISTS) problems.check(t.value === undefined, `${prop}.value`, t.value, 'no value with TolerationOperator.EXISTS (the API server refuses it)');
    return { key: t.key, operator, value: t.value, effect: t.effect };
  });
}

/** The complementary node affinities of a node canary: stable everywhere but the canary nodes, canary there only. */
export function nodeCanaryAffinity(problems: Problems, canary: NodeCanaryOptions): { stable: k8s.NodeAffinity; canary: k8s.NodeAffinity } {
  checkKeys(problems, 'nodeCanary', 'NodeCanaryOptions', canary, NODE_CANARY_KEYS);
  const key = canary.nodeLabel;
  const value = canary.nodeLabelValue ?? 'true';
  const keyProblem = typeof key === 'string' ? labelKeyProblem(key) : 'must be a string';
  if (keyProblem) problems.add('nodeCanary.nodeLabel', key, `a node label key ${keyProblem}`);
  const valueProblem = labelValueProblem(value);
  if (valueProblem) problems.add('nodeCanary.nodeLabelValue', value, valueProblem);
  // NotIn also matches nodes without the label: every node runs exactly one of the two.
  const term = (operator: string): k8s.NodeAffinity => ({
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values: [value] }] }] },
  });
  return { stable: term('NotIn'), canary: term('In') };
}

/** One DaemonSet of an app (child `DaemonSet`). */
export class WorkloadDaemonSet extends Construct {
  public readonly daemonSet: ApiObject;
  public readonly pod: RenderedPod;

  public constructor(scope: Construct, id: string, parts: {
    name: string; namespace?: string; labels: (version?: string) => Record<string, string>; pod: RenderedPod;
    settings: ReturnType<typeof renderDeploymentSettings>; set: DaemonSetParts;
  }) {
    super(scope, id);
    const { name, namespace, pod, set, settings } = parts;
    this.pod = pod;
    const spec = pod.template.spec!;
    const [container, ...rest] = spec.containers;
    const template: k8s.PodTemplateSpec = {
      ...pod.template,
      spec: {
        ...spec,
        // One pod per node: spreading over nodes and zones does not apply; the node canary's split does.
        affinity: set.nodeAffinity && { nodeAffinity: set.nodeAffinity },
        topologySpreadConstraints: undefined,
        hostNetwork: set.hostNetwork || undefined,
        // With the node's network, cluster DNS names still resolve.
        dnsPolicy: set.hostNetwork ? 'ClusterFirstWithHostNet' : undefined,
        tolerations: set.tolerations,
        containers: [{
          ...container,
          ports: set.hostPorts ? container.ports?.map((p) => ({ ...p, hostPort: p.containerPort })) : container.ports,
        }, ...rest],
      },
    };
    this.daemonSet = createApiObject(this, 'DaemonSet', k8s.KubeDaemonSet.GVK, {
      name, namespace, labels: parts.labels(pod.version),
      annotations: {
        ...settings.annotations, [RolloutStrategy.SUMMARY_ANNOTATION]: set.summary, ...waiverAnnotations(pod.waivers),
        ...linterExemptions({ kind: 'DaemonSet', priorityClassName: template.spec?.priorityClassName }),
      },
    }, {
      selector: { matchLabels: pod.selector },
      template,
      updateStrategy: set.updateStrategy,
      minReadySeconds: settings.minReadySeconds,
      revisionHistoryLimit: settings.revisionHistoryLimit,
    });
  }
}
