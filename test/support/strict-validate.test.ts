import { Finding, parseQuantity, strictValidate, unsupportedCelRules } from './strict-validate';

// ---------------------------------------------------------------------------
// A good, complete set: what the constructs are expected to synthesize.
// Each test copies it and breaks exactly one thing.
// ---------------------------------------------------------------------------

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/version': '1.2.3' },
      annotations: { 'example.com/owner': 'team-a', 'kubernetes.io/change-cause': 'release 1.2.3' },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      minReadySeconds: 10,
      progressDeadlineSeconds: 600,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'web' },
        matchExpressions: [
          { key: 'track', operator: 'In', values: ['stable', 'canary'] },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: { 'app.kubernetes.io/name': 'web', track: 'stable' },
          annotations: { 'prometheus.io/scrape': 'true' },
        },
        spec: {
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 45,
          serviceAccountName: 'web',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'registry.example.com/web:1.2.3',
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: 'http', containerPort: 8080, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9090 },
              ],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } },
              ],
              resources: {
                requests: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '1Gi' },
                limits: { cpu: 1, memory: '0.5Gi', 'ephemeral-storage': '2G' },
              },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/live', port: 8080, scheme: 'HTTP' }, successThreshold: 1 },
              startupProbe: { tcpSocket: { port: 'http' }, failureThreshold: 30, periodSeconds: 2 },
              lifecycle: { preStop: { sleep: { seconds: 10 } } },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/web', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'web-config' } },
            { name: 'tmp', emptyDir: {} },
          ],
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
              matchLabelKeys: ['pod-template-hash'],
            },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
    },
  };
}

function podDisruptionBudget(): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}

function horizontalPodAutoscaler(): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
        },
      },
    },
  };
}

function otherObjects(): any[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' },
      data: { 'app.properties': 'a=b', 'log-level': 'info' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' },
    },
    {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-db', namespace: 'shop' }, type: 'Opaque',
      data: { password: 'c2VjcmV0' }, stringData: { username: 'web' },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com', '*.shop.example.com'], secretName: 'web-tls' }],
        rules: [{
          host: 'shop.example.com',
          http: { paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
            { path: '/metrics', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 9090 } } } },
          ] },
        }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
          ports: [{ port: 'http' }, { port: 30000, endPort: 30100, protocol: 'TCP' }],
        }],
      },
    },
  ];
}

function goodSet(): any[] {
  return [deployment(), service(), podDisruptionBudget(), horizontalPodAutoscaler(), ...otherObjects()];
}

/** Paths of the findings, to assert that exactly the broken fields are reported. */
function paths(findings: Finding[]): string[] {
  return findings.map((f) => f.path);
}

/** Validates one manifest after `mutate` broke it. */
function validateBroken(make: () => any, mutate: (m: any) => void): Finding[] {
  const manifest = make();
  mutate(manifest);
  return strictValidate([manifest]);
}

const containerPath = 'spec.template.spec.containers[0]';

// ---------------------------------------------------------------------------

describe('a good, complete set', () => {
  test('is accepted', () => {
    expect(strictValidate(goodSet())).toEqual([]);
  });

  test('is still accepted when frozen (validation does not touch the input)', () => {
    const frozen = deepFreeze(goodSet());
    expect(strictValidate(frozen)).toEqual([]);
  });
});

describe('schema (kubernetes-models)', () => {
  test('wrong types are reported at their path', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.replicas = '3'; });
    expect(findings).toEqual([{ object: 'Deployment/web', path: 'spec.replicas', message: 'schema: must be integer' }]);
  });

  test('missing required fields are reported', () => {
    const findings = validateBroken(deployment, (d) => { delete d.spec.template.spec.containers[0].name; });
    expect(paths(findings)).toContain(`${containerPath}.name`);
  });

  test('an int-or-string of the wrong type yields one finding', () => {
    const findings = validateBroken(service, (s) => { s.spec.ports[0].targetPort = true; });
    expect(findings).toEqual([expect.objectContaining({ path: 'spec.ports[0].targetPort', message: 'schema: must be a number or a string' })]);
  });

  test('an unknown apiVersion/kind has no schema', () => {
    const findings = strictValidate([
      { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'old' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'no schema known for extensions/v1beta1/Ingress',
      'no schema known for example.com/v1/Widget',
    ]);
  });
});

// ---------------------------------------------------------------------------
// Custom resources, validated against the vendored CRDs in crds/
// ---------------------------------------------------------------------------

function httpRoute(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'https' }],
      hostnames: ['web.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }],
          backendRefs: [{ name: 'web-canary', port: 80 }],
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [
            { group: '', kind: 'Service', name: 'web-primary', port: 80, weight: 90 },
            { name: 'web-canary', port: 80, weight: 10 },
          ],
          timeouts: { request: '30s', backendRequest: '10s' },
        },
      ],
    },
  };
}

function virtualService(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      hosts: ['web.shop.svc.cluster.local'],
      http: [
        {
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'always' } } }],
          route: [{ destination: { host: 'web', subset: 'canary', port: { number: 80 } } }],
        },
        {
          name: 'primary',
          route: [
            { destination: { host: 'web', subset: 'stable', port: { number: 80 } }, weight: 90 },
            { destination: { host: 'web', subset: 'canary', port: { number: 80 } }, weight: 10 },
          ],
          timeout: '30s',
          retries: { attempts: 2, perTryTimeout: '10s' },
        },
      ],
    },
  };
}

