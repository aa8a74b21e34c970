import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { enclosingFunctionName, findAll, memberCalls, parseTree, propertyOf, where, type SourceFileInfo } from './helpers/ast';

/**
 * Security properties of the Electron shell checked on its source, without running Electron: they must
 * hold for code added later too, so they are asserted on every file rather than on one call site.
 */
const shell = parseTree('electron/main', 'electron/preload');
const mainFiles = shell.filter((f) => f.rel.startsWith('electron/main/'));
const preload = shell.find((f) => f.rel === 'electron/preload/preload.ts')!;

function literalBoolean(expr: ts.Expression | undefined): boolean | 'other' | 'absent' {
  if (!expr) return 'absent';
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  return 'other';
}

const valueOf = (p: ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined): ts.Expression | undefined =>
  p && ts.isPropertyAssignment(p) ? p.initializer : undefined;

describe('BrowserWindow options', () => {
  const windows = mainFiles.flatMap((info) =>
    findAll(info.sf, ts.isNewExpression)
      .filter((n) => ts.isIdentifier(n.expression) && n.expression.text === 'BrowserWindow')
      .map((node) => ({ info, node })),
  );

  it('there is at least one window to check', () => {
    expect(windows.length).toBeGreaterThan(0);
  });

  it.each(windows.map((w) => [where(w.info, w.node), w] as const))('%s: sandboxed, isolated, no Node, web security on, a preload', (_at, { node }) => {
    const options = node.arguments?.[0];
    expect(options && ts.isObjectLiteralExpression(options), 'options must be an object literal (so they can be checked)').toBe(true);
    const prefsProp = propertyOf(options as ts.ObjectLiteralExpression, 'webPreferences');
    const prefs = valueOf(prefsProp);
    expect(prefs && ts.isObjectLiteralExpression(prefs), 'webPreferences must be an object literal').toBe(true);
    const literal = prefs as ts.ObjectLiteralExpression;
    // A spread could override any of the settings below.
    expect(literal.properties.some(ts.isSpreadAssignment), 'no spread in webPreferences').toBe(false);
    const get = (name: string) => literalBoolean(valueOf(propertyOf(literal, name)));
    expect(get('contextIsolation')).toBe(true);
    expect(get('sandbox')).toBe(true);
    expect(get('nodeIntegration')).toBe(false);
    expect(['absent', true]).toContain(get('webSecurity'));
    expect(['absent', false]).toContain(get('allowRunningInsecureContent'));
    expect(['absent', false]).toContain(get('webviewTag'));
    expect(propertyOf(literal, 'preload'), 'a preload script').toBeDefined();
  });
});

describe('IPC registration', () => {
  const REGISTERING = new Set(['handle', 'handleOnce', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

  it('ipcMain.handle/on/handleOnce/... are called only inside handleValidated in electron/main/ipc.ts', () => {
    const calls = shell.flatMap((info) =>
      memberCalls(info.sf)
        .filter((c) => c.object === 'ipcMain' && REGISTERING.has(c.property))
        .map((c) => ({ at: where(info, c.call), file: info.rel, fn: enclosingFunctionName(c.call) })),
    );
    expect(calls.length).toBe(1);
    expect(calls.map(({ file, fn }) => ({ file, fn }))).toEqual([{ file: 'electron/main/ipc.ts', fn: 'handleValidated' }]);
  });

  it('ipcMain is not passed around (only member calls, and only in ipc.ts)', () => {
    const misuse: string[] = [];
    for (const info of shell) {
      for (const id of findAll(info.sf, ts.isIdentifier)) {
        if (id.text !== 'ipcMain' || ts.isImportSpecifier(id.parent)) continue;
        const memberCall = ts.isPropertyAccessExpression(id.parent) && id.parent.expression === id && ts.isCallExpression(id.parent.parent);
        if (info.rel !== 'electron/main/ipc.ts' || !memberCall) misuse.push(where(info, id));
      }
    }
    expect(misuse).toEqual([]);
  });
});

describe('no file:// anywhere in the shell', () => {
  it('no string mentions file:, and nothing builds or loads file URLs', () => {
    const found: string[] = [];
    for (const info of shell) {
      for (const node of findAll(info.sf, (n): n is ts.StringLiteralLike | ts.TemplateLiteralLikeNode => ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n))) {
        if (/file:/i.test(node.text)) found.push(`${where(info, node)} "${node.text}"`);
      }
      for (const id of findAll(info.sf, ts.isIdentifier)) {
        if (id.text === 'pathToFileURL' || id.text === 'loadFile') found.push(`${where(info, id)} ${id.text}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('shell.openExternal', () => {
  /** The call must sit in the then-branch of `if (isSafeExternalUrl(<same argument>))`. */
  function guarded(info: SourceFileInfo, call: ts.CallExpression): boolean {
    const arg = call.arguments[0]?.getText(info.sf);
    for (let n: ts.Node = call; n.parent; n = n.parent) {
      const parent = n.parent;
      if (ts.isIfStatement(parent) && parent.thenStatement === n) {
        const checks = findAll(info.sf, ts.isCallExpression).filter(
          (c) =>
            c.pos >= parent.expression.pos &&
            c.end <= parent.expression.end &&
            ts.isIdentifier(c.expression) &&
            c.expression.text === 'isSafeExternalUrl' &&
            c.arguments[0]?.getText(info.sf) === arg,
        );
        if (checks.length > 0 && !ts.isPrefixUnaryExpression(parent.expression)) return true;
      }
    }
    return false;
  }

  it('is only called behind an isSafeExternalUrl check of the same URL', () => {
    const calls = shell.flatMap((info) => memberCalls(info.sf).filter((c) => c.object === 'shell' && c.property === 'openExternal').map((c) => ({ info, call: c.call })));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter(({ info, call }) => !guarded(info, call)).map(({ info, call }) => where(info, call))).toEqual([]);
  });
});

describe('preload', () => {
  const ALLOWED = new Set(['invoke', 'on', 'removeListener']);

  it('uses ipcRenderer only as the target of invoke/on/removeListener calls, so it can never be exposed', () => {
    const misuse: string[] = [];
    for (const id of findAll(preload.sf, ts.isIdentifier)) {
      if (id.text !== 'ipcRenderer' || ts.isImportSpecifier(id.parent)) continue;
      const parent = id.parent;
      const ok =
        ts.isPropertyAccessExpression(parent) && parent.expression === id && ALLOWED.has(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
      if (!ok) misuse.push(where(preload, id));
    }
    expect(misuse).toEqual([]);
  });

  it('exposes exactly one object, and it is not ipcRenderer', () => {
    const exposes = memberCalls(preload.sf).filter((c) => c.object === 'contextBridge' && c.property === 'exposeInMainWorld');
    expect(exposes).toHaveLength(1);
    const value = exposes[0]!.call.arguments[1];
    expect(value?.getText(preload.sf)).not.toMatch(/ipcRenderer/);
  });

  it('imports nothing but electron and shared/ (it is bundled for a sandbox)', () => {
    const specifiers = preload.sf.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    expect(specifiers.filter((s) => s !== 'electron' && !s.startsWith('../../shared/'))).toEqual([]);
  });
});
