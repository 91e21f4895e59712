import { BlueGreenApp, CanaryApp, Probe, SafeRollingDeployment, SecretData, Slot, TrafficRouter } from '../../src';
import type { AppConfig, BlueGreenAppProps, CanaryAppProps, SafeRollingDeploymentProps } from '../../src';
import { diffPaths } from '../support/diff';
import { expectAccepted, find, synth, synthError } from '../support/synth';

const image = 'registry.example.com/web:1.0.0';
const readiness = Probe.httpGet('/ready');
const rolling = (props: Partial<SafeRollingDeploymentProps>) => synth((chart) => new SafeRollingDeployment(chart, 'web', { image, readiness, ...props }));
const rollingError = (props: Partial<SafeRollingDeploymentProps>) => synthError((chart) => new SafeRollingDeployment(chart, 'web', { image, readiness, ...props }));
const blueGreen = (props: Partial<BlueGreenAppProps>) => synth((chart) => new BlueGreenApp(chart, 'web', {
  readiness, activeSlot: Slot.BLUE, blue: { image }, green: { image: 'registry.example.com/web:1.1.0' }, ...props,
}));
const canaryApp = (props: Partial<CanaryAppProps>) => synth((chart) => new CanaryApp(chart, 'web', { readiness, stable: { image }, ...props }));

const gateway = TrafficRouter.gatewayApi({ gatewayName: 'gw', hostnames: ['web.example.com'] });
const v1: AppConfig = { files: { 'application.yml': 'greeting: hello\n' } };
const v2: AppConfig = { files: { 'application.yml': 'greeting: bonjour\n' } };
const byKind = (manifests: any[], kind: string) => manifests.filter((m) => m.kind === kind).map((m) => m.metadata.name).sort();
const podOf = (deployment: any) => deployment.spec.template.spec;
/** Every ConfigMap and Secret a pod template refers to (volumes and env), the names `rollout undo` would need. */
const referenced = (deployment: any): string[] => {
  const pod = podOf(deployment);
  const names = (pod.volumes ?? []).map((v: any) => v.configMap?.name ?? v.secret?.secretName).filter(Boolean);
  for (const e of pod.containers[0].env ?? []) names.push(e.valueFrom?.configMapKeyRef?.name ?? e.valueFrom?.secretKeyRef?.name);
  return [...new Set(names.filter(Boolean) as string[])].sort();
};

