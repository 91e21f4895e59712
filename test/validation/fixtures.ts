/**
 * Hand-written manifests for the validation tests: a small app that follows every rule, and a way
 * to break one thing in a copy of it.
 */
import * as path from 'path';
import { validateManifests, ValidateOptions, Violation } from '../../src/validation/validate';

/** The vendored CRDs (crds/), as a consuming app would configure its own (relative to the repository). */
export const CRD_FILES = ['crds/*.yaml'];
export const ROOT = path.resolve(__dirname, '..', '..');

const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

/** A Deployment, Service and PodDisruptionBudget that follow every rule. */
export function goodApp(): any[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels },
      spec: {
        replicas: 4,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': '1.4.2' } },
          spec: {
            terminationGracePeriodSeconds: 30,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{
                  weight: 100,
                  podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } },
                }],
              },
            },
            topologySpreadConstraints: [{
              maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels }, matchLabelKeys: ['pod-template-hash'],
            }],
            containers: [{
              name: 'web',
              image: 'registry.example.com/shop/web:1.4.2',
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
              livenessProbe: { tcpSocket: { port: 'http' } },
              lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', labels },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'shop', labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    },
  ];
}

/** A copy of the good app with one change; `change` gets the Deployment, the Service and the PDB. */
export function badApp(change: (deployment: any, service: any, pdb: any) => void): any[] {
  const app = goodApp();
  change(app[0], app[1], app[2]);
  return app;
}

/** The container of the app's Deployment. */
export function container(deployment: any): any {
  return deployment.spec.template.spec.containers[0];
}

/** Validates with the pinned CRDs, from the repository's root (where cdk8s.yaml's paths are relative to). */
export function validate(manifests: any[], options: ValidateOptions = {}): Violation[] {
  return validateManifests(manifests, { crdFiles: CRD_FILES, baseDir: ROOT, ...options });
}

/** `RULE Kind/ns/name path` of each violation: compact enough to compare whole results. */
export function summary(violations: Violation[]): string[] {
  return violations.map((v) => `${v.ruleId} ${v.object} ${v.path}`);
}
