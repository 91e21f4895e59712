import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { objectLabels, Variant } from '../core/labels';
import { Problems } from '../core/problems';
import { waiverAnnotations } from '../core/waivers';
import { AppConfig, ConfigObject, createConfigObject, RenderedConfig, renderConfig } from './config';
import { createDeployment, DEPLOYMENT_OPTION_KEYS, DeploymentOptions, renderDeploymentSettings } from './deployment';
import { createDisruptionBudget, DisruptionBudget, renderDisruptionBudget } from './disruption-budget';
import { createNetworkPolicy } from './network-policy';
import { PodVersion, RenderedPod, renderPod, renderSharedPod, SharedPod } from './pod-template';
import { WorkloadOptions } from './workload-options';

export type { WorkloadOptions } from './workload-options';
import { ResolvedPort } from './ports';
import { RolloutStrategy } from './rollout';
import { createService, resolveServicePort, resolveTrafficDistribution, ServiceOptions, ServiceType } from './service';
import { checkHostCapacity, HostSpreading } from './spreading';
import { REVISION_SCOPED_ANTI_AFFINITY_RULE } from '../core/rule-ids';
import { FIELD_SINCE, serves, Target } from '../core/target-version';
import { StatefulSetParts, WorkloadStatefulSet } from './stateful-set';
import { DaemonSetParts, WorkloadDaemonSet } from './daemon-set';
import { resolveTarget } from './target';
import { setSyncWave, SyncWave } from './sync-waves';
import { ResolvedRollout } from '../core/rollout-arithmetic';
import { AutoscalerSpec, createAutoscaler } from './autoscaling';
import { linterExemptions } from './linters';

/** Options every strategy passes through to each of its Deployments. */
export interface WorkloadProps extends WorkloadOptions, DeploymentOptions {
  /**
   * How new pods replace old ones within a Deployment.
   * @default - RolloutStrategy.rollingUpdate(): maxSurge 25% (at least one pod), maxUnavailable 0
   */
  readonly strategy?: RolloutStrategy;
  /**
   * Budget for voluntary disruptions such as node drains, per Deployment.
   * @default - maxUnavailable 1 (with unhealthyPodEvictionPolicy AlwaysAllow) for 2 or more replicas; with 1 replica you must choose
   */
  readonly disruptionBudget?: DisruptionBudget;
  /**
   * Create a NetworkPolicy for the app's pods: ingress on the declared container ports only, egress
   * unrestricted. Switch it off when cluster-wide policies already govern the namespace.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * Configurations the app ran before, kept in the output (their ConfigMaps and Secrets, unused by
   * the current pods) so that `kubectl rollout undo` to those revisions finds them and a GitOps prune
   * does not delete them. Move the old `config` here when you change it; drop it once no rollback
   * needs it.
   * @default - none
   */
  readonly previousConfigs?: AppConfig[];
  /**
   * Annotate every object with its Argo CD sync wave (`argocd.argoproj.io/sync-wave`): Deployments
   * that will serve traffic (wave 0) are applied and healthy before Services and routes change (wave
   * 1), and Deployments that stop serving scale down only after (wave 2). One commit that deploys a
   * version and moves traffic to it is then safe under Argo CD; kubectl and Flux ignore the waves.
   * @default true
   */
  readonly syncWaves?: boolean;
}

/** Every prop of WorkloadOptions: strategies compose their props' key lists from it. */
export const WORKLOAD_OPTION_KEYS = {
  containerName: true, ports: true, command: true, args: true, env: true, configMapMounts: true, secretMounts: true, config: true,
  resources: true, readiness: true, liveness: true, disableLiveness: true, startup: true, drain: true, shutdownBudget: true,
  terminationGracePeriod: true, security: true, spreading: true, labels: true, imagePullPolicy: true, allowMutableImageTag: true,
  priorityClassName: true, serviceAccountName: true,
} as const satisfies Record<keyof WorkloadOptions, true>;

/** Every prop of WorkloadProps; each strategy adds its own props to this list. */
export const WORKLOAD_PROP_KEYS = {
  ...WORKLOAD_OPTION_KEYS, ...DEPLOYMENT_OPTION_KEYS, strategy: true, disruptionBudget: true, networkPolicy: true, previousConfigs: true,
  syncWaves: true,
} as const satisfies Record<keyof WorkloadProps, true>;

