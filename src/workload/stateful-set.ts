import { ApiObject } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { checkKeys, structKeys } from '../core/known-keys';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../core/names';
import { isWholeNumber } from '../core/numbers';
import { Pods } from '../core/rollout-arithmetic';
import { Problems } from '../core/problems';
import { isWholeBytes, parseQuantity } from '../core/quantity';
import { resolveStatefulSetUpdate, StatefulSetUpdate } from '../core/stateful-set';
import { FIELD_SINCE, serves, Target } from '../core/target-version';
import { waiverAnnotations } from '../core/waivers';
import { createApiObject } from './api-object';
import { renderDeploymentSettings } from './deployment';
import { createDisruptionBudget, renderDisruptionBudget } from './disruption-budget';
import { RenderedPod } from './pod-template';
import { RolloutStrategy } from './rollout';
import { linterExemptions } from './linters';

/** How a StatefulSet creates and deletes its pods when it scales (not when it updates them). */
export enum PodManagementPolicy {
  /** One pod at a time, in ordinal order, each ready before the next (Kubernetes' default). */
  ORDERED_READY = 'OrderedReady',
  /** All at once: for apps whose members find each other without a fixed start order. */
  PARALLEL = 'Parallel',
}

/** What happens to a pod's volume claims when the StatefulSet is deleted or scaled down. */
export enum ClaimRetention {
  /** The claims (and the data) stay; a pod that comes back with the same ordinal gets them again. */
  RETAIN = 'Retain',
  /** The claims are deleted with the pods: the data is gone. */
  DELETE = 'Delete',
}