function destinationRule(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      host: 'web',
      trafficPolicy: { connectionPool: { tcp: { connectTimeout: '2s' } } },
      subsets: [
        { name: 'stable', labels: { 'app.kubernetes.io/name': 'web', track: 'stable' } },
        { name: 'canary', labels: { 'app.kubernetes.io/name': 'web', track: 'canary' } },
      ],
    },
  };
}

function rollout(): any {
  const d = deployment();
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [d.spec.template.spec.containers[0]] } },
      strategy: { canary: { maxSurge: '25%', maxUnavailable: 0, steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: {} }] } },
    },
  };
}

function validateCr(make: () => any, breakIt: (m: any) => void): Finding[] {
  const manifest = make();
  breakIt(manifest);
  return strictValidate([manifest]);
}

describe('custom resources (pinned CRDs)', () => {
  test('a valid HTTPRoute, VirtualService, DestinationRule and Rollout are accepted', () => {
    expect(strictValidate([httpRoute(), virtualService(), destinationRule(), rollout()])).toEqual([]);
  });

  test('defaults are applied before validation and the input is not touched', () => {
    // backendRef kind / group / weight and the match path are left to the CRD defaults.
    const minimal = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
    };
    const frozen = deepFreeze(minimal);
    expect(strictValidate([frozen])).toEqual([]);
    expect(frozen.spec.rules[0]).toEqual({ backendRefs: [{ name: 'web', port: 80 }] });
  });

  test('every served version is checked against its own schema', () => {
    const v1beta1 = httpRoute();
    v1beta1.apiVersion = 'gateway.networking.k8s.io/v1beta1';
    const v1alpha3 = virtualService();
    v1alpha3.apiVersion = 'networking.istio.io/v1alpha3';
    const drV1beta1 = destinationRule();
    drV1beta1.apiVersion = 'networking.istio.io/v1beta1';
    expect(strictValidate([v1beta1, v1alpha3, drV1beta1])).toEqual([]);
  });

  test('a version the CRD does not serve is refused', () => {
    const findings = validateCr(httpRoute, (r) => { r.apiVersion = 'gateway.networking.k8s.io/v1alpha2'; });
    expect(findings).toEqual([{
      object: 'HTTPRoute/web',
      path: '',
      message: expect.stringMatching(/^no matches for kind "HTTPRoute" in version "gateway.networking.k8s.io\/v1alpha2" .*serves v1, v1beta1/),
    }]);
  });

  test('a kind of a CRD group that is not pinned has no schema', () => {
    const findings = strictValidate([{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public' } }]);
    expect(findings.map((f) => f.message)).toEqual(['no schema known for gateway.networking.k8s.io/v1/Gateway']);
  });

  test('an unknown field (a misspelled backendRefs) is reported with its path', () => {
    const findings = validateCr(httpRoute, (r) => {
      r.spec.rules[1].backendRef = r.spec.rules[1].backendRefs;
      delete r.spec.rules[1].backendRefs;
    });
    expect(findings).toEqual([{ object: 'HTTPRoute/web', path: 'spec.rules[1].backendRef', message: 'unknown field "spec.rules[1].backendRef"' }]);
  });

  test('unknown fields in Istio, Argo and in metadata are reported too', () => {
    const vs = virtualService();
    vs.spec.http[1].route[0].destination.subnet = 'stable';
    const dr = destinationRule();
    dr.spec.subsets[0].label = { track: 'stable' };
    const ro = rollout();
    ro.spec.strategy.canary.steps[0].setWieght = 20;
    ro.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    ro.metadata.lables = {};
    expect(strictValidate([vs, dr, ro]).map((f) => `${f.object} ${f.path}`)).toEqual([
      'VirtualService/web spec.http[1].route[0].destination.subnet',
      'DestinationRule/web spec.subsets[0].label',
      'Rollout/web spec.strategy.canary.steps[0].setWieght',
      'Rollout/web spec.template.spec.containers[0].imagePullPolcy',
      'Rollout/web metadata.lables',
    ]);
  });

  test('free-form fields (x-kubernetes-preserve-unknown-fields, maps) accept anything', () => {
    const ro = rollout();
    ro.spec.strategy.canary.trafficRouting = { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web', namespace: 'shop' } } };
    const vs = virtualService();
    vs.spec.http[1].headers = { request: { set: { 'x-anything': 'goes' } } };
    expect(strictValidate([ro, vs])).toEqual([]);
  });

  test('a weight over the schema maximum is reported', () => {
    const findings = validateCr(httpRoute, (r) => { r.spec.rules[1].backendRefs[0].weight = 1000001; });
    expect(findings).toEqual([{ object: 'HTTPRoute/web', path: 'spec.rules[1].backendRefs[0].weight', message: 'schema: must be <= 1000000' }]);
  });

  test('a wrong type is reported, and CEL rules are then not run (as on the server)', () => {
    const findings = validateCr(httpRoute, (r) => { r.spec.rules[1].backendRefs[0].port = '80'; });
    expect(findings).toEqual([
      { object: 'HTTPRoute/web', path: 'spec.rules[1].backendRefs[0].port', message: 'schema: must be integer' },
      { object: 'HTTPRoute/web', path: '', message: expect.stringContaining('some validation rules were not checked') },
    ]);
    const weight = validateCr(virtualService, (v) => { v.spec.http[1].route[0].weight = '90'; });
    expect(weight[0]).toEqual({ object: 'VirtualService/web', path: 'spec.http[1].route[0].weight', message: 'schema: must be integer' });
  });

  test('a missing required field is reported', () => {
    // As on the server, the CEL rules that read the missing field fail too ("no such key").
    expect(validateCr(httpRoute, (r) => { delete r.spec.parentRefs[0].name; })).toEqual([
      { object: 'HTTPRoute/web', path: 'spec.parentRefs[0].name', message: 'required value is missing' },
      { object: 'HTTPRoute/web', path: 'spec.parentRefs', message: expect.stringMatching(/^invalid value: no such key: name evaluating rule: sectionName must be specified/) },
      { object: 'HTTPRoute/web', path: 'spec.parentRefs', message: expect.stringMatching(/^invalid value: no such key: name evaluating rule: sectionName must be unique/) },
    ]);
    expect(validateCr(destinationRule, (d) => { delete d.spec.subsets[1].name; })).toEqual([
      { object: 'DestinationRule/web', path: 'spec.subsets[1].name', message: 'required value is missing' },
    ]);
    expect(validateCr(virtualService, (v) => { delete v.spec.http[1].route[0].destination.host; })).toEqual([
      { object: 'VirtualService/web', path: 'spec.http[1].route[0].destination.host', message: 'required value is missing' },
    ]);
  });

  test('enums, patterns and lengths are checked', () => {
    const findings = validateCr(httpRoute, (r) => {
      r.spec.rules[0].matches[0].headers[0].type = 'Prefix';
      r.spec.rules[0].matches[0].headers[0].name = 'x canary';
      r.spec.hostnames = ['Web.Example.com'];
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.hostnames[0]', expect.stringMatching(/^schema: must match pattern/)],
      ['spec.rules[0].matches[0].headers[0].name', expect.stringMatching(/^schema: must match pattern/)],
      ['spec.rules[0].matches[0].headers[0].type', 'schema: must be one of "Exact", "RegularExpression"'],
    ]);
  });

  test('Istio one-of fields (a string match with exact and prefix) are reported once', () => {
    const findings = validateCr(virtualService, (v) => { v.spec.http[0].match[0].headers['x-canary'] = { exact: 'a', prefix: 'b' }; });
    expect(findings).toEqual([{
      object: 'VirtualService/web',
      path: 'spec.http[0].match[0].headers.x-canary',
      message: 'schema: at most one of "exact", "prefix", "regex" must be set',
    }]);
  });

  test('x-kubernetes-int-or-string fields take an integer or a string only', () => {
    expect(validateCr(rollout, (r) => { r.spec.strategy.canary.maxSurge = '25%'; })).toEqual([]);
    expect(validateCr(rollout, (r) => { r.spec.strategy.canary.maxSurge = true; })[0]).toEqual({
      object: 'Rollout/web', path: 'spec.strategy.canary.maxSurge', message: 'schema: must be an integer or a string',
    });
  });

  test('list-type map keys must be unique', () => {
    const findings = validateCr(httpRoute, (r) => { r.spec.rules[0].matches[0].headers.push({ name: 'x-canary', value: 'never' }); });
    expect(findings).toEqual([{
      object: 'HTTPRoute/web',
      path: 'spec.rules[0].matches[0].headers[1]',
      message: 'duplicate entry: key {"name":"x-canary"} (x-kubernetes-list-type: map)',
    }]);
  });

  test('metadata is checked as on every kind', () => {
    const findings = validateCr(destinationRule, (d) => { d.metadata.name = 'Web_DR'; });
    expect(findings.map((f) => f.path)).toEqual(['metadata.name']);
  });

  describe('x-kubernetes-validations (CEL)', () => {
    test('every rule in the pinned CRDs is understood (none is skipped)', () => {
      expect(unsupportedCelRules()).toEqual([]);
    });

    test('Gateway API: a Service backendRef needs a port', () => {
      expect(validateCr(httpRoute, (r) => { delete r.spec.rules[1].backendRefs[1].port; })).toEqual([
        { object: 'HTTPRoute/web', path: 'spec.rules[1].backendRefs[1]', message: 'invalid value: Must have port for Service reference' },
      ]);
      // ... but not a backendRef of another kind
      expect(validateCr(httpRoute, (r) => {
        r.spec.rules[1].backendRefs[1] = { group: 'example.com', kind: 'Backend', name: 'b', weight: 10 };
      })).toEqual([]);
    });

    test('Gateway API: path values are checked for Exact and PathPrefix', () => {
      const findings = validateCr(httpRoute, (r) => { r.spec.rules[0].matches[0].path = { type: 'Exact', value: '/a//b#c' }; });
      expect(findings.map((f) => f.message)).toEqual([
        "invalid value: must not contain '//' when type one of ['Exact', 'PathPrefix']",
        "invalid value: must not contain '#' when type one of ['Exact', 'PathPrefix']",
        "invalid value: must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
      ]);
      expect(validateCr(httpRoute, (r) => { r.spec.rules[0].matches[0].path = { type: 'RegularExpression', value: '.*//' }; })).toEqual([]);
    });

    test('Gateway API: the same parent twice needs distinct section names', () => {
      const findings = validateCr(httpRoute, (r) => { r.spec.parentRefs.push({ name: 'public', namespace: 'infra' }); });
      expect(findings).toEqual([{
        object: 'HTTPRoute/web',
        path: 'spec.parentRefs',
        message: 'invalid value: sectionName must be specified when parentRefs includes 2 or more references to the same parent',
      }]);
      expect(validateCr(httpRoute, (r) => { r.spec.parentRefs.push({ name: 'public', namespace: 'infra', sectionName: 'http' }); })).toEqual([]);
    });

    test('Gateway API: a backend timeout may not exceed the request timeout', () => {
      const findings = validateCr(httpRoute, (r) => { r.spec.rules[1].timeouts = { request: '10s', backendRequest: '1m' }; });
      expect(findings.map((f) => [f.path, f.message])).toEqual([
        ['spec.rules[1].timeouts', expect.stringContaining('backendRequest timeout cannot be longer than request timeout')],
      ]);
    });

    test('Gateway API: RequestRedirect and backendRefs do not mix; filters must match their type', () => {
      const findings = validateCr(httpRoute, (r) => {
        r.spec.rules[1].filters = [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }, { type: 'URLRewrite' }];
      });
      expect(findings.map((f) => [f.path, f.message])).toEqual([
        ['spec.rules[1]', 'invalid value: RequestRedirect filter must not be used together with backendRefs'],
        ['spec.rules[1].filters', 'invalid value: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'],
        ['spec.rules[1].filters[1]', 'invalid value: filter.urlRewrite must be specified for URLRewrite filter.type'],
      ]);
    });

    test('Istio: durations must parse and be at least 1ms', () => {
      expect(validateCr(virtualService, (v) => { v.spec.http[1].timeout = '0s'; })).toEqual([
        { object: 'VirtualService/web', path: 'spec.http[1].timeout', message: 'invalid value: must be a valid duration greater than 1ms' },
      ]);
      const unparsable = validateCr(destinationRule, (d) => { d.spec.trafficPolicy.connectionPool.tcp.connectTimeout = '2 seconds'; });
      expect(unparsable).toEqual([{
        object: 'DestinationRule/web',
        path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
        message: expect.stringMatching(/^invalid value: invalid duration "2 seconds" evaluating rule/),
      }]);
    });

    test('Istio: workloadSelector label keys may not contain wildcards', () => {
      const findings = validateCr(destinationRule, (d) => { d.spec.workloadSelector = { matchLabels: { 'app*': 'web' } }; });
      expect(findings.map((f) => f.path)).toEqual(['spec.workloadSelector.matchLabels']);
    });
  });

  test('duplicates among custom resources are reported', () => {
    const findings = strictValidate([virtualService(), { ...virtualService(), apiVersion: 'networking.istio.io/v1beta1' }]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('duplicate object: manifest #1')]);
  });
});

describe('unknown fields (--validate=strict)', () => {
  test('a misspelled maxSurge is reported with its path', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSure: 1 }; });
    expect(findings).toEqual([{
      object: 'Deployment/web',
      path: 'spec.strategy.rollingUpdate.maxSure',
      message: 'unknown field "spec.strategy.rollingUpdate.maxSure"',
    }]);
  });

  test('unknown fields deep in arrays and at the top level are reported', () => {
    const findings = validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].ports[1].nmae = 'x';
      d.spec.template.spec.containers[0].readinessProbe.httpGet.paht = '/';
      d.metdata = {};
    });
    expect(paths(findings).sort()).toEqual([
      'metdata',
      `${containerPath}.ports[1].nmae`,
      `${containerPath}.readinessProbe.httpGet.paht`,
    ]);
  });

  test('map-valued fields accept any key', () => {
    const findings = validateBroken(deployment, (d) => {
      d.metadata.labels.anything = 'goes';
      d.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' };
      d.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu'] = 1;
    });
    expect(findings).toEqual([]);
  });
});

