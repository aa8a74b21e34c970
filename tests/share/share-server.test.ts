import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccessLog } from '../../electron/core/share/access-log';
import { createShare, type CreatedShare } from '../../electron/core/share/create-share';
import { getShare, revokeShare } from '../../electron/core/share/share-rows';
import type { ShareOptions } from '../../electron/core/share/share-options';
import { startShareServer, type ShareServer } from '../../electron/core/share/server';
import { newShareToken } from '../../electron/core/share/token';
import { changedBounds, decodeRaw, diffMap, FULL_RIGHTS } from '../imaging/helpers';
import { readTags } from '../imaging/exiftool';
import { createShareVault, type ShareVault } from './share-fixture';

let sv: ShareVault;
let server: ShareServer;
/** The server's clock: tests move it instead of waiting. */
let clock = Date.now();
const secrets: string[] = [];
const serverLog: string[] = [];

beforeAll(async () => {
  sv = await createShareVault('share-server');
  server = await startShareServer({ vault: sv.tv.vault, now: () => clock, maxPasswordFailuresPerHour: 5, maxInvalidTokensPerMinute: 1000, log: (m) => serverLog.push(m) });
}, 120_000);
afterAll(async () => {
  await server?.close();
  sv.tv.dispose();
});

async function make(options: Partial<ShareOptions> = {}): Promise<CreatedShare & { url: string }> {
  const created = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, ...options }, clock);
  secrets.push(created.token);
  return { ...created, url: server.linkFor(created.token) };
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

function get(url: string, init: RequestInit & { ua?: string } = {}) {
  return fetch(url, { redirect: 'manual', ...init, headers: { 'user-agent': init.ua ?? BROWSER, ...(init.headers as Record<string, string> | undefined) } });
}

/** Status, headers and body: everything a client can see of an answer. */
async function snapshot(res: Response) {
  return { status: res.status, headers: [...res.headers.entries()].sort(), body: await res.text() };
}

