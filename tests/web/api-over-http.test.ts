import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../helpers/vault';
import { openEventStream } from './event-stream';
import { jsonOf, rawRequest } from './http-client';
import { callApi, signIn, startTestShell, type TestShell } from './test-shell';

const RECOVERY_KEY = /^([0-9A-Z]{5}-){7}[0-9A-Z]{5}$/;

let t: TestShell;
let cookie: string;

beforeAll(async () => {
  t = await startTestShell();
  cookie = await signIn(t);
});
afterAll(() => t?.dispose());

const post = (p: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest({ port: t.port, method: 'POST', path: p, headers: { Origin: t.origin, Cookie: cookie, 'Content-Type': 'application/json', ...headers }, body });

describe('the API over HTTP', () => {
  it('creates a vault, then lists its (empty) library', async () => {
    expect(await callApi(t, cookie, 'vault.state')).toMatchObject({ ok: true, value: { state: 'none', dir: t.vaultDir } });
    const created = await callApi(t, cookie, 'vault.create', { passphrase: TEST_PASSPHRASE });
    expect(created).toMatchObject({ ok: true, value: { state: { state: 'unlocked', dir: t.vaultDir }, recoveryKey: expect.stringMatching(RECOVERY_KEY) } });
    expect(await callApi(t, cookie, 'assets.list', {})).toEqual({ ok: true, value: { total: 0, offset: 0, items: [] } });
    // An empty body means "no arguments".
    const empty = await post('/api/call/assets.list', '');
    expect(jsonOf(empty)).toEqual({ ok: true, value: { total: 0, offset: 0, items: [] } });
  });

  it('answers bad arguments with INVALID_ARGUMENT and a message naming the problem', async () => {
    const negative = await callApi(t, cookie, 'assets.list', { limit: -1 });
    expect(negative).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(negative.error!.message).toMatch(/^invalid arguments for assets\.list: limit: /);
    const unknownKey = await callApi(t, cookie, 'assets.list', { bogus: 1 });
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(unknownKey.error!.message).toMatch(/bogus/);
    const wrongType = await callApi(t, cookie, 'assets.get', { id: 'not an id' });
    expect(wrongType.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^invalid arguments for assets\.get: id: /) });
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    for (const method of ['vault.destroy', 'constructor', '__proto__', 'vault.state%2e', 'assets.list/extra']) {
      const res = await post(`/api/call/${method}`, '{}');
      expect(res.status, method).toBe(200);
      expect(jsonOf(res), method).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.stringContaining('unknown API method') } });
    }
  });

  it('refuses bodies that are not JSON, with a status and the same error shape', async () => {
    const malformed = await post('/api/call/assets.list', '{"limit": 1,');
    expect(malformed.status).toBe(400);
    expect(jsonOf(malformed)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not valid JSON/) } });
    const plainText = await post('/api/call/assets.list', '{}', { 'Content-Type': 'text/plain' });
    expect(plainText.status).toBe(415);
    expect(jsonOf(plainText)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/application\/json/) } });
    const get = await rawRequest({ port: t.port, path: '/api/call/vault.state', headers: { Cookie: cookie } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await rawRequest({ port: t.port, path: '/api/nothing', headers: { Cookie: cookie } })).status).toBe(404);
  });

  it('streams events: vault.changed arrives when the vault locks; media then answers 423', async () => {
    const stream = await openEventStream(`${t.origin}/api/events`, { Cookie: cookie });
    try {
      expect(await callApi(t, cookie, 'vault.lock')).toMatchObject({ ok: true, value: { state: 'locked' } });
      const changed = await stream.waitFor((e) => e.event === 'vault.changed', 10_000, 'vault.changed');
      expect(JSON.parse(changed.data)).toMatchObject({ state: 'locked', dir: t.vaultDir });
      const media = await rawRequest({ port: t.port, path: '/media/preview/0123456789ab', headers: { Cookie: cookie } });
      expect(media.status).toBe(423);
      expect(jsonOf(media)).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
      const wrong = await callApi(t, cookie, 'vault.unlock', { method: 'passphrase', secret: 'not the passphrase' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      expect(await callApi(t, cookie, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE })).toMatchObject({
        ok: true,
        value: { state: 'unlocked' },
      });
    } finally {
      stream.close();
    }
  });
});
