/**
 * What kubectl reads is what the user wrote (issue #19): every string prop the library accepts comes
 * back identical when dist/ is read the way kubectl reads it (test/support/kubectl-reader.ts), for
 * values of every shape go-yaml reads differently from the YAML 1.1 writer, in every place a user
 * string lands.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { CanaryApp, CanaryMatch, Probe, SafeRollingDeployment, SafeRollingDeploymentProps, TrafficRouter } from '../../src';
import { goPlainScalarType, UNREADABLE_RAW } from '../../src/core/go-yaml';
import { installKubectlSafeYaml } from '../../src/core/kubectl-yaml';
import { mayHaveFindings, parsedTextFindings } from '../../src/validation/yaml-readback';
import { validateInputs } from '../../src/validation/validate';
import { readLikeKubectl, readPlain } from '../support/kubectl-reader';

/** Strings go-yaml reads as another type when written plain, or whose characters it refuses or folds. */
const SHAPES = [
  '0o755', '0O17', '+0o17', '-0o17', '0B101', '0b-1', '0X1F', '0x1F', '0755', '08', '1_000', '0o7_55', '1e3', '1_0e5', '+.5', '.5_5',
  'y', 'N', 'yes', 'on', 'Off', 'true', 'null', '~', '.inf', '-.Inf', '.NaN', '<<',
  'a\x7Fb', 'a\x80b', 'a\x85b', 'a\x9Fb', 'a\u2028b', 'trail\u2029', '\uFEFFbom', 'a\uFFFEb', 'two\nlines\u2028',
];

/** Go's reading of each plain scalar, worked out from resolve.go and strconv (not from the implementation). */
const GO_TYPES: [string, string][] = [
  ['0o755', 'int'], ['0O17', 'int'], ['+0o17', 'int'], ['-0o17', 'int'], ['0B101', 'int'], ['0b-1', 'int'], ['0b+1', 'int'],
  ['-0b1', 'int'], ['-0b-1', 'str'], ['0X1F', 'int'], ['0x_1f', 'int'], ['0755', 'int'], ['08', 'float'], ['0O8', 'str'],
  ['0x', 'str'], ['0o', 'str'], ['1_000', 'int'], ['1__0', 'int'], ['_1', 'str'], ['1e3', 'float'], ['1_0e5', 'float'], ['5.', 'float'],
  ['+.5', 'float'], ['.5_5', 'float'], ['._5', 'str'], ['.5e999', 'str'], ['1e999', 'str'], ['0x1p-2', 'str'], ['12e', 'str'],
  ['18446744073709551615', 'int'], ['0xFFFFFFFFFFFFFFFF', 'int'], ['0x1FFFFFFFFFFFFFFFF', 'str'], ['-9223372036854775808', 'int'],
  ['-9223372036854775809', 'float'], ['y', 'bool'], ['Off', 'bool'], ['oN', 'str'], ['null', 'null'], ['', 'null'], ['<<', 'merge'],
  ['.inf', 'float'], ['.Nan', 'str'], ['2024-01-01', 'str'], ['1.4.2', 'str'], ['v1', 'str'], ['-', 'str'], ['+', 'str'],
];

describe('go-yaml\'s reading of plain scalars', () => {
  test.each(GO_TYPES)('%j is read as %s', (text, type) => {
    expect(goPlainScalarType(text)).toBe(type);
  });

  test('the test reader model agrees with the implementation (within 64-bit range; `<<` is a merge only as a key)', () => {
    for (const [text, type] of GO_TYPES.filter(([t]) => t !== '<<' && !/^[-+]?[0-9x]{17,}|FFFF/.test(t))) {
      expect([text, typeof readPlain(text) === 'string' ? 'str' : 'other']).toEqual([text, type === 'str' ? 'str' : 'other']);
    }
  });

  test('cdk8s\' YAML 1.1 writer alone leaves such strings misread: the model sees it', () => {
    const raw = YAML.stringify({ value: '0o755' }, { version: '1.1' });
    expect(raw).toBe('value: 0o755\n');
    expect(readLikeKubectl(raw)).toEqual([{ value: { goInt: '0o755' } }]);
    expect(() => readLikeKubectl(YAML.stringify({ value: 'a\x7Fb' }, { version: '1.1' }))).toThrow(/control characters/);
    expect(() => readLikeKubectl(YAML.stringify({ value: 'a\u2028b' }, { version: '1.1' }))).toThrow(/line break/);
  });
});

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const rolling = (props: Partial<SafeRollingDeploymentProps>) => (chart: Construct) =>
  new SafeRollingDeployment(chart, 'web', { namespace: 'shop', image: IMAGE, readiness: Probe.httpGet('/ready'), ...props });
