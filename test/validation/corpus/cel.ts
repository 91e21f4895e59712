/**
 * The CEL rules (`x-kubernetes-validations`) of the vendored CRDs, each with an object that passes it
 * and one that fails it. Every case is written from the rule's source text in crds/*.yaml (quoted in
 * `rule` below only by its message: test/validation/cel-rules.test.ts pairs them), its verdict read
 * off the rule, never from the plugin's output. The API server's error for a failing rule is
 * `<field path>: Invalid value: "object": <the rule's message>`.
 */
import { deployment, Mutation } from './base';

/** One CEL case: a mutation of a valid custom resource, and the CRD rule it exercises. */
export interface CelCase extends Mutation {
  /** The CRD kind and the rule's message, which names the rule within its kind. */
  readonly kind: string;
  readonly message: string;
}

const R = 'refused';
const A = 'accepted';

export function httpRoute(): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      parentRefs: [{ name: 'shop-gateway' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    },
  };
}

export function virtualService(): any {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' },
    spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web' } }] }] },
  };
}

export function destinationRule(): any {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'shop' },
    spec: { host: 'web', subsets: [{ name: 'stable', labels: { track: 'stable' } }] },
  };
}

export function rollout(): any {
  const labels = { app: 'web' };
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 2, selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.0.0' }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }] } },
    },
  };
}

export function flaggerCanary(): any {
  return {
    apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
    },
  };
}

/** A case: `change` applied to a fresh `make()`; `old` (for transition rules) is the object as the cluster has it. */
function cel(make: () => any, message: string, what: string, change: (o: any) => void, verdict: 'refused' | 'accepted',
  old?: (o: any) => void): CelCase {
  const kind = make().kind;
  return {
    kind, message, rule: verdict === R ? 'RS101' : '', what: `${kind}: ${what}`, verdict,
    server: verdict === R ? `Invalid value: "object": ${message}` : `passes: ${message}`,
    manifests: () => {
      const object = make();
      change(object);
      // A Canary's target must be in the app (RS124, a reference check): the corpus' Deployment.
      return kind === 'Canary' ? [object, deployment()] : [object];
    },
    ...(old ? { previous: () => { const object = make(); old(object); return [object]; } } : {}),
  };
}

