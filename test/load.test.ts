/**
 * What loading the library costs an app: checked on the compiled library, in a fresh Node process,
 * as a consumer's `cdk8s synth` loads it.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { ROOT } from './support/build';

/** The modules (relative to the repository) a fresh process has loaded after running `script`. */
function loadedAfter(script: string): string[] {
  const output = execFileSync(process.execPath, ['-e', `${script}; console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: ROOT, encoding: 'utf-8' });
  return (JSON.parse(output.trim().split('\n').pop()!) as string[]).map((m) => path.relative(ROOT, m));
}

const LIBRARY = `const lib = require(${JSON.stringify(path.join(ROOT, 'lib', 'src'))})`;

/** A script that loads the library and synthesizes a CanaryApp routed by `router`, checking `kind` is among its objects. */
function canaryThrough(router: string, kind: string): string {
  return `${LIBRARY};
    const { App, Chart } = require('cdk8s');
    const chart = new Chart(new App(), 'c');
    new lib.CanaryApp(chart, 'web', {
      stable: { image: 'registry.example.com/shop/web:1.4.2' }, canary: { image: 'registry.example.com/shop/web:1.5.0' },
      readiness: lib.Probe.httpGet('/ready'), trafficRouter: ${router},
    });
    const kinds = chart.toJson().map((m) => m.kind);
    if (!kinds.includes('${kind}')) throw new Error('no ${kind}: ' + kinds.join(', '));`;
}

describe('loading the library', () => {
  test('does not load the Istio bindings (400 KB) until an app routes through Istio', () => {
    expect(loadedAfter(LIBRARY)).not.toContain(path.join('lib', 'imports', 'networking.istio.io.js'));
    expect(loadedAfter(canaryThrough('lib.TrafficRouter.istio()', 'VirtualService'))).toContain(path.join('lib', 'imports', 'networking.istio.io.js'));
  });

  test('does not load the Gateway API bindings (120 KB) until an app routes through the Gateway API', () => {
    expect(loadedAfter(LIBRARY)).not.toContain(path.join('lib', 'imports', 'gateway.networking.k8s.io.js'));
    const gatewayApi = canaryThrough("lib.TrafficRouter.gatewayApi({ gatewayName: 'public', hostnames: ['shop.example.com'] })", 'HTTPRoute');
    expect(loadedAfter(gatewayApi)).toContain(path.join('lib', 'imports', 'gateway.networking.k8s.io.js'));
  });

  test('loads cdk8s-plus-27\'s Kubernetes bindings, not its constructs', () => {
    const loaded = loadedAfter(LIBRARY).filter((m) => m.includes(`node_modules${path.sep}cdk8s-plus-27${path.sep}`));
    expect(loaded.map((m) => m.split(`cdk8s-plus-27${path.sep}`).pop())).toEqual([path.join('lib', 'imports', 'k8s.js')]);
  });
});