const canary = (props: object) => (chart: Construct) => new CanaryApp(chart, 'web', {
  namespace: 'shop', stable: { image: IMAGE }, canary: { image: 'registry.example.com/shop/web:1.5.0' }, readiness: Probe.httpGet('/ready'), ...props,
});

/** Every place a user string lands, as a function of the string. */
const PLACES: Record<string, (v: string) => (chart: Construct) => unknown> = {
  'env value': (v) => rolling({ env: { UMASK: v } }),
  'label value': (v) => rolling({ labels: { 'team.example.com/tier': v } }),
  'label key': (v) => rolling({ labels: { [v]: 'x' } }),
  'version (label value)': (v) => rolling({ version: v }),
  'change-cause annotation': (v) => rolling({ changeCause: v }),
  'command': (v) => rolling({ command: [v] }),
  'args': (v) => rolling({ args: ['--mode', v] }),
  'exec probe': (v) => rolling({ readiness: Probe.exec(['/bin/check', v]) }),
  'port name': (v) => rolling({ ports: [{ port: 8080, name: v }] }),
  'ConfigMap name': (v) => rolling({ configMapMounts: [{ configMapName: v, mountPath: '/etc/app' }] }),
  'Secret name': (v) => rolling({ secretMounts: [{ secretName: v, mountPath: '/etc/secret' }] }),
  'priorityClassName': (v) => rolling({ priorityClassName: v }),
  'serviceAccountName': (v) => rolling({ serviceAccountName: v }),
  'Gateway API hostname': (v) => canary({ trafficRouter: TrafficRouter.gatewayApi({ gatewayName: 'gw', hostnames: [v] }) }),
  'Istio host': (v) => canary({ trafficRouter: TrafficRouter.istio({ hosts: [v] }) }),
  'NGINX host': (v) => canary({ trafficRouter: TrafficRouter.nginxIngress({ host: v }) }),
  'header value': (v) => canary({ trafficRouter: TrafficRouter.istio(), canaryMatch: CanaryMatch.header('X-Canary', v) }),
  'cookie name': (v) => canary({ trafficRouter: TrafficRouter.istio(), canaryMatch: CanaryMatch.cookie(v) }),
  'NGINX header value': (v) => canary({ trafficRouter: TrafficRouter.nginxIngress({ host: 'shop.example.com' }), canaryMatch: CanaryMatch.header('X-Canary', v) }),
};

/** Synthesizes into a fresh dist/ the way `cdk8s synth` does; undefined when the props are refused. */
function synthDist(build: (chart: Construct) => unknown): { written: unknown[]; read: unknown[] } | undefined {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readback-'));
  try {
    const app = new App({ outdir });
    const chart = new Chart(app, 'shop');
    try {
      build(chart);
      app.synth();
    } catch {
      return undefined;
    }
    const text = fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf-8');
    return { written: chart.toJson(), read: readLikeKubectl(text) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const contains = (value: unknown, wanted: string): boolean =>
  // a cookie name lands inside a regular expression, escaped
  (typeof value === 'string' && (value.includes(wanted) || value.includes(wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))) || (typeof value === 'object' && value !== null && Object.entries(value).some(([k, v]) => k === wanted || contains(v, wanted)));

describe.each(Object.entries(PLACES))('%s', (_place, build) => {
  const accepted: string[] = [];
  test.each(SHAPES)('%j: refused at synth, or read back by kubectl exactly as given', (value) => {
    const out = synthDist(build(value));
    if (!out) return;
    accepted.push(value);
    expect(out.read).toEqual(out.written);
    expect(contains(out.read, value)).toBe(true);
  });

  test('the place is exercised: some of those values are accepted', () => {
    expect(accepted.length).toBeGreaterThan(0);
  });
});

describe('strings no YAML can carry', () => {
  test('a lone surrogate is refused at synth, naming the construct, the prop, the value and why', () => {
    const chart = Testing.chart();
    rolling({ env: { BROKEN: 'a\uD800b' } })(chart);
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/web\] SafeRollingDeployment: 'env\.BROKEN' is "a\\ud800b"; it holds a lone UTF-16 surrogate.*kubectl could not read it back as written/);
  });

  test('in a key and in a nested option, each named by its prop', () => {
    const chart = Testing.chart();
    rolling({ labels: { ['team\uDC00']: 'x' }, readiness: Probe.httpGet('/ready\uD800') })(chart);
    const message = (() => { try { Testing.synth(chart); return ''; } catch (e) { return (e as Error).message; } })();
    expect(message).toContain("'labels.team\\udc00' is \"team\\udc00\"");
    expect(message).toMatch(/'readiness\.[\w.]*path' is "\/ready\\ud800"/);
  });
});

const cdk8sManifest = (value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { key: value } });

