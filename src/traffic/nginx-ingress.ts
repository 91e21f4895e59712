import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { dns1123SubdomainProblem } from '../core/names';
import { Construct } from 'constructs';
import { CanaryMatchType } from './canary-match';
import { RouteContext } from './context';
import { AppRoute, FlaggerRouting, flaggerMatchHeaders, ITrafficRouter, removeObject, TrafficRouterProps } from './route';
import { checkKeys, structKeys } from '../core/known-keys';
import { NGINX_CANARY as CANARY } from './weights/nginx-ingress';

export { readNginxCanaryWeights } from './weights/nginx-ingress';

/** The host and path the Ingresses serve. */
export interface NginxIngressRouterOptions {
  /** The host name clients use. */
  readonly host: string;
  /**
   * Path prefix routed to the app.
   * @default '/'
   */
  readonly path?: string;
  /**
   * IngressClass of the NGINX Ingress controller.
   * @default 'nginx'
   */
  readonly ingressClassName?: string;
  /**
   * Secret holding the TLS certificate for `host`.
   * @default - no TLS on the Ingresses (Polaris warns)
   */
  readonly tlsSecretName?: string;
}

const NGINX_KEYS = structKeys<NginxIngressRouterOptions>()({ host: true, path: true, ingressClassName: true, tlsSecretName: true });

/**
 * NGINX Ingress' canary: the primary Ingress sends requests to the stable Service, and a second
 * Ingress for the same host and path, marked `canary: "true"`, takes `canary-weight` percent of them
 * (and every request matching the header or cookie, when asked for) to the canary Service.
 * Legacy (ingress-nginx was retired upstream in March 2026): new apps use the Gateway API router.
 */
export class NginxIngressRouter implements ITrafficRouter {
  /** What it declares. */
  public static readonly PROPS: TrafficRouterProps = { name: 'NGINX Ingress', capabilities: { exactWeights: true, headerMatch: true, cookieMatch: true } };
  public readonly name = NginxIngressRouter.PROPS.name;
  public readonly capabilities = NginxIngressRouter.PROPS.capabilities;

  public constructor(private readonly options: NginxIngressRouterOptions) {}

  public argoRolloutsTrafficRouting(route: AppRoute): any {
    // Argo writes its own canary Ingress (`<rollout>-<stableIngress>-canary`): the router's would be
    // a second canary Ingress for the same host, which NGINX does not allow.
    const { name, match } = route.context;
    route.objects.filter((o) => o.kind === 'Ingress' && o.name !== name).forEach(removeObject);
    const annotations = match?.type === CanaryMatchType.HEADER ? { 'canary-by-header': match.name, 'canary-by-header-value': match.value }
      : match?.type === CanaryMatchType.COOKIE ? { 'canary-by-cookie': match.name } : undefined;
    return { nginx: { stableIngress: name, additionalIngressAnnotations: annotations } };
  }

  public flaggerRouting(route: AppRoute): FlaggerRouting {
    // Flagger writes the canary Ingress from the app's Ingress, which must route to the apex Service.
    const { name, match } = route.context;
    route.objects.filter((o) => !(o.kind === 'Ingress' && o.name === name)).forEach(removeObject);
    route.objects.find((o) => o.name === name)?.addJsonPatch(JsonPatch.replace('/spec/rules/0/http/paths/0/backend/service/name', name));
    return {
      provider: 'nginx',
      ingressRef: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name },
      // Flagger turns an exact cookie header into canary-by-cookie.
      matchHeaders: match?.type === CanaryMatchType.COOKIE ? { cookie: { exact: match.name } } : flaggerMatchHeaders(match),
    };
  }

  public renderRoute(scope: Construct, ctx: RouteContext): ApiObject[] {
    const { options } = this;
    checkKeys(ctx._problems, 'trafficRouter', 'NginxIngressRouterOptions', options, NGINX_KEYS);
    const host = typeof options.host === 'string' ? options.host : '';
    const hostProblem = typeof options.host !== 'string' ? 'is missing'
      : /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') ? 'is an IP address, which the Ingress API refuses'
        : host.length > 253 ? `is ${host.length} characters long; at most 253 are allowed`
          : dns1123SubdomainProblem(host.startsWith('*.') ? host.slice(2) : host);
    if (hostProblem) ctx.addProblem('host', options.host, `an Ingress host is a DNS name: it ${hostProblem}`);
    const path = options.path ?? '/';
    if (!(typeof path === 'string' && path.startsWith('/') && !/\/\/|\/\.\.?(\/|$)|%2f|%2F/.test(path))) {
      ctx.addProblem('path', path, 'an Ingress path starts with \'/\' and holds no \'//\', \'/./\', \'/../\' or encoded slash (the API server refuses them for Prefix paths)');
    }
    if (options.ingressClassName !== undefined) {
      const problem = dns1123SubdomainProblem(options.ingressClassName);
      if (problem) ctx.addProblem('ingressClassName', options.ingressClassName, `an IngressClass name is a DNS subdomain: it ${problem}`);
    }

    const annotations: Record<string, string> = { [CANARY]: 'true', [`${CANARY}-weight`]: String(ctx.weight) };
    if (ctx.match?.type === CanaryMatchType.HEADER) {
      annotations[`${CANARY}-by-header`] = ctx.match.name;
      annotations[`${CANARY}-by-header-value`] = ctx.match.value;
    } else if (ctx.match?.type === CanaryMatchType.COOKIE) {
      annotations[`${CANARY}-by-cookie`] = ctx.match.name;
    }
    const ingress = (id: string, name: string, service: string, extra?: Record<string, string>) => new k8s.KubeIngress(scope, id, {
      metadata: { name, namespace: ctx.namespace, labels: ctx.labels, annotations: extra },
      spec: {
        ingressClassName: options.ingressClassName ?? 'nginx',
        tls: options.tlsSecretName ? [{ hosts: [options.host], secretName: options.tlsSecretName }] : undefined,
        rules: [{
          host: options.host,
          http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: service, port: { number: ctx.servicePort } } } }] },
        }],
      },
    });
    return [
      ingress('Ingress', ctx.name, ctx.stableServiceName),
      ingress('CanaryIngress', `${ctx.name}-canary`, ctx.canaryServiceName, annotations),
    ];
  }
}

