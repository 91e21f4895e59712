/**
 * The invariants every valid prop set's output must satisfy, checked on the synthesized manifests
 * with this suite's own reading of them (model.ts), never with the library's helpers. Each check
 * returns a list of violations: [] means it holds, anything else is printed with the counterexample.
 */
import { isDeepStrictEqual } from 'util';
import { Yaml } from 'cdk8s';
import { lint, LintFinding } from '../support/linters';
import { readLikeKubectl } from '../support/kubectl-reader';
import { strictValidate } from '../support/strict-validate';
import { Synthesized } from './build';
import {
  AnySpec, appName, BlueGreenSpec, CanarySpec, drainSeconds, effectiveRolling, expectedGrace, fenceposts, otherSlot, podsFromManifest,
  portOf, resolvedPorts, safeRollingRange, shareOfPods, showPods, slotSizes, trackSizes,
} from './model';

const SLOT_LABEL = 'release-strategies.cdk8s.io/slot';
const TRACK_LABEL = 'release-strategies.cdk8s.io/track';
const ROLLOUT_ANNOTATION = 'release-strategies.cdk8s.io/rollout';
const ACHIEVED_ANNOTATION = 'release-strategies.cdk8s.io/achieved-canary-weight';

const key = (m: any) => `${m.kind}/${m.metadata?.name}`;
const sameNamespace = (a: any, b: any) => (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');

/** Whether a matchLabels-style selector selects a label set. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => (labels ?? {})[k] === v);
}

// ---------------------------------------------------------------------------- the app's shape

interface ExpectedDeployment { readonly name: string; readonly replicas: number | undefined }
interface ExpectedService { readonly name: string; readonly selects: string[] }
export interface ExpectedApp {
  readonly name: string;
  readonly deployments: ExpectedDeployment[];
  readonly services: ExpectedService[];
}

/** What README #3/#4 say the app consists of, from the spec alone. */
export function expectedApp(spec: AnySpec): ExpectedApp {
  const name = appName(spec);
  if (spec.construct === 'SafeRollingDeployment') {
    return { name, deployments: [{ name, replicas: spec.autoscaling ? undefined : spec.replicas ?? 2 }], services: [{ name, selects: [name] }] };
  }
  if (spec.construct === 'BlueGreenApp') {
    const deployments = (['blue', 'green'] as const).filter((slot) => spec[slot].image !== undefined)
      .map((slot) => ({ name: `${name}-${slot}`, replicas: slotSizes(spec, slot).now }));
    const idle = otherSlot(spec.activeSlot);
    const services = [{ name, selects: [`${name}-${spec.activeSlot}`] }];
    if ((spec.preview ?? true) && spec[idle].image !== undefined) services.push({ name: `${name}-preview`, selects: [`${name}-${idle}`] });
    return { name, deployments, services };
  }
  const sizes = trackSizes(spec);
  return {
    name,
    deployments: [{ name: `${name}-stable`, replicas: sizes.stable }, { name: `${name}-canary`, replicas: sizes.canary }],
    services: [
      // Behind NGINX or a Gateway the apex Service's own clients stay on stable; the replica ratio
      // splits through it, and Istio's subsets are subsets of its endpoints.
      { name, selects: (spec.router?.type ?? 'replicaRatio') === 'replicaRatio' || spec.router?.type === 'istio' ? [`${name}-canary`, `${name}-stable`] : [`${name}-stable`] },
      { name: `${name}-stable`, selects: [`${name}-stable`] },
      { name: `${name}-canary`, selects: [`${name}-canary`] },
    ],
  };
}

// --------------------------------------------------------------------------------- the checks

/**
 * strictValidate's findings for one object, memoized by the object's JSON: its checks look at one
 * object at a time, except for duplicates, which duplicateViolations covers. Fixtures and unchanged
 * objects (the flipped or re-weighted twin's) are then validated once.
 */
const validated = new Map<string, string[]>();
function validateOne(manifest: any): string[] {
  const json = JSON.stringify(manifest);
  let found = validated.get(json);
  if (!found) {
    found = strictValidate([manifest]).map((f) => `strictValidate: ${f.object} ${f.path}: ${f.message}`);
    if (validated.size > 5000) validated.clear();
    validated.set(json, found);
  }
  return found;
}

/** Two manifests for one object (group, kind, namespace, name): one would overwrite the other. */
function duplicateViolations(manifests: any[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of manifests) {
    const group = String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/')[0] : '';
    const id = [group, m.kind, m.metadata?.namespace ?? '', m.metadata?.name].join(' ');
    if (seen.has(id)) out.push(`strictValidate: duplicate object ${key(m)}`);
    seen.add(id);
  }
  return out;
}

/** The strict API-server stand-in accepts every object. */
export function schemaViolations(manifests: any[]): string[] {
  return [...manifests.flatMap(validateOne), ...duplicateViolations(manifests)];
}

/** Selectors ⊆ template labels; Services, budgets and the NetworkPolicy select exactly their pods. */
export function selectionViolations(spec: AnySpec, out: Synthesized): string[] {
  const v: string[] = [];
  const expected = expectedApp(spec);
  const all = out.manifests;
  const own = all.filter((m) => out.own.has(key(m)));
  const deployments = all.filter((m) => m.kind === 'Deployment');
  const ownDeployments = own.filter((m) => m.kind === 'Deployment');

  for (const d of deployments) {
    const selector = d.spec?.selector?.matchLabels;
    if (!selects(selector, d.spec?.template?.metadata?.labels)) v.push(`${key(d)}: selector ${JSON.stringify(selector)} is not a non-empty subset of the template labels`);
  }
  const names = (list: any[]) => list.map((m) => m.metadata.name).sort();
  if (JSON.stringify(names(ownDeployments)) !== JSON.stringify(expected.deployments.map((d) => d.name).sort())) {
    v.push(`Deployments ${JSON.stringify(names(ownDeployments))}, expected ${JSON.stringify(expected.deployments.map((d) => d.name))}`);
  }
  for (const e of expected.deployments) {
    const d = ownDeployments.find((m) => m.metadata.name === e.name);
    if (d && d.spec.replicas !== e.replicas) v.push(`Deployment/${e.name}: replicas ${d.spec.replicas}, expected ${e.replicas}`);
  }

  const services = own.filter((m) => m.kind === 'Service');
  if (JSON.stringify(names(services)) !== JSON.stringify(expected.services.map((s) => s.name).sort())) {
    v.push(`Services ${JSON.stringify(names(services))}, expected ${JSON.stringify(expected.services.map((s) => s.name))}`);
  }
  for (const s of services) {
    const picked = deployments.filter((d) => sameNamespace(d, s) && selects(s.spec?.selector, d.spec.template.metadata.labels));
    const want = expected.services.find((e) => e.name === s.metadata.name)?.selects ?? [];
    if (JSON.stringify(names(picked)) !== JSON.stringify([...want].sort())) {
      v.push(`${key(s)}: selector ${JSON.stringify(s.spec?.selector)} selects ${JSON.stringify(names(picked))}, expected exactly ${JSON.stringify(want)} (its app's pods only)`);
    }
    // The target port is a port every selected pod declares.
    const target = s.spec?.ports?.[0]?.targetPort;
    for (const d of picked) {
      const declared = (d.spec.template.spec.containers[0].ports ?? []).flatMap((p: any) => [p.name, p.containerPort]);
      if (!declared.includes(target)) v.push(`${key(s)}: targetPort ${target} is not declared by ${key(d)}`);
    }
  }

  for (const pdb of own.filter((m) => m.kind === 'PodDisruptionBudget')) {
    const picked = deployments.filter((d) => sameNamespace(d, pdb) && selects(pdb.spec?.selector?.matchLabels, d.spec.template.metadata.labels));
    if (picked.length !== 1 || `${picked[0].metadata.name}-pdb` !== pdb.metadata.name) v.push(`${key(pdb)} selects ${JSON.stringify(names(picked))}, expected its own Deployment only`);
  }
  if (spec.w.disruptionBudget.type === 'none' && own.some((m) => m.kind === 'PodDisruptionBudget')) v.push('a PodDisruptionBudget despite DisruptionBudget.none()');
  const policies = own.filter((m) => m.kind === 'NetworkPolicy');
  if ((spec.w.networkPolicy ?? true) !== (policies.length === 1)) v.push(`NetworkPolicies: ${policies.length}, networkPolicy ${spec.w.networkPolicy}`);
  for (const np of policies) {
    const picked = deployments.filter((d) => sameNamespace(d, np) && selects(np.spec?.podSelector?.matchLabels, d.spec.template.metadata.labels));
    if (JSON.stringify(names(picked)) !== JSON.stringify(names(ownDeployments))) v.push(`${key(np)} selects ${JSON.stringify(names(picked))}, expected the app's Deployments`);
  }
  return v;
}

/**
 * Resolved surge/unavailable keep available pods >= replicas at every replica count the Deployment
 * runs at (the HPA's whole range with autoscaling), unless allowCapacityDrop; Recreate only when
 * asked for; the rollout annotation (and SafeRollingDeployment's resolved numbers) agree with
 * Kubernetes' rounding as implemented in model.ts.
 */
export function capacityViolations(spec: AnySpec, out: Synthesized): string[] {
  const v: string[] = [];
  const rolling = effectiveRolling(spec.w.strategy);
  const own = out.manifests.filter((m) => out.own.has(key(m)));
  const hpa = own.find((m) => m.kind === 'HorizontalPodAutoscaler');
  for (const d of own.filter((m) => m.kind === 'Deployment')) {
    const strategy = d.spec.strategy;
    if (!rolling) {
      if (strategy?.type !== 'Recreate') v.push(`${key(d)}: strategy ${JSON.stringify(strategy)}, expected Recreate`);
      continue;
    }
    // Both blue/green slots roll with the app's strategy at the default target (1.31): the idle-slot
    // strategy exists only below 1.31 with required host spreading (test/strategies/blue-green-app.test.ts).
    const maxSurge = podsFromManifest(strategy?.rollingUpdate?.maxSurge);
    const maxUnavailable = podsFromManifest(strategy?.rollingUpdate?.maxUnavailable);
    if (strategy?.type !== 'RollingUpdate' || !maxSurge || !maxUnavailable) {
      v.push(`${key(d)}: strategy ${JSON.stringify(strategy)}, expected RollingUpdate with both numbers`);
      continue;
    }
    if (showPods(maxSurge) !== showPods(rolling.maxSurge) || showPods(maxUnavailable) !== showPods(rolling.maxUnavailable)) {
      v.push(`${key(d)}: rollingUpdate ${showPods(maxSurge)}/${showPods(maxUnavailable)}, asked for ${showPods(rolling.maxSurge)}/${showPods(rolling.maxUnavailable)}`);
    }
    const counts: number[] = [];
    if (d.spec.replicas !== undefined) counts.push(d.spec.replicas);
    else if (hpa) for (let r = hpa.spec.minReplicas ?? 1; r <= hpa.spec.maxReplicas; r++) counts.push(r);
    else counts.push(1); // Kubernetes' default
    if (!rolling.allowCapacityDrop) {
      for (const r of counts.filter((n) => n >= 1)) {
        const f = fenceposts(r, maxSurge, maxUnavailable);
        if (f.unavailable > 0) v.push(`${key(d)}: at ${r} replicas ${showPods(maxSurge)}/${showPods(maxUnavailable)} resolve to surge ${f.surge}, unavailable ${f.unavailable}: available pods drop to ${r - f.unavailable} < ${r} without allowCapacityDrop`);
      }
    }
    const summary = /maxSurge \S+ = (\d+) pod\(s\), maxUnavailable \S+ = (\d+) pod\(s\) at (?:up to )?(\d+) replicas/.exec(d.metadata.annotations?.[ROLLOUT_ANNOTATION] ?? '');
    if (!summary) {
      v.push(`${key(d)}: no readable ${ROLLOUT_ANNOTATION} annotation`);
    } else {
      const [, s, u, at] = summary.map(Number);
      const f = fenceposts(at, maxSurge, maxUnavailable);
      if (s !== f.surge || u !== f.unavailable) v.push(`${key(d)}: annotation says surge ${s}, unavailable ${u} at ${at}; Kubernetes resolves ${f.surge}, ${f.unavailable}`);
    }
  }
  if (spec.construct === 'SafeRollingDeployment' && rolling) {
    const construct = out.construct as any;
    const f = fenceposts(safeRollingRange(spec).max, rolling.maxSurge, rolling.maxUnavailable);
    if (construct.resolvedMaxSurge !== f.surge || construct.resolvedMaxUnavailable !== f.unavailable) {
      v.push(`resolvedMaxSurge/resolvedMaxUnavailable ${construct.resolvedMaxSurge}/${construct.resolvedMaxUnavailable}, Kubernetes resolves ${f.surge}/${f.unavailable}`);
    }
  }
  return v;
}

/** Identity of a rendered probe: what it checks (handler, port number, path; see model.probeIdentity). */
function renderedProbeIdentity(probe: any, container: any): string | undefined {
  if (!probe) return undefined;
  const portNumber = (ref: unknown) => (container.ports ?? []).find((p: any) => p.name === ref || p.containerPort === ref)?.containerPort ?? `undeclared ${ref}`;
  if (probe.exec) return `exec ${JSON.stringify(probe.exec.command)}`;
  if (probe.httpGet) return `http ${portNumber(probe.httpGet.port)} ${probe.httpGet.path}`;
  if (probe.tcpSocket) return `tcp ${portNumber(probe.tcpSocket.port)}`;
  return 'unknown handler';
}

/** Grace period ≥ drain (strictly longer), the drain as asked for, probes on declared ports, liveness ≠ readiness. */
export function podViolations(spec: AnySpec, out: Synthesized): string[] {
  const v: string[] = [];
  const w = spec.w;
  const drain = drainSeconds(w.drain);
  const ports = resolvedPorts(w);
  for (const d of out.manifests.filter((m) => out.own.has(key(m)) && m.kind === 'Deployment')) {
    const pod = d.spec.template.spec;
    const container = pod.containers[0];
    const grace = pod.terminationGracePeriodSeconds;
    if (grace !== expectedGrace(w)) v.push(`${key(d)}: terminationGracePeriodSeconds ${grace}, expected ${expectedGrace(w)}`);
    if (drain > 0 && !(grace > drain)) v.push(`${key(d)}: terminationGracePeriodSeconds ${grace} does not outlast the ${drain}s drain`);
    const preStop = container.lifecycle?.preStop;
    if (w.drain.type === 'none') {
      if (preStop) v.push(`${key(d)}: a preStop hook despite Drain.none()`);
    } else if (w.drain.type === 'httpGet') {
      const want = portOf(w.drain.ref, ports);
      const got = (container.ports ?? []).find((p: any) => p.name === preStop?.httpGet?.port || p.containerPort === preStop?.httpGet?.port);
      if (preStop?.httpGet?.path !== w.drain.path || !want || got?.containerPort !== want.port) v.push(`${key(d)}: preStop ${JSON.stringify(preStop)}, expected httpGet ${w.drain.path} on port ${want?.port}`);
    } else if (JSON.stringify(preStop) !== JSON.stringify({ sleep: { seconds: drain } })) { // the native action at the default target 1.31
      v.push(`${key(d)}: preStop ${JSON.stringify(preStop)}, expected sleep ${drain}`);
    }
    const readiness = renderedProbeIdentity(container.readinessProbe, container);
    if (!readiness) v.push(`${key(d)}: no readiness probe`);
    for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const identity = renderedProbeIdentity(container[kind], container);
      if (identity?.includes('undeclared')) v.push(`${key(d)}: ${kind} ${identity}`);
    }
    const liveness = renderedProbeIdentity(container.livenessProbe, container);
    if (liveness && liveness === readiness) v.push(`${key(d)}: liveness identical to readiness (${liveness})`);
    if (w.disableLiveness && container.livenessProbe) v.push(`${key(d)}: liveness despite disableLiveness`);
  }
  return v;
}