/** The app a SafeWorkload builds Deployments for. */
export interface AppSpec {
  /** The app's problems: every message names the strategy's construct. */
  readonly problems: Problems;
  readonly appName: string;
  readonly namespace?: string;
  readonly props: WorkloadProps;
  /** The app's `service` prop: its Services' port mapping, and the type of the one clients call. */
  readonly service?: ServiceOptions;
}

/** One Deployment of an app (the only one, a slot, or a track): what differs between an app's Deployments. */
export interface DeploymentSpec {
  readonly deploymentName: string;
  readonly version: PodVersion;
  /** The label that tells this Deployment's pods from the app's others (slot, track). */
  readonly variant?: Variant;
  /** Fixed replica count; ignored (the Deployment has none) when `autoscaler` is set. */
  readonly replicas?: number;
  /** The HorizontalPodAutoscaler that owns this Deployment's replica count, if any. */
  readonly autoscaler?: AutoscalerSpec;
  /** Smallest and largest replica count the Deployment runs with. */
  readonly range: { min: number; max: number };
  /**
   * The largest replica count its rollout and host capacity are judged at, when it may grow beyond
   * `range.max` without another judgement (a canary track's autoscaler, which the app's range
   * replaces as the weight grows). The rollout annotation states `range`.
   * @default - range.max
   */
  readonly judgedMax?: number;
  /**
   * The replica count the disruption budget is judged at. A slot or track scaled down on purpose
   * is judged at the size it serves with, not at its idle size.
   * @default - range.min
   */
  readonly budgetReplicas?: number;
  /**
   * This Deployment's configuration and the prop it was given as (`blue.config`, ...).
   * @default - the app's `config`
   */
  readonly config?: { value?: AppConfig; prop: string };
  /**
   * A blue/green slot that serves no live traffic: where the app's strategy could not finish on the
   * slot's nodes (required host spreading below 1.31), a release replaces its pods at once (maxSurge 0,
   * maxUnavailable 100%) instead.
   * @default false
   */
  readonly idle?: boolean;
  /**
   * Whether requests reach its pods once the commit is applied: its sync wave is then before the
   * Services and routes move traffic, otherwise after (it may be scaling down).
   * @default true
   */
  readonly servesTraffic?: boolean;
}

/** One Service of an app: strategies decide what it selects. */
export interface AppService {
  readonly id: string;
  readonly name: string;
  readonly selector: Record<string, string>;
  /** The Service clients call: it gets the type of the `service` prop; the others are ClusterIP. */
  readonly entry?: boolean;
  readonly annotations?: Record<string, string>;
  /** A StatefulSet's identity Service (`clusterIP: None`), and whether it lists pods before they are ready. */
  readonly headless?: { publishNotReadyAddresses: boolean };
}

/** What finishing an app made. */
export interface FinishedApp {
  /** The port mapping all the app's Services share. */
  readonly port: k8s.ServicePort;
  /** The Services, in the order asked for. */
  readonly services: ApiObject[];
  readonly networkPolicy?: ApiObject;
}

/**
 * The safe workload builder: one per app (construct id `Workload`), with a child per Deployment
 * holding the Deployment and its PodDisruptionBudget. The options every Deployment shares are checked
 * once, when it is created; what depends on a Deployment's size (the rollout's capacity, the
 * budget) once per size.
 */
export class SafeWorkload extends Construct {
  /** Labels of the app-wide objects (Services, NetworkPolicy, routes). */
  public readonly labels: Record<string, string>;
  /** The container ports every pod of the app declares. */
  public readonly ports: ResolvedPort[];
  /** The Kubernetes version the app's manifests are written for. */
  public readonly target: Target;
  /** Every mount path of the shared pod and the prop it comes from. */
  public readonly mountPaths: { path: string; prop: string }[];
  private readonly app: AppSpec;
  private readonly pod: SharedPod;
  private readonly strategy: RolloutStrategy;
  private readonly settings: ReturnType<typeof renderDeploymentSettings>;
  private readonly rollouts = new Map<string, ReturnType<RolloutStrategy['_render']>>();
  private readonly budgets = new Map<number, ReturnType<typeof renderDisruptionBudget>>();
  private readonly configs = new Map<string, RenderedConfig>();
  private readonly configObjects = new Map<string, ApiObject>();
  private readonly hostCapacity = new Map<string, string | undefined>();
  private readonly syncWaves: boolean;

