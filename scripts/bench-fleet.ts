/**
 * The cost of a fleet at scale: 200 clusters in 4 rings (10, 40, 50, 100 clusters), a CanaryApp
 * through Istio with a ConfigMap, every tenth cluster with its own replica count, every seventh on
 * Kubernetes 1.29, each with its region in its config; the whole fleet built and synthesized to disk (one folder per cluster and the
 * ApplicationSet), in a fresh process per run so each run pays module loading and JIT warm-up as
 * `cdk8s synth` does. Reports wall time and peak memory (resident set, and the V8 heap in use after
 * the synth). Run by hand: `npm run bench:fleet`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLUSTERS = 200;
const RUNS = 3;

if (process.argv[2] === 'run') {
  // One measured run, in this child process.
  const outdir = process.argv[3];
  const start = process.hrtime.bigint();
  // Loaded here so that module loading is part of the measured time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Fleet, FleetApp, MaxUpdate, Probe, TrafficRouter } = require('../src') as typeof import('../src');
  const sizes = [10, 40, 50, 100];
  let n = 0;
  const fleet = new Fleet({
    name: 'search',
    outdir,
    app: FleetApp.canaryApp({
      namespace: 'shop',
      stable: { image: 'registry.example.com/shop/search:2.0.1' },
      canary: { image: 'registry.example.com/shop/search:2.1.0' },
      canaryWeight: 10,
      replicas: 4,
      trafficRouter: TrafficRouter.istio(),
      readiness: Probe.httpGet('/ready'),
      config: { env: { REGION: 'any', LOG_LEVEL: 'info' } },
    }),
    argoCd: { repoUrl: 'https://git.example.com/shop/deploy.git', path: 'dist/search' },
    rings: sizes.map((size, r) => ({
      name: `ring-${r}`,
      maxUpdate: r === 0 ? undefined : MaxUpdate.percent(10),
      clusters: Array.from({ length: size }, () => {
        const i = n++;
        return {
          name: `cluster-${i}`,
          server: `https://cluster-${i}.k8s.example.com`,
          overrides: {
            config: { env: { REGION: `region-${i % 5}`, LOG_LEVEL: 'info' } },
            ...(i % 10 === 0 ? { replicas: 8 } : {}),
            ...(i % 7 === 0 ? { targetVersion: '1.29' } : {}),
          },
        };
      }),
    })),
  });
  fleet.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const files = fs.readdirSync(outdir).length;
  const cpu = process.cpuUsage();
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rss, heap: process.memoryUsage().heapUsed, files }));
} else {
  const results: { ms: number; cpuMs: number; rss: number; heap: number; files: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-'));
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, 'run', path.join(dir, 'dist')], { encoding: 'utf-8' });
      const result = JSON.parse(out);
      if (result.files !== CLUSTERS + 1) throw new Error(`expected ${CLUSTERS + 1} folders, found ${result.files}`);
      results.push(result);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  results.sort((a, b) => a.ms - b.ms);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const median = results[Math.floor(RUNS / 2)];
  console.log(`fleet of ${CLUSTERS} clusters (CanaryApp through Istio, 4 rings), built and synthesized to disk, ${RUNS} fresh processes:`);
  console.log(`  time: median ${median.ms.toFixed(0)} ms (min ${results[0].ms.toFixed(0)}, max ${results[RUNS - 1].ms.toFixed(0)}), module loading included; CPU ${median.cpuMs.toFixed(0)} ms`);
  console.log(`  memory: peak resident ${mb(Math.max(...results.map((r) => r.rss)))}, V8 heap in use after synth ${mb(median.heap)}`);
}
