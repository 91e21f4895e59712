import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

/** Runs the real `cdk8s synth` of a throwaway project whose app is `appFile`. */
function cdk8sSynth(appFile: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-synth-'));
  const register = path.join(root, 'node_modules', 'ts-node', 'register', 'transpile-only');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node -r ${register} ${appFile}\n`);
  fs.mkdirSync(path.join(dir, 'dist'));
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') },
  });
  const dist = path.join(dir, 'dist');
  // The CLI empties dist/ before it runs the app; what is there afterwards is what the app wrote.
  return { status: result.status, output: `${result.stdout}${result.stderr}`, files: fs.existsSync(dist) ? fs.readdirSync(dist) : [] };
}

describe('cdk8s synth', () => {
  test('a bad prop fails the synth with the clear message and writes no file', () => {
    const result = cdk8sSynth(path.join(root, 'test', 'fixtures', 'bad-app.ts'));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('[bad/api] SafeRollingDeployment: \'image\' is "registry.example.com/api:latest"');
    expect(result.files).toEqual([]);
  });

  test('the examples synthesize one file per chart', () => {
    const result = cdk8sSynth(path.join(root, 'examples', 'main.ts'));
    expect(result.status).toBe(0);
    expect(result.files).toEqual(expect.arrayContaining(['seed-002-spring-boot-rolling.k8s.yaml', 'seed-004-django-blog-rolling.k8s.yaml']));
  });
});
