import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/web/security-headers';
import { jsonOf, rawRequest, receivedBodies, type RawResponse } from './http-client';
import { createVaultOverHttp, signIn, startTestShell, type TestShell } from './test-shell';

/** A well-formed version id that names nothing. */
const SOME_ID = '0123456789ab';

let t: TestShell;
let cookie: string;
let vaultJson: Buffer;

beforeAll(async () => {
  t = await startTestShell();
  cookie = await signIn(t);
  await createVaultOverHttp(t, cookie);
  vaultJson = readFileSync(path.join(t.vaultDir, 'vault.json'));
});
afterAll(() => t?.dispose());

const request = (method: string, p: string, headers: Record<string, string> = {}, body?: string) =>
  rawRequest({ port: t.port, method, path: p, headers: method === 'GET' ? headers : { Origin: t.origin, ...headers }, body });

function expectRefusal(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.body.toString()).toBe(status);
  expect(jsonOf(res)).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
}

describe('browser shell: sessions', () => {
  it('refuses the API, events, media and uploads without a valid session cookie', async () => {
    const forged = `strongroom_session=${'A'.repeat(43)}`;
    const cases: Record<string, string>[] = [{}, { Cookie: forged }, { Cookie: 'strongroom_session=' }];
    for (const headers of cases) {
      expectRefusal(await request('POST', '/api/call/vault.state', { 'Content-Type': 'application/json', ...headers }, '{}'), 401, 'UNAUTHORIZED');
      expectRefusal(await request('GET', '/api/events', headers), 401, 'UNAUTHORIZED');
      expectRefusal(await request('GET', `/media/thumb/${SOME_ID}`, headers), 401, 'UNAUTHORIZED');
      expectRefusal(
        await request('POST', '/api/ingest/uploads', { 'Content-Type': 'application/json', ...headers }, JSON.stringify({ files: [{ name: 'a.jpg', size: 3 }] })),
        401,
        'UNAUTHORIZED',
      );
      expectRefusal(await request('PUT', '/api/ingest/uploads/00000000-0000-4000-8000-000000000000/0', headers, 'abc'), 401, 'UNAUTHORIZED');
    }
    // The same requests with the real cookie get past the session check.
    expect((await request('POST', '/api/call/vault.state', { 'Content-Type': 'application/json', Cookie: cookie }, '{}')).status).toBe(200);
    expect((await request('GET', `/media/thumb/${SOME_ID}`, { Cookie: cookie })).status).toBe(404);
  });

  it('trades the one-time token for a session cookie exactly once; wrong tokens do not use it up', async () => {
    const fresh = await startTestShell();
    try {
      expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const exchange = (authorization?: string) =>
        rawRequest({ port: fresh.port, method: 'POST', path: '/api/session', headers: { Origin: fresh.origin, ...(authorization ? { Authorization: authorization } : {}) } });
      const wrongToken = `${fresh.token.slice(0, -1)}${fresh.token.endsWith('A') ? 'B' : 'A'}`;
      for (const authorization of [undefined, `Bearer ${wrongToken}`, 'Bearer x', fresh.token, `Basic ${fresh.token}`, `Bearer  ${fresh.token}`]) {
        expectRefusal(await exchange(authorization), 401, 'UNAUTHORIZED');
      }
      const first = await exchange(`Bearer ${fresh.token}`);
      expect(first.status).toBe(204);
      const setCookie = first.headers['set-cookie'] ?? [];
      expect(setCookie).toHaveLength(1);
      expect(setCookie[0]).toMatch(/^strongroom_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
      expectRefusal(await exchange(`Bearer ${fresh.token}`), 401, 'UNAUTHORIZED');

      const session = setCookie[0]!.split(';')[0]!;
      const call = await rawRequest({
        port: fresh.port,
        method: 'POST',
        path: '/api/call/vault.state',
        headers: { Origin: fresh.origin, Cookie: `other=1; ${session}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(jsonOf(call)).toMatchObject({ ok: true, value: { state: 'none' } });
      // The other shell's cookie is no good here: each shell makes its own session.
      expectRefusal(
        await rawRequest({ port: fresh.port, method: 'POST', path: '/api/call/vault.state', headers: { Origin: fresh.origin, Cookie: cookie, 'Content-Type': 'application/json' }, body: '{}' }),
        401,
        'UNAUTHORIZED',
      );
    } finally {
      await fresh.dispose();
    }
  });
});

describe('browser shell: Host, Origin and fetch-site checks', () => {
  it('refuses any Host but 127.0.0.1:PORT or localhost:PORT, even with a valid session (DNS rebinding)', async () => {
    const hosts = [
      `evil.example:${t.port}`,
      '127.0.0.1.evil.example',
      `127.0.0.1.evil.example:${t.port}`,
      `127.0.0.1:${t.port + 1}`,
      '127.0.0.1',
      'localhost',
      `[::1]:${t.port}`,
      `localhost.:${t.port}`,
    ];
    for (const host of hosts) {
      expectRefusal(await request('GET', '/', { Host: host }), 403, 'UNAUTHORIZED');
      expectRefusal(await request('GET', '/assets/app.js', { Host: host }), 403, 'UNAUTHORIZED');
      expectRefusal(await request('POST', '/api/call/vault.state', { Host: host, Cookie: cookie, 'Content-Type': 'application/json' }, '{}'), 403, 'UNAUTHORIZED');
      expectRefusal(await request('GET', `/media/thumb/${SOME_ID}`, { Host: host, Cookie: cookie }), 403, 'UNAUTHORIZED');
      expectRefusal(await request('GET', '/api/events', { Host: host, Cookie: cookie }), 403, 'UNAUTHORIZED');
    }
    expect((await request('GET', '/', { Host: `localhost:${t.port}` })).status).toBe(200);
    expect((await request('GET', '/', { Host: `127.0.0.1:${t.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin on any request, and a missing one on anything but GET (CSRF)', async () => {
    const call = (headers: Record<string, string>) =>
      rawRequest({ port: t.port, method: 'POST', path: '/api/call/vault.state', headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers }, body: '{}' });
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${t.port + 1}`, `https://127.0.0.1:${t.port}`, `http://127.0.0.1.evil.example:${t.port}`]) {
      expectRefusal(await call({ Origin: origin }), 403, 'UNAUTHORIZED');
      expectRefusal(await request('GET', `/media/thumb/${SOME_ID}`, { Cookie: cookie, Origin: origin }), 403, 'UNAUTHORIZED');
    }
    expectRefusal(await call({}), 403, 'UNAUTHORIZED');
    expectRefusal(await rawRequest({ port: t.port, method: 'PUT', path: '/api/ingest/uploads/00000000-0000-4000-8000-000000000000/0', headers: { Cookie: cookie }, body: 'x' }), 403, 'UNAUTHORIZED');
    expect((await call({ Origin: `http://localhost:${t.port}` })).status).toBe(200);
  });

  it('refuses API and media requests made by other pages (Sec-Fetch-Site), but not page loads', async () => {
    for (const site of ['same-site', 'cross-site']) {
      expectRefusal(await request('GET', `/media/thumb/${SOME_ID}`, { Cookie: cookie, 'Sec-Fetch-Site': site }), 403, 'UNAUTHORIZED');
      expectRefusal(await request('GET', '/api/events', { Cookie: cookie, 'Sec-Fetch-Site': site }), 403, 'UNAUTHORIZED');
      expect((await request('GET', '/', { 'Sec-Fetch-Site': site })).status).toBe(200);
    }
    expect((await request('GET', `/media/thumb/${SOME_ID}`, { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(404);
  });
});

describe('browser shell: paths never reach files outside their place', () => {
  it('media paths are matched exactly before anything is read', async () => {
    const abs = path.join(t.vaultDir, 'vault.json');
    const paths = [
      '/media/thumb/../../vault/vault.json',
      '/media/thumb/..%2f..%2fvault%2fvault.json',
      '/media/thumb/%2e%2e%2f%2e%2e%2fvault%2fvault.json',
      '/media/thumb/%252e%252e%252fvault%252fvault.json',
      '/media/thumb/..\\..\\vault\\vault.json',
      '/media/../vault/vault.json',
      '/media/..%2fvault/vault.json',
      '/media/thumb%2f..%2f..%2fvault.json',
      `/media/thumb/${SOME_ID}/../../../vault/vault.json`,
      `/media/thumb/${SOME_ID}%00`,
      `/media/thumb/${encodeURIComponent(abs)}`,
      `/media/thumb/${abs}`,
      `/media/thumb/${abs.replace(/\//g, '%2f')}`,
      '/media/thumb//etc/passwd',
      `/media/original/${SOME_ID}`,
      `/media/THUMB/${SOME_ID}`,
      `/media/thumb/${SOME_ID.toUpperCase()}`,
    ];
    for (const p of paths) {
      const res = await request('GET', p, { Cookie: cookie });
      expect([400, 404], `${p} → ${res.status}`).toContain(res.status);
      expect(res.body.includes(vaultJson), p).toBe(false);
    }
  });

  it('static paths resolve only to files inside the renderer folder', async () => {
    const abs = path.join(t.vaultDir, 'vault.json');
    const paths = [
      '/../vault/vault.json',
      '/assets/../../vault/vault.json',
      '/..%2fvault%2fvault.json',
      '/%2e%2e/vault/vault.json',
      '/%2e%2e%2fvault%2fvault.json',
      '/assets/%2e%2e%2f%2e%2e%2fvault%2fvault.json',
      '/%252e%252e%252fvault%252fvault.json',
      '/..\\vault\\vault.json',
      '/assets/..%5c..%5cvault%5cvault.json',
      `/${abs}`,
      `/${encodeURIComponent(abs)}`,
      `/%2F${encodeURIComponent(abs.slice(1))}`,
      '//etc/passwd',
      '/%2Fetc%2Fpasswd',
      '/index.html%00.js',
      '/assets/app.js%00',
      '/assets/linked.json',
      '/assets/app.js/..%2f..%2f..%2fvault%2fvault.json',
      '/%',
      '/%zz.js',
    ];
    for (const p of paths) {
      const res = await request('GET', p);
      expect([400, 404], `${p} → ${res.status}`).toContain(res.status);
      expect(res.body.includes(vaultJson), p).toBe(false);
      expect(res.body.toString('utf8'), p).not.toMatch(/root:.*:0:0:/);
    }
    // An absolute-form request target is not a path on this server.
    expect((await request('GET', `http://127.0.0.1:${t.port}/index.html`)).status).toBe(400);
  });

  it('serves the renderer with the right types, index.html for app routes, 404 for other unknown files', async () => {
    const index = await request('GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body.toString()).toContain('Strongroom test page');
    const app = await request('GET', '/assets/app.js');
    expect(app.status).toBe(200);
    expect(app.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(app.body.toString()).toContain('strongroom test renderer');
    const route = await request('GET', '/library/some-asset?x=1');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('Strongroom test page');
    expect((await request('GET', '/assets/missing.js')).status).toBe(404);
    expect((await request('GET', '/favicon.ico')).status).toBe(404);
    expect((await request('POST', '/index.html', {}, 'x')).status).toBe(405);
  });
});

describe('browser shell: headers and limits', () => {
  it('sends the security headers on every kind of response, and no-store on API and media', async () => {
    const responses: [string, RawResponse, boolean][] = [
      ['index', await request('GET', '/'), false],
      ['script', await request('GET', '/assets/app.js'), false],
      ['static 404', await request('GET', '/nothing.js'), false],
      ['api call', await request('POST', '/api/call/vault.state', { Cookie: cookie, 'Content-Type': 'application/json' }, '{}'), true],
      ['401', await request('POST', '/api/call/vault.state', { 'Content-Type': 'application/json' }, '{}'), true],
      ['403', await request('GET', '/', { Host: 'evil.example' }), true],
      ['media 404', await request('GET', `/media/thumb/${SOME_ID}`, { Cookie: cookie }), true],
      ['media 400', await request('GET', '/media/thumb/x', { Cookie: cookie }), true],
    ];
    for (const [what, res, noStore] of responses) {
      expect(res.headers['content-security-policy'], what).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['referrer-policy'], what).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
      expect(res.headers['x-frame-options'], what).toBe('DENY');
      if (noStore) expect(res.headers['cache-control'], what).toBe('no-store');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('refuses JSON bodies over 1 MiB with 413, declared or streamed', async () => {
    const declared = await rawRequest({
      port: t.port,
      method: 'POST',
      path: '/api/call/assets.list',
      headers: { Origin: t.origin, Cookie: cookie, 'Content-Type': 'application/json', 'Content-Length': String(1024 * 1024 + 1) },
      headersOnly: true,
    });
    expectRefusal(declared, 413, 'INVALID_ARGUMENT');
    const big = JSON.stringify({ query: 'x'.repeat(1536 * 1024) });
    const streamed = await rawRequest({
      port: t.port,
      method: 'POST',
      path: '/api/call/assets.list',
      headers: { Origin: t.origin, Cookie: cookie, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expectRefusal(streamed, 413, 'INVALID_ARGUMENT');
    expect(String((jsonOf(streamed) as { error: { message: string } }).error.message)).toMatch(/larger than 1048576 bytes/);
    // Just under the limit is read and judged on its content (here: too long a query).
    const under = await request('POST', '/api/call/assets.list', { Cookie: cookie, 'Content-Type': 'application/json' }, JSON.stringify({ query: 'x'.repeat(1000 * 1024) }));
    expect(under.status).toBe(200);
    expect(jsonOf(under)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/query/) } });
  });

  it('never sent the vault header in any response of this file', () => {
    expect(receivedBodies.length).toBeGreaterThan(100);
    expect(vaultJson.length).toBeGreaterThan(100);
    for (const body of receivedBodies) expect(body.includes(vaultJson)).toBe(false);
  });
});
