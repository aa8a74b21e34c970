import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../electron/core/api/index';
import { createCore } from '../../electron/core/index';
import type { ApiEvent, ApiEventPayload, ApiMethod } from '../../shared/api/contract';
import { fixturesDir, makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { call, failure } from '../helpers/api-dispatch';

/**
 * The share methods through the real dispatcher over a real vault, with the share service's real
 * server on 127.0.0.1 (a free port): links made in the app are fetched over HTTP as a recipient would.
 */
const fixture = (rel: string) => path.join(fixturesDir, rel);

function nextEvent<E extends ApiEvent>(api: Api, event: E, match: (p: ApiEventPayload<E>) => boolean = () => true, timeoutMs = 10_000): Promise<ApiEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = api.events.subscribe((name, payload) => {
      if ((name as string) !== event) return;
      const typed = payload as unknown as ApiEventPayload<E>;
      if (match(typed)) {
        clearTimeout(timer);
        stop();
        resolve(typed);
      }
    });
  });
}

/** Every event of one kind while `during` runs, plus a grace period for the activity poll. */
async function eventsDuring<E extends ApiEvent>(api: Api, event: E, during: () => Promise<void>, graceMs = 400): Promise<ApiEventPayload<E>[]> {
  const seen: ApiEventPayload<E>[] = [];
  const stop = api.events.subscribe((name, payload) => {
    if ((name as string) === event) seen.push(payload as unknown as ApiEventPayload<E>);
  });
  try {
    await during();
    await new Promise((r) => setTimeout(r, graceMs));
  } finally {
    stop();
  }
  return seen;
}

/** A port something else is listening on, for the "port in use" case. */
async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let root: string;
let api: Api;
let approved: string;
let draft: string;
let smallPreset: string;

beforeAll(async () => {
  root = makeSuiteDir('share-api');
  api = createApi(createCore({ keychain: null }), { vaultDir: path.join(root, 'vault'), shareServer: { defaultPort: 0, activityPollMs: 50 } });
  expect(api.shares.status().state).toBe('off');
  await call(api, 'vault.create', { passphrase: TEST_PASSPHRASE });
  const done = nextEvent(api, 'ingest.done', () => true, 60_000);
  await call(api, 'ingest.startPaths', { paths: ['orientation/Landscape_6.jpg', 'metadata/GPS.jpg'].map(fixture) });
  const imported = (await done).imported;
  approved = imported.find((i) => i.source === 'Landscape_6.jpg')!.assetId;
  draft = imported.find((i) => i.source === 'GPS.jpg')!.assetId;
  await call(api, 'assets.setApproval', { id: approved, version: 1, state: 'approved' });
  smallPreset = (await call(api, 'renditionPresets.save', { preset: { name: 'Tiny', size: { mode: 'long-edge', longEdge: 320 }, format: 'jpeg', quality: 80, sharpen: false } })).id;
}, 60_000);

afterAll(async () => {
  await api.session.lock();
  await api.shares.close();
  rmSync(root, { recursive: true, force: true });
});

describe('share API: validation at the boundary', () => {
  const id = 'aaaaaaaaaaaa';
  const expiry = { kind: 'in', preset: '1d' };
  it.each([
    ['shares.create', { assetIds: [] }, /assetIds/],
    ['shares.create', { assetIds: [id], options: { maxViews: 2 } }, /options\.expiry/],
    ['shares.create', { assetIds: [id], options: { expiry: { kind: 'in', preset: '2h' } } }, /options\.expiry/],
    ['shares.create', { assetIds: [id], options: { expiry: 'never' } }, /options\.expiry/],
    ['shares.create', { assetIds: [id], options: { expiry, maxViews: 0 } }, /options\.maxViews: a limit is at least 1/],
    ['shares.create', { assetIds: [id], options: { expiry, maxDownloads: 1.5 } }, /options\.maxDownloads/],
    ['shares.create', { assetIds: [id], options: { expiry, password: '' } }, /options\.password/],
    ['shares.create', { assetIds: [id], options: { expiry, recipient: { email: 'not an address' } } }, /options\.recipient\.email/],
    ['shares.create', { assetIds: [id], options: { expiry, renditionPresetId: '../x' } }, /options\.renditionPresetId/],
    ['shares.create', { assetIds: [id], options: { expiry, token: 'abc' } }, /options/],
    ['shares.create', { assetIds: [id], allowDrafts: 'yes' }, /allowDrafts/],
    ['shares.get', { id: 'short' }, /id/],
    ['shares.change', { id }, /name a limit to change/],
    ['shares.change', { id, maxViews: -1 }, /maxViews/],
    ['shares.extend', { id, expiry: { kind: 'at', at: 'tomorrow' } }, /expiry/],
    ['shares.setPolicy', { policy: { expiry: 'never', maxViews: null, maxDownloads: null, viewOnly: false, renditionPresetId: 'builtin-web', watermarkPresetId: null, terms: null } }, /policy\.expiry/],
    ['shareServer.set', { settings: { bind: 'everywhere', port: null, publicBaseUrl: null, keepWholeIp: false } }, /settings\.bind/],
    ['shareServer.set', { settings: { bind: 'loopback', port: 70000, publicBaseUrl: null, keepWholeIp: false } }, /settings\.port/],
    ['shareServer.set', { settings: { bind: 'loopback', port: null, publicBaseUrl: 'ftp://example.com', keepWholeIp: false } }, /settings\.publicBaseUrl/],
    ['shareServer.set', { settings: { bind: 'loopback', port: null, publicBaseUrl: 'https://example.com/?a=1', keepWholeIp: false } }, /settings\.publicBaseUrl/],
  ])('%s with %j is INVALID_ARGUMENT naming the field', async (method, args, field) => {
    const error = await failure(api, method as ApiMethod, args);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(field);
  });
});

