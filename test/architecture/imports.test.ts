import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The import graph of src/: every module a file names, whether in a static import or export, a
 * type-only import, an `import type` query (`typeof import('./x')`), a dynamic `import()` or a
 * `require()`. A cycle in any of them is a cycle: a lazy `require` only postpones the load-order
 * question, and a type-only cycle still ties two modules together.
 */
const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Whether an import or export declaration names types only (erased: it loads nothing at run time). */
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  const named = clause.namedBindings;
  return clause.isTypeOnly || (!clause.name && named !== undefined && ts.isNamedImports(named)
    && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
}

/**
 * The module specifiers `file` names, in every form (relative ones and packages); with `runtime`,
 * only those loaded at run time (no `import type`, no type query).
 */
function allSpecifiers(file: string, runtime = false): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!runtime || !typeOnly(node)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      found.push(node.arguments[0].text);
    } else if (!runtime && ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The relative module specifiers `file` names, in every form. */
function specifiers(file: string, runtime = false): string[] {
  return allSpecifiers(file, runtime).filter((s) => s.startsWith('.'));
}

/** The file a relative specifier resolves to inside src/, or undefined (imports/, JSON, outside src). */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => candidate.startsWith(SRC) && fs.existsSync(candidate));
}

export function importGraph(runtime = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = specifiers(file, runtime).map((s) => resolve(file, s)).filter((t): t is string => t !== undefined);
    graph.set(path.relative(SRC, file), [...new Set(targets.map((t) => path.relative(SRC, t)))]);
  }
  return graph;
}

/** Every cycle, each once, as the modules along it (Tarjan's strongly connected components, then one cycle per component). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    indexes.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexes.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexes.get(w)!));
      }
    }
    if (low.get(v) === indexes.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexes.has(v)) connect(v);
  // One concrete cycle per component: the shortest path back to its first module (breadth first).
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(previous.get(path[0])!);
          return [...path, start];
        }
        if (!previous.has(w)) { previous.set(w, v); queue.push(w); }
      }
    }
    return component;
  });
}

/**
 * What a module of src/ loads at run time from outside src/: packages by name, and the generated CRD
 * bindings as `imports/...` (they load cdk8s).
 */
function externals(file: string): string[] {
  return allSpecifiers(path.join(SRC, file), true).flatMap((s) => {
    if (!s.startsWith('.')) return [s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]];
    const target = path.relative(path.join(SRC, '..'), path.resolve(path.dirname(path.join(SRC, file)), s));
    return target.startsWith('imports') ? [target] : [];
  });
}

/** Every module of src/ that `entry` loads, itself included, with the chain of imports that reaches it. */
export function reachable(graph: Map<string, string[]>, entry: string): Map<string, string[]> {
  const chains = new Map([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!chains.has(w)) { chains.set(w, [...chains.get(v)!, w]); queue.push(w); }
    }
  }
  return chains;
}

describe('the import graph of src/', () => {
  test('reads every form of import: static, type-only, import type queries, import() and require()', () => {
    const graph = importGraph();
    // Sanity of the reader itself: the index re-exports the strategies, so it has edges.
    expect(graph.get('index.ts')!.length).toBeGreaterThan(5);
  });

  test('finds a cycle when there is one', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  test('has no cycle, type-only imports and lazy requires included', () => {
    const found = cycles(importGraph()).map((cycle) => cycle.join(' -> '));
    expect(found).toEqual([]);
  });
});

/**
 * The validation plugin runs at every synth and the plan is a command over files: neither may load
 * cdk8s, cdk8s-plus-27, constructs or the generated bindings (which load cdk8s) at run time, through
 * any chain of imports (a type-only import is erased and loads nothing, so it must say `import type`).
 * Readers they share with the constructs (route weights, pod templates, rollout arithmetic) live in
 * cdk8s-free modules.
 */
describe('the plugin and the plan never load cdk8s', () => {
  const CONSTRUCT_MODULES = ['cdk8s', 'cdk8s-plus-27', 'constructs'];
  // What loads at run time: type-only imports are erased.
  const graph = importGraph(true);

  test.each(['validation/plugin.ts', 'validation/index.ts', 'plan/index.ts', 'plan/cli.ts'])('%s', (entry) => {
    const loads = [...reachable(graph, entry)].flatMap(([file, chain]) => externals(file)
      .filter((e) => CONSTRUCT_MODULES.includes(e) || e.startsWith('imports'))
      .map((e) => `${chain.join(' -> ')} -> ${e}`));
    expect(loads).toEqual([]);
  });

  test('the check sees a construct module behind a chain of imports', () => {
    // A router file loads cdk8s; anything that imports it does too.
    const loads = [...reachable(graph, 'traffic/gateway-api.ts').keys()].flatMap((file) => externals(file));
    expect(loads).toEqual(expect.arrayContaining(['cdk8s', 'constructs', 'imports/gateway.networking.k8s.io']));
    expect(reachable(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']]]), 'a.ts').get('c.ts')).toEqual(['a.ts', 'b.ts', 'c.ts']);
    // A type-only import loads nothing: core/problems.ts names constructs' IConstruct as a type.
    expect(allSpecifiers(path.join(SRC, 'core/problems.ts'))).toContain('constructs');
    expect(externals('core/problems.ts')).not.toContain('constructs');
  });

  test('the routers\' weight readers are cdk8s-free modules the plan reads', () => {
    expect(reachable(graph, 'plan/index.ts').has('traffic/weights/index.ts')).toBe(true);
    for (const file of [...graph.keys()].filter((f) => f.startsWith('traffic/weights/'))) {
      expect([file, externals(file)]).toEqual([file, []]);
    }
  });
});