  public constructor(scope: Construct, app: AppSpec) {
    super(scope, 'Workload');
    this.app = app;
    const { problems, props } = app;
    this.pod = renderSharedPod(problems, props, true, resolveTarget(problems, this));
    this.ports = this.pod.ports;
    this.target = this.pod.target;
    this.mountPaths = this.pod.mounts;
    this.strategy = props.strategy ?? RolloutStrategy.rollingUpdate();
    this.strategy._check(problems, 'strategy');
    this.settings = renderDeploymentSettings(problems, props);
    props.disruptionBudget?._check(problems, 'disruptionBudget');
    this.labels = objectLabels(app.appName, app.appName, props.labels);
    // Kept for rollbacks, first in the output: a release then reads as one object added.
    if (props.previousConfigs !== undefined && !Array.isArray(props.previousConfigs)) {
      problems.add('previousConfigs', props.previousConfigs, 'it must be a list of AppConfig');
    }
    (Array.isArray(props.previousConfigs) ? props.previousConfigs : []).forEach((previous, i) => {
      renderConfig(problems, `previousConfigs[${i}]`, app.appName, previous).objects.forEach((o) => this.createConfigObject(o));
    });
    problems.check(props.syncWaves === undefined || typeof props.syncWaves === 'boolean', 'syncWaves', props.syncWaves, 'true or false');
    this.syncWaves = props.syncWaves !== false;
  }

  /** Puts an object of the app into its Argo CD sync wave, unless `syncWaves: false`. */
  public setSyncWave(object: ApiObject | undefined, wave: SyncWave): void {
    setSyncWave(object, wave, this.syncWaves);
  }

  /** Adds a Deployment (and its PodDisruptionBudget) as the child `id`. */
  public addDeployment(id: string, spec: DeploymentSpec): WorkloadDeployment {
    const { problems, namespace } = this.app;
    const { pod, budget } = this.podAndBudget(spec, true);
    // An idle slot is judged by the strategy it rolls with once active, and written with the idle one.
    const judgedMax = Math.max(spec.judgedMax ?? spec.range.max, spec.range.max);
    const active = this.onceFor(this.rollouts, `${spec.range.min}-${spec.range.max}-${judgedMax}`,
      () => this.strategy._render(problems, 'strategy', spec.range.min, spec.range.max, judgedMax));
    // Only where the app's own strategy could not finish on the slot's nodes: required host spreading
    // that cannot be scoped to a revision (below 1.31). Elsewhere both slots keep the app's strategy,
    // so that a flip changes no Deployment's strategy.
    const idle = spec.idle && this.pod.spreading.hosts === HostSpreading.REQUIRED && !serves(this.pod.target, FIELD_SINCE.affinityMatchLabelKeys);
    const rollout = idle ? this.onceFor(this.rollouts, `idle-${spec.range.max}`, () => this.strategy._renderIdle(problems, 'strategy', spec.range.max)) : active;
    const surge = active.judged?.maxSurge ?? 0;
    const hostWaiver = this.onceFor(this.hostCapacity, `${judgedMax}+${surge}`,
      () => checkHostCapacity(problems, 'spreading', this.pod.spreading, this.pod.target, judgedMax, surge));
    const created = new WorkloadDeployment(this, id, {
      name: spec.deploymentName,
      namespace,
      labels: this.labelsOf(spec),
      replicas: spec.autoscaler ? undefined : spec.replicas, autoscaler: spec.autoscaler, pod, rollout, budget, settings: this.settings,
      waivers: hostWaiver ? { [REVISION_SCOPED_ANTI_AFFINITY_RULE]: hostWaiver } : {},
      // A slot or a track is sized by the release (an idle slot or an unstarted canary at 0 or 1): said
      // on every release step alike, so that no step's diff toggles it.
      replicasOnPurpose: spec.autoscaler !== undefined || spec.replicas === undefined || spec.variant !== undefined,
    });
    const wave = spec.servesTraffic === false ? SyncWave.AFTER_TRAFFIC : SyncWave.BEFORE_TRAFFIC;
    this.setSyncWave(created.deployment, wave);
    this.setSyncWave(created.disruptionBudget, wave);
    // Last: Argo CD reports an autoscaler without metrics yet as Degraded, which would hold the sync.
    this.setSyncWave(created.autoscaler, SyncWave.AFTER_TRAFFIC);
    return created;
  }

