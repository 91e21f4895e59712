/**
 * Kubernetes' own naming rules (apimachinery `validation.go`), checked at synth so that a name the API
 * server would reject is a clear error here instead of a failed `kubectl apply`.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Longest name of a Service, a Namespace, a port-less DNS label. */
export const MAX_LABEL_NAME = 63;

/** A DNS-1035 label: what a Service name must be (it starts with a letter). Empty string when valid. */
export function dns1035LabelProblem(name: string): string {
  if (name.length > MAX_LABEL_NAME) return `is ${name.length} characters long; at most ${MAX_LABEL_NAME} are allowed`;
  if (!DNS1035_LABEL.test(name)) {
    return 'must consist of lower case letters, digits and \'-\', start with a letter and end with a letter or digit';
  }
  return '';
}

/** A DNS-1123 label: a Namespace name, a container name, a volume name. Empty string when valid. */
export function dns1123LabelProblem(name: string): string {
  if (name.length > MAX_LABEL_NAME) return `is ${name.length} characters long; at most ${MAX_LABEL_NAME} are allowed`;
  if (!DNS1123_LABEL.test(name)) {
    return 'must consist of lower case letters, digits and \'-\', and start and end with a letter or digit';
  }
  return '';
}

/** A DNS-1123 subdomain: a Deployment, ConfigMap or Secret name. Empty string when valid. */
export function dns1123SubdomainProblem(name: string): string {
  if (name.length > 253) return `is ${name.length} characters long; at most 253 are allowed`;
  if (!name.split('.').every((part) => DNS1123_LABEL.test(part))) {
    return 'must consist of lower case letters, digits, \'-\' and \'.\', and start and end with a letter or digit';
  }
  return '';
}

/** A label value: at most 63 characters of letters, digits, '-', '_' and '.', alphanumeric at both ends. */
export function labelValueProblem(value: string): string {
  if (value.length > MAX_LABEL_NAME) return `is ${value.length} characters long; a label value has at most ${MAX_LABEL_NAME}`;
  if (!LABEL_VALUE.test(value)) {
    return 'a label value may hold only letters, digits, \'-\', \'_\' and \'.\', and must start and end with a letter or digit';
  }
  return '';
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const parts = prefix.split('.');
    if (prefix.length === 0 || prefix.length > 253 || parts.some((p) => !DNS1123_LABEL.test(p))) {
      return 'its prefix must be a DNS subdomain (lower case letters, digits, \'-\' and \'.\', at most 253 characters)';
    }
  }
  if (name.length === 0 || name.length > MAX_LABEL_NAME || !QUALIFIED_NAME.test(name)) {
    return `its name part must be 1 to ${MAX_LABEL_NAME} letters, digits, '-', '_' or '.', alphanumeric at both ends`;
  }
  return '';
}

/** A port name (IANA_SVC_NAME): at most 15 lower case letters, digits and '-', with at least one letter. */
export function portNameProblem(name: string): string {
  if (name.length === 0 || name.length > 15) return `is ${name.length} characters long; a port name has 1 to 15`;
  if (!IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return 'a port name may hold only lower case letters, digits and \'-\' (not doubled, not at either end) and needs at least one letter';
  }
  return '';
}

/** An environment variable name, as Kubernetes 1.27 validates it: letters, digits, '_', '-' and '.', not starting with a digit. */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
