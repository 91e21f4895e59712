import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { dns1123LabelProblem } from '../core/names';
import { isWholeNumber } from '../core/numbers';
import { Problems } from '../core/problems';
import { parseTarget } from '../core/target-version';
import { KubernetesTarget } from '../workload/target';
import { addApplicationSet, ApplicationElement, ArgoCdOptions } from './application-set';
import { FleetApp } from './fleet-app';
import { checkOverrides, mergeOverrides, targetVersionOf } from './overrides';
import { FleetCluster, FleetRing } from './rings';

/** Props of a Fleet. */
export interface FleetProps {
  /**
   * The fleet's name: the app's construct id in every cluster (so its default `name`), the name of
   * each cluster's manifest file (`<name>.k8s.yaml`), the ApplicationSet's name and the prefix of
   * each Application (`<name>-<cluster>`). A DNS-1123 label.
   */
  readonly name: string;
  /** The app every cluster runs: change a prop here (the image) and the change moves ring by ring. */
  readonly app: FleetApp;
  /**
   * The app as the fleet runs it now (the last release): what held-back rings and clusters keep, and
   * what the plan compares against. Same strategy as `app`.
   * @default - none: no ring can be held back, and the plan shows only the new version
   */
  readonly previous?: FleetApp;
  /** The rings, in release order: Argo CD syncs a ring once every cluster of the rings before it is healthy. */
  readonly rings: FleetRing[];
  /** The Argo CD ApplicationSet's repository, project and namespace. */
  readonly argoCd: ArgoCdOptions;
  /**
   * The Kubernetes version the clusters run, `"1.<minor>"`, unless a ring or cluster overrides it.
   * @default - the library's default target (`KubernetesTarget.DEFAULT_VERSION`)
   */
  readonly targetVersion?: string;
  /**
   * The folder the fleet writes: one subfolder per cluster and one for the management cluster.
   * @default - $CDK8S_OUTDIR (set by `cdk8s synth`), else "dist"
   */
  readonly outdir?: string;
}

interface ClusterEntry {
  readonly cluster: FleetCluster;
  readonly ring: FleetRing;
  readonly folder: string;
  readonly held: boolean;
  readonly chart: Chart;
}

/** One path segment that every file system and Git take as it is. */
const FOLDER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Argo CD puts the Application's name in the `app.kubernetes.io/instance` label of what it syncs. */
const MAX_APPLICATION_NAME = 63;

/**
 * One app released ring by ring across many clusters by Argo CD. Each cluster gets its own output
 * folder, holding exactly what the app's strategy construct synthesizes with the cluster's overrides
 * merged into the app's props (one cdk8s App per cluster); the management cluster's folder gets the
 * ApplicationSet whose list generator names every cluster with its ring, and whose RollingSync
 * strategy has one step per ring.
 *
 * Not a construct: it owns one App per cluster. Build it in the app's entry point and call
 * `synth()` (as `app.synth()` would be called); `cdk8s synth` passes the output folder.
 */
export class Fleet {
  /** The fleet's name. */
  public readonly name: string;
  /** The folder `synth()` writes. */
  public readonly outdir: string;
  /** The ring names, in release order. */
  public readonly ringNames: string[];
  /** The cluster names, ring by ring. */
  public readonly clusterNames: string[];
  /** The management cluster's folder (the ApplicationSet's). */
  public readonly managementFolder: string;

  private readonly props: FleetProps;
  private readonly entries: ClusterEntry[] = [];
  private readonly management: Chart;
  private readonly previousCharts = new Map<string, Chart>();