describe('names', () => {
  test('a Service name must start with a letter', () => {
    const findings = validateBroken(service, (s) => { s.metadata.name = '1web'; });
    expect(findings).toEqual([expect.objectContaining({ object: 'Service/1web', path: 'metadata.name', message: expect.stringMatching(/DNS-1035 label/) })]);
  });

  test('a Namespace name is a DNS-1123 label (no dots), other kinds allow subdomains', () => {
    expect(paths(strictValidate([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop.prod' } }]))).toEqual(['metadata.name']);
    expect(validateBroken(podDisruptionBudget, (p) => { p.metadata.name = 'web.v2'; })).toEqual([]);
  });

  test('names longer than 253 characters and upper case names are refused', () => {
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.metadata.name = 'a'.repeat(254); }))).toEqual(['metadata.name']);
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.metadata.name = 'Web'; }))).toEqual(['metadata.name']);
  });

  test('a missing name and a bad namespace are reported', () => {
    expect(paths(validateBroken(podDisruptionBudget, (p) => { delete p.metadata.name; }))).toEqual(['metadata.name']);
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.metadata.namespace = 'shop_prod'; }))).toEqual(['metadata.namespace']);
  });
});

describe('labels and annotations', () => {
  test('a bad label value is reported', () => {
    const findings = validateBroken(deployment, (d) => { d.metadata.labels['app.kubernetes.io/version'] = 'v1.2.3-'; });
    expect(findings).toEqual([expect.objectContaining({
      path: 'metadata.labels["app.kubernetes.io/version"]',
      message: expect.stringMatching(/invalid label value "v1.2.3-"/),
    })]);
  });

  test('label values longer than 63 characters are refused', () => {
    const findings = validateBroken(deployment, (d) => { d.metadata.labels.commit = 'a'.repeat(64); });
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/no more than 63 characters/)]);
  });

  test('bad label keys are reported in metadata, selectors and pod templates', () => {
    const findings = validateBroken(deployment, (d) => {
      d.metadata.labels['-bad'] = 'x';
      d.metadata.labels['a/b/c'] = 'x';
      d.metadata.labels['Example.com/x'] = 'x';
      d.spec.template.metadata.labels['bad key'] = 'x';
    });
    expect(paths(findings)).toEqual([
      'metadata.labels["-bad"]',
      'metadata.labels["a/b/c"]',
      'metadata.labels["Example.com/x"]',
      'spec.template.metadata.labels["bad key"]',
    ]);
  });

  test('a Service selector with a bad label value is reported', () => {
    const findings = validateBroken(service, (s) => { s.spec.selector.tier = 'front end'; });
    expect(paths(findings)).toEqual(['spec.selector.tier']);
  });

  test('annotation keys are checked, and their total size is limited to 256 KiB', () => {
    expect(paths(validateBroken(deployment, (d) => { d.metadata.annotations['bad//key'] = 'x'; })))
      .toEqual(['metadata.annotations["bad//key"]']);
    // Upper case prefixes are fine: the API server lower-cases annotation keys before checking.
    expect(validateBroken(deployment, (d) => { d.metadata.annotations['Example.COM/Owner'] = 'x'; })).toEqual([]);
    const findings = validateBroken(deployment, (d) => { d.metadata.annotations.big = 'x'.repeat(256 * 1024); });
    expect(findings).toEqual([expect.objectContaining({ path: 'metadata.annotations', message: expect.stringMatching(/too long/) })]);
  });
});