describe('content-named configuration', () => {
  test('the name is <app>-config-<first 10 hex of SHA-256 of the canonical bytes>, pinned', () => {
    // Worked out outside the library: the canonical serialization is JSON of the [key, value] pairs
    // sorted by key, so
    //   printf '%s' '[["application.yml","greeting: hello\n"]]' | sha256sum        -> 8910aec140…
    //   printf '%s' '[["LOG_LEVEL","info"],["TZ","Asia/Shanghai"]]' | sha256sum    -> 62a1f29b3f…
    // (inside single quotes `\n` stays the two characters of the JSON escape). A different machine,
    // Node version or key order cannot change these names.
    const manifests = rolling({ config: { ...v1, env: { TZ: 'Asia/Shanghai', LOG_LEVEL: 'info' } } });
    expect(byKind(manifests, 'ConfigMap')).toEqual(['web-config-8910aec140', 'web-config-env-62a1f29b3f']);
    const files = find(manifests, 'ConfigMap', 'web-config-8910aec140');
    expect(files).toMatchObject({ immutable: true, data: { 'application.yml': 'greeting: hello\n' } });
    expect(files.metadata.labels['app.kubernetes.io/name']).toBe('web');
    const pod = podOf(find(manifests, 'Deployment'));
    expect(pod.volumes).toContainEqual({ name: 'app-config', configMap: { name: 'web-config-8910aec140' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'app-config', mountPath: '/config', readOnly: true });
    expect(pod.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'web-config-env-62a1f29b3f', key: 'LOG_LEVEL' } } },
      { name: 'TZ', valueFrom: { configMapKeyRef: { name: 'web-config-env-62a1f29b3f', key: 'TZ' } } },
    ]);
  });

  test('the same content gives the same name whatever the order it was written in', () => {
    const a = rolling({ config: { env: { TZ: 'UTC', A: '1' } } });
    const b = rolling({ config: { env: { A: '1', TZ: 'UTC' } } });
    expect(byKind(a, 'ConfigMap')).toEqual(byKind(b, 'ConfigMap'));
    expect(a).toEqual(b);
  });

  test('changing one value changes the ConfigMap name, the pod template\'s reference and nothing else', () => {
    const before = rolling({ config: v1 });
    const after = rolling({ config: v2 });
    const [oldName] = byKind(before, 'ConfigMap');
    const [newName] = byKind(after, 'ConfigMap');
    expect(oldName).not.toBe(newName);
    expect(diffPaths(before, after)).toEqual([
      `ConfigMap/${newName} (added)`,
      `ConfigMap/${oldName} (removed)`,
      'Deployment/web spec.template.spec.volumes.1.configMap.name',
    ]);
  });

  test('every strategy\'s output with files, env, secrets and secret versions passes the API server rules and the linters', () => {
    const config: AppConfig = {
      files: { 'application.yml': 'a: 1\n' }, env: { TZ: 'UTC' },
      secretFiles: SecretData.fromLiterals({ 'db.password': 'hunter2' }), secretEnv: SecretData.fromLiterals({ API_TOKEN: 't0k3n' }),
      secretVersions: { 'tls-cert': '2026-11-01' },
    };
    expectAccepted(rolling({ config, configMapMounts: [{ configMapName: 'legacy', mountPath: '/legacy' }] }));
    expectAccepted(blueGreen({ config, green: { image, config: { ...config, env: { TZ: 'Europe/Paris' } } } }));
    expectAccepted(canaryApp({ config, canary: { config: v2 }, trafficRouter: gateway }));
  });
});

describe('secrets', () => {
  const secretFiles = SecretData.fromLiterals({ 'db.password': 'hunter2' });

  test('declared secret data becomes an immutable Opaque Secret named by its content, mounted read-only', () => {
    const manifests = rolling({ config: { secretFiles, secretEnv: SecretData.fromLiterals({ API_TOKEN: 't0k3n' }) } });
    // printf '%s' '[["db.password","hunter2"]]' | sha256sum -> 3f598b89eb… (the same hash as a ConfigMap's)
    const [files, env] = byKind(manifests, 'Secret');
    expect(files).toBe('web-secret-3f598b89eb');
    expect(env).toMatch(/^web-secret-env-[0-9a-f]{10}$/);
    expect(find(manifests, 'Secret', files)).toMatchObject({ type: 'Opaque', immutable: true, data: { 'db.password': Buffer.from('hunter2').toString('base64') } });
    const pod = podOf(find(manifests, 'Deployment'));
    expect(pod.volumes).toContainEqual({ name: 'app-secret', secret: { secretName: files } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'app-secret', mountPath: '/secrets', readOnly: true });
    expect(pod.containers[0].env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: env, key: 'API_TOKEN' } } }]);
  });

  test('rotating a Secret of the cluster is a release: its version is a pod template annotation, and only that changes', () => {
    const before = rolling({ config: { secretVersions: { 'tls-cert': '1' } } });
    const after = rolling({ config: { secretVersions: { 'tls-cert': '2' } } });
    expect(find(after, 'Deployment').spec.template.metadata.annotations).toEqual({ 'secret-version.release-strategies.cdk8s.io/tls-cert': '2' });
    expect(diffPaths(before, after)).toEqual(['Deployment/web spec.template.metadata.annotations.secret-version.release-strategies.cdk8s.io/tls-cert']);
  });

  test('secret values never appear in error messages, whatever the mistake', () => {
    const secret = SecretData.fromLiterals({ 'bad/key': 'hunter2', 'x': 'a'.repeat(1024 * 1024) });
    const messages = [
      rollingError({ config: { secretFiles: secret } }),
      rollingError({ config: { secretFile: secret } as AppConfig }),
      rollingError({ confg: { secretFiles: secret } } as Partial<SafeRollingDeploymentProps>),
      rollingError({ config: { secretEnv: SecretData.fromLiterals({ '1TOKEN': 'hunter2' }) } }),
    ];
    for (const message of messages) expect(message).not.toContain('hunter2');
    expect(messages[0]).toContain('\'config.secretFiles\' is "bad/key"');
    expect(messages[0]).toContain('at most 1 MiB');
    expect(messages[1]).toContain('did you mean \'secretFiles\'');
    expect(messages[2]).toContain('(secret data, 2 key(s))');
    expect(messages[3]).toContain('\'config.secretEnv\' is "1TOKEN"');
  });
});