const route0 = (o: any) => o.spec.rules[0];
const pathMatch = (o: any) => o.spec.rules[0].matches[0].path;
const filters = (o: any, list: any[]) => { route0(o).filters = list; };
const backendFilters = (o: any, list: any[]) => { route0(o).backendRefs[0].filters = list; };
const rewrite = (type: string, extra: any = {}) => ({ type: 'URLRewrite', urlRewrite: { path: { type, ...extra } } });
const redirect = (type: string, extra: any = {}) => ({ type: 'RequestRedirect', requestRedirect: { path: { type, ...extra } } });
const header = (type: 'RequestHeaderModifier' | 'ResponseHeaderModifier') =>
  ({ type, [type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier']: { set: [{ name: 'x-a', value: '1' }] } });
const cors = (extra: any = {}) => ({ type: 'CORS', cors: { allowOrigins: ['https://a.example.com'], ...extra } });
const mirror = (extra: any = {}) => ({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'web-shadow', port: 80 }, ...extra } });

const M = {
  sectionRequired: 'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
  sectionUnique: 'sectionName must be unique when parentRefs includes 2 or more references to the same parent',
  matches128: 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
  redirectWithBackends: 'RequestRedirect filter must not be used together with backendRefs',
  redirectPrefix: 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  rewritePrefix: 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  backendRedirectPrefix: 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  backendRewritePrefix: 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
  port: 'Must have port for Service reference',
  redirectAndRewrite: 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
  duration: 'must be a valid duration greater than 1ms',
};

/** `filter.<field> must be nil / specified` pairs, one per filter type. */
const FILTER_FIELDS: [string, string, any][] = [
  ['cors', 'CORS', cors().cors],
  ['requestHeaderModifier', 'RequestHeaderModifier', header('RequestHeaderModifier').requestHeaderModifier],
  ['responseHeaderModifier', 'ResponseHeaderModifier', header('ResponseHeaderModifier').responseHeaderModifier],
  ['requestMirror', 'RequestMirror', mirror().requestMirror],
  ['requestRedirect', 'RequestRedirect', { statusCode: 301 }],
  ['urlRewrite', 'URLRewrite', { hostname: 'a.example.com' }],
  ['extensionRef', 'ExtensionRef', { group: 'example.com', kind: 'Filter', name: 'f' }],
];

/** `<Type> filter cannot be repeated`, one per type that may appear once. */
const UNREPEATABLE: [string, any][] = [
  ['CORS', cors()], ['RequestHeaderModifier', header('RequestHeaderModifier')], ['ResponseHeaderModifier', header('ResponseHeaderModifier')],
  ['RequestRedirect', redirect('ReplaceFullPath', { replaceFullPath: '/a' })], ['URLRewrite', rewrite('ReplaceFullPath', { replaceFullPath: '/a' })],
];

/** The path rules: value that fails each, for type PathPrefix (the rules hold for RegularExpression). */
const PATH_RULES: [string, string][] = [
  ["value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']", 'api'],
  ["must not contain '//' when type one of ['Exact', 'PathPrefix']", '/api//v1'],
  ["must not contain '/./' when type one of ['Exact', 'PathPrefix']", '/api/./v1'],
  ["must not contain '/../' when type one of ['Exact', 'PathPrefix']", '/api/../v1'],
  ["must not contain '%2f' when type one of ['Exact', 'PathPrefix']", '/api%2fv1'],
  ["must not contain '%2F' when type one of ['Exact', 'PathPrefix']", '/api%2Fv1'],
  ["must not contain '#' when type one of ['Exact', 'PathPrefix']", '/api#v1'],
  ["must not end with '/..' when type one of ['Exact', 'PathPrefix']", '/api/..'],
  ["must not end with '/.' when type one of ['Exact', 'PathPrefix']", '/api/.'],
  ["must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']", '/api v1'],
];

export const CEL_CASES: readonly CelCase[] = [
  // Argo Rollouts: spec.selector `self == oldSelf` (a transition rule: only on update).
  cel(rollout, '.spec.selector is immutable', 'selector unchanged on update', () => undefined, A, () => undefined),
  cel(rollout, '.spec.selector is immutable', 'selector changed on update',
    (o) => { o.spec.selector.matchLabels.track = 'new'; o.spec.template.metadata.labels.track = 'new'; }, R, () => undefined),
  // Flagger: mirror backendRef of kind Service (group '') needs a port.
  cel(flaggerCanary, M.port, 'mirror backendRef with a port', (o) => { o.spec.service.mirror = [{ backendRef: { name: 'shadow', port: 80 } }]; }, A),
  cel(flaggerCanary, M.port, 'mirror backendRef without a port', (o) => { o.spec.service.mirror = [{ backendRef: { name: 'shadow' } }]; }, R),
  // Gateway API HTTPRoute parentRefs.
  cel(httpRoute, M.sectionRequired, 'two references to one Gateway, both with a sectionName',
    (o) => { o.spec.parentRefs = [{ name: 'gw', sectionName: 'http' }, { name: 'gw', sectionName: 'https' }]; }, A),
  cel(httpRoute, M.sectionRequired, 'two references to one Gateway, one without sectionName',
    (o) => { o.spec.parentRefs = [{ name: 'gw', sectionName: 'http' }, { name: 'gw' }]; }, R),
  cel(httpRoute, M.sectionUnique, 'two references to one Gateway with distinct sectionNames',
    (o) => { o.spec.parentRefs = [{ name: 'gw', sectionName: 'http' }, { name: 'gw', sectionName: 'https' }]; }, A),
  cel(httpRoute, M.sectionUnique, 'two references to one Gateway with the same sectionName',
    (o) => { o.spec.parentRefs = [{ name: 'gw', sectionName: 'http' }, { name: 'gw', sectionName: 'http' }]; }, R),
  // Gateway API rules.
  cel(httpRoute, M.matches128, '16 rules of 8 matches (128)', (o) => { o.spec.rules = manyRules(16, 8); }, A),
  cel(httpRoute, M.matches128, '16 rules of 9 matches (144)', (o) => { o.spec.rules = manyRules(16, 9); }, R),
  cel(httpRoute, M.redirectWithBackends, 'RequestRedirect without backendRefs',
    (o) => { delete route0(o).backendRefs; filters(o, [{ type: 'RequestRedirect', requestRedirect: { statusCode: 301 } }]); }, A),
  cel(httpRoute, M.redirectWithBackends, 'RequestRedirect beside backendRefs',
    (o) => { filters(o, [{ type: 'RequestRedirect', requestRedirect: { statusCode: 301 } }]); }, R),
  cel(httpRoute, M.redirectPrefix, 'redirect replacePrefixMatch with one PathPrefix match',
    (o) => { delete route0(o).backendRefs; filters(o, [redirect('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, A),
  cel(httpRoute, M.redirectPrefix, 'redirect replacePrefixMatch with an Exact match',
    (o) => { delete route0(o).backendRefs; pathMatch(o).type = 'Exact'; filters(o, [redirect('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, R),
  cel(httpRoute, M.rewritePrefix, 'rewrite replacePrefixMatch with one PathPrefix match',
    (o) => { filters(o, [rewrite('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, A),
  cel(httpRoute, M.rewritePrefix, 'rewrite replacePrefixMatch with two matches',
    (o) => { route0(o).matches.push({ path: { type: 'PathPrefix', value: '/b' } }); filters(o, [rewrite('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, R),
  cel(httpRoute, M.backendRedirectPrefix, 'backend redirect replacePrefixMatch with one PathPrefix match',
    (o) => { backendFilters(o, [redirect('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, A),
  cel(httpRoute, M.backendRedirectPrefix, 'backend redirect replacePrefixMatch with an Exact match',
    (o) => { pathMatch(o).type = 'Exact'; backendFilters(o, [redirect('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, R),
  cel(httpRoute, M.backendRewritePrefix, 'backend rewrite replacePrefixMatch with one PathPrefix match',
    (o) => { backendFilters(o, [rewrite('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, A),
  cel(httpRoute, M.backendRewritePrefix, 'backend rewrite replacePrefixMatch with a RegularExpression match',
    (o) => { pathMatch(o).type = 'RegularExpression'; pathMatch(o).value = '/a.*'; backendFilters(o, [rewrite('ReplacePrefixMatch', { replacePrefixMatch: '/v2' })]); }, R),
  cel(httpRoute, M.port, 'Service backendRef with a port', () => undefined, A),
  cel(httpRoute, M.port, 'Service backendRef without a port', (o) => { delete route0(o).backendRefs[0].port; }, R),
  cel(httpRoute, M.redirectAndRewrite, 'a RequestRedirect alone', (o) => { delete route0(o).backendRefs; filters(o, [redirect('ReplaceFullPath', { replaceFullPath: '/a' })]); }, A),
  cel(httpRoute, M.redirectAndRewrite, 'a RequestRedirect and a URLRewrite',
    (o) => { filters(o, [redirect('ReplaceFullPath', { replaceFullPath: '/a' }), rewrite('ReplaceFullPath', { replaceFullPath: '/b' })]); }, R),
  ...UNREPEATABLE.flatMap(([type, filter]) => [
    cel(httpRoute, `${type} filter cannot be repeated`, `one ${type} filter`,
      (o) => { if (type === 'RequestRedirect') delete route0(o).backendRefs; filters(o, [filter]); }, A),
    cel(httpRoute, `${type} filter cannot be repeated`, `two ${type} filters`,
      (o) => { if (type === 'RequestRedirect') delete route0(o).backendRefs; filters(o, [filter, filter]); }, R),
  ]),
  ...FILTER_FIELDS.flatMap(([field, type, value]) => [
    cel(httpRoute, `filter.${field} must be nil if the filter.type is not ${type}`, `${field} on a ${type} filter`,
      (o) => { if (type === 'RequestRedirect') delete route0(o).backendRefs; filters(o, [{ type, [field]: value }]); }, A),
    cel(httpRoute, `filter.${field} must be nil if the filter.type is not ${type}`, `${field} beside another filter's type`,
      (o) => { filters(o, [{ ...header('RequestHeaderModifier'), ...(type === 'RequestHeaderModifier' ? { type: 'ResponseHeaderModifier', responseHeaderModifier: value } : {}), [field]: value }]); }, R),
    cel(httpRoute, `filter.${field} must be specified for ${type} filter.type`, `type ${type} with ${field}`,
      (o) => { if (type === 'RequestRedirect') delete route0(o).backendRefs; filters(o, [{ type, [field]: value }]); }, A),
    cel(httpRoute, `filter.${field} must be specified for ${type} filter.type`, `type ${type} without ${field}`,
      (o) => { if (type === 'RequestRedirect') delete route0(o).backendRefs; filters(o, [{ type }]); }, R),
  ]),
  ...(['allowHeaders', 'allowMethods', 'allowOrigins'] as const).flatMap((field) => {
    const message = field === 'allowOrigins' ? "AllowOrigins cannot contain '*' alongside other origins"
      : `${field === 'allowHeaders' ? 'AllowHeaders' : 'AllowMethods'} cannot contain '*' alongside other methods`;
    const other = field === 'allowOrigins' ? 'https://a.example.com' : field === 'allowMethods' ? 'GET' : 'x-a';
    return [
      cel(httpRoute, message, `cors ${field} ['*'] alone`, (o) => { filters(o, [cors({ [field]: ['*'] })]); }, A),
      cel(httpRoute, message, `cors ${field} '*' beside another`, (o) => { filters(o, [cors({ [field]: ['*', other] })]); }, R),
    ];
  }),
  cel(httpRoute, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter', 'mirror with a percent', (o) => { filters(o, [mirror({ percent: 10 })]); }, A),
  cel(httpRoute, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter', 'mirror with percent and fraction',
    (o) => { filters(o, [mirror({ percent: 10, fraction: { numerator: 1, denominator: 10 } })]); }, R),
  cel(httpRoute, 'numerator must be less than or equal to denominator', 'mirror fraction 1/10', (o) => { filters(o, [mirror({ fraction: { numerator: 1, denominator: 10 } })]); }, A),
  cel(httpRoute, 'numerator must be less than or equal to denominator', 'mirror fraction 11/10', (o) => { filters(o, [mirror({ fraction: { numerator: 11, denominator: 10 } })]); }, R),
  // requestRedirect.path / urlRewrite.path type and field pairs.
  ...([['ReplaceFullPath', 'replaceFullPath', 'ReplacePrefixMatch', 'replacePrefixMatch'], ['ReplacePrefixMatch', 'replacePrefixMatch', 'ReplaceFullPath', 'replaceFullPath']] as const)
    .flatMap(([type, field, otherType, otherField]) => [
      cel(httpRoute, `${field} must be specified when type is set to '${type}'`, `rewrite type ${type} with ${field}`, (o) => { filters(o, [rewrite(type, { [field]: '/a' })]); }, A),
      cel(httpRoute, `${field} must be specified when type is set to '${type}'`, `rewrite type ${type} with ${otherField} only`, (o) => { filters(o, [rewrite(type, { [otherField]: '/a' })]); }, R),
      cel(httpRoute, `type must be '${type}' when ${field} is set`, `rewrite ${field} with type ${type}`, (o) => { filters(o, [rewrite(type, { [field]: '/a' })]); }, A),
      cel(httpRoute, `type must be '${type}' when ${field} is set`, `rewrite ${field} with type ${otherType}`, (o) => { filters(o, [rewrite(otherType, { [field]: '/a', [otherField]: '/b' })]); }, R),
    ]),
  ...PATH_RULES.flatMap(([message, bad]) => [
    cel(httpRoute, message, `path ${JSON.stringify(bad)} as a RegularExpression`, (o) => { pathMatch(o).type = 'RegularExpression'; pathMatch(o).value = bad; }, A),
    cel(httpRoute, message, `path ${JSON.stringify(bad)} as a PathPrefix`, (o) => { pathMatch(o).value = bad; }, R),
  ]),
  cel(httpRoute, "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']", 'path type Exact', (o) => { pathMatch(o).type = 'Exact'; }, A),
  cel(httpRoute, "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']", 'path type Prefix', (o) => { pathMatch(o).type = 'Prefix'; }, R),
  cel(httpRoute, 'backendRequest timeout cannot be longer than request timeout', 'backendRequest 5s within request 10s',
    (o) => { route0(o).timeouts = { request: '10s', backendRequest: '5s' }; }, A),
  cel(httpRoute, 'backendRequest timeout cannot be longer than request timeout', 'backendRequest 1m above request 10s',
    (o) => { route0(o).timeouts = { request: '10s', backendRequest: '1m' }; }, R),
  // Istio durations (one rule text and message on every duration field of both kinds).
  cel(virtualService, M.duration, 'timeout 1ms', (o) => { o.spec.http[0].timeout = '1ms'; }, A),
  cel(virtualService, M.duration, 'timeout 500us', (o) => { o.spec.http[0].timeout = '500us'; }, R),
  cel(destinationRule, M.duration, 'subset idleTimeout 1h', (o) => { o.spec.subsets[0].trafficPolicy = { connectionPool: { http: { idleTimeout: '1h' } } }; }, A),
  cel(destinationRule, M.duration, 'subset idleTimeout 0s', (o) => { o.spec.subsets[0].trafficPolicy = { connectionPool: { http: { idleTimeout: '0s' } } }; }, R),
  cel(destinationRule, 'wildcard not allowed in label key match', 'workloadSelector key app', (o) => { o.spec.workloadSelector = { matchLabels: { app: 'web' } }; }, A),
  cel(destinationRule, 'wildcard not allowed in label key match', 'workloadSelector key app*', (o) => { o.spec.workloadSelector = { matchLabels: { 'app*': 'web' } }; }, R),
  cel(destinationRule, 'key must not be empty', 'workloadSelector key app', (o) => { o.spec.workloadSelector = { matchLabels: { app: 'web' } }; }, A),
  cel(destinationRule, 'key must not be empty', 'workloadSelector empty key', (o) => { o.spec.workloadSelector = { matchLabels: { '': 'web' } }; }, R),
  cel(destinationRule, 'wildcard not allowed in label value match', 'workloadSelector value web', (o) => { o.spec.workloadSelector = { matchLabels: { app: 'web' } }; }, A),
  cel(destinationRule, 'wildcard not allowed in label value match', 'workloadSelector value web-*', (o) => { o.spec.workloadSelector = { matchLabels: { app: 'web-*' } }; }, R),
];

/** `count` rules of `matches` path matches each (distinct values, so nothing else is repeated). */
function manyRules(count: number, matches: number): any[] {
  return Array.from({ length: count }, (_, r) => ({
    matches: Array.from({ length: matches }, (_, m) => ({ path: { type: 'PathPrefix', value: `/r${r}/m${m}` } })),
    backendRefs: [{ name: 'web', port: 80 }],
  }));
}
