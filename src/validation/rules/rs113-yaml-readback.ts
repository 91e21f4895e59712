/**
 * RS113: a value kubectl reads differently from what the YAML text says. The parsed manifests cannot
 * tell how a scalar was written (`0o755` plain and `"0o755"` quoted parse to the same string here,
 * but kubectl reads the plain one as the number 493), so the rule reads each manifest's file again and
 * looks at every scalar's source text (what it finds depends on the text alone: the plugin remembers it
 * per file text, RuleContext.textFindings, and parses only a file that changed). An object given without a file (no text) is checked for strings
 * no YAML text can carry. How a text is read: validation/yaml-readback.ts.
 */
import { forEachUnrepresentable } from '../../core/go-yaml';
import { Check, Rule } from '../context';
import { KubeObject } from '../objects';
import { shown, textFindings } from '../yaml-readback';

export const RS113: Rule = {
  id: 'RS113',
  severity: 'error',
  title: 'kubectl reads a value differently from what was written',
  why: 'kubectl, Argo CD, Flux and kustomize read YAML with go-yaml, which reads unquoted 0o755, 0X1F, +0o17, 0B101, 1e3, y or off as a number or boolean (a string field then fails to decode), refuses raw DEL and C1 control characters ("control characters are not allowed": nothing from that document to the end of the file is applied) and reads raw U+0085, U+2028 and U+2029 as line breaks.',
  fix: 'Quote the value ("0o755"); write the characters as escapes inside double quotes (\\x7F, \\N, \\L, \\P). The constructs of this library write every string this way; hand-written YAML and other tools may not.',
  check: (context, report) => checkYamlReadback(context, report),
};

const checkYamlReadback: Check = (context, report) => {
  const byFile = new Map<string, KubeObject[]>();
  for (const object of context.objects) {
    if (object.file === undefined) {
      forEachUnrepresentable(object.manifest, '', (fieldPath, value, why) => report(object, fieldPath, `${shown(value)}: ${why}`));
    } else {
      byFile.set(object.file, [...byFile.get(object.file) ?? [], object]);
    }
  }
  for (const [file, objects] of byFile) {
    const found = context.textFindings(RS113.id, file, textFindings);
    // Nothing found; or unreadable, or not the text the objects came from.
    if (!found || found.findings.length === 0 || found.documents !== objects.length) continue;
    for (const { document, path, message } of found.findings) report(objects[document], path, message);
  }
};
