import { labelKeyProblem, labelValueProblem } from '../../core/names';
import { Report, Rule, RuleContext } from '../context';
import { at, entries, isObject, KubeObject, list, show } from '../objects';
import { serverValidatedTemplates } from '../../core/pod-templates';

export const RS106: Rule = {
  id: 'RS106',
  severity: 'error',
  title: 'invalid label, annotation key or selector',
  why: 'Label and annotation keys are an optional DNS-subdomain prefix plus \'/\' and a name of at most 63 characters; label values at most 63 letters, digits, \'-\', \'_\' or \'.\', alphanumeric at both ends. The API server refuses any other in labels, node selectors, selectors and annotation keys, and annotations above 256 KiB in total, counting the copy of the object client-side `kubectl apply` adds.',
  fix: 'Shorten or rewrite the key or value (free text belongs in an annotation value, not a label); use In/NotIn with values and Exists/DoesNotExist without.',
  check: checkLabels,
};

const MAX_ANNOTATION_BYTES = 256 * 1024;

/** Subtrees whose matchExpressions are node selector requirements (Gt / Lt, numeric values), not label selectors. */
const NODE_SELECTOR_FIELDS = new Set(['nodeAffinity', 'nodeSelectorTerms']);

function checkLabels(context: RuleContext, report: Report): void {
  for (const object of context.objects) {
    checkLabelMap(object, object.metadata.labels, 'metadata.labels', 'label', report);
    checkAnnotations(object, report);
    if (object.is('', 'Service')) checkLabelMap(object, object.spec.selector, 'spec.selector', 'selector', report);
    walkSelectors(object, object.manifest, '', report);
  }
  for (const template of context.templates) {
    if (template.labelsPath !== 'metadata.labels') checkLabelMap(template.owner, template.labels, template.labelsPath, 'label', report);
  }
  // ValidatePodSpec: nodeSelector is a label map (ValidateLabels).
  for (const template of serverValidatedTemplates(context)) {
    checkLabelMap(template.owner, template.spec.nodeSelector, at(template.specPath, 'nodeSelector'), 'nodeSelector', report);
  }
}

function checkLabelMap(object: KubeObject, labels: unknown, path: string, what: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) report(object, at(path, key), `${what} key ${show(key)}: ${keyProblem}`);
    if (typeof value !== 'string') continue; // the schema's finding
    const valueProblem = labelValueProblem(value);
    if (valueProblem) report(object, at(path, key), `${what} value ${show(value)} ${valueProblem}`);
  }
}

/**
 * Annotation keys, and their total size (apimachinery ValidateAnnotationsSize: keys plus values, at most
 * 256 KiB). Client-side `kubectl apply` (the default, and what the manual's `kubectl apply -f dist/`
 * does) first adds `kubectl.kubernetes.io/last-applied-configuration`, a JSON copy of the whole object
 * (its annotations included): an object whose annotations fit can still be refused once that copy is
 * added. The rule counts it, as the API server will see it; `kubectl apply --server-side` adds no copy.
 */
function checkAnnotations(object: KubeObject, report: Report): void {
  let bytes = 0;
  for (const [key, value] of entries(object.metadata.annotations)) {
    // The API server checks annotation keys in lower case.
    const problem = labelKeyProblem(key.toLowerCase());
    if (problem) report(object, at('metadata.annotations', key), `annotation key ${show(key)}: ${problem}`);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (bytes > MAX_ANNOTATION_BYTES) {
    report(object, 'metadata.annotations', `annotations take ${bytes} bytes; at most ${MAX_ANNOTATION_BYTES} are allowed`);
    return;
  }
  if (object.annotations[LAST_APPLIED] !== undefined) return;
  const room = MAX_ANNOTATION_BYTES - bytes - Buffer.byteLength(LAST_APPLIED);
  if (!jsonMayExceed(object.manifest, room)) return; // most objects: no need to serialize them
  const copy = Buffer.byteLength(LAST_APPLIED) + Buffer.byteLength(JSON.stringify(object.manifest));
  if (bytes + copy > MAX_ANNOTATION_BYTES) {
    report(object, 'metadata.annotations', `client-side \`kubectl apply\` adds ${LAST_APPLIED}, a ${copy}-byte copy of the object: with it the annotations take ${bytes + copy} bytes, above the ${MAX_ANNOTATION_BYTES} allowed (\`kubectl apply --server-side\` adds no copy)`);
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Whether the value's JSON may take more than `budget` bytes: an upper bound (each UTF-16 unit of a
 * string or key at most 6 bytes, `\u003c` as Go's encoder escapes `<`; a number at most 24 characters;
 * 4 bytes of punctuation per entry), counted until it passes the budget.
 */
function jsonMayExceed(value: unknown, budget: number): boolean {
  let left = budget;
  const walk = (node: unknown): boolean => {
    if (typeof node === 'string') left -= 6 * node.length + 2;
    else if (Array.isArray(node)) {
      left -= 2;
      for (const item of node) if (walk(item)) return true;
    } else if (isObject(node)) {
      left -= 2;
      for (const key in node) {
        left -= 6 * key.length + 4;
        if (walk(node[key])) return true;
      }
    } else left -= 24;
    return left < 0;
  };
  return walk(value);
}

/**
 * Every label selector in the manifest (`matchLabels`, `matchExpressions`), wherever it sits. The walk
 * visits every field of every object: the path of a field is written out only for a selector found.
 */
function walkSelectors(object: KubeObject, value: unknown, path: string, report: Report): void {
  const keys: (string | number)[] = [];
  const pathHere = () => keys.reduce<string>((written, key) => at(written, key), path);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(i);
        walk(node[i]);
        keys.pop();
      }
      return;
    }
    if (!isObject(node)) return;
    for (const key in node) {
      if (NODE_SELECTOR_FIELDS.has(key)) continue;
      const child = node[key];
      keys.push(key);
      if (key === 'matchLabels' && isObject(child)) checkLabelMap(object, child, pathHere(), 'selector', report);
      else if (key === 'matchExpressions' && Array.isArray(child)) {
        const childPath = pathHere();
        child.forEach((r, i) => checkRequirement(object, r, at(childPath, i), report));
      } else walk(child);
      keys.pop();
    }
  };
  walk(value);
}

function checkRequirement(object: KubeObject, requirement: unknown, path: string, report: Report): void {
  if (!isObject(requirement)) return;
  if (typeof requirement.key === 'string') {
    const problem = labelKeyProblem(requirement.key);
    if (problem) report(object, at(path, 'key'), `selector key ${show(requirement.key)}: ${problem}`);
  }
  const values = list(requirement.values);
  switch (requirement.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) report(object, at(path, 'values'), `operator ${requirement.operator} needs at least one value`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) report(object, at(path, 'values'), `operator ${requirement.operator} takes no values`);
      break;
    default:
      report(object, at(path, 'operator'), `${show(requirement.operator)} is not a selector operator (In, NotIn, Exists, DoesNotExist)`);
  }
  values.forEach((value, i) => {
    const problem = typeof value === 'string' ? labelValueProblem(value) : '';
    if (problem) report(object, at(at(path, 'values'), i), `selector value ${show(value)} ${problem}`);
  });
}