describe('share server', () => {
  it('puts the hygiene headers on every response, and serves robots.txt and tdmrep.json', async () => {
    const { url } = await make();
    const urls = [url, `${url}/i/1`, `${url}/d/1`, `${server.baseUrl}/robots.txt`, `${server.baseUrl}/.well-known/tdmrep.json`, `${server.baseUrl}/s/nope`, `${server.baseUrl}/etc/passwd`];
    for (const u of urls) {
      const res = await get(u);
      await res.arrayBuffer();
      expect(res.headers.get('x-robots-tag'), u).toBe('noindex, nofollow, noai, noimageai');
      expect(res.headers.get('tdm-reservation'), u).toBe('1');
      expect(res.headers.get('cache-control'), u).toBe('private, no-store');
      expect(res.headers.get('referrer-policy'), u).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), u).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), u).toMatch(/^default-src 'none'; .*frame-ancestors 'none'/);
    }
    expect(await (await get(`${server.baseUrl}/robots.txt`)).text()).toBe('User-agent: *\nDisallow: /\n');
    expect(await (await get(`${server.baseUrl}/.well-known/tdmrep.json`)).json()).toEqual([{ location: '/', 'tdm-reservation': 1 }]);
  });

  it('answers unknown, expired, used-up and revoked links identically (status, headers, body)', async () => {
    const expired = await make({ expiresInMs: 60_000 });
    const usedUp = await make({ maxViews: 1 });
    expect((await get(`${usedUp.url}/i/1`)).status).toBe(200);
    const revoked = await make();
    revokeShare(sv.tv.vault.db, revoked.share.id, clock);
    const saved = clock;
    clock = expired.share.expiresAt!;
    try {
      for (const suffix of ['', '/i/1', '/d/1']) {
        const answers = await Promise.all(
          [server.linkFor(newShareToken()), `${server.baseUrl}/s/short`, expired.url, usedUp.url, revoked.url].map(async (u) => snapshot(await get(`${u}${suffix}`))),
        );
        expect(answers[0]!.status).toBe(404);
        for (const a of answers) expect(a).toEqual(answers[0]);
      }
    } finally {
      clock = saved;
    }
  });

  it('serves at most 3 of 50 concurrent fetches of a 3-view link', async () => {
    const { url, share } = await make({ maxViews: 3 });
    const statuses = await Promise.all(Array.from({ length: 50 }, async () => {
      const res = await get(`${url}/i/1`);
      await res.arrayBuffer();
      return res.status;
    }));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 404)).toBe(true);
    expect(getShare(sv.tv.vault.db, share.id).views).toBe(3);
  });

  it("decides a request freshly when a revoke lands between requests of one turn (a turn's row serves only counts)", async () => {
    // Pipelined on one socket, the requests are parsed in one turn of the server's event loop; the link
    // already worked, so the second GET may take the first one's policy row. The clock revokes the share
    // when the HEAD asks it the time (each GET reads it three times: the limiter, the decision, the count).
    const { share, token } = await make();
    let calls: number | null = null;
    const own = await startShareServer({
      vault: sv.tv.vault,
      now: () => {
        if (calls !== null && ++calls === 7) revokeShare(sv.tv.vault.db, share.id, clock);
        return clock;
      },
    });
    try {
      const image = `${own.linkFor(token)}/i/1`;
      expect((await get(image)).status).toBe(200);
      calls = 0;
      const ask = (method: string) => `${method} ${new URL(image).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ${BROWSER}\r\n\r\n`;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(own.port, '127.0.0.1', () => socket.write(ask('GET') + ask('GET') + ask('HEAD')));
        let text = '';
        socket.setEncoding('latin1');
        socket.on('data', (d: string) => {
          text += d;
          // The HEAD's answer is the last; it has no body.
          if ((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 3 && text.endsWith('\r\n\r\n')) {
            socket.destroy();
            resolve(text);
          }
        });
        socket.on('error', reject);
      });
      const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      // Both GETs were allowed on the row read before the revoke, but their counts came after it: neither
      // serves. The HEAD (never counted) was decided on a fresh row: refused, as the next request must be.
      expect(statuses).toEqual([404, 404, 404]);
      expect(getShare(sv.tv.vault.db, share.id).views).toBe(1);
      own.flushLog();
      expect(listAccessLog(sv.tv.vault.db, share.id).map((e) => `${e.event} ${e.reason}`)).toEqual(['view null', 'denied views-used-up', 'denied views-used-up', 'denied revoked']);
    } finally {
      await own.close();
    }
  });

  it('counts no view for the page, HEAD or link-preview bots', async () => {
    const { url, share } = await make({ maxViews: 1 });
    for (const ua of ['facebookexternalhit/1.1', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'Twitterbot/1.0', 'Mozilla/5.0 (compatible; Discordbot/2.0)', 'WhatsApp/2.23.20.0', 'TelegramBot (like TwitterBot)', 'LinkedInBot/1.0']) {
      const page = await get(url, { ua });
      expect(page.status).toBe(200);
      expect(await page.text()).not.toContain('<img');
      expect((await get(`${url}/i/1`, { ua })).status).toBe(403);
    }
    const head = await get(`${url}/i/1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(share.assets[0]!.byteSize);
    expect(await (await get(url)).text()).toContain('/i/1');
    expect(getShare(sv.tv.vault.db, share.id).views).toBe(0);
    expect((await get(`${url}/i/1`)).status).toBe(200);
    expect((await get(`${url}/i/1`)).status).toBe(404);
  });

  it('stops at the expiry (to the millisecond) and at a revoke, on the next request', async () => {
    const { url, share } = await make({ expiresInMs: 60_000 });
    const saved = clock;
    try {
      clock = share.expiresAt! - 1;
      expect((await get(`${url}/i/1`)).status).toBe(200);
      clock = share.expiresAt!;
      expect((await get(`${url}/i/1`)).status).toBe(404);
    } finally {
      clock = saved;
    }
    const other = await make();
    expect((await get(other.url)).status).toBe(200);
    revokeShare(sv.tv.vault.db, other.share.id, clock);
    expect((await get(other.url)).status).toBe(404);
  });

  it('asks for the password; failures consume no view, and too many get 429', async () => {
    const password = 'sesame-street-4471';
    secrets.push(password);
    const { url, share } = await make({ password, maxViews: 5 });
    expect(await (await get(url)).text()).toContain('type="password"');
    expect((await get(`${url}/i/1`)).status).toBe(403);
    const post = (pw: string) => get(`${url}/password`, { method: 'POST', body: new URLSearchParams({ password: pw }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await post('wrong')).status).toBe(403);
    const ok = await post(password);
    expect(ok.status).toBe(303);
    const setCookie = ok.headers.get('set-cookie')!;
    expect(setCookie).toContain(`Path=${new URL(url).pathname};`);
    expect(setCookie).toMatch(/HttpOnly/);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).not.toContain(password);
    expect(cookie).not.toContain(url.split('/s/')[1]!);
    expect(await (await get(url, { headers: { cookie } })).text()).toContain('/i/1');
    expect((await get(`${url}/i/1`, { headers: { cookie } })).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await post('wrong again')).status).toBe(403);
    const limited = await post(password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(getShare(sv.tv.vault.db, share.id).views).toBe(1);
    server.flushLog();
    const events = listAccessLog(sv.tv.vault.db, share.id).map((e) => e.event);
    expect(events.filter((e) => e === 'wrong_password')).toHaveLength(5);
  });

  it('needs the terms accepted first', async () => {
    const { url } = await make({ terms: 'No resale. Credit the studio.' });
    expect(await (await get(url)).text()).toContain('No resale. Credit the studio.');
    expect((await get(`${url}/i/1`)).status).toBe(403);
    const accepted = await get(`${url}/terms`, { method: 'POST', body: 'accept=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(accepted.status).toBe(303);
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get(`${url}/i/1`, { headers: { cookie } })).status).toBe(200);
  });

  it('downloads under a generic name, counts them, and refuses them on a view-only link', async () => {
    const { url, share } = await make({ maxDownloads: 1 });
    const res = await get(`${url}/d/1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="image-1.jpg"');
    expect((await get(`${url}/d/1`)).status).toBe(404);
    expect(getShare(sv.tv.vault.db, share.id)).toMatchObject({ downloads: 1, views: 0 });
    const viewOnly = await make({ viewOnly: true });
    expect(await (await get(viewOnly.url)).text()).not.toContain('/d/1');
    expect((await get(`${viewOnly.url}/d/1`)).status).toBe(404);
    expect((await get(`${viewOnly.url}/i/1`)).status).toBe(200);
  });

  it("serves a copy watermarked with the recipient's name, without GPS, with the rights", async () => {
    const plain = await make();
    const marked = await make({ watermarkPresetId: sv.mark.id, recipient: { name: 'Ada Lovelace' } });
    const bytes = async (u: string) => Buffer.from(await (await get(`${u}/i/1`)).arrayBuffer());
    const [a, b] = await Promise.all([bytes(plain.url), bytes(marked.url)]);
    const [ra, rb] = await Promise.all([decodeRaw(a), decodeRaw(b)]);
    expect([rb.width, rb.height]).toEqual([ra.width, ra.height]);
    const bounds = changedBounds(diffMap(ra, rb), ra.width, ra.height);
    expect(bounds).not.toBeNull();
    // Centred, and wide: the text "For Ada Lovelace" at 40% of the width.
    expect(bounds!.width).toBeGreaterThan(ra.width * 0.3);
    expect(Math.abs(bounds!.left + bounds!.width / 2 - ra.width / 2)).toBeLessThan(ra.width * 0.1);
    const tags = await readTags(b);
    expect(Object.keys(tags).filter((k) => /GPS/i.test(k))).toEqual([]);
    expect(tags['IFD0:Artist']).toBe(FULL_RIGHTS.creator);
    expect(tags['IFD0:Copyright']).toBe(FULL_RIGHTS.copyrightNotice);
    expect(tags['XMP-dc:Rights']).toBe(FULL_RIGHTS.copyrightNotice);
  });

  it('logs each request with a truncated IP, and never a token or a password (log, catalog, files)', async () => {
    const { url, share, token } = await make();
    await (await get(url, { headers: { referer: `${url}?from=mail` } })).text();
    await (await get(`${url}/i/1`)).arrayBuffer();
    server.flushLog();
    const log = listAccessLog(sv.tv.vault.db, share.id);
    expect(log.map((e) => e.event)).toEqual(['page', 'view']);
    expect(log[0]).toMatchObject({ ip: '127.0.0.0/24', userAgent: BROWSER, referrer: server.baseUrl });
    const db = sv.tv.vault.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const text = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n') + serverLog.join('\n');
    for (const secret of [...secrets, token]) expect(text.includes(secret), 'a secret in the catalog or the log').toBe(false);
    for (const f of ['catalog.db', 'catalog.db-wal'].map((n) => path.join(sv.tv.vault.dir, n)).filter(existsSync)) {
      for (const secret of secrets) expect(readFileSync(f).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('limits invalid tokens per IP with 429 and Retry-After', async () => {
    const strict = await startShareServer({ vault: sv.tv.vault, maxInvalidTokensPerMinute: 5 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i += 1) {
        const res = await get(strict.linkFor(newShareToken()));
        await res.text();
        statuses.push(res.status);
        retryAfter ??= res.headers.get('retry-after');
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('binds 127.0.0.1, refuses other methods and oversized forms, and has no file routes', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { url } = await make({ password: 'x-password-1' });
    secrets.push('x-password-1');
    expect((await get(url, { method: 'DELETE' })).status).toBe(405);
    const big = await get(`${url}/password`, { method: 'POST', body: `password=${'a'.repeat(10_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(big.status).toBe(413);
    for (const p of ['/', '/s/', '/../package.json', '/s/x/../../catalog.db', '/blobs/00']) expect((await get(`${server.baseUrl}${p}`)).status).toBe(404);
  });
});
