/**
 * One benchmark measurement, in its own process so peak memory is its own: synthesizes N apps, each
 * with one SafeRollingDeployment, one BlueGreenApp and one CanaryApp (mode `library`), or the same
 * Kubernetes objects written directly with the cdk8s-plus-27 k8s bindings and the CRD bindings (mode
 * `baseline`). Prints one JSON line: { ms, maxRssMb }.
 *
 * Usage: node --import tsx scripts/bench-worker.ts library|baseline N
 */
import { ApiObject, App, Chart, Duration, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
// The compiled library, as consumers load it (build first: npm run build).
import * as lib from '../lib/src';
import { HttpRoute } from '../lib/imports/gateway.networking.k8s.io';

const [mode, countText] = process.argv.slice(2);
const count = Number(countText);

/** The three constructs of one app, as a user of the library writes them. */
function libraryApp(chart: Chart): void {
  const readiness = lib.Probe.httpGet('/ready');
  new lib.SafeRollingDeployment(chart, 'web', { image: 'registry.example.com/web:1.0.0', readiness, drain: lib.Drain.sleep(Duration.seconds(15)) });
  new lib.BlueGreenApp(chart, 'shop', {
    activeSlot: lib.Slot.BLUE, blue: { image: 'registry.example.com/shop:1.0.0' }, green: { image: 'registry.example.com/shop:1.1.0' }, readiness,
  });
  new lib.CanaryApp(chart, 'api', {
    stable: { image: 'registry.example.com/api:2.0.0' }, canary: { image: 'registry.example.com/api:2.1.0' }, canaryWeight: 10, readiness,
    trafficRouter: lib.TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['api.example.com'] }),
  });
}

// The baseline writes the very objects the library synthesizes, by hand, with the typed bindings.
// The manifests are taken once from the library (outside the measurement); the loop then builds them
// the way hand-written code does: a binding class per kind, typed IntOrString and Quantity values.
// Creating the library's constructs installs its YAML writer hook (src/core/kubectl-yaml.ts); the
// baseline writes with cdk8s' own writer, so the hook's cost is counted on the library's side.
const cdk8sStringify = Yaml.stringify;
const templates: any[] = (() => {
  const app = new App();
  libraryApp(new Chart(app, 'template'));
  return app.charts[0].toJson();
})();
if (mode === 'baseline') (Yaml as unknown as { stringify: typeof Yaml.stringify }).stringify = cdk8sStringify;

function typed(value: any, path: string[]): any {
  const key = path[path.length - 1];
  if (Array.isArray(value)) return value.map((v) => typed(v, path));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(v, [...path, k])]));
  if (['maxSurge', 'maxUnavailable', 'minAvailable', 'targetPort', 'port'].includes(key) && path.some((p) => /strategy|Probe|spec|ports|preStop|tcpSocket|httpGet/.test(p))) {
    if (path.includes('backendRefs') || path.includes('parentRefs') || (path.includes('ports') && key === 'port' && !path.includes('ingress'))) return value;
    return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
  }
  if (path.includes('requests') || path.includes('limits')) return k8s.Quantity.fromString(value);
  return value;
}

const BINDINGS: Record<string, (scope: Construct, id: string, props: any) => ApiObject> = {
  Deployment: (s, i, p) => new k8s.KubeDeployment(s, i, p),
  Service: (s, i, p) => new k8s.KubeService(s, i, p),
  PodDisruptionBudget: (s, i, p) => new k8s.KubePodDisruptionBudget(s, i, p),
  NetworkPolicy: (s, i, p) => new k8s.KubeNetworkPolicy(s, i, p),
  HTTPRoute: (s, i, p) => new HttpRoute(s, i, p),
};

function baselineApp(chart: Chart): void {
  templates.forEach((manifest, index) => {
    const { apiVersion, kind, ...props } = manifest;
    void apiVersion;
    BINDINGS[kind](chart, `o${index}`, typed(props, []));
  });
}

const build = mode === 'library' ? libraryApp : baselineApp;
let tBuild = 0, tSynth = 0;
for (let round = 0; round < 2; round++) {
tBuild = 0; tSynth = 0;
for (let i = 0; i < count; i++) {
  const t0 = performance.now();
  const app = new App();
  build(new Chart(app, `app-${i}`));
  const t1 = performance.now();
  if (process.env.SYNTH !== '0') app.synthYaml();
  tBuild += t1 - t0; tSynth += performance.now() - t1;
}
}
console.log(JSON.stringify({ mode, build: Math.round(tBuild), synth: Math.round(tSynth) }));