  public constructor(props: FleetProps) {
    const problems = new Problems('Fleet');
    checkFleet(problems, props);
    if (problems.messages.length > 0) {
      throw new Error(`Fleet "${props.name}" has ${problems.messages.length} problem(s):\n  ${problems.messages.join('\n  ')}`);
    }
    this.props = props;
    this.name = props.name;
    this.outdir = props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist';
    this.managementFolder = props.argoCd.folder ?? 'argocd';
    this.ringNames = props.rings.map((r) => r.name);

    for (const ring of props.rings) {
      for (const cluster of ring.clusters) {
        const held = cluster.holdBack ?? ring.holdBack ?? false;
        const chart = this.buildCluster(held ? props.previous! : props.app, ring, cluster);
        this.entries.push({ cluster, ring, folder: cluster.folder ?? cluster.name, held, chart });
      }
    }
    this.clusterNames = this.entries.map((e) => e.cluster.name);

    this.management = new Chart(new App({ recordConstructMetadata: false }), props.name);
    const namespace = (e: ClusterEntry): string =>
      mergeOverrides((e.held ? props.previous! : props.app)._props, e.ring.overrides, e.cluster.overrides).namespace ?? 'default';
    addApplicationSet(this.management, {
      name: props.name,
      argoCd: props.argoCd,
      elements: this.entries.map((e): ApplicationElement => ({
        cluster: e.cluster.name,
        server: e.cluster.server,
        ring: e.ring.name,
        path: path.posix.join(props.argoCd.path, e.folder),
        namespace: namespace(e),
      })),
      steps: props.rings.map((ring) => ({ ring: ring.name, maxUpdate: ring.maxUpdate })),
      clusterFolders: this.entries.map((e) => e.folder),
    });
  }

  /** The ring a cluster belongs to. */
  public ringOf(cluster: string): string {
    return this.entry(cluster).ring.name;
  }

  /** The clusters of a ring, in order. */
  public clustersOf(ring: string): string[] {
    if (!this.ringNames.includes(ring)) throw new Error(`Fleet "${this.name}" has no ring "${ring}"; its rings are ${this.ringNames.join(', ')}`);
    return this.entries.filter((e) => e.ring.name === ring).map((e) => e.cluster.name);
  }

  /** Whether a cluster is held back on the `previous` app. */
  public isHeldBack(cluster: string): boolean {
    return this.entry(cluster).held;
  }

  /** A cluster's output folder, relative to `outdir`. */
  public folderOf(cluster: string): string {
    return this.entry(cluster).folder;
  }

  /** The objects of a cluster's folder, as `synth()` writes them. */
  public manifestsOf(cluster: string): any[] {
    return this.synthChart(this.entry(cluster), this.entry(cluster).chart);
  }

  /**
   * The objects the cluster's folder held with the `previous` app (the same as `manifestsOf` for a
   * held-back cluster); undefined without `previous`.
   */
  public previousManifestsOf(cluster: string): any[] | undefined {
    const entry = this.entry(cluster);
    if (!this.props.previous) return undefined;
    if (entry.held) return this.manifestsOf(cluster);
    let chart = this.previousCharts.get(cluster);
    if (!chart) {
      chart = this.buildCluster(this.props.previous, entry.ring, entry.cluster);
      this.previousCharts.set(cluster, chart);
    }
    return this.synthChart(entry, chart);
  }

  /** The objects of the management cluster's folder: the ApplicationSet. */
  public managementManifests(): any[] {
    return this.management.toJson();
  }