/** CanaryApp: the router's objects carry exactly the requested weight; the replica ratio's annotation is right. */
export function routingViolations(spec: CanarySpec, out: Synthesized): string[] {
  const v: string[] = [];
  const name = appName(spec);
  const weight = spec.canaryWeight ?? 0;
  const own = out.manifests.filter((m) => out.own.has(key(m)));
  const find = (kind: string, n: string) => own.find((m) => m.kind === kind && m.metadata.name === n);
  const services = new Set(own.filter((m) => m.kind === 'Service').map((m) => m.metadata.name));
  const router = spec.router ?? { type: 'replicaRatio' };
  const apex = find('Service', name);
  const port = apex?.spec?.ports?.[0]?.port;
  const routingKinds = ['HTTPRoute', 'VirtualService', 'DestinationRule', 'Ingress'];
  const routing = own.filter((m) => routingKinds.includes(m.kind)).map(key).sort();
  const expectKinds: Record<string, string[]> = {
    replicaRatio: [],
    gatewayApi: [`HTTPRoute/${name}`],
    istio: [`DestinationRule/${name}`, `VirtualService/${name}`],
    nginxIngress: [`Ingress/${name}`, `Ingress/${name}-canary`],
  };
  if (JSON.stringify(routing) !== JSON.stringify(expectKinds[router.type])) v.push(`router objects ${JSON.stringify(routing)}, expected ${JSON.stringify(expectKinds[router.type])}`);

  if (router.type === 'replicaRatio') {
    const sizes = trackSizes(spec);
    const want = String(shareOfPods(sizes.stable, sizes.canary));
    const got = apex?.metadata?.annotations?.[ACHIEVED_ANNOTATION];
    if (got !== want) v.push(`Service/${name}: achieved weight ${got}, expected ${want} (${sizes.canary} of ${sizes.stable + sizes.canary} pods)`);
  } else if (apex?.metadata?.annotations?.[ACHIEVED_ANNOTATION] !== undefined) {
    v.push(`Service/${name}: achieved-weight annotation with a router`);
  }
  const refOk = (ref: any) => services.has(ref?.name) && ref?.port === port;
  if (router.type === 'gatewayApi') {
    const route = find('HTTPRoute', name);
    const rules = route?.spec?.rules ?? [];
    const weighted = rules[rules.length - 1]?.backendRefs ?? [];
    const got = weighted.map((b: any) => `${b.name}=${b.weight}`);
    const want = [`${name}-stable=${100 - weight}`, `${name}-canary=${weight}`];
    if (JSON.stringify(got) !== JSON.stringify(want)) v.push(`HTTPRoute weights ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    if (!rules.every((r: any) => (r.backendRefs ?? []).every(refOk))) v.push('HTTPRoute backendRefs name a missing Service or another port');
    if (JSON.stringify(route?.spec?.hostnames) !== JSON.stringify(router.hostnames)) v.push('HTTPRoute hostnames differ from the props');
    const m = spec.canaryMatch;
    if (m?.type === 'header') {
      const header = rules[0]?.matches?.[0]?.headers?.[0];
      if (rules.length !== 2 || header?.name !== m.name || header?.value !== m.value || rules[0].backendRefs?.[0]?.name !== `${name}-canary`) v.push('HTTPRoute header match does not send the header to the canary');
    } else if (rules.length !== 1) v.push(`HTTPRoute has ${rules.length} rules without a match`);
  }
  if (router.type === 'istio') {
    const vs = find('VirtualService', name);
    const http = vs?.spec?.http ?? [];
    const got = (http[http.length - 1]?.route ?? []).map((r: any) => `${r.destination?.subset}=${r.weight}`);
    const want = [`stable=${100 - weight}`, `canary=${weight}`];
    if (JSON.stringify(got) !== JSON.stringify(want)) v.push(`VirtualService weights ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    const dr = find('DestinationRule', name);
    for (const subset of dr?.spec?.subsets ?? []) {
      const picked = own.filter((d) => d.kind === 'Deployment' && selects({ ...apex?.spec?.selector, ...subset.labels }, d.spec.template.metadata.labels)).map((d) => d.metadata.name);
      if (JSON.stringify(picked) !== JSON.stringify([`${name}-${subset.name}`])) v.push(`DestinationRule subset ${subset.name} selects ${JSON.stringify(picked)}`);
    }
    if (spec.canaryMatch && http.length !== 2) v.push('VirtualService without its match route');
  }
  if (router.type === 'nginxIngress') {
    const primary = find('Ingress', name);
    const canary = find('Ingress', `${name}-canary`);
    const backend = (i: any) => i?.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service;
    if (backend(primary)?.name !== `${name}-stable` || backend(canary)?.name !== `${name}-canary`) v.push('Ingress backends are not the stable and canary Services');
    if (![backend(primary), backend(canary)].every((b) => services.has(b?.name) && b?.port?.number === port)) v.push('Ingress backend names a missing Service or another port');
    const a = canary?.metadata?.annotations ?? {};
    if (a['nginx.ingress.kubernetes.io/canary'] !== 'true' || a['nginx.ingress.kubernetes.io/canary-weight'] !== String(weight)) v.push(`canary Ingress annotations ${JSON.stringify(a)}, expected weight ${weight}`);
    if (primary?.metadata?.annotations?.['nginx.ingress.kubernetes.io/canary'] !== undefined) v.push('the primary Ingress is marked canary');
  }
  // Every track's pods are labelled with their track.
  for (const track of ['stable', 'canary']) {
    const d = find('Deployment', `${name}-${track}`);
    if (d?.spec?.template?.metadata?.labels?.[TRACK_LABEL] !== track) v.push(`Deployment/${name}-${track} is not labelled ${TRACK_LABEL}=${track}`);
  }
  return v;
}

/** BlueGreenApp: pods are labelled with their slot, and the active Service carries the active slot. */
export function slotViolations(spec: BlueGreenSpec, out: Synthesized): string[] {
  const v: string[] = [];
  const name = appName(spec);
  for (const d of out.manifests.filter((m) => out.own.has(key(m)) && m.kind === 'Deployment')) {
    const slot = d.metadata.name.slice(name.length + 1);
    if (d.spec.template.metadata.labels[SLOT_LABEL] !== slot) v.push(`${key(d)} is not labelled ${SLOT_LABEL}=${slot}`);
  }
  return v;
}

/** Written as cdk8s writes dist/ and read back the way kubectl reads it, every manifest is what was synthesized. */
export function readbackViolations(out: Synthesized): string[] {
  let read: unknown[];
  try {
    read = readLikeKubectl(Yaml.stringify(...out.manifests));
  } catch (e) {
    return [`kubectl cannot read the output: ${(e as Error).message}`];
  }
  return out.manifests.flatMap((manifest, i) => isDeepStrictEqual(read[i], manifest) ? [] : [`${key(manifest)} reads back as ${JSON.stringify(read[i])}`]);
}

/** Everything above for one synthesized valid spec. */
export function outputViolations(spec: AnySpec, out: Synthesized): string[] {
  return [
    ...readbackViolations(out),
    ...schemaViolations(out.manifests),
    ...selectionViolations(spec, out),
    ...capacityViolations(spec, out),
    ...podViolations(spec, out),
    ...(spec.construct === 'CanaryApp' ? routingViolations(spec, out) : []),
    ...(spec.construct === 'BlueGreenApp' ? slotViolations(spec, out) : []),
  ];
}

// --------------------------------------------------------------------------- release diffs

/**
 * What flipping `activeSlot` may change (README #3): one selector value on each Service. When the
 * idle policy scales the idle slot, the two Deployments' replica counts follow the flip as well.
 */
/**
 * A Deployment that starts or stops serving requests moves between Argo CD sync waves (README "GitOps:
 * sync waves": before the Services and routes while it serves, after them otherwise); the annotation
 * changes on it and on its disruption budget.
 */
function waveMoves(spec: AnySpec, deployment: string): string[] {
  const wave = 'metadata.annotations.argocd.argoproj.io/sync-wave';
  return [`Deployment/${deployment} ${wave}`, ...(spec.w.disruptionBudget.type === 'none' ? [] : [`PodDisruptionBudget/${deployment}-pdb ${wave}`])];
}

export function expectedFlipDiff(before: BlueGreenSpec, after: BlueGreenSpec): string[] {
  const name = appName(before);
  const out = [`Service/${name} spec.selector.${SLOT_LABEL}`];
  // The flip turns the active slot idle and the idle one active: both move waves.
  for (const slot of ['blue', 'green'] as const) if (before[slot].image !== undefined) out.push(...waveMoves(before, `${name}-${slot}`));
  if ((before.preview ?? true) && before[otherSlot(before.activeSlot)].image !== undefined) out.push(`Service/${name}-preview spec.selector.${SLOT_LABEL}`);
  for (const slot of ['blue', 'green'] as const) {
    if (slotSizes(before, slot).now !== slotSizes(after, slot).now) out.push(`Deployment/${name}-${slot} spec.replicas`);
  }
  return out.sort();
}

/**
 * What moving the canary weight may change (README #4): with a router, only its weight fields; with
 * the replica ratio, only the two Deployments' spec.replicas and the apex Service's achieved weight.
 */
export function expectedWeightDiff(before: CanarySpec, after: CanarySpec): string[] {
  const name = appName(before);
  const w0 = before.canaryWeight ?? 0;
  const w1 = after.canaryWeight ?? 0;
  const router = before.router ?? { type: 'replicaRatio' };
  if (router.type === 'replicaRatio') {
    const a = trackSizes(before);
    const b = trackSizes(after);
    const out: string[] = [];
    if (a.stable !== b.stable) out.push(`Deployment/${name}-stable spec.replicas`);
    if (a.canary !== b.canary) out.push(`Deployment/${name}-canary spec.replicas`);
    if (shareOfPods(a.stable, a.canary) !== shareOfPods(b.stable, b.canary)) out.push(`Service/${name} metadata.annotations.${ACHIEVED_ANNOTATION}`);
    // Without a router, canary pods serve (through the apex Service) whenever there are any; the stable
    // track, once it gives pods to the canary, shrinks in the later wave (after the canary is healthy).
    if ((a.canary > 0) !== (b.canary > 0)) out.push(...waveMoves(before, `${name}-canary`), ...waveMoves(before, `${name}-stable`));
    return out.sort();
  }
  if (w0 === w1) return [];
  // With a router, the canary serves routed requests when it has a weight or a match.
  const waves = (w0 > 0 || before.canaryMatch !== undefined) !== (w1 > 0 || after.canaryMatch !== undefined) ? waveMoves(before, `${name}-canary`) : [];
  if (router.type === 'gatewayApi') {
    const rule = before.canaryMatch ? 1 : 0;
    return [`HTTPRoute/${name} spec.rules.${rule}.backendRefs.0.weight`, `HTTPRoute/${name} spec.rules.${rule}.backendRefs.1.weight`, ...waves].sort();
  }
  if (router.type === 'istio') {
    const rule = before.canaryMatch ? 1 : 0;
    return [`VirtualService/${name} spec.http.${rule}.route.0.weight`, `VirtualService/${name} spec.http.${rule}.route.1.weight`, ...waves].sort();
  }
  return [`Ingress/${name}-canary metadata.annotations.nginx.ingress.kubernetes.io/canary-weight`, ...waves].sort();
}

// ------------------------------------------------------------------------------------ linting

/** The replica count a Deployment's disruption budget is sized for (README; see model.ts). */
function budgetSize(spec: AnySpec, deployment: string): number {
  if (spec.construct === 'SafeRollingDeployment') return safeRollingRange(spec).min;
  if (spec.construct === 'BlueGreenApp') return slotSizes(spec, deployment.endsWith('-blue') ? 'blue' : 'green').full;
  const sizes = trackSizes(spec);
  const own = deployment.endsWith('-stable') ? sizes.stable : sizes.canary;
  return Math.max(2, (spec.router ?? { type: 'replicaRatio' }).type === 'replicaRatio' ? sizes.stable + sizes.canary : own);
}

/**
 * Linter findings a valid prop set may produce, each for a stated reason. Anything else fails.
 *
 * The waivers the issue names:
 * - polaris/priorityClassNotSet while `priorityClassName` is unset: a PriorityClass must exist in the
 *   cluster, so the library cannot default one (README).
 * - polaris/deploymentMissingReplicas on a Deployment an autoscaler owns (it has no `replicas`).
 * - kube-score/service-type on a NodePort Service (asked for explicitly).
 * - replica-count findings (kube-score/deployment-replicas, polaris/deploymentMissingReplicas;
 *   kube-score/horizontalpodautoscaler-replicas and polaris/hpaMinAvailability for an HPA) on an
 *   object that legitimately runs fewer than 2 pods: `replicas: 1` (with an explicit budget), a
 *   scaled-down idle slot, a canary track sized by the weight or by `canaryReplicas`.
 *
 * Explicit opt-outs, each the documented consequence of a prop the user set:
 * - disableLiveness: kube-score/pod-probes, polaris/livenessProbeMissing.
 * - no liveness given while readiness is itself a TCP check of the port: the default liveness would be
 *   identical to readiness, which the library refuses to create (README): same two rules.
 * - RolloutStrategy.recreate(): kube-score/deployment-strategy.
 * - HostSpreading.NONE: kube-score/deployment-has-host-podantiaffinity, kube-linter/no-anti-affinity.
 * - acrossZones: false: polaris/topologySpreadConstraint.
 * - networkPolicy: false: kube-score/pod-networkpolicy, polaris/missingNetworkPolicy.
 * - DisruptionBudget.none(): kube-score/deployment-has-poddisruptionbudget, polaris/missingPodDisruptionBudget.
 * - imagePullPolicy other than ALWAYS: kube-score/container-image-pull-policy, polaris/pullPolicyNotAlways.
 * - serviceAccountName: kube-linter/non-existent-service-account (the account lives outside the chart).
 * - DisruptionBudget.minAvailable on a Deployment that runs fewer pods than its budget is sized for
 *   (an autoscaled one, which kube-linter counts as 1 replica; a scaled-down idle slot; a canary track
 *   whose pods follow the weight): kube-linter/pdb-min-available.
 * - NGINX router without `tlsSecretName`: polaris/tlsSettingsMissing (documented on the option).
 * - a `*.` Gateway API host name: polaris/httpRouteWildcardOrEmptyHost.
 * - a Service port numbered 443 / 8443 or named https*: polaris/httpRouteBackendTLSMissing (Polaris
 *   then assumes TLS to the backend, which needs a BackendTLSPolicy outside the chart).
 */
export function lintViolations(spec: AnySpec, manifests: any[]): string[] {
  const w = spec.w;
  const byKey = new Map(manifests.map((m) => [key(m), m]));
  const objectOf = (f: LintFinding) => {
    const parts = f.object.split('/');
    return byKey.get(`${parts[0]}/${parts[parts.length - 1]}`);
  };
  const waived = (f: LintFinding): boolean => {
    const rule = `${f.linter}/${f.rule}`;
    const o = objectOf(f);
    const fewPods = o?.kind === 'Deployment' && typeof o.spec.replicas === 'number' && o.spec.replicas < 2;
    const autoscaled = o?.kind === 'Deployment' && o.spec.replicas === undefined;
    const smallHpa = o?.kind === 'HorizontalPodAutoscaler' && (o.spec.minReplicas ?? 1) < 2;
    switch (rule) {
      case 'polaris/priorityClassNotSet': return w.priorityClassName === undefined;
      case 'polaris/deploymentMissingReplicas': return autoscaled || fewPods;
      case 'kube-score/deployment-replicas': return fewPods;
      case 'kube-score/horizontalpodautoscaler-replicas':
      case 'polaris/hpaMinAvailability': return smallHpa;
      case 'kube-score/service-type': return o?.kind === 'Service' && o.spec.type === 'NodePort';
      case 'kube-score/pod-probes':
      case 'polaris/livenessProbeMissing': return w.disableLiveness === true || (w.liveness === undefined && w.readiness?.type === 'tcpSocket');
      case 'kube-score/deployment-strategy': return w.strategy.type === 'recreate';
      case 'kube-score/deployment-has-host-podantiaffinity':
      case 'kube-linter/no-anti-affinity': return w.spreading?.acrossHosts === 'NONE';
      case 'polaris/topologySpreadConstraint': return w.spreading?.acrossZones === false;
      case 'kube-score/pod-networkpolicy':
      case 'polaris/missingNetworkPolicy': return w.networkPolicy === false;
      case 'kube-score/deployment-has-poddisruptionbudget':
      case 'polaris/missingPodDisruptionBudget': return w.disruptionBudget.type === 'none';
      case 'kube-score/container-image-pull-policy':
      case 'polaris/pullPolicyNotAlways': return (w.imagePullPolicy ?? 'Always') !== 'Always';
      case 'kube-linter/non-existent-service-account': return w.serviceAccountName !== undefined;
      case 'kube-linter/pdb-min-available': {
        const d = byKey.get(`Deployment/${String(o?.metadata?.name).replace(/-pdb$/, '')}`);
        return w.disruptionBudget.type === 'minAvailable' && (d?.spec.replicas === undefined || d.spec.replicas < budgetSize(spec, d.metadata.name));
      }
      case 'polaris/tlsSettingsMissing': return spec.construct === 'CanaryApp' && spec.router?.type === 'nginxIngress' && spec.router.tlsSecretName === undefined;
      case 'polaris/httpRouteWildcardOrEmptyHost': return spec.construct === 'CanaryApp' && spec.router?.type === 'gatewayApi' && spec.router.hostnames.some((h) => h.startsWith('*.'));
      case 'polaris/httpRouteBackendTLSMissing': return manifests.some((m) => m.kind === 'Service'
        && (m.spec.ports ?? []).some((p: any) => [443, 8443].includes(p.port) || /^https($|-)/.test(p.name ?? '')));
      default: return false;
    }
  };
  return lint(manifests).filter((f) => !waived(f)).map((f) => `${f.linter}/${f.rule} ${f.object}: ${f.message}`);
}
