/**
 * Kinds, versions and metadata: kubectl's REST mapping ("no matches for kind"), apimachinery
 * ValidateObjectMeta (ValidateAnnotationsSize, finalizers), and CRD schemas (apiextensions-apiserver
 * validation/formats.go: only string formats are checked).
 */
import { deployment, Mutation, mutate, service } from './base';

const R = 'refused';
const A = 'accepted';

const virtualService = (weight: number) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' },
  spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'stable' }, weight }] }] },
});

export const META_MUTATIONS: readonly Mutation[] = [
  mutate('RS104', 'a misspelt built-in kind', service, (o) => { o.kind = 'Serviice'; }, R, 'error: resource mapping not found for name: "web": no matches for kind "Serviice" in version "v1"'),
  mutate('RS104', 'a kind in lower case', deployment, (o) => { o.kind = 'deployment'; }, R, 'no matches for kind "deployment" in version "apps/v1"'),
  mutate('RS104', 'a never-served version of a built-in group', deployment, (o) => { o.apiVersion = 'apps/v2'; }, R, 'no matches for kind "Deployment" in version "apps/v2"'),
  // A group whose CRDs the cluster has (here the vendored ones): kubectl's REST mapping knows only their kinds.
  { rule: 'RS104', what: 'a misspelt kind in a CRD\'s group', verdict: R, server: 'no matches for kind "HTTPRoutes" in version "gateway.networking.k8s.io/v1"', manifests: () => [{ ...virtualService(100), apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoutes' }] },
  { rule: 'RS104', what: 'a CRD kind in lower case', verdict: R, server: 'no matches for kind "virtualservice" in version "networking.istio.io/v1"', manifests: () => [{ ...virtualService(100), kind: 'virtualservice' }] },
  mutate('RS104', 'a removed version', deployment, (o) => { o.apiVersion = 'extensions/v1beta1'; }, R, 'no matches for kind "Deployment" in version "extensions/v1beta1"'),
  mutate('RS106', 'annotations above 256 KiB', deployment, (o) => { o.metadata.annotations = { note: 'x'.repeat(270 * 1024) }; }, R, 'metadata.annotations: Too long: may not be more than 262144 bytes'),
  mutate('RS106', 'a 140 KiB annotation doubled by client-side apply', deployment, (o) => { o.metadata.annotations = { note: 'x'.repeat(140 * 1024) }; }, R, 'metadata.annotations: Too long: may not be more than 262144 bytes (with kubectl.kubernetes.io/last-applied-configuration)'),
  mutate('', 'a 100 KiB annotation (with its copy, under the limit)', deployment, (o) => { o.metadata.annotations = { note: 'x'.repeat(100 * 1024) }; }, A, '2 x 100 KiB plus the object fits in 256 KiB'),
  mutate('RS106', 'a label value of 64 characters', deployment, (o) => { o.metadata.labels.version = 'v'.repeat(64); }, R, 'metadata.labels: Invalid value: ...: must be no more than 63 characters'),
  mutate('RS105', 'a Deployment name with upper case', deployment, (o) => { o.metadata.name = 'Web'; }, R, 'metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain ...'),
  mutate('RS105', 'a finalizer that is not a qualified name', deployment, (o) => { o.metadata.finalizers = ['example.com/clean up']; }, R, 'metadata.finalizers[0]: Invalid value: "example.com/clean up": name part must consist of alphanumeric characters ...'),
  mutate('', 'the orphan finalizer', deployment, (o) => { o.metadata.finalizers = ['orphan']; }, A, 'a standard finalizer name'),
  mutate('', 'null on an optional enum field', service, (o) => { o.spec.sessionAffinity = null; }, A, 'null decodes to the zero value: unset, then defaulted to None'),
  mutate('', 'null replicas', deployment, (o) => { o.spec.replicas = null; }, A, 'null decodes to unset, then defaulted to 1'),
  mutate('RS101', 'null containers', deployment, (o) => { o.spec.template.spec.containers = null; }, R, 'spec.template.spec.containers: Required value'),
  mutate('', 'null imagePullPolicy', deployment, (o) => { o.spec.template.spec.containers[0].imagePullPolicy = null; }, A, 'null decodes to unset, then defaulted to IfNotPresent'),
  { rule: '', what: 'a VirtualService weight beyond int32', verdict: A, server: 'CRD schemas check no integer format', manifests: () => [virtualService(3_000_000_000)] },
  { rule: '', what: 'a VirtualService weight of 100', verdict: A, server: 'valid', manifests: () => [virtualService(100)] },
];