describe('Deployment', () => {
  test('a selector that does not match the template labels is reported', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.template.metadata.labels['app.kubernetes.io/name'] = 'api'; });
    expect(findings).toEqual([expect.objectContaining({
      path: 'spec.template.metadata.labels',
      message: '`selector` does not match template `labels`',
    })]);
  });

  test('matchExpressions are evaluated against the template labels', () => {
    expect(paths(validateBroken(deployment, (d) => { d.spec.template.metadata.labels.track = 'beta'; })))
      .toEqual(['spec.template.metadata.labels']);
    expect(paths(validateBroken(deployment, (d) => { d.spec.template.metadata.labels.legacy = 'yes'; })))
      .toEqual(['spec.template.metadata.labels']);
    const notIn = validateBroken(deployment, (d) => {
      d.spec.selector.matchExpressions = [{ key: 'track', operator: 'NotIn', values: ['canary'] }, { key: 'track', operator: 'Exists' }];
    });
    expect(notIn).toEqual([]);
  });

  test('malformed selectors and empty selectors are reported', () => {
    expect(paths(validateBroken(deployment, (d) => { d.spec.selector.matchExpressions = [{ key: 'track', operator: 'In' }]; })))
      .toContain('spec.selector.matchExpressions[0].values');
    expect(paths(validateBroken(deployment, (d) => { d.spec.selector.matchExpressions = [{ key: 'track', operator: 'Has' }]; })))
      .toContain('spec.selector.matchExpressions[0].operator');
    expect(paths(validateBroken(deployment, (d) => { d.spec.selector = {}; }))).toEqual(['spec.selector']);
    expect(paths(validateBroken(deployment, (d) => { delete d.spec.selector; }))).toEqual(['spec.selector']);
  });

  test('maxSurge and maxUnavailable may not both be 0', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }; });
    expect(findings).toEqual([expect.objectContaining({
      path: 'spec.strategy.rollingUpdate.maxUnavailable',
      message: 'may not be 0 when `maxSurge` is 0',
    })]);
    // One explicit zero is fine: the other defaults to 25%.
    expect(validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSurge: 0 }; })).toEqual([]);
  });

  test('maxSurge / maxUnavailable must be a non-negative int or a percentage, maxUnavailable at most 100%', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSurge: '5', maxUnavailable: '150%' }; });
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      ['spec.strategy.rollingUpdate.maxSurge', expect.stringMatching(/percentage string/)],
      ['spec.strategy.rollingUpdate.maxUnavailable', expect.stringMatching(/not be greater than 100%/)],
    ]);
    expect(paths(validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSurge: -1 }; })))
      .toEqual(['spec.strategy.rollingUpdate.maxSurge']);
    // More than 100% surge is allowed.
    expect(validateBroken(deployment, (d) => { d.spec.strategy.rollingUpdate = { maxSurge: '200%' }; })).toEqual([]);
  });

  test('rollingUpdate is only allowed with the RollingUpdate strategy', () => {
    expect(paths(validateBroken(deployment, (d) => { d.spec.strategy.type = 'Recreate'; })))
      .toEqual(['spec.strategy.rollingUpdate']);
    expect(validateBroken(deployment, (d) => { d.spec.strategy = { type: 'Recreate' }; })).toEqual([]);
    expect(paths(validateBroken(deployment, (d) => { d.spec.strategy.type = 'BlueGreen'; }))).toEqual(['spec.strategy.type']);
  });

  test('negative counts and a progress deadline not above minReadySeconds are reported', () => {
    const findings = validateBroken(deployment, (d) => {
      d.spec.replicas = -1;
      d.spec.revisionHistoryLimit = -1;
      d.spec.minReadySeconds = 600;
    });
    expect(paths(findings)).toEqual(['spec.replicas', 'spec.revisionHistoryLimit', 'spec.progressDeadlineSeconds']);
  });

  test('the pod template restartPolicy must be Always', () => {
    expect(paths(validateBroken(deployment, (d) => { d.spec.template.spec.restartPolicy = 'Never'; })))
      .toEqual(['spec.template.spec.restartPolicy']);
  });
});