describe('RS113: a value kubectl reads differently from what the file says', () => {
  /** RS113's findings in a file of that text, with the objects read as YAML 1.1 (or as the CLI reads them: 1.2). */
  const check = (text: string, version: '1.1' | '1.2' = '1.1') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs113-'));
    const file = path.join(dir, 'app.k8s.yaml');
    fs.writeFileSync(file, text);
    try {
      const manifests = YAML.parseAllDocuments(text, { version }).map((d) => d.toJS());
      return validateInputs(manifests.map((manifest) => ({ manifest, file })))
        .filter((v) => v.ruleId === 'RS113').map((v) => `${v.object} ${v.path}: ${v.message}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n${data}`;

  test('reports plain values of a hand-written file that go-yaml reads as numbers, keys too; not what YAML 1.1 reads alike', () => {
    // off, n and 1e3 are a boolean, a boolean and a float to YAML 1.1 as well: no difference to report.
    expect(check(`${cm('  umask: 0o755\n  mode: "0o755"\n  flag: off\n  0X1F: hex\n  n: 1e3\n  merge: <<\n')}`)).toEqual([
      'ConfigMap/shop/settings data.umask: the value "0o755" is written unquoted as 0o755, which kubectl reads as an integer, not a string: quote it',
      'ConfigMap/shop/settings data["0X1F"]: the key "0X1F" is written unquoted as 0X1F, which kubectl reads as an integer, not a string: quote it',
    ]);
  });

  test('reports raw characters kubectl refuses or reads as line breaks, in the document that holds them', () => {
    const found = check(`${cm('  ok: fine\n')}---\n${cm('  del: "a\x7Fb"\n  ls: a\u2028b\n').replace('settings', 'other')}`);
    expect(found).toEqual([
      expect.stringMatching(/^ConfigMap\/shop\/other data\.del: the value "a\\u007fb" is written with a raw U\+007F, which kubectl refuses/),
      expect.stringMatching(/^ConfigMap\/shop\/other data\.ls: the value "a\\u2028b" is written with a raw U\+2028, which kubectl reads as a line break/),
    ]);
  });

  test('is clean on the files the constructs write, whatever the strings; the lexer pre-scan passes them (no second parse)', () => {
    for (const value of SHAPES) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs113-'));
      try {
        const app = new App({ outdir });
        rolling({ env: { V: value }, args: [value] })(new Chart(app, 'shop'));
        app.synth();
        const file = path.join(outdir, 'shop.k8s.yaml');
        const text = fs.readFileSync(file, 'utf-8');
        expect(mayHaveFindings(text)).toBe(false);
        const manifests = YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
        expect(manifests.length).toBeGreaterThan(2);
        expect(validateInputs(manifests.map((manifest) => ({ manifest, file }))).filter((v) => v.ruleId === 'RS113')).toEqual([]);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
  });

  test('a merge key is reported (go-yaml merges; the plugin\'s rules saw a key "<<"), a value "<<" is not, and a merge of a scalar does not stop the rule', () => {
    expect(check(cm('  first: <<\n  list: |\n    - <<\n'), '1.2')).toEqual([]);
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n  labels: {<<: {team: web}}\n', '1.2')).toEqual([
      'ConfigMap/shop/settings metadata.labels["<<"]: the key "<<" is written unquoted as <<, which kubectl reads as a merge key, not a string: quote it',
    ]);
    expect(check(cm('  <<: 0o7\n'), '1.2')).toEqual([
      'ConfigMap/shop/settings data["<<"]: the key "<<" is written unquoted as <<, which kubectl reads as a merge key, not a string: quote it',
      'ConfigMap/shop/settings data["<<"]: the value "0o7" is written unquoted as 0o7, which kubectl reads as an integer, not a string: quote it',
    ]);
  });

  test('the lexer pre-scan stops at texts found by an adversarial review (a merge key whose \':\' comes later, a misplaced block scalar header)', () => {
    for (const text of [
      'metadata:\n  annotations: &common {team: web}\n  labels: {<<  # shared\n    : *common, tier: front}\n', '{<<\n: {a: 1}}', '[<<\n: {a: 1}]',
      ': - <<\n', '| ---\n0o7', '"q" | ---\n0o7', 'a: 1\n[x] |\n0o7', 'kind: ConfigMap\ndata: {}\n--- "x" | ---\n0o755',
    ]) {
      expect({ text, found: parsedTextFindings(text).findings.length > 0 }).toEqual({ text, found: true });
      expect({ text, flagged: mayHaveFindings(text) }).toEqual({ text, flagged: true });
    }
  });

  test('the lexer pre-scan passes no text the parse finds something in', () => {
    const tokens = [...GO_TYPES.map(([text]) => text), ...SHAPES, 'web', 'v1.4.2', '8080', '2', 'true', 'shop.example.com', '10%', '-1', '2024-01-01 10:00:00', '1:20', '1:20.5', '0x_', '!!str', '&a', '*a'];
    const scalar = fc.tuple(fc.constantFrom(...tokens), fc.constantFrom('plain', 'plain', 'single', 'double'))
      .map(([text, style]) => style === 'plain' ? text : style === 'single' ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text));
    const node = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      fc.array(scalar, { maxLength: 3 }).map((items) => `{${items.map((item, i) => `k${i}: ${item}`).join(', ')}}`),
      fc.constantFrom('|\n    0o755\n    y', '>-\n    1e3'),
    );
    const documents = fc.array(fc.array(fc.tuple(scalar, node), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
      .map((docs) => docs.map((pairs) => pairs.map(([key, value]) => `${key}: ${value}`).join('\n')).join('\n---\n') + '\n');
    let found = 0;
    fc.assert(fc.property(documents, (text) => {
      let findings;
      try {
        findings = parsedTextFindings(text).findings;
      } catch {
        return true; // not a manifest file (a merge of a scalar): the CLI's parse fails first
      }
      if (findings.length > 0) found++;
      return findings.length === 0 || mayHaveFindings(text);
    }), { numRuns: 2000 });
    expect(found).toBeGreaterThan(100); // the property was exercised
  });

  test('an object given without its file is checked for strings no YAML can carry', () => {
    const found = validateInputs([{ manifest: cdk8sManifest('a\uDC00') }]).filter((v) => v.ruleId === 'RS113');
    expect(found.map((v) => `${v.path}: ${v.message}`)).toEqual([
      'data.key: "a\\udc00": it holds a lone UTF-16 surrogate, which neither YAML nor UTF-8 can carry',
    ]);
  });
});

describe('the YAML writer hook: a document without a string to quote is written by cdk8s as it is', () => {
  // Strings of every kind the writer meets: the common ones it hands over untouched (names, images,
  // paths), those cdk8s' YAML 1.1 writer quotes by itself (digits: a sync wave "1"; the empty string),
  // and those only the hook quotes (go-yaml's numbers and words) or escapes.
  const STRINGS = [
    'web', 'registry.example.com/shop/web:1.4.2', 'app.kubernetes.io/name', 'http', '/ready', 'Always', 'ON_FAILURE', 'a b', 'x: y',
    '0', '1', '80', '007', '', ' lead', 'trail ', '-', '- a', '#x', '1.4.2', '2024-01-01', 'é', 'naïve', 'Yes', 'off', 'nO', 'nulls', ...SHAPES,
  ];
  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...STRINGS), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('map')),
    array: fc.array(tie('value'), { maxLength: 3 }),
    map: fc.dictionary(fc.constantFrom(...STRINGS), tie('value'), { maxKeys: 4 }),
  })).map;
  const strings = (value: unknown): string[] => typeof value === 'string' ? [value]
    : typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => [...(Array.isArray(value) ? [] : [k]), ...strings(v)]) : [];

  /** What the hook wrote before it had a fast path: every string marked (characters kubectl refuses are also escaped). */
  const markedEverywhere = (docs: unknown[]): string => docs.map((doc) => {
    const document = new YAML.Document(doc, { keepUndefined: true, version: '1.1' });
    YAML.visit(document, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && (goPlainScalarType(node.value) !== 'str' || UNREADABLE_RAW.test(node.value))) node.type = 'QUOTE_DOUBLE';
      },
    });
    return document.toString({ lineWidth: 0 });
  }).join('---\n');

  test('writes byte for byte what marking every string would, and kubectl reads back every document as it was', () => {
    installKubectlSafeYaml();
    fc.assert(fc.property(fc.array(json, { minLength: 1, maxLength: 3 }), (docs) => {
      const written = Yaml.stringify(...docs);
      if (!strings(docs).some((text) => UNREADABLE_RAW.test(text))) expect(written).toBe(markedEverywhere(docs));
      expect(readLikeKubectl(written)).toEqual(docs);
    }), { numRuns: 2000, seed: 29 });
  });
});
