import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccessLog } from '../../electron/core/share/access-log';
import { createShare, type CreatedShare } from '../../electron/core/share/create-share';
import { startShareServer, type ShareServer } from '../../electron/core/share/server';
import { getShare, revokeShare } from '../../electron/core/share/share-rows';
import type { ShareOptions } from '../../electron/core/share/share-options';
import { createShareVault, type ShareVault } from './share-fixture';

let sv: ShareVault;
let server: ShareServer;
let clock = Date.now();

beforeAll(async () => {
  sv = await createShareVault('share-ranges');
  server = await startShareServer({ vault: sv.tv.vault, now: () => clock, maxInvalidTokensPerMinute: 1000, cleanup: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  sv.tv.dispose();
});

async function make(options: Partial<ShareOptions> = {}): Promise<CreatedShare & { url: string }> {
  const created = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, ...options }, clock);
  return { ...created, url: server.linkFor(created.token) };
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(url, { method, redirect: 'manual', headers: { 'user-agent': BROWSER, ...headers } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const counts = (id: string) => {
  const s = getShare(sv.tv.vault.db, id);
  return { views: s.views, downloads: s.downloads };
};

describe('share server: ranges', () => {
  it('counts the first range, then serves further ranges of the same bytes from its continuation', async () => {
    const { url, share } = await make({ maxViews: 5 });
    const whole = (await get(`${url}/i/1`)).body;
    const size = whole.length;
    const first = await get(`${url}/i/1`, { range: 'bytes=0-99' });
    expect(first.res.status).toBe(206);
    expect(first.res.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    expect(first.res.headers.get('accept-ranges')).toBe('bytes');
    expect(first.body.equals(whole.subarray(0, 100))).toBe(true);
    expect(first.res.headers.get('set-cookie')).toContain(`Path=${new URL(url).pathname}/i/1;`);
    expect(counts(share.id).views).toBe(2);
    const cookie = cookieOf(first.res);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const rest = await get(`${url}/i/1`, { range: 'bytes=100-', cookie, 'if-range': etag });
    expect(rest.res.status).toBe(206);
    expect(Buffer.concat([first.body, rest.body]).equals(whole)).toBe(true);
    const tail = await get(`${url}/i/1`, { range: `bytes=-100`, cookie });
    expect(tail.body.equals(whole.subarray(size - 100))).toBe(true);
    expect(counts(share.id).views).toBe(2);
    // The continuation is worth one copy: past it, a range counts again (and brings a new continuation).
    const over = await get(`${url}/i/1`, { range: `bytes=0-${size - 101}`, cookie });
    expect(over.res.status).toBe(206);
    expect(counts(share.id).views).toBe(3);
    // A request without Range always counts, continuation or not.
    expect((await get(`${url}/i/1`, { cookie: cookieOf(over.res) })).res.status).toBe(200);
    expect(counts(share.id).views).toBe(4);
    server.flushLog();
    const reasons = listAccessLog(sv.tv.vault.db, share.id).map((e) => `${e.event}:${e.reason ?? ''}`);
    expect(reasons).toEqual(['view:', 'view:', 'view:range-continued', 'view:range-continued', 'view:', 'view:']);
  });

  it('lets a continuation finish the last view, and nothing else past the limit', async () => {
    const { url, share } = await make({ maxViews: 1 });
    const first = await get(`${url}/i/1`, { range: 'bytes=0-9' });
    expect(first.res.status).toBe(206);
    const cookie = cookieOf(first.res);
    expect((await get(`${url}/i/1`, { range: 'bytes=10-' })).res.status).toBe(404);
    expect((await get(`${url}/i/1`, { cookie })).res.status).toBe(404);
    expect((await get(url, { cookie })).res.status).toBe(404);
    expect((await get(`${url}/i/1`, { range: 'bytes=10-', cookie })).res.status).toBe(206);
    expect(counts(share.id).views).toBe(1);
  });

  it('resumes a download with If-Range; a revoke or the expiry ends the continuation', async () => {
    const { url, share } = await make({ maxDownloads: 1, expiresInMs: 60_000 });
    const full = await get(`${url}/d/1`);
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get('content-disposition')).toBe('attachment; filename="image-1.jpg"');
    const cookie = cookieOf(full.res);
    expect(cookie).toMatch(/^sr_range=/);
    const etag = full.res.headers.get('etag')!;
    const resumed = await get(`${url}/d/1`, { range: 'bytes=500-', 'if-range': etag, cookie });
    expect(resumed.res.status).toBe(206);
    expect(resumed.body.equals(full.body.subarray(500))).toBe(true);
    expect(counts(share.id)).toEqual({ views: 0, downloads: 1 });
    // The image route's path never receives the download's cookie, and a copied one does not fit its scope.
    expect((await get(`${url}/i/1`, { range: 'bytes=0-9', cookie })).res.status).toBe(206);
    expect(counts(share.id).views).toBe(1);
    const saved = clock;
    clock = share.expiresAt!;
    try {
      expect((await get(`${url}/d/1`, { range: 'bytes=0-9', 'if-range': etag, cookie })).res.status).toBe(404);
    } finally {
      clock = saved;
    }
    revokeShare(sv.tv.vault.db, share.id, clock);
    expect((await get(`${url}/d/1`, { range: 'bytes=0-9', 'if-range': etag, cookie })).res.status).toBe(404);
  });

  it('serves the whole body for a stale If-Range or several ranges (counted), 416 for none satisfiable (not counted)', async () => {
    const { url, share } = await make();
    const stale = await get(`${url}/i/1`, { range: 'bytes=0-9', 'if-range': '"0000"' });
    expect(stale.res.status).toBe(200);
    const size = stale.body.length;
    const multi = await get(`${url}/i/1`, { range: 'bytes=0-9,20-29' });
    expect(multi.res.status).toBe(200);
    expect(multi.body.length).toBe(size);
    expect(counts(share.id).views).toBe(2);
    const none = await get(`${url}/i/1`, { range: `bytes=${size}-` });
    expect(none.res.status).toBe(416);
    expect(none.res.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(none.res.headers.get('x-robots-tag')).toBe('noindex, nofollow, noai, noimageai');
    expect(counts(share.id).views).toBe(2);
  });

  it('answers HEAD with a range without counting or granting anything', async () => {
    const { url, share } = await make({ maxViews: 1 });
    const head = await get(`${url}/i/1`, { range: 'bytes=0-9' }, 'HEAD');
    expect(head.res.status).toBe(206);
    expect(head.res.headers.get('content-length')).toBe('10');
    expect(head.res.headers.get('set-cookie')).toBeNull();
    expect(counts(share.id).views).toBe(0);
  });

  it('never lets a preview bot or a missing password through with ranges', async () => {
    const { url } = await make({ password: 'pw-range-1' });
    expect((await get(`${url}/i/1`, { range: 'bytes=0-9' })).res.status).toBe(403);
    expect((await fetch(`${url}/i/1`, { headers: { range: 'bytes=0-9', 'user-agent': 'facebookexternalhit/1.1' } })).status).toBe(403);
  });
});

describe('share server: rendition cache', () => {
  const fileOf = (share: CreatedShare['share']) => {
    const blob = share.assets[0]!.renditionBlob;
    return path.join(sv.tv.vault.dir, 'share-blobs', blob.slice(0, 2), blob);
  };

  it('serves from memory after the first request, still counting every view', async () => {
    const { url, share } = await make({ maxViews: 3 });
    const first = await get(`${url}/i/1`);
    rmSync(fileOf(share));
    const statuses = [first.res.status];
    for (let i = 0; i < 3; i += 1) statuses.push((await get(`${url}/i/1`)).res.status);
    expect(statuses).toEqual([200, 200, 200, 404]);
    expect(counts(share.id).views).toBe(3);
  });

  it('drops a share from memory when it is revoked or expires', async () => {
    const revoked = await make();
    expect((await get(`${revoked.url}/i/1`)).res.status).toBe(200);
    rmSync(fileOf(revoked.share));
    revokeShare(sv.tv.vault.db, revoked.share.id, clock);
    expect((await get(`${revoked.url}/i/1`)).res.status).toBe(404);
    // Undo the revoke behind the server's back: had the cache kept the bytes, they would be served.
    sv.tv.vault.db.prepare('UPDATE shares SET revoked_at = NULL WHERE id = ?').run(revoked.share.id);
    expect((await get(`${revoked.url}/i/1`)).res.status).toBe(500);

    const expiring = await make({ expiresInMs: 60_000 });
    expect((await get(`${expiring.url}/i/1`)).res.status).toBe(200);
    rmSync(fileOf(expiring.share));
    sv.tv.vault.db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?').run(clock - 1, expiring.share.id);
    // Nobody asks for it: the sweep notices (and lets go of the ended shares of earlier tests too).
    expect((await server.sweep()).sharesDroppedFromCache).toBeGreaterThanOrEqual(1);
    sv.tv.vault.db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?').run(clock + 60_000, expiring.share.id);
    expect((await get(`${expiring.url}/i/1`)).res.status).toBe(500);
  });

  it('keeps nothing with a zero-byte cache', async () => {
    const uncached = await startShareServer({ vault: sv.tv.vault, now: () => clock, renditionCacheBytes: 0, cleanup: false });
    try {
      const created = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id }, clock);
      const url = uncached.linkFor(created.token);
      expect((await get(`${url}/i/1`)).res.status).toBe(200);
      rmSync(fileOf(created.share));
      expect((await get(`${url}/i/1`)).res.status).toBe(500);
    } finally {
      await uncached.close();
    }
  });
});