/** How a volume can be mounted. */
export enum VolumeAccessMode {
  /** Read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by one pod only (Kubernetes 1.29+ GA, CSI volumes). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** A persistent volume per pod: a volume claim template and where the container mounts it. */
export interface VolumeClaim {
  /** Name of the volume (and the first part of each claim's name, `<name>-<statefulset>-<ordinal>`). */
  readonly name: string;
  /** Absolute directory the volume is mounted at (writable). */
  readonly mountPath: string;
  /** Size of each pod's volume, a Kubernetes quantity in whole bytes (`10Gi`). */
  readonly size: string;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claims.
   * @default VolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: VolumeAccessMode;
}

/** The StatefulSet-only props, checked and rendered. */
export interface StatefulSetParts {
  readonly serviceName: string;
  readonly update: StatefulSetUpdate;
  readonly podManagementPolicy: PodManagementPolicy;
  readonly retention: { whenDeleted: ClaimRetention; whenScaled: ClaimRetention };
  readonly claims: { template: object; mount: k8s.VolumeMount }[];
  /** `maxUnavailable` as written, when the target serves the field. */
  readonly maxUnavailable?: Pods;
}

const CLAIM_KEYS = structKeys<VolumeClaim>()({ name: true, mountPath: true, size: true, storageClassName: true, accessMode: true });

/** What a SafeStatefulSet asks of its StatefulSet, unchecked. */
export interface StatefulSetRequest {
  readonly serviceName: string;
  readonly replicas: number;
  readonly canaryReplicas?: number;
  readonly maxUnavailable?: Pods;
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly claimsWhenDeleted?: ClaimRetention;
  readonly claimsWhenScaled?: ClaimRetention;
  readonly volumeClaims?: VolumeClaim[];
}

/** Checks the StatefulSet props at `target` (mount paths must not meet the pod's `mountPaths`) and renders them. */
export function renderStatefulSetParts(problems: Problems, request: StatefulSetRequest, target: Target,
  mountPaths: { path: string; prop: string }[]): StatefulSetParts {
  const { replicas } = request;
  const canary = request.canaryReplicas ?? 0;
  problems.check(isWholeNumber(canary, 0) && (canary < replicas || !isWholeNumber(replicas, 1)), 'canaryReplicas', canary,
    `a whole number from 0 to ${replicas - 1} (replicas - 1): the pods with the highest ordinals that run the new version; 0 (the default) releases to every pod`);
  const written = request.maxUnavailable;
  if (written !== undefined) {
    const valid = written instanceof Pods && isWholeNumber(written.amount, 1, written.isPercent ? 100 : Number.MAX_SAFE_INTEGER);
    problems.check(valid, 'maxUnavailable', written?.toString(),
      'Pods.count(n) with n of at least 1, or Pods.percent(p) from 1 to 100 (the API server refuses 0)');
    if (valid && !serves(target, FIELD_SINCE.statefulSetMaxUnavailable) && (written.isPercent || written.amount !== 1)) {
      problems.add('maxUnavailable', written.toString(),
        `Kubernetes ${target.text} updates a StatefulSet one pod at a time: the MaxUnavailableStatefulSet feature is off by default there (on in 1.35.0 to 1.35.3, off again from 1.35.4 and in 1.36 after a regression with Parallel pod management) and on from 1.${FIELD_SINCE.statefulSetMaxUnavailable}; target 1.${FIELD_SINCE.statefulSetMaxUnavailable} or later (KubernetesTarget.set), or leave it unset`);
    }
  }
  const maxUnavailable = serves(target, FIELD_SINCE.statefulSetMaxUnavailable) ? written ?? Pods.count(1) : undefined;
  const update = resolveStatefulSetUpdate(replicas, canary > 0 && canary < replicas ? replicas - canary : 0, maxUnavailable);
  if (maxUnavailable && isWholeNumber(replicas, 1) && update.maxUnavailable >= replicas && replicas > 1) {
    problems.add('maxUnavailable', maxUnavailable.toString(),
      `it resolves to ${update.maxUnavailable} pod(s) at ${replicas} replicas: every pod would be replaced at once, and the app would stop serving; at most ${replicas - 1}`);
  }
  const policy = request.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY;
  problems.check(Object.values(PodManagementPolicy).includes(policy), 'podManagementPolicy', policy, `one of ${Object.values(PodManagementPolicy).join(', ')}`);
  const retention = {
    whenDeleted: request.claimsWhenDeleted ?? ClaimRetention.RETAIN,
    whenScaled: request.claimsWhenScaled ?? ClaimRetention.RETAIN,
  };
  problems.check(Object.values(ClaimRetention).includes(retention.whenDeleted), 'claimsWhenDeleted', retention.whenDeleted, `one of ${Object.values(ClaimRetention).join(', ')}`);
  problems.check(Object.values(ClaimRetention).includes(retention.whenScaled), 'claimsWhenScaled', retention.whenScaled, `one of ${Object.values(ClaimRetention).join(', ')}`);
  const claims = renderClaims(problems, request.volumeClaims, mountPaths);
  return { serviceName: request.serviceName, update, podManagementPolicy: policy, retention, claims, maxUnavailable };
}

function renderClaims(problems: Problems, claims: VolumeClaim[] | undefined, mountPaths: { path: string; prop: string }[]): StatefulSetParts['claims'] {
  if (claims !== undefined && !Array.isArray(claims)) {
    problems.add('volumeClaims', claims, 'a list of VolumeClaim');
    return [];
  }
  const names = new Set<string>();
  const paths = new Map(mountPaths.map((m) => [m.path, m.prop]));
  return (claims ?? []).map((claim, i) => {
    const prop = `volumeClaims[${i}]`;
    checkKeys(problems, prop, 'VolumeClaim', claim, CLAIM_KEYS);
    const nameProblem = dns1123LabelProblem(String(claim.name ?? ''));
    if (nameProblem) problems.add(`${prop}.name`, claim.name, nameProblem);
    // The pod's own volumes are named config-<n>, secret-<n>, writable-<n>, cfg-…: a claim must not take one's name.
    problems.check(!names.has(claim.name) && !/^(config|secret|writable)-[0-9]+$/.test(claim.name), `${prop}.name`, claim.name,
      'a name no other volume of the pod has (config-<n>, secret-<n> and writable-<n> are the construct\'s own)');
    names.add(claim.name);
    if (problems.check(typeof claim.mountPath === 'string' && claim.mountPath.startsWith('/'), `${prop}.mountPath`, claim.mountPath, 'a mount path is an absolute directory')) {
      const taken = paths.get(claim.mountPath);
      problems.check(taken === undefined, `${prop}.mountPath`, claim.mountPath, `two volumes cannot be mounted at the same path (${taken} mounts there)`);
      paths.set(claim.mountPath, `${prop}.mountPath`);
    }
    const bytes = parseQuantity(claim.size);
    problems.check(bytes !== undefined && isWholeBytes(bytes), `${prop}.size`, claim.size, 'a positive Kubernetes quantity in whole bytes, such as \'10Gi\'');
    if (claim.storageClassName !== undefined) {
      const classProblem = typeof claim.storageClassName === 'string' ? dns1123SubdomainProblem(claim.storageClassName) : 'it must be a string';
      if (classProblem) problems.add(`${prop}.storageClassName`, claim.storageClassName, classProblem);
    }
    const accessMode = claim.accessMode ?? VolumeAccessMode.READ_WRITE_ONCE;
    problems.check(Object.values(VolumeAccessMode).includes(accessMode), `${prop}.accessMode`, accessMode, `one of ${Object.values(VolumeAccessMode).join(', ')}`);
    return {
      mount: { name: claim.name, mountPath: claim.mountPath },
      template: {
        metadata: { name: claim.name },
        spec: {
          accessModes: [accessMode],
          storageClassName: claim.storageClassName,
          // What the API server fills in: written, so the object in the cluster equals the file.
          volumeMode: 'Filesystem',
          resources: { requests: { storage: claim.size } },
        },
      },
    };
  });
}

/**
 * One StatefulSet of an app with its PodDisruptionBudget (children `StatefulSet`, `DisruptionBudget`):
 * the pods the safe workload builder renders, with the StatefulSet's identity, update strategy and
 * volume claims.
 */
export class WorkloadStatefulSet extends Construct {
  public readonly statefulSet: ApiObject;
  public readonly disruptionBudget?: ApiObject;
  public readonly pod: RenderedPod;
  /** The update Kubernetes will run: partition and pods replaced per step. */
  public readonly update: StatefulSetUpdate;