describe('per version', () => {
  test('BlueGreenApp: each slot\'s configuration exists side by side, and a flip changes only the Service selectors', () => {
    const props: Partial<BlueGreenAppProps> = { blue: { image, config: v1 }, green: { image: 'registry.example.com/web:1.1.0', config: v2 } };
    const blueActive = blueGreen({ ...props, activeSlot: Slot.BLUE });
    const greenActive = blueGreen({ ...props, activeSlot: Slot.GREEN });
    // The same app name and content give the same names as in a SafeRollingDeployment.
    const [v1Name] = byKind(rolling({ config: v1 }), 'ConfigMap');
    const [v2Name] = byKind(rolling({ config: v2 }), 'ConfigMap');
    expect(byKind(blueActive, 'ConfigMap')).toEqual([v1Name, v2Name].sort());
    expect(referenced(find(blueActive, 'Deployment', 'web-blue'))).toEqual([v1Name]);
    expect(referenced(find(blueActive, 'Deployment', 'web-green'))).toEqual([v2Name]);
    // Besides the Argo CD sync waves of the slots (which slot is applied before the Services: no pod change).
    expect(diffPaths(blueActive, greenActive).filter((p) => !p.endsWith('argocd.argoproj.io/sync-wave'))).toEqual([
      'Service/web spec.selector.release-strategies.cdk8s.io/slot',
      'Service/web-preview spec.selector.release-strategies.cdk8s.io/slot',
    ]);
  });

  test('BlueGreenApp: slots without their own configuration share the app\'s, as one object', () => {
    const manifests = blueGreen({ config: v1 });
    expect(byKind(manifests, 'ConfigMap')).toHaveLength(1);
    expect(referenced(find(manifests, 'Deployment', 'web-blue'))).toEqual(referenced(find(manifests, 'Deployment', 'web-green')));
  });

  test('CanaryApp: the canary runs the new configuration, stable the one it has, and a config-only canary gets pods', () => {
    const manifests = canaryApp({ config: v1, canary: { config: v2 }, trafficRouter: gateway });
    expect(referenced(find(manifests, 'Deployment', 'web-stable'))).toEqual(byKind(rolling({ config: v1 }), 'ConfigMap'));
    expect(referenced(find(manifests, 'Deployment', 'web-canary'))).toEqual(byKind(rolling({ config: v2 }), 'ConfigMap'));
    expect(find(manifests, 'Deployment', 'web-canary').spec.replicas).toBe(2);
    // Without its own, the canary runs what stable runs.
    const same = canaryApp({ stable: { image, config: v2 }, canary: { image: 'registry.example.com/web:1.1.0' } });
    expect(referenced(find(same, 'Deployment', 'web-canary'))).toEqual(referenced(find(same, 'Deployment', 'web-stable')));
  });
});

describe('rollback', () => {
  test('with the old config in previousConfigs, the revision `kubectl rollout undo` restores finds its ConfigMap', () => {
    const release1 = rolling({ config: v1 });
    const release2 = rolling({ config: v2, previousConfigs: [v1] });
    // `rollout undo` brings back release 1's pod template, and with it release 1's references.
    const undone = referenced(find(release1, 'Deployment'));
    expect(undone).toHaveLength(1);
    expect(byKind(release2, 'ConfigMap')).toEqual(expect.arrayContaining(undone));
    // Without it, the object would be pruned: this is what previousConfigs is for.
    expect(byKind(rolling({ config: v2 }), 'ConfigMap')).not.toEqual(expect.arrayContaining(undone));
    // Keeping it changes nothing else: the old object stays as it was.
    expect(diffPaths(release1, release2)).toEqual([
      `ConfigMap/${referenced(find(release2, 'Deployment'))[0]} (added)`,
      'Deployment/web spec.template.spec.volumes.1.configMap.name',
    ]);
    expectAccepted(release2);
  });
});

