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

describe('loading the library', () => {
  test('does not load the Istio bindings (400 KB) until an app routes through Istio', () => {
    const library = `const lib = require(${JSON.stringify(path.join(ROOT, 'lib', 'src'))})`;
    expect(loadedAfter(library)).not.toContain(path.join('lib', 'imports', 'networking.istio.io.js'));
    const withIstio = `${library};
      const { App, Chart } = require('cdk8s');
      const chart = new Chart(new App(), 'c');
      new lib.CanaryApp(chart, 'web', {
        stable: { image: 'registry.example.com/shop/web:1.4.2' }, canary: { image: 'registry.example.com/shop/web:1.5.0' },
        readiness: lib.Probe.httpGet('/ready'), trafficRouter: lib.TrafficRouter.istio(),
      });
      const kinds = chart.toJson().map((m) => m.kind);
      if (!kinds.includes('VirtualService')) throw new Error('no VirtualService: ' + kinds.join(', '));`;
    expect(loadedAfter(withIstio)).toContain(path.join('lib', 'imports', 'networking.istio.io.js'));
  });
});
