/**
 * The mutation corpus: single changes to valid objects, each with the API server's verdict and its
 * message, written down from Kubernetes' validation code (pkg/apis/{core,apps,policy,networking,
 * autoscaling}/validation, apimachinery's ObjectMeta validation) and its tests, never from the
 * plugin's output. `corpus.test.ts` measures the plugin's recall and precision over it.
 */

export interface Mutation {
  /** The plugin rule meant to catch it ('' when the server accepts it). */
  readonly rule: string;
  /** What is changed. */
  readonly what: string;
  /** The manifests, the mutated object among them. */
  readonly manifests: () => any[];
  readonly verdict: 'refused' | 'accepted';
  /** The API server's error (field path: reason), or why it accepts the change. */
  readonly server: string;
  /** For an update: the manifests as the cluster has them (transition rules compare with them). */
  readonly previous?: () => any[];
}

/** A fresh label map each time: a mutation of one object's labels must not change another's. */
const app = () => ({ app: 'web' });

export function deployment(): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: app() },
    spec: {
      replicas: 2, selector: { matchLabels: app() },
      template: {
        metadata: { labels: app() },
        spec: {
          volumes: [{ name: 'config', configMap: { name: 'web' } }],
          containers: [{
            name: 'web', image: 'registry.example.com/web:1.0.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            env: [{ name: 'MODE', value: 'prod' }],
            volumeMounts: [{ name: 'config', mountPath: '/config' }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            livenessProbe: { tcpSocket: { port: 'http' } },
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          }],
        },
      },
    },
  };
}

export function service(): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: app(), ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
}

export function pdb(): any {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { maxUnavailable: 1, selector: { matchLabels: app() } } };
}

export function networkPolicy(): any {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: app() }, policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }, { podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    },
  };
}

export function autoscaler(): any {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  };
}

export function ingress(): any {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    },
  };
}

/** The pod spec and first container of a Deployment. */
export const pod = (d: any): any => d.spec.template.spec;
export const ctr = (d: any): any => d.spec.template.spec.containers[0];

/** One mutation of a fresh object made by `make`. */
export function mutate(rule: string, what: string, make: () => any, change: (object: any) => void, verdict: 'refused' | 'accepted', server: string): Mutation {
  return {
    rule, what, verdict, server,
    manifests: () => {
      const object = make();
      change(object);
      return [object];
    },
  };
}
