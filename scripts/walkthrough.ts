/**
 * Renders the manual's release walkthroughs from real synths: each step's props, the commands to run
 * and the diff of the synthesized YAML a reviewer sees in the pull request. `npm run docs` writes them
 * between their markers on the page that holds them (README.md or docs/*.md), and the list of contents at
 * the top of each docs/ page; test/manual.test.ts fails when either is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { manualPages, ROOT, updateWalkthroughs, withContents } from './manual';
import {
  AppConfig, BlueGreenApp, BlueGreenAppProps, CanaryApp, CanaryAppProps, IdleSlot, Probe, SafeRollingDeployment, SafeRollingDeploymentProps, Slot,
  TrafficRouter,
} from '../src';

interface Step {
  readonly title: string;
  readonly change: string;
  readonly commands?: string;
  readonly build: (scope: Construct) => void;
}

const V1 = 'registry.example.com/shop/web:1.4.2';
const V2 = 'registry.example.com/shop/web:1.5.0';
const common = { namespace: 'shop', readiness: Probe.httpGet('/ready') };

const blueGreen = (props: Partial<BlueGreenAppProps>) => (scope: Construct) => new BlueGreenApp(scope, 'web', {
  ...common, activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero(), ...props,
});
const canary = (props: Partial<CanaryAppProps>) => (scope: Construct) => new CanaryApp(scope, 'web', {
  ...common, stable: { image: V1 }, trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'shop-gateway', hostnames: ['shop.example.com'] }), ...props,
});

export const BLUE_GREEN_STEPS: Step[] = [
  { title: 'Before: blue serves 1.4.2, green is scaled to zero', change: 'activeSlot: Slot.BLUE, blue: { image: V1 }, green: { image: V1 }, idleSlot: IdleSlot.scaleToZero()', build: blueGreen({}) },
  {
    title: '1. Deploy 1.5.0 to the idle green slot and test it through the preview Service',
    change: 'green: { image: V2 }, idleSlot: IdleSlot.keepFull()',
    commands: 'kubectl -n shop port-forward service/web-preview 8080:8080   # test 1.5.0 before it gets traffic',
    build: blueGreen({ green: { image: V2 }, idleSlot: IdleSlot.keepFull() }),
  },
  {
    title: '2. Wait until green is fully available (no commit)',
    change: 'nothing',
    commands: 'kubectl -n shop rollout status deployment/web-green',
    build: blueGreen({ green: { image: V2 }, idleSlot: IdleSlot.keepFull() }),
  },
  {
    title: '3. Flip: green takes all traffic (rollback = flip back while blue is still up)',
    change: 'activeSlot: Slot.GREEN',
    build: blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.keepFull() }),
  },
  {
    title: '4. Later, once 1.5.0 has proven itself: scale the old slot down',
    change: 'idleSlot: IdleSlot.scaleToZero()',
    build: blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 } }),
  },
];

/** The same release in one commit: what Argo CD's sync waves make safe (green is healthy before the flip). */
export const BLUE_GREEN_ONE_COMMIT_STEPS: Step[] = [
  BLUE_GREEN_STEPS[0],
  {
    title: '1. One commit: 1.5.0 into green, and green active',
    change: 'activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.keepFull()',
    commands: 'argocd app sync shop && argocd app wait shop --health   # or let auto-sync apply the commit',
    build: blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 }, idleSlot: IdleSlot.keepFull() }),
  },
  {
    title: '2. Later, once 1.5.0 has proven itself: scale the old slot down (after the Services, wave 2)',
    change: 'idleSlot: IdleSlot.scaleToZero()',
    build: blueGreen({ activeSlot: Slot.GREEN, green: { image: V2 } }),
  },
];

export const CANARY_STEPS: Step[] = [
  { title: 'Before: 1.4.2 is stable, no canary', change: 'stable: { image: V1 }, trafficRouter: TrafficRouter.gatewayApi({ gatewayName: \'shop-gateway\', hostnames: [\'shop.example.com\'] })', build: canary({}) },
  { title: '1. Start the canary at weight 0 (pods up, no traffic yet)', change: 'canary: { image: V2 }', commands: 'kubectl -n shop rollout status deployment/web-canary', build: canary({ canary: { image: V2 } }) },
  { title: '2. Send it 10% of requests', change: 'canaryWeight: 10', build: canary({ canary: { image: V2 }, canaryWeight: 10 }) },
  { title: '3. Then 25%', change: 'canaryWeight: 25', build: canary({ canary: { image: V2 }, canaryWeight: 25 }) },
  { title: '4. Then 50%', change: 'canaryWeight: 50', build: canary({ canary: { image: V2 }, canaryWeight: 50 }) },
  {
    title: '5. Promote: stable takes 1.5.0, the weight returns to 0, the canary scales to zero',
    change: 'stable: { image: V2 }, canary: undefined, canaryWeight: 0',
    commands: 'kubectl -n shop rollout status deployment/web-stable',
    build: canary({ stable: { image: V2 } }),
  },
];