describe('pod spec', () => {
  test('a 16-character port name is refused', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.template.spec.containers[0].ports[1].name = 'metrics-exporter'; });
    expect(findings).toEqual([expect.objectContaining({
      path: `${containerPath}.ports[1].name`,
      message: expect.stringMatching(/no more than 15 characters/),
    })]);
  });

  test('port names follow IANA_SVC_NAME and are unique within the pod', () => {
    const findings = validateBroken(deployment, (d) => {
      const ports = d.spec.template.spec.containers[0].ports;
      ports.push({ name: '8443', containerPort: 8443 }, { name: 'a--b', containerPort: 1 }, { name: 'Http', containerPort: 2 }, { name: 'http', containerPort: 3 });
    });
    expect(paths(findings)).toEqual([`${containerPath}.ports[5].name`, `${containerPath}.ports[2].name`, `${containerPath}.ports[3].name`, `${containerPath}.ports[4].name`]);
  });

  test('containerPort must be within 1..65535', () => {
    const findings = validateBroken(deployment, (d) => { d.spec.template.spec.containers[0].ports[0].containerPort = 70000; });
    expect(paths(findings)).toEqual([`${containerPath}.ports[0].containerPort`]);
  });

  test('container names are unique DNS-1123 labels', () => {
    const findings = validateBroken(deployment, (d) => {
      const containers = d.spec.template.spec.containers;
      containers.push({ name: 'web', image: 'x:1' }, { name: 'Side_Car', image: 'x:1' });
    });
    expect(paths(findings)).toEqual(['spec.template.spec.containers[1].name', 'spec.template.spec.containers[2].name']);
  });

  test('requests over limits are reported', () => {
    const findings = validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].resources = { requests: { cpu: '1500m', memory: '1Gi' }, limits: { cpu: '1', memory: '512Mi' } };
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [`${containerPath}.resources.requests.cpu`, 'invalid value "1500m": must be less than or equal to cpu limit of "1"'],
      [`${containerPath}.resources.requests.memory`, 'invalid value "1Gi": must be less than or equal to memory limit of "512Mi"'],
    ]);
  });

  test('invalid quantities and unknown resource names are reported', () => {
    const findings = validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].resources = { requests: { cpu: '1 core', memroy: '1Gi' }, limits: { memory: '-1Gi' } };
    });
    expect(paths(findings).sort()).toEqual([
      `${containerPath}.resources.limits.memory`,
      `${containerPath}.resources.requests.cpu`,
      `${containerPath}.resources.requests.memroy`,
    ]);
  });

  test('probes need exactly one handler and valid ports', () => {
    const findings = validateBroken(deployment, (d) => {
      const c = d.spec.template.spec.containers[0];
      c.readinessProbe = { httpGet: { path: '/', port: 'http' }, tcpSocket: { port: 8080 } };
      c.livenessProbe = { periodSeconds: 10 };
      c.startupProbe = { httpGet: { path: '/', port: '8080' } };
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [`${containerPath}.livenessProbe`, expect.stringMatching(/must specify a handler type/)],
      [`${containerPath}.readinessProbe`, expect.stringMatching(/may not specify more than 1 handler type/)],
      [`${containerPath}.startupProbe.httpGet.port`, expect.stringMatching(/at least one letter/)],
    ]);
  });

  test('numeric probe ports must be 1..65535 and liveness/startup successThreshold must be 1', () => {
    const findings = validateBroken(deployment, (d) => {
      const c = d.spec.template.spec.containers[0];
      c.livenessProbe = { tcpSocket: { port: 0 }, successThreshold: 2 };
      c.startupProbe = { grpc: { port: 70000 }, successThreshold: 3 };
      c.readinessProbe = { exec: { command: ['true'] }, successThreshold: 2 };
    });
    expect(paths(findings)).toEqual([
      `${containerPath}.livenessProbe.tcpSocket.port`,
      `${containerPath}.livenessProbe.successThreshold`,
      `${containerPath}.startupProbe.grpc.port`,
      `${containerPath}.startupProbe.successThreshold`,
    ]);
  });

  test('preStop needs exactly one handler, and a sleep must fit in the grace period', () => {
    expect(paths(validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].lifecycle.preStop = { sleep: { seconds: 5 }, exec: { command: ['sh', '-c', 'sleep 5'] } };
    }))).toEqual([`${containerPath}.lifecycle.preStop`]);
    expect(paths(validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].lifecycle.preStop = { httpGet: { path: '/drain', port: 'admin-port-number' } };
    }))).toEqual([`${containerPath}.lifecycle.preStop.httpGet.port`]);
    expect(paths(validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds = 60; // grace period is 45
    }))).toEqual([`${containerPath}.lifecycle.preStop.sleep.seconds`]);
  });

  test('volume mounts must reference declared volumes; volume names are unique DNS-1123 labels', () => {
    const findings = validateBroken(deployment, (d) => {
      const spec = d.spec.template.spec;
      spec.containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' });
      spec.volumes.push({ name: 'tmp', emptyDir: {} }, { name: 'Data', emptyDir: {} }, { name: 'both', emptyDir: {}, configMap: { name: 'x' } });
    });
    expect(paths(findings)).toEqual([
      'spec.template.spec.volumes[2].name',
      'spec.template.spec.volumes[3].name',
      'spec.template.spec.volumes[4]',
      `${containerPath}.volumeMounts[2].name`,
    ]);
  });

  test('terminationGracePeriodSeconds must not be negative', () => {
    expect(paths(validateBroken(deployment, (d) => { d.spec.template.spec.terminationGracePeriodSeconds = -1; })))
      .toContain('spec.template.spec.terminationGracePeriodSeconds');
  });

  test('topology spread constraints need maxSkew >= 1 and a known whenUnsatisfiable', () => {
    const findings = validateBroken(deployment, (d) => {
      const constraint = d.spec.template.spec.topologySpreadConstraints[0];
      constraint.maxSkew = 0;
      constraint.whenUnsatisfiable = 'Sometimes';
    });
    expect(paths(findings).sort()).toEqual([
      'spec.template.spec.topologySpreadConstraints[0].maxSkew',
      'spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable',
    ]);
  });

  test('env var names must be valid and unique', () => {
    const findings = validateBroken(deployment, (d) => {
      d.spec.template.spec.containers[0].env.push({ name: '1ST', value: 'x' }, { name: 'LOG_LEVEL', value: 'debug' });
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [`${containerPath}.env[3].name`, expect.stringMatching(/valid environment variable name/)],
      [`${containerPath}.env[4].name`, expect.stringMatching(/duplicate env var name "LOG_LEVEL"/)],
    ]);
  });

  test('a Job template must not restart Always (the default)', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' },
      spec: { template: { spec: { containers: [{ name: 'migrate', image: 'x:1' }] } } },
    };
    expect(paths(strictValidate([job]))).toEqual(['spec.template.spec.restartPolicy']);
  });
});

