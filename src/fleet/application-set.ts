import { ApiObject, Chart } from 'cdk8s';
import { CLUSTER_FOLDERS_ANNOTATION } from '../core/cluster-folders';
import { OWN_PREFIX } from '../core/labels';
import { MaxUpdate } from './rings';

/** Label on each generated Application naming its ring; the RollingSync steps select on it. */
export const RING_LABEL = `${OWN_PREFIX}/ring`;


/** Where the fleet's Argo CD objects go and what they point at. */
export interface ArgoCdOptions {
  /** The Git repository holding the synthesized folders. */
  readonly repoUrl: string;
  /** The path of the fleet's output folder (`outdir`) inside that repository, e.g. `dist/checkout`. */
  readonly path: string;
  /**
   * The branch, tag or commit Argo CD syncs.
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * The Argo CD project of the generated Applications.
   * @default "default"
   */
  readonly project?: string;
  /**
   * The namespace Argo CD runs in on the management cluster (the ApplicationSet's namespace).
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * The output folder of the management cluster (the one running Argo CD): the ApplicationSet goes
   * there, beside the clusters' folders, and is applied there once (by hand or by an app-of-apps).
   * @default "argocd"
   */
  readonly folder?: string;
}

/** One list-generator element: one cluster's Application. */
export interface ApplicationElement {
  readonly cluster: string;
  readonly server: string;
  readonly ring: string;
  readonly path: string;
  readonly namespace: string;
}

/** The ring steps in order, with the maxUpdate each asks for. */
export interface RingStep {
  readonly ring: string;
  readonly maxUpdate?: MaxUpdate;
}

/**
 * The ApplicationSet that releases the fleet: one Application per list element, and a RollingSync
 * strategy with one step per ring, in order. The template has no automated sync policy: with
 * progressive syncs on, the ApplicationSet controller disables it anyway and syncs each step itself;
 * with them off, Argo CD ignores the strategy, and an automated policy would sync every cluster at once.
 */
export function addApplicationSet(chart: Chart, props: {
  readonly name: string;
  readonly argoCd: ArgoCdOptions;
  readonly elements: readonly ApplicationElement[];
  readonly steps: readonly RingStep[];
  readonly clusterFolders: readonly string[];
}): ApiObject {
  const { name, argoCd } = props;
  return new ApiObject(chart, 'ApplicationSet', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name,
      namespace: argoCd.namespace ?? 'argocd',
      annotations: { [CLUSTER_FOLDERS_ANNOTATION]: props.clusterFolders.map((f) => `../${f}`).join(',') },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements: props.elements.map((e) => ({ ...e })) } }],
      strategy: {
        type: 'RollingSync',
        rollingSync: {
          steps: props.steps.map((step) => ({
            matchExpressions: [{ key: RING_LABEL, operator: 'In', values: [step.ring] }],
            ...(step.maxUpdate ? { maxUpdate: step.maxUpdate._toJson() } : {}),
          })),
        },
      },
      template: {
        metadata: {
          name: `${name}-{{.cluster}}`,
          labels: { [RING_LABEL]: '{{.ring}}' },
        },
        spec: {
          project: argoCd.project ?? 'default',
          source: { repoURL: argoCd.repoUrl, targetRevision: argoCd.targetRevision ?? 'HEAD', path: '{{.path}}' },
          destination: { server: '{{.server}}', namespace: '{{.namespace}}' },
          // A new cluster has no namespace for the app yet; RollingSync's syncs use these options too.
          syncPolicy: { syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  });
}