  /**
   * Adds a StatefulSet (and its PodDisruptionBudget) as the child `id`: the same pods as a
   * Deployment's, with the StatefulSet's own update strategy, identity Service and volume claims
   * (stateful-set.ts). Its pods spread across revisions: a StatefulSet replaces each pod in place.
   */
  public addStatefulSet(id: string, spec: DeploymentSpec, set: StatefulSetParts): WorkloadStatefulSet {
    const { pod, budget } = this.podAndBudget(spec, false);
    checkHostCapacity(this.app.problems, 'spreading', this.pod.spreading, this.pod.target, spec.range.max, 0);
    const created = new WorkloadStatefulSet(this, id, {
      name: spec.deploymentName, namespace: this.app.namespace, labels: this.labelsOf(spec), replicas: spec.replicas ?? spec.range.max,
      pod, budget, settings: this.settings, set,
    });
    this.setSyncWave(created.statefulSet, SyncWave.BEFORE_TRAFFIC);
    this.setSyncWave(created.disruptionBudget, SyncWave.BEFORE_TRAFFIC);
    return created;
  }

  /**
   * Adds a DaemonSet as the child `id`: the same pods, one per node (daemon-set.ts decides the update,
   * the node placement and the host settings). No disruption budget: a drain does not evict DaemonSet
   * pods, and the DaemonSet controller replaces them itself.
   */
  public addDaemonSet(id: string, spec: DeploymentSpec, set: DaemonSetParts): WorkloadDaemonSet {
    const created = new WorkloadDaemonSet(this, id, {
      name: spec.deploymentName, namespace: this.app.namespace, labels: this.labelsOf(spec), pod: this.versionPod(spec, false),
      settings: this.settings, set,
    });
    this.setSyncWave(created.daemonSet, SyncWave.BEFORE_TRAFFIC);
    return created;
  }

  /** The pods of one workload object (with its version's configuration) and its disruption budget. */
  private podAndBudget(spec: DeploymentSpec, perRevision: boolean) {
    const { problems, props } = this.app;
    const pod = this.versionPod(spec, perRevision);
    const budgetReplicas = spec.budgetReplicas ?? spec.range.min;
    const budget = this.onceFor(this.budgets, budgetReplicas, () => renderDisruptionBudget(problems, props.disruptionBudget, budgetReplicas));
    return { pod, budget };
  }

  /** The pods of one workload object, with its version's configuration. */
  private versionPod(spec: DeploymentSpec, perRevision: boolean): RenderedPod {
    const { problems, props, appName } = this.app;
    const config = this.addConfig(spec.config ?? { value: props.config, prop: 'config' });
    return renderPod(problems, this.pod, appName, spec.deploymentName, props, spec.version, spec.variant, config, perRevision);
  }

  private labelsOf(spec: DeploymentSpec): (version?: string) => Record<string, string> {
    return (version?: string) => objectLabels(this.app.appName, spec.deploymentName, this.app.props.labels, version, spec.variant);
  }

  /**
   * The steps that end every strategy, in `scope` (the app): the port mapping, the Services, then
   * `route` (a CanaryApp's router objects, which need the port), the NetworkPolicy, and the app's
   * problems attached to it for synth. Services and routes move traffic: their sync wave follows the
   * Deployments'.
   */
  public finish(scope: Construct, services: AppService[], route?: (port: k8s.ServicePort) => ApiObject[]): FinishedApp {
    const { problems, props, appName, namespace, service } = this.app;
    const port = resolveServicePort(problems, 'service', this.ports, service);
    const trafficDistribution = resolveTrafficDistribution(problems, 'service', service, this.pod.target);
    const created = services.map((s) => createService(scope, s.id, {
      name: s.name, namespace, labels: this.labels, annotations: s.annotations, selector: s.selector, port, trafficDistribution,
      type: s.entry ? service?.type ?? ServiceType.CLUSTER_IP : ServiceType.CLUSTER_IP,
      headless: s.headless && { ...s.headless, ports: this.ports },
    }));
    const routes = route?.(port) ?? [];
    // A headless Service gives pods their identities (DNS names), which they may need to start: it
    // comes with the pods, before any traffic moves.
    created.forEach((object, i) => this.setSyncWave(object, services[i].headless ? SyncWave.BEFORE_TRAFFIC : SyncWave.TRAFFIC));
    routes.forEach((object) => this.setSyncWave(object, SyncWave.TRAFFIC));
    const networkPolicy = createNetworkPolicy(scope, props.networkPolicy, { appName, namespace, labels: this.labels, ports: this.ports });
    this.setSyncWave(networkPolicy, SyncWave.BEFORE_TRAFFIC);
    problems.attachTo(scope);
    return { port, services: created, networkPolicy };
  }