describe('Service', () => {
  test('needs ports, unless headless or ExternalName', () => {
    expect(paths(validateBroken(service, (s) => { s.spec.ports = []; }))).toEqual(['spec.ports']);
    expect(validateBroken(service, (s) => { s.spec.ports = []; s.spec.clusterIP = 'None'; })).toEqual([]);
  });

  test('ports: numbers, target ports, names', () => {
    const findings = validateBroken(service, (s) => {
      s.spec.ports = [
        { name: 'http', port: 0, targetPort: 70000 },
        { port: 81, targetPort: 'a-very-long-port-name' },
        { name: 'http', port: 82 },
      ];
    });
    expect(paths(findings)).toEqual([
      'spec.ports[0].port',
      'spec.ports[0].targetPort',
      'spec.ports[1].name',
      'spec.ports[1].targetPort',
      'spec.ports[2].name',
    ]);
    // One port needs no name; targetPort 0 is defaulted to port.
    expect(validateBroken(service, (s) => { s.spec.ports = [{ port: 80, targetPort: 0 }]; })).toEqual([]);
  });

  test('nodePort only for NodePort/LoadBalancer and within 30000-32767', () => {
    expect(paths(validateBroken(service, (s) => { s.spec.ports[0].nodePort = 30080; }))).toEqual(['spec.ports[0].nodePort']);
    expect(paths(validateBroken(service, (s) => { s.spec.type = 'NodePort'; s.spec.ports[0].nodePort = 8080; })))
      .toEqual(['spec.ports[0].nodePort']);
    expect(validateBroken(service, (s) => { s.spec.type = 'LoadBalancer'; s.spec.ports[0].nodePort = 30080; })).toEqual([]);
  });

  test('type must be known', () => {
    expect(paths(validateBroken(service, (s) => { s.spec.type = 'Internal'; }))).toEqual(['spec.type']);
  });
});