  public constructor(scope: Construct, id: string, parts: {
    name: string; namespace?: string; labels: (version?: string) => Record<string, string>; replicas: number; pod: RenderedPod;
    budget: ReturnType<typeof renderDisruptionBudget>; settings: ReturnType<typeof renderDeploymentSettings>; set: StatefulSetParts;
  }) {
    super(scope, id);
    const { name, namespace, pod, set, settings } = parts;
    this.pod = pod;
    this.update = set.update;
    const template = withMounts(pod.template, set.claims.map((c) => c.mount));
    const annotations = {
      ...settings.annotations,
      [RolloutStrategy.SUMMARY_ANNOTATION]: set.update.summary,
      ...waiverAnnotations(pod.waivers),
      ...linterExemptions({ kind: 'StatefulSet', priorityClassName: template.spec?.priorityClassName }),
    };
    // A plain object: the pod template may hold fields newer than the 1.27 bindings know.
    this.statefulSet = createApiObject(this, 'StatefulSet', k8s.KubeStatefulSet.GVK, {
      name, namespace, labels: parts.labels(pod.version), annotations,
    }, {
      replicas: parts.replicas,
      serviceName: set.serviceName,
      selector: { matchLabels: pod.selector },
      template,
      podManagementPolicy: set.podManagementPolicy,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          partition: set.update.partition,
          maxUnavailable: set.maxUnavailable && (set.maxUnavailable.isPercent ? set.maxUnavailable.toString() : set.maxUnavailable.amount),
        },
      },
      minReadySeconds: settings.minReadySeconds,
      revisionHistoryLimit: settings.revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: set.retention,
      volumeClaimTemplates: set.claims.length ? set.claims.map((c) => c.template) : undefined,
    });
    this.disruptionBudget = parts.budget && createDisruptionBudget(this, 'DisruptionBudget', parts.budget, {
      name, namespace, labels: parts.labels(), selector: pod.selector,
    });
  }
}

/** The pod template with the volume claims mounted into the app container. */
function withMounts(template: k8s.PodTemplateSpec, mounts: k8s.VolumeMount[]): k8s.PodTemplateSpec {
  if (mounts.length === 0) return template;
  const [container, ...rest] = template.spec!.containers;
  return {
    ...template,
    spec: { ...template.spec!, containers: [{ ...container, volumeMounts: [...(container.volumeMounts ?? []), ...mounts] }, ...rest] },
  };
}
