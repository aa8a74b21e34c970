import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel, MEDIA_SCHEME } from '../../shared/api/bridge';
import { apiMethods, type ApiArgs, type ApiMethod, type ApiResult } from '../../shared/api/contract';
import type { ApiResponse } from '../../shared/api/errors';
import { fixturesDir, TEST_PASSPHRASE } from '../helpers/vault';
import { electronModule, fake, type FakeFrame } from './helpers/fake-electron';

/**
 * The real electron/main/main.ts and the real engine, with a fake Electron underneath: proves the shell
 * is wired as intended (what it registers, what it refuses) without the Electron binary. What Electron
 * itself then does with those registrations is only covered by the end-to-end test.
 */
vi.mock('electron', () => electronModule);

const base = mkdtempSync(path.join(os.tmpdir(), 'strongroom-main-wiring-'));
const appRoot = path.join(base, 'app');
const userData = path.join(base, 'userData');
const vaultDir = path.join(base, 'vault');
const call = (channel: string, frame: FakeFrame | null, ...args: unknown[]) => {
  const handler = fake.ipcHandlers.get(channel) as unknown as (event: { senderFrame: FakeFrame | null }, ...a: unknown[]) => Promise<unknown>;
  return handler({ senderFrame: frame }, ...args);
};
const win = () => fake.windows[0]!;
const trusted = () => win().webContents.mainFrame;
const api = (method: ApiMethod, args: unknown = {}) => call(ipcChannel(method), trusted(), args) as Promise<ApiResponse<unknown>>;
/** A call that must succeed, typed by the contract. */
async function value<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const response = await api(method, args);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.code} ${response.error.message}`);
  return response.value as ApiResult<M>;
}
const sentEvents = () => win().webContents.sent.filter(([channel]) => channel === IPC_EVENT_CHANNEL).map(([, name, payload]) => ({ name, payload }));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  mkdirSync(path.join(appRoot, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Strongroom</title>');
  writeFileSync(path.join(appRoot, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
  fake.app.appPath = appRoot;
  fake.app.setPath('userData', userData);
  fake.app.setPath('logs', path.join(userData, 'logs'));
  vi.stubEnv('STRONGROOM_VAULT', vaultDir);
  vi.stubEnv('STRONGROOM_SHARE_PORT', '0');
  await import('../../electron/main/main');
  await until(() => (fake.windows.length > 0 ? true : undefined), 'the main window');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('Electron main process wiring (fake Electron, real engine)', () => {
  it('registers both schemes as privileged (standard, secure, never bypassing CSP), enables the sandbox', () => {
    expect(fake.app.sandboxed).toBe(true);
    expect(fake.privilegedSchemes.map((s) => s.scheme).sort()).toEqual(['app', MEDIA_SCHEME].sort());
    for (const { privileges } of fake.privilegedSchemes) {
      expect(privileges).toMatchObject({ standard: true, secure: true });
      expect(privileges.bypassCSP).toBeFalsy();
    }
  });

  it('opens one window on app://strongroom with the hardened preferences and the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    expect(win().webContents.getURL()).toBe('app://strongroom/index.html');
    expect(win().shown).toBe(true);
    expect(win().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
      devTools: true, // not packaged
    });
  });

  it('denies new windows and permissions; only https links go to the OS browser', () => {
    const contents = win().webContents;
    expect(contents.windowOpenHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://example.com/help']);

    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-navigate', 'app://strongroom/index.html#/assets')).toBe(false);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-attach-webview', 'app://strongroom/')).toBe(true);

    let granted: boolean | undefined;
    fake.permissionRequest!(contents, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(fake.permissionCheck!(contents, 'clipboard-read')).toBe(false);
  });

  it('registers exactly one IPC channel per contract method', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual((Object.keys(apiMethods) as ApiMethod[]).map(ipcChannel).sort());
  });

  it('answers our window and refuses every other sender by throwing', async () => {
    await expect(api('vault.state')).resolves.toMatchObject({ ok: true, value: { state: 'none', dir: vaultDir } });
    const channel = ipcChannel('vault.state');
    const main = trusted();
    await expect(call(channel, null, {})).rejects.toThrow(/not a Strongroom window/);
    await expect(call(channel, { ...main, parent: main, routingId: 7 }, {})).rejects.toThrow(/not a Strongroom window/);
    await expect(call(channel, { ...main, url: 'https://evil.example/' }, {})).rejects.toThrow(/not a Strongroom window/);
    await expect(call(channel, { ...main, processId: 1 }, {})).rejects.toThrow(/not a Strongroom window/);
  });

  it('passes raw arguments to the validating dispatcher', async () => {
    await expect(api('vault.create', { passphrase: 'short' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(api('assets.list', { limit: 'all' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(call(ipcChannel('vault.state'), trusted(), {}, 'extra')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('creates a vault, ingests, forwards events to the window, and serves decrypted thumbnails by version id', async () => {
    const created = await api('vault.create', { dir: vaultDir, passphrase: TEST_PASSPHRASE });
    expect(created).toMatchObject({ ok: true, value: { state: { state: 'unlocked' } } });
    const { jobId } = await value('ingest.startPaths', { paths: [path.join(fixturesDir, 'orientation')] });
    const done = await until(() => sentEvents().find((e) => e.name === 'ingest.done'), 'ingest.done', 60_000);
    expect(done.payload).toMatchObject({ jobId, cancelled: false });
    expect((done.payload as { imported: unknown[] }).imported.length).toBeGreaterThan(0);
    expect(sentEvents().map((e) => e.name)).toContain('ingest.progress');

    const versionId = (await value('assets.list', { limit: 1 })).items[0]!.currentVersion.id;
    const media = fake.protocolHandlers.get(MEDIA_SCHEME)!;
    const thumb = await media(new Request(`${MEDIA_SCHEME}://thumb/${versionId}`));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect(thumb.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await thumb.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await media(new Request(`${MEDIA_SCHEME}://thumb/../vault.json`))).status).toBe(400);
    expect((await media(new Request(`${MEDIA_SCHEME}://original/${versionId}`))).status).toBe(400);
    expect((await media(new Request(`${MEDIA_SCHEME}://preview/0000000000ab`))).status).toBe(404);
  });

  it('serves the renderer on app:// with the CSP, and nothing outside it', async () => {
    const serve = fake.protocolHandlers.get('app')!;
    const index = await serve(new Request('app://strongroom/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await index.text()).toContain('<title>Strongroom</title>');
    const script = await serve(new Request('app://strongroom/assets/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Client-side routes fall back to the page; missing assets do not.
    expect(await (await serve(new Request('app://strongroom/library/recent'))).text()).toContain('<title>Strongroom</title>');
    expect((await serve(new Request('app://strongroom/assets/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://strongroom/..%2f..%2fsecret.txt'))).status).toBe(404);
    expect((await serve(new Request('app://strongroom/../../secret.txt'))).status).toBe(404);
    expect((await serve(new Request('app://strongroom/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('locks from the menu (Ctrl/Cmd+L) and on suspend, telling the window', async () => {
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const items = (fake.menuTemplate as Item[]).flatMap((m) => [m, ...(m.submenu ?? [])]);
    items.find((i) => i.label === 'Lock Vault')!.click!();
    await expect(api('vault.state')).resolves.toMatchObject({ ok: true, value: { state: 'locked' } });
    await until(() => sentEvents().find((e) => e.name === 'vault.changed' && (e.payload as { state: string }).state === 'locked'), 'vault.changed');
    const media = fake.protocolHandlers.get(MEDIA_SCHEME)!;
    expect((await media(new Request(`${MEDIA_SCHEME}://thumb/0000000000ab`))).status).toBe(403);

    await api('vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE });
    await expect(api('vault.state')).resolves.toMatchObject({ value: { state: 'unlocked' } });
    fake.powerMonitor.emit('suspend');
    await expect(api('vault.state')).resolves.toMatchObject({ value: { state: 'locked' } });
  });

  it('remembers the window bounds on close and stops sending it events', async () => {
    win().bounds = { x: 40, y: 30, width: 1000, height: 700 };
    win().maximized = true;
    win().close();
    expect(JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 40, y: 30, width: 1000, height: 700 },
      maximized: true,
    });
    await expect(call(ipcChannel('vault.state'), trusted(), {})).rejects.toThrow(/not a Strongroom window/);
  });
});