describe('PodDisruptionBudget', () => {
  test('exactly one of minAvailable / maxUnavailable', () => {
    expect(validateBroken(podDisruptionBudget, (p) => { p.spec.minAvailable = '50%'; }).map((f) => f.message))
      .toEqual(['minAvailable and maxUnavailable cannot be both set']);
    expect(paths(validateBroken(podDisruptionBudget, (p) => { delete p.spec.maxUnavailable; }))).toEqual(['spec']);
  });

  test('values are non-negative ints or percentages up to 100%', () => {
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.spec.maxUnavailable = '150%'; }))).toEqual(['spec.maxUnavailable']);
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.spec.maxUnavailable = 'one'; }))).toEqual(['spec.maxUnavailable']);
    expect(paths(validateBroken(podDisruptionBudget, (p) => { delete p.spec.maxUnavailable; p.spec.minAvailable = -1; })))
      .toEqual(['spec.minAvailable']);
  });

  test('unhealthyPodEvictionPolicy must be known', () => {
    expect(paths(validateBroken(podDisruptionBudget, (p) => { p.spec.unhealthyPodEvictionPolicy = 'Never'; })))
      .toEqual(['spec.unhealthyPodEvictionPolicy']);
  });
});

describe('HorizontalPodAutoscaler', () => {
  test('replica bounds', () => {
    expect(paths(validateBroken(horizontalPodAutoscaler, (h) => { h.spec.minReplicas = 0; }))).toEqual(['spec.minReplicas']);
    expect(paths(validateBroken(horizontalPodAutoscaler, (h) => { h.spec.maxReplicas = 2; }))).toEqual(['spec.maxReplicas']);
  });

  test('scaleTargetRef needs kind and name', () => {
    const findings = validateBroken(horizontalPodAutoscaler, (h) => { h.spec.scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: '' }; });
    expect(paths(findings)).toEqual(['spec.scaleTargetRef.name']);
  });

  test('metrics must be well-formed', () => {
    const findings = validateBroken(horizontalPodAutoscaler, (h) => {
      h.spec.metrics = [
        { type: 'Resource', pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
        { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '-1' } } },
        { type: 'Memory' },
      ];
    });
    expect(paths(findings)).toEqual([
      'spec.metrics[0]',
      'spec.metrics[0].resource',
      'spec.metrics[1].resource.target.averageUtilization',
      'spec.metrics[2].pods.target.averageValue',
      'spec.metrics[3].type',
    ]);
  });

  test('behavior policies are bounded', () => {
    const findings = validateBroken(horizontalPodAutoscaler, (h) => {
      h.spec.behavior.scaleDown.policies = [{ type: 'Percent', value: 0, periodSeconds: 3600 }];
    });
    expect(paths(findings)).toEqual(['spec.behavior.scaleDown.policies[0].value', 'spec.behavior.scaleDown.policies[0].periodSeconds']);
  });
});