describe('share API over a real vault and a real share server', () => {
  it('starts the share server with the unlocked vault, on 127.0.0.1 by default', async () => {
    const { settings, status } = await call(api, 'shareServer.get', {});
    expect(settings).toEqual({ bind: 'loopback', port: null, publicBaseUrl: null, keepWholeIp: false });
    expect(status).toMatchObject({ state: 'running', error: null });
    expect(status.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(status.baseUrl).toBe(`http://${status.address}`);
  });

  it('one click: the default policy (1 day, built-in web rendition); a draft is NOT_APPROVED until shared anyway', async () => {
    expect(await call(api, 'shares.getPolicy', {})).toEqual({
      expiry: '1d',
      maxViews: null,
      maxDownloads: null,
      viewOnly: false,
      renditionPresetId: 'builtin-web',
      watermarkPresetId: null,
      terms: null,
    });
    const refused = await failure(api, 'shares.create', { assetIds: [approved, draft] });
    expect(refused.code).toBe('NOT_APPROVED');
    expect(refused.message).toMatch(/approved/);
    expect(await call(api, 'shares.list', {})).toEqual([]);

    const before = Date.now();
    const made = await call(api, 'shares.create', { assetIds: [approved, draft], allowDrafts: true });
    expect(made.serving).toBe(true);
    expect(made.url).toMatch(new RegExp(`^${api.shares.status().baseUrl!.replace(/\./g, '\\.')}/s/[A-Za-z0-9_-]{43}$`));
    expect(made.expiresAt! - before).toBeGreaterThanOrEqual(86_400_000 - 1000);
    expect(made.expiresAt! - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(made.share).toMatchObject({ id: made.id, state: 'active', assetCount: 2, views: 0, lastAccessAt: null, renditionPresetId: 'builtin-web' });
    const page = await fetch(made.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/s/${made.url.split('/s/')[1]}/i/2`);
  });

  it('every option: recipient, password, terms, limits, view-only, presets, note; the access log and counts come back', async () => {
    const made = await call(api, 'shares.create', {
      assetIds: [approved],
      options: {
        expiry: { kind: 'in', preset: '7d' },
        maxViews: 3,
        maxDownloads: 1,
        viewOnly: false,
        password: 'open sesame',
        recipient: { name: 'Ada Buyer', company: 'Harbour Ltd', email: 'ada@example.com' },
        renditionPresetId: smallPreset,
        watermarkPresetId: null,
        terms: 'Catalogue use only.',
        note: 'spring catalogue',
      },
    });
    expect(made.share).toMatchObject({
      maxViews: 3,
      maxDownloads: 1,
      hasPassword: true,
      hasTerms: true,
      recipient: { name: 'Ada Buyer', company: 'Harbour Ltd', email: 'ada@example.com' },
      renditionPresetId: smallPreset,
      note: 'spring catalogue',
    });
    const base = `${made.url}/`;
    const opened = nextEvent(api, 'shares.opened', (o) => o.shareId === made.id);
    expect((await fetch(made.url, { headers: { 'User-Agent': 'Slackbot-LinkExpanding 1.0' } })).status).toBe(200);
    expect((await fetch(made.url, { headers: { 'User-Agent': 'E2E recipient' } })).status).toBe(200);
    // The first opening by a person is announced (the bot's preview before it is not), with the recipient's name.
    expect(await opened).toMatchObject({ shareId: made.id, recipientName: 'Ada Buyer' });

    const form = (body: Record<string, string>, cookie = '') =>
      fetch(`${base}${'password' in body ? 'password' : 'terms'}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    expect((await form({ password: 'wrong' })).status).toBe(403);
    const pw = await form({ password: 'open sesame' });
    expect(pw.status).toBe(303);
    const pwCookie = pw.headers.get('set-cookie')!.split(';')[0]!;
    const terms = await form({ accept: '1' }, pwCookie);
    const cookie = `${pwCookie}; ${terms.headers.get('set-cookie')!.split(';')[0]!}`;
    const view = await fetch(`${base}i/1`, { headers: { Cookie: cookie } });
    expect([view.status, view.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const download = await fetch(`${base}d/1`, { headers: { Cookie: cookie } });
    expect(download.status).toBe(200);
    expect((await fetch(`${base}d/1`, { headers: { Cookie: cookie } })).status).toBe(404);

    await expect.poll(async () => (await call(api, 'shares.get', { id: made.id })).logTotal, { timeout: 5000 }).toBe(8);
    const detail = await call(api, 'shares.get', { id: made.id });
    expect(detail).toMatchObject({ views: 1, downloads: 1, terms: 'Catalogue use only.', assets: [{ position: 1, assetId: approved, title: 'Landscape 6' }] });
    expect(detail.log.map((e) => [e.event, e.reason])).toEqual([
      ['page', 'bot'],
      ['page', 'password'],
      ['wrong_password', null],
      ['password_accepted', null],
      ['terms_accepted', null],
      ['view', null],
      ['download', null],
      ['denied', 'downloads-used-up'],
    ]);
    expect(detail.log[1]).toMatchObject({ ip: '127.0.0.0/24', userAgent: 'E2E recipient' });
    expect(detail.lastAccessAt).toBe(detail.log[7]!.at);
    const listed = (await call(api, 'shares.list', {})).find((s) => s.id === made.id)!;
    expect(listed).toMatchObject({ state: 'active', views: 1, downloads: 1, lastAccessAt: detail.lastAccessAt });
    // Nothing the API answers holds the token or the password.
    const everything = JSON.stringify([detail, await call(api, 'shares.list', {})]);
    expect(everything).not.toContain(made.url.split('/s/')[1]);
    expect(everything).not.toContain('open sesame');
  });

  it('counts changing are announced; a second opening is not', async () => {
    const made = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' }, renditionPresetId: smallPreset } });
    const opened = await eventsDuring(api, 'shares.opened', async () => {
      await fetch(made.url);
      await fetch(made.url);
      await fetch(`${made.url}/i/1`);
    });
    expect(opened.map((o) => o.shareId)).toEqual([made.id]);
    const changed = await eventsDuring(api, 'shares.changed', async () => {
      await fetch(`${made.url}/i/1`);
    });
    expect(changed.flatMap((c) => c.shareIds)).toContain(made.id);
    expect((await call(api, 'shares.get', { id: made.id })).views).toBe(2);
  });

  it('revoke takes effect on the next request; extend and change limits; delete removes the share and its log', async () => {
    const made = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' }, renditionPresetId: smallPreset } });
    expect((await fetch(`${made.url}/i/1`)).status).toBe(200);

    const changed = await call(api, 'shares.change', { id: made.id, maxViews: 1 });
    expect(changed).toMatchObject({ maxViews: 1, views: 1, state: 'used-up' });
    expect((await fetch(`${made.url}/i/1`)).status).toBe(404);
    expect(await call(api, 'shares.change', { id: made.id, maxViews: null, maxDownloads: 5 })).toMatchObject({ maxViews: null, maxDownloads: 5, state: 'active' });

    const at = Date.now() + 3 * 86_400_000;
    expect(await call(api, 'shares.extend', { id: made.id, expiry: { kind: 'at', at } })).toMatchObject({ expiresAt: at, state: 'active' });
    expect(await call(api, 'shares.extend', { id: made.id, expiry: { kind: 'never' } })).toMatchObject({ expiresAt: null });
    expect((await failure(api, 'shares.extend', { id: made.id, expiry: { kind: 'at', at: Date.now() - 1000 } })).code).toBe('INVALID_ARGUMENT');

    expect(await call(api, 'shares.revoke', { id: made.id })).toMatchObject({ state: 'revoked' });
    const gone = await fetch(made.url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('no longer available');
    expect((await failure(api, 'shares.extend', { id: made.id, expiry: { kind: 'in', preset: '1d' } })).code).toBe('CONFLICT');

    expect(await call(api, 'shares.delete', { id: made.id })).toEqual({ ok: true });
    expect((await failure(api, 'shares.get', { id: made.id })).code).toBe('NOT_FOUND');
    expect((await call(api, 'shares.list', {})).some((s) => s.id === made.id)).toBe(false);
  });

  it('the default policy is kept in the vault and one-click Share uses it; unknown presets are refused', async () => {
    const policy = { expiry: '1h' as const, maxViews: 2, maxDownloads: null, viewOnly: true, renditionPresetId: smallPreset, watermarkPresetId: null, terms: 'Look, do not keep.' };
    expect(await call(api, 'shares.setPolicy', { policy })).toEqual(policy);
    expect((await failure(api, 'shares.setPolicy', { policy: { ...policy, watermarkPresetId: 'zzzzzzzzzzzz' } })).code).toBe('NOT_FOUND');
    const made = await call(api, 'shares.create', { assetIds: [approved] });
    expect(made.share).toMatchObject({ maxViews: 2, viewOnly: true, hasTerms: true, renditionPresetId: smallPreset });
    expect(made.expiresAt! - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(made.expiresAt! - Date.now()).toBeGreaterThan(3500_000);
    // A preset deleted later falls back to the built-in one rather than breaking one-click Share.
    await call(api, 'renditionPresets.delete', { id: smallPreset });
    expect((await call(api, 'shares.getPolicy', {})).renditionPresetId).toBe('builtin-web');
  });

  it('server settings: a port in use is reported by number, a public base makes the links, and they persist', async () => {
    const taken = await occupiedPort();
    try {
      const failed = await call(api, 'shareServer.set', { settings: { bind: 'loopback', port: taken.port, publicBaseUrl: null, keepWholeIp: false } });
      expect(failed.status.state).toBe('failed');
      expect(failed.status.error).toContain(`port ${taken.port} on 127.0.0.1 is in use`);
      const notServing = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' } } });
      expect(notServing.serving).toBe(false);
      expect(notServing.url.startsWith(`http://127.0.0.1:${taken.port}/s/`)).toBe(true);
    } finally {
      await taken.close();
    }
    const proxied = await call(api, 'shareServer.set', { settings: { bind: 'loopback', port: null, publicBaseUrl: 'https://share.example.com/', keepWholeIp: true } });
    expect(proxied.settings.publicBaseUrl).toBe('https://share.example.com');
    expect(proxied.status).toMatchObject({ state: 'running', baseUrl: 'https://share.example.com' });
    const made = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' } } });
    expect(made.url).toMatch(/^https:\/\/share\.example\.com\/s\/[A-Za-z0-9_-]{43}$/);
    // The whole address is kept now.
    const direct = `http://${proxied.status.address!}/s/${made.url.split('/s/')[1]}`;
    expect((await fetch(direct)).status).toBe(200);
    await expect.poll(async () => (await call(api, 'shares.get', { id: made.id })).log[0]?.ip, { timeout: 5000 }).toBe('127.0.0.1');
    expect((await call(api, 'shareServer.get', {})).settings).toEqual(proxied.settings);
    await call(api, 'shareServer.set', { settings: { bind: 'loopback', port: null, publicBaseUrl: null, keepWholeIp: false } });
  });

  it('links keep working while the library is locked; the unlocked app finds the same server', async () => {
    const made = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' } } });
    const address = api.shares.status().address;
    await call(api, 'vault.lock', {});
    expect((await failure(api, 'shares.list', {})).code).toBe('VAULT_LOCKED');
    const opened = nextEvent(api, 'shares.opened', (o) => o.shareId === made.id);
    expect((await fetch(made.url)).status).toBe(200);
    expect((await fetch(`${made.url}/i/1`)).status).toBe(200);
    // While locked, a notification may say a link was opened, not to whom.
    expect((await opened).recipientName).toBeNull();
    await call(api, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE });
    expect(api.shares.status()).toMatchObject({ state: 'running', address });
    expect((await call(api, 'shares.get', { id: made.id })).views).toBe(1);
  });

  it('choosing another vault folder stops serving the old vault', async () => {
    const made = await call(api, 'shares.create', { assetIds: [approved], options: { expiry: { kind: 'in', preset: '1h' } } });
    const vaultDir = api.session.vaultDir;
    await call(api, 'vault.select', { dir: path.join(root, 'other') });
    expect(api.shares.status().state).toBe('off');
    expect(await fetch(made.url).then(() => 'answered', () => 'refused')).toBe('refused');
    await call(api, 'vault.select', { dir: vaultDir });
    await call(api, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE });
    expect(api.shares.status().state).toBe('running');
  });
});