describe('clear errors', () => {
  test('data over the 1 MiB object limit', () => {
    const message = rollingError({ config: { files: { 'big.txt': 'x'.repeat(1024 * 1024) } } });
    expect(message).toContain('SafeRollingDeployment: \'config.files\' is "1048583 bytes of keys and values"; a ConfigMap holds at most 1 MiB (1048576 bytes)');
    // Exactly at the limit is accepted (keys count: 'a' + 1048575 bytes).
    expect(() => rolling({ config: { files: { a: 'x'.repeat(1024 * 1024 - 1) } } })).not.toThrow();
  });

  test.each([['a/b'], ['..data'], ['.'], ['k'.repeat(254)], ['has space']])('an invalid ConfigMap key %p', (key) => {
    expect(rollingError({ config: { files: { [key]: 'x' } } })).toContain(`'config.files' is ${JSON.stringify(key)}; a ConfigMap or Secret key`);
  });

  test('valid keys that are not file-like are fine', () => {
    expect(() => rolling({ config: { files: { '.hidden': 'x', 'a-b_c.d': 'y', 'UPPER': 'z' } } })).not.toThrow();
  });

  test.each([
    ['/tmp', 'security.writablePaths[0]', {}],
    ['/tmp/config', 'security.writablePaths[0]', {}],
    ['/', 'security.writablePaths[0]', {}],
    ['/legacy', 'configMapMounts[0].mountPath', { configMapMounts: [{ configMapName: 'legacy', mountPath: '/legacy' }] }],
    ['/data/config', 'security.writablePaths[1]', { security: { writablePaths: ['/tmp', '/data'] } }],
  ])('a mount path %p colliding with %s', (mountPath, other, extra) => {
    expect(rollingError({ ...extra, config: { ...v1, mountPath } }))
      .toContain(`'config.mountPath' is ${JSON.stringify(mountPath)}; it collides with the volume mounted at`);
    expect(rollingError({ ...extra, config: { ...v1, mountPath } })).toContain(`(${other})`);
  });

  test('files and secret files at the same path, a relative path', () => {
    expect(rollingError({ config: { ...v1, secretFiles: SecretData.fromLiterals({ a: 'b' }), secretMountPath: '/config' } }))
      .toContain('\'config.secretMountPath\' is "/config"; it collides with the volume mounted at "/config" (config.mountPath)');
    expect(rollingError({ config: { ...v1, mountPath: 'config' } })).toContain('\'config.mountPath\' is "config"; a mount path is an absolute directory');
  });

  test('a variable set twice, a bad variable name, a bad Secret name in secretVersions, a slot\'s bad config named by its prop', () => {
    expect(rollingError({ env: { TZ: 'UTC' }, config: { env: { TZ: 'UTC' } } })).toContain('\'config.env\' is "TZ"; the variable is also set by \'env\'');
    expect(rollingError({ config: { env: { '1X': 'a' } } })).toContain('\'config.env\' is "1X"; an environment variable name');
    expect(rollingError({ config: { secretVersions: { Bad_Name: '1' } } })).toContain('\'config.secretVersions\' is "Bad_Name"');
    expect(rollingError({ config: { secretVersions: { ['s'.repeat(64)]: '1' } } })).toContain('at most 63 characters');
    const message = synthError((chart) => new BlueGreenApp(chart, 'web', {
      readiness, activeSlot: Slot.BLUE, blue: { image }, green: { image, config: { files: { 'a/b': '' } } },
    }));
    expect(message).toContain('BlueGreenApp: \'green.config.files\' is "a/b"');
  });
});