describe('Ingress', () => {
  const ingress = () => otherObjects().find((o) => o.kind === 'Ingress');
  const pathAt = 'spec.rules[0].http.paths[0]';

  test('paths must start with "/" and have a pathType', () => {
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].http.paths[0].path = 'api'; }))).toEqual([`${pathAt}.path`]);
    expect(paths(validateBroken(ingress, (i) => { delete i.spec.rules[0].http.paths[0].pathType; }))).toContain(`${pathAt}.pathType`);
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].http.paths[0].pathType = 'Regex'; }))).toEqual([`${pathAt}.pathType`]);
  });

  test('backends need a service name and exactly one of port number / name', () => {
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].http.paths[0].backend.service.port = { number: 80, name: 'http' }; })))
      .toEqual([`${pathAt}.backend.service.port`]);
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].http.paths[0].backend.service.port = {}; })))
      .toEqual([`${pathAt}.backend.service.port`]);
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].http.paths[0].backend.service.name = '9web'; })))
      .toEqual([`${pathAt}.backend.service.name`]);
  });

  test('hosts must be DNS names', () => {
    expect(paths(validateBroken(ingress, (i) => { i.spec.rules[0].host = '10.0.0.1'; }))).toEqual(['spec.rules[0].host']);
  });
});

describe('NetworkPolicy, ConfigMap, Secret', () => {
  test('NetworkPolicy peers and CIDRs', () => {
    const policy = otherObjects().find((o) => o.kind === 'NetworkPolicy');
    policy.spec.ingress[0].from = [{}, { ipBlock: { cidr: '10.0.0.0/33' }, podSelector: {} }];
    expect(paths(strictValidate([policy]))).toEqual(['spec.ingress[0].from[0]', 'spec.ingress[0].from[1]', 'spec.ingress[0].from[1].ipBlock.cidr']);
  });

  test('ConfigMap keys must be valid config keys', () => {
    const configMap = otherObjects().find((o) => o.kind === 'ConfigMap');
    configMap.data['bad key'] = 'x';
    expect(paths(strictValidate([configMap]))).toEqual(['data["bad key"]']);
  });

  test('Secret data must be base64 and typed Secrets need their keys', () => {
    const secret = otherObjects().find((o) => o.kind === 'Secret');
    secret.data.password = 'not base64!';
    secret.type = 'kubernetes.io/tls';
    expect(paths(strictValidate([secret]))).toEqual(['data.password', 'data["tls.crt"]', 'data["tls.key"]']);
  });
});

describe('duplicates', () => {
  test('the same group/kind/namespace/name twice is reported once', () => {
    const findings = strictValidate([service(), podDisruptionBudget(), service()]);
    expect(findings).toEqual([{
      object: 'Service/web',
      path: '',
      message: 'duplicate object: manifest #2 has the same group, kind, namespace and name as manifest #0',
    }]);
  });

  test('other namespaces and other kinds with the same name are not duplicates', () => {
    const elsewhere = service();
    elsewhere.metadata.namespace = 'staging';
    expect(strictValidate([service(), elsewhere, deployment()])).toEqual([]);
  });
});

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5],
    ['1', 1],
    [2, 2],
    ['1.5', 1.5],
    ['1k', 1000],
    ['1M', 1e6],
    ['2G', 2e9],
    ['1T', 1e12],
    ['1Ki', 1024],
    ['256Mi', 256 * 2 ** 20],
    ['0.5Gi', 2 ** 29],
    ['1Ti', 2 ** 40],
    ['1e3', 1000],
    ['1E', 1e18],
    ['.5', 0.5],
    ['100n', 1e-7],
  ])('%p = %p', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  test.each(['', '1 Gi', '1gi', 'Gi', '1.2.3', '1e', 'abc'])('%p is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