  /**
   * A version's configuration: checked once per prop (both slots without their own share the app's),
   * its objects created once per name (the same content in two versions is one object).
   */
  private addConfig(config: { value?: AppConfig; prop: string }): RenderedConfig {
    const rendered = this.onceFor(this.configs, config.prop, () => renderConfig(this.app.problems, config.prop, this.app.appName, config.value, {
      mounts: this.pod.mounts, envNames: Object.keys(this.app.props.env ?? {}),
    }));
    rendered.objects.forEach((o) => this.createConfigObject(o));
    return rendered;
  }

  private createConfigObject(spec: ConfigObject): void {
    if (this.configObjects.has(spec.name)) return;
    this.configObjects.set(spec.name, createConfigObject(this, spec, this.app.namespace, this.labels));
  }

  /**
   * A result that depends on `key` only (a Deployment's size, a config's prop): computed, and its
   * problems reported, once per key.
   */
  private onceFor<K, V>(memo: Map<K, V>, key: K, compute: () => V): V {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as V;
  }
}

/**
 * One Deployment of an app with its PodDisruptionBudget and, when it autoscales, its own
 * HorizontalPodAutoscaler (children `Deployment`, `DisruptionBudget`, `Autoscaler`).
 */
export class WorkloadDeployment extends Construct {
  public readonly deployment: ApiObject;
  public readonly disruptionBudget?: ApiObject;
  /** The HorizontalPodAutoscaler owning the replica count (the Deployment then has no `replicas`). */
  public readonly autoscaler?: ApiObject;
  public readonly pod: RenderedPod;
  /** The rollout numbers Kubernetes will use (undefined for Recreate). */
  public readonly rollout?: ResolvedRollout;

  public constructor(scope: SafeWorkload, id: string, parts: {
    name: string; namespace?: string; labels: (version?: string) => Record<string, string>; replicas?: number; autoscaler?: AutoscalerSpec;
    pod: RenderedPod;
    rollout: ReturnType<RolloutStrategy['_render']>; budget: ReturnType<typeof renderDisruptionBudget>; settings: ReturnType<typeof renderDeploymentSettings>;
    waivers: Record<string, string>;
    /** Its replica count is owned elsewhere, or the release sizes it (a slot or a track; linters.ts). */
    replicasOnPurpose: boolean;
  }) {
    super(scope, id);
    const { name, namespace, pod } = parts;
    this.pod = pod;
    this.rollout = parts.rollout.resolved;
    this.deployment = createDeployment(this, 'Deployment', {
      name,
      namespace,
      labels: parts.labels(pod.version),
      // An opt-in stated in code is a decision with a reason: recorded as the plugin's waiver.
      annotations: {
        [RolloutStrategy.SUMMARY_ANNOTATION]: parts.rollout.summary,
        ...waiverAnnotations({ ...parts.rollout.waivers, ...pod.waivers, ...parts.waivers }),
        ...linterExemptions({ kind: 'Deployment', priorityClassName: pod.template.spec?.priorityClassName, replicasOnPurpose: parts.replicasOnPurpose }),
      },
      replicas: parts.replicas,
      selector: pod.selector,
      template: pod.template,
      strategy: parts.rollout.strategy,
      settings: parts.settings,
    });
    this.disruptionBudget = parts.budget && createDisruptionBudget(this, 'DisruptionBudget', parts.budget, {
      name, namespace, labels: parts.labels(), selector: pod.selector,
    });
    this.autoscaler = parts.autoscaler && createAutoscaler(this, 'Autoscaler', parts.autoscaler, {
      scaleTarget: { apiVersion: 'apps/v1', kind: 'Deployment', name }, namespace, labels: parts.labels(),
    });
  }
}