  /**
   * Writes every cluster's folder and the management folder into `outdir`, replacing it. Everything
   * is synthesized (and every problem of every cluster reported) before a file is written, and the
   * files go to a temporary folder renamed into place: a failed synth leaves nothing half-written.
   */
  public synth(): void {
    const errors: string[] = [];
    const outputs: { folder: string; objects: any[] }[] = [];
    for (const entry of this.entries) {
      try {
        outputs.push({ folder: entry.folder, objects: this.manifestsOf(entry.cluster.name) });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length > 0) throw new Error(errors.join('\n'));
    outputs.push({ folder: this.managementFolder, objects: this.managementManifests() });

    const outdir = path.resolve(this.outdir);
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    const temp = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}-`));
    try {
      for (const { folder, objects } of outputs) {
        fs.mkdirSync(path.join(temp, folder));
        Yaml.save(path.join(temp, folder, `${this.name}.k8s.yaml`), objects);
      }
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.renameSync(temp, outdir);
    } catch (e) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw e;
    }
  }

  private entry(cluster: string): ClusterEntry {
    const found = this.entries.find((e) => e.cluster.name === cluster);
    if (!found) throw new Error(`Fleet "${this.name}" has no cluster "${cluster}"; its clusters are ${this.entries.map((e) => e.cluster.name).join(', ')}`);
    return found;
  }

  /** One cluster's app in an App of its own, with its merged props and target version. */
  private buildCluster(app: FleetApp, ring: FleetRing, cluster: FleetCluster): Chart {
    const chart = new Chart(new App({ recordConstructMetadata: false }), this.props.name);
    const target = targetVersionOf({ targetVersion: this.props.targetVersion }, ring.overrides, cluster.overrides);
    if (target !== undefined) KubernetesTarget.set(chart, target);
    app._build(chart, this.props.name, mergeOverrides(app._props, ring.overrides, cluster.overrides));
    return chart;
  }

  private synthChart(entry: ClusterEntry, chart: Chart): any[] {
    try {
      return chart.toJson();
    } catch (e) {
      throw new Error(`Fleet "${this.name}", cluster "${entry.cluster.name}" (ring "${entry.ring.name}"): ${(e as Error).message}`, { cause: e });
    }
  }
}

/** Every problem of the fleet's own props (the strategy checks its props when each cluster synthesizes). */
function checkFleet(problems: Problems, props: FleetProps): void {
  const name = props.name;
  problems.check(typeof name === 'string' && dns1123LabelProblem(name) === '', 'name', name,
    `the fleet's name ${typeof name === 'string' ? dns1123LabelProblem(name) : 'must be a string'}`);
  if (props.previous && props.previous.strategy !== props.app.strategy) {
    problems.add('previous', props.previous.strategy, `the previous app must use the app's strategy, ${props.app.strategy}`);
  }
  if (props.targetVersion !== undefined) checkTarget(problems, 'targetVersion', props.targetVersion);
  checkArgoCd(problems, props.argoCd);
  if (!Array.isArray(props.rings) || props.rings.length === 0) {
    problems.add('rings', props.rings, 'a fleet needs at least one ring of at least one cluster');
    return;
  }

  const ringOfName = new Map<string, string>();
  const ringOfServer = new Map<string, string>();
  const folders = new Map<string, string>();
  const management = props.argoCd?.folder ?? 'argocd';
  const ringNames = new Set<string>();
  props.rings.forEach((ring, r) => {
    const at = `rings[${r}]`;
    const label = dns1123LabelProblem(String(ring.name));
    if (label) problems.add(`${at}.name`, ring.name, `a ring's name (its Applications' ring label) ${label}`);
    else if (ringNames.has(ring.name)) problems.add(`${at}.name`, ring.name, 'another ring has this name; ring names must be unique');
    ringNames.add(ring.name);
    checkOverrides(problems, `${at}.overrides`, ring.overrides, props.app);
    if (ring.overrides?.targetVersion !== undefined) checkTarget(problems, `${at}.overrides.targetVersion`, ring.overrides.targetVersion);
    if (ring.maxUpdate) {
      const { amount, isPercent } = ring.maxUpdate;
      problems.check(isWholeNumber(amount, 0, isPercent ? 100 : Number.MAX_SAFE_INTEGER), `${at}.maxUpdate`, ring.maxUpdate.toString(),
        isPercent ? 'a percent must be a whole number from 0 to 100' : 'a count of clusters must be a whole number, 0 or more');
    }
    if (ring.holdBack && !props.previous) problems.add(`${at}.holdBack`, true, 'holding a ring back keeps it on the \'previous\' app; set \'previous\'');
    if (!Array.isArray(ring.clusters) || ring.clusters.length === 0) {
      problems.add(`${at}.clusters`, ring.clusters ?? [], `ring "${ring.name}" is empty; every ring needs at least one cluster (remove the ring, or give it its clusters)`);
      return;
    }
    ring.clusters.forEach((cluster, c) => {
      const here = `${at}.clusters[${c}]`;
      const clusterLabel = dns1123LabelProblem(String(cluster.name));
      if (clusterLabel) problems.add(`${here}.name`, cluster.name, `a cluster's name ${clusterLabel}`);
      const applicationName = `${name}-${cluster.name}`;
      if (!clusterLabel && applicationName.length > MAX_APPLICATION_NAME) {
        problems.add(`${here}.name`, cluster.name, `the Application "${applicationName}" is ${applicationName.length} characters long; Argo CD labels synced objects with it, so at most ${MAX_APPLICATION_NAME}: shorten the fleet's or the cluster's name`);
      }
      const earlierRing = ringOfName.get(cluster.name);
      if (earlierRing === ring.name) problems.add(`${here}.name`, cluster.name, `ring "${ring.name}" already has a cluster of this name; cluster names must be unique`);
      else if (earlierRing !== undefined) problems.add(`${here}.name`, cluster.name, `the cluster is in ring "${earlierRing}" and in ring "${ring.name}"; a cluster belongs to exactly one ring`);
      else ringOfName.set(cluster.name, ring.name);

      if (typeof cluster.server !== 'string' || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(cluster.server)) {
        problems.add(`${here}.server`, cluster.server, 'it must be the cluster\'s API server URL as registered in Argo CD, https://…');
      } else {
        const serverRing = ringOfServer.get(cluster.server);
        if (serverRing !== undefined && serverRing !== ring.name) {
          problems.add(`${here}.server`, cluster.server, `this API server is already a cluster of ring "${serverRing}"; a cluster belongs to exactly one ring`);
        }
        ringOfServer.set(cluster.server, ring.name);
      }

      const folder = cluster.folder ?? cluster.name;
      const folderAt = cluster.folder === undefined ? `${here}.name` : `${here}.folder`;
      if (typeof folder !== 'string' || !FOLDER.test(folder) || folder.length > 255) {
        problems.add(folderAt, folder, 'an output folder must be one path segment: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit (no \'/\', no \'..\')');
      } else {
        const key = folder.toLowerCase(); // case-insensitive file systems (macOS, Windows) would merge two
        const owner = folders.get(key);
        if (key === management.toLowerCase()) {
          problems.add(folderAt, folder, `it is the management cluster's folder (argoCd.folder "${management}"); give the cluster another folder`);
        } else if (owner !== undefined) {
          problems.add(folderAt, folder, `cluster "${owner}" already writes to this output folder (folder names are compared ignoring case); give each cluster its own`);
        } else {
          folders.set(key, cluster.name);
        }
      }
      checkOverrides(problems, `${here}.overrides`, cluster.overrides, props.app);
      if (cluster.overrides?.targetVersion !== undefined) checkTarget(problems, `${here}.overrides.targetVersion`, cluster.overrides.targetVersion);
      if (cluster.holdBack && !props.previous) problems.add(`${here}.holdBack`, true, 'holding a cluster back keeps it on the \'previous\' app; set \'previous\'');
    });
  });
}

function checkTarget(problems: Problems, prop: string, value: string): void {
  const parsed = parseTarget(value);
  if ('problem' in parsed) problems.add(prop, value, parsed.problem);
}

function checkArgoCd(problems: Problems, argoCd: ArgoCdOptions | undefined): void {
  if (!argoCd) {
    problems.add('argoCd', argoCd, 'the ApplicationSet needs the repository (repoUrl) and the path of the fleet\'s folder in it');
    return;
  }
  problems.check(typeof argoCd.repoUrl === 'string' && argoCd.repoUrl.trim() !== '', 'argoCd.repoUrl', argoCd.repoUrl, 'the Git repository URL Argo CD clones');
  const segments = typeof argoCd.path === 'string' ? argoCd.path.split('/') : [];
  problems.check(segments.length > 0 && segments.every((s) => FOLDER.test(s)), 'argoCd.path', argoCd.path,
    'the path of the fleet\'s output folder inside the repository, relative (no leading \'/\', no \'..\'), e.g. "dist/checkout"');
  if (argoCd.folder !== undefined && !FOLDER.test(argoCd.folder)) {
    problems.add('argoCd.folder', argoCd.folder, 'an output folder must be one path segment: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit');
  }
  if (argoCd.namespace !== undefined && dns1123LabelProblem(argoCd.namespace)) {
    problems.add('argoCd.namespace', argoCd.namespace, `a namespace ${dns1123LabelProblem(argoCd.namespace)}`);
  }
  if (argoCd.project !== undefined && dns1123LabelProblem(argoCd.project)) {
    problems.add('argoCd.project', argoCd.project, `an Argo CD project name ${dns1123LabelProblem(argoCd.project)}`);
  }
}
