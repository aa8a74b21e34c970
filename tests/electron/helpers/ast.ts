import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../helpers/vault';

export interface SourceFileInfo {
  /** Path relative to the repository root, with forward slashes. */
  rel: string;
  sf: ts.SourceFile;
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return listTs(full);
    return e.isFile() && e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every .ts file under the given repository folders, parsed (no type information needed). */
export function parseTree(...dirs: string[]): SourceFileInfo[] {
  return dirs.flatMap((dir) =>
    listTs(path.join(repoRoot, dir)).map((file) => ({
      rel: path.relative(repoRoot, file).split(path.sep).join('/'),
      sf: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
    })),
  );
}

export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

export function findAll<T extends ts.Node>(sf: ts.SourceFile, guard: (node: ts.Node) => node is T): T[] {
  const out: T[] = [];
  walk(sf, (node) => {
    if (guard(node)) out.push(node);
  });
  return out;
}

/** `file.ts:line` for messages. */
export function where(info: SourceFileInfo, node: ts.Node): string {
  return `${info.rel}:${info.sf.getLineAndCharacterOfPosition(node.getStart(info.sf)).line + 1}`;
}

/** The name of the nearest enclosing named function (declaration, or a const holding an arrow/function). */
export function enclosingFunctionName(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) {
      return n.parent.name.text;
    }
  }
  return null;
}

/** `obj.prop(...)` calls, with the object and property names. */
export function memberCalls(sf: ts.SourceFile): { call: ts.CallExpression; object: string; property: string }[] {
  return findAll(sf, ts.isCallExpression).flatMap((call) => {
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      return [{ call, object: callee.expression.text, property: callee.name.text }];
    }
    return [];
  });
}

export function propertyOf(literal: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined {
  return literal.properties.find(
    (p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && p.name.text === name,
  );
}
