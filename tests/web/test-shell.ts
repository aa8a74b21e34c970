import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore } from '../../electron/core/index';
import { startWebShell, type WebShell, type WebShellOptions } from '../../electron/web/server';
import { SESSION_COOKIE, TOKEN_FRAGMENT_KEY } from '../../shared/api/http';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { jsonOf, rawRequest } from './http-client';

export const INDEX_HTML = '<!doctype html><title>Strongroom test page</title><script type="module" src="/assets/app.js"></script>\n';
export const APP_JS = 'console.log("strongroom test renderer");\n';

export interface TestShell {
  shell: WebShell;
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  root: string;
  rendererDir: string;
  /** Beside rendererDir, so that `../vault/vault.json` from the renderer folder would reach it. */
  vaultDir: string;
  logs: string[];
  /** Closes the shell and removes the folder; call from afterAll. */
  dispose(): Promise<void>;
}

/**
 * A real shell on 127.0.0.1 with a random port, a tiny renderer folder and a vault folder (not created
 * yet) side by side in one temp folder. The renderer folder also holds a symlink to the vault header,
 * which the static route must refuse to follow.
 */
export async function startTestShell(options: Partial<Pick<WebShellOptions, 'uploadArrivalTimeoutMs' | 'heartbeatMs'>> = {}): Promise<TestShell> {
  const root = makeSuiteDir('web');
  const rendererDir = path.join(root, 'renderer');
  const vaultDir = path.join(root, 'vault');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), APP_JS);
  symlinkSync(path.join(vaultDir, 'vault.json'), path.join(rendererDir, 'assets', 'linked.json'));
  const logs: string[] = [];
  try {
    const shell = await startWebShell({
      core: createCore({ keychain: null }),
      vaultDir,
      port: 0,
      sharePort: 0,
      host: '127.0.0.1',
      rendererDir,
      log: (m) => logs.push(m),
      ...options,
    });
    const token = new URL(shell.url).hash.slice(`#${TOKEN_FRAGMENT_KEY}=`.length);
    return {
      shell,
      port: shell.port,
      origin: `http://127.0.0.1:${shell.port}`,
      token,
      root,
      rendererDir,
      vaultDir,
      logs,
      async dispose() {
        await shell.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

/** Trades the one-time token for the session cookie; returns the `name=value` to send back. */
export async function signIn(t: TestShell): Promise<string> {
  const res = await rawRequest({ port: t.port, method: 'POST', path: '/api/session', headers: { Authorization: `Bearer ${t.token}`, Origin: t.origin } });
  if (res.status !== 204) throw new Error(`sign-in failed with ${res.status}: ${res.body.toString()}`);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  if (!cookie.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`unexpected cookie ${cookie}`);
  return cookie;
}

/** POST /api/call/<method> as the page would, returning the ApiResponse body. */
export async function callApi(t: TestShell, cookie: string, method: string, args: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`${t.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: t.origin, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (res.status !== 200) throw new Error(`${method} answered HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** Creates the vault through the API (this also unlocks it). */
export async function createVaultOverHttp(t: TestShell, cookie: string): Promise<void> {
  const created = await callApi(t, cookie, 'vault.create', { passphrase: TEST_PASSPHRASE });
  if (!created.ok) throw new Error(`vault.create failed: ${JSON.stringify(created)}`);
}

export { jsonOf };