const CONFIG_V1: AppConfig = { files: { 'application.yml': 'greeting: hello\n' } };
const CONFIG_V2: AppConfig = { files: { 'application.yml': 'greeting: bonjour\n' } };
const rolling = (props: Partial<SafeRollingDeploymentProps>) => (scope: Construct) => new SafeRollingDeployment(scope, 'web', {
  ...common, image: V1, config: CONFIG_V1, ...props,
});

export const CONFIG_STEPS: Step[] = [
  { title: 'Before: /config/application.yml says hello', change: 'config: { files: { \'application.yml\': \'greeting: hello\\n\' } }', build: rolling({}) },
  {
    title: '1. Change the file, and keep the old configuration for rollbacks',
    change: 'config: { files: { \'application.yml\': \'greeting: bonjour\\n\' } }, previousConfigs: [the old config]',
    commands: 'kubectl -n shop rollout status deployment/web   # a rolling update, like a new image',
    build: rolling({ config: CONFIG_V2, previousConfigs: [CONFIG_V1] }),
  },
  {
    title: '2. If it misbehaves: roll back at once (no commit), then revert the commit of step 1',
    change: 'nothing',
    commands: 'kubectl -n shop rollout undo deployment/web   # step 0\'s pods, and its ConfigMap is still there',
    build: rolling({ config: CONFIG_V2, previousConfigs: [CONFIG_V1] }),
  },
  {
    title: '3. Later, once the new configuration has proven itself: let the old one go',
    change: 'previousConfigs: []',
    build: rolling({ config: CONFIG_V2, previousConfigs: [] }),
  },
];

/** Abort at any step: `canaryWeight: 0` (and drop the canary image when giving up on it). */
function yamlOf(build: (scope: Construct) => void): string {
  const chart = Testing.chart();
  build(chart);
  return Yaml.stringify(...Testing.synth(chart));
}

export function renderSteps(steps: Step[]): string {
  const out: string[] = [];
  let previous: string | undefined;
  for (const step of steps) {
    const current = yamlOf(step.build);
    out.push(`**${step.title}**`, '');
    if (previous === undefined) {
      out.push(`Props: \`${step.change}\``, '');
    } else {
      out.push(`Change: \`${step.change}\``, '');
      // The manual's test runs every shell block it can; these talk to a cluster.
      if (step.commands) out.push('<!-- not run: needs a cluster -->', '```sh', step.commands, '```', '');
      const diff = unifiedDiff(previous, current);
      out.push(diff ? '```diff\n' + diff + '```' : '_No change to the manifests._', '');
    }
    previous = current;
  }
  return out.join('\n');
}

/** A unified diff with 2 lines of context (LCS over lines; manifests are a few hundred lines). */
export function unifiedDiff(a: string, b: string, context = 2): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ op: ' ', line: x[i] }); i++; j++;
    } else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', line: x[i] }); i++; // removals first, as reviewers read diffs
    } else {
      ops.push({ op: '+', line: y[j] }); j++;
    }
  }
  const keep = ops.map((o, k) => o.op !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((n) => n.op !== ' '));
  let text = '';
  ops.forEach((o, k) => {
    if (keep[k]) text += `${o.op}${o.line}\n`;
    else if (k > 0 && keep[k - 1]) text += '@@\n';
  });
  return text;
}

export function renderWalkthroughs(): Record<string, string> {
  return {
    'blue-green': renderSteps(BLUE_GREEN_STEPS),
    'blue-green-one-commit': renderSteps(BLUE_GREEN_ONE_COMMIT_STEPS),
    'canary': renderSteps(CANARY_STEPS),
    'config': renderSteps(CONFIG_STEPS),
  };
}

if (require.main === module) {
  for (const page of updateWalkthroughs(manualPages(), renderWalkthroughs()).map(withContents)) {
    const file = path.join(ROOT, page.file);
    if (fs.readFileSync(file, 'utf-8') !== page.text) {
      fs.writeFileSync(file, page.text);
      console.log(`${page.file} updated`);
    }
  }
}
