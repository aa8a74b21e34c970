import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAccessLog } from '../../electron/core/share/access-log';
import { createShare } from '../../electron/core/share/create-share';
import { startShareServer, type ShareServer } from '../../electron/core/share/server';
import { deleteShare } from '../../electron/core/share/share-cleanup';
import { changeShare, countAccessMany, getShare, renditionsRemoved, revokeShare } from '../../electron/core/share/share-rows';
import { newShareToken } from '../../electron/core/share/token';
import type { ShareRecord } from '../../electron/core/share/types';
import { createShareVault, type ShareVault } from './share-fixture';

let sv: ShareVault;
let clock = Date.now();
const HOUR = 3600_000;

beforeAll(async () => {
  sv = await createShareVault('share-upkeep');
}, 120_000);
afterAll(() => sv.tv.dispose());

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { redirect: 'manual', headers: { 'user-agent': BROWSER, ...headers } });
  await res.arrayBuffer();
  return res.status;
};
const make = (options: { expiresInMs?: number } = {}) => createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, ...options }, clock);
const filesOf = (share: ShareRecord) => share.assets.map((a) => path.join(sv.tv.vault.dir, 'share-blobs', a.renditionBlob.slice(0, 2), a.renditionBlob));

async function withServer<T>(options: Partial<Parameters<typeof startShareServer>[0]>, fn: (server: ShareServer) => Promise<T>): Promise<T> {
  const server = await startShareServer({ vault: sv.tv.vault, now: () => clock, cleanup: false, ...options });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

describe('share server: client address behind a proxy', () => {
  it('logs and limits the forwarded client only when the proxy is trusted', async () => {
    const { share, token } = await make();
    const forwarded = { 'x-forwarded-for': '203.0.113.77' };
    await withServer({}, async (server) => {
      await get(server.linkFor(token), forwarded);
      server.flushLog();
    });
    await withServer({ trustProxy: ['127.0.0.1'] }, async (server) => {
      await get(server.linkFor(token), forwarded);
      await get(server.linkFor(token), { forwarded: 'for="[2001:db8:cafe::17]:4711"' });
      server.flushLog();
    });
    expect(listAccessLog(sv.tv.vault.db, share.id).map((e) => e.ip)).toEqual(['127.0.0.0/24', '203.0.113.0/24', '2001:db8:cafe::/48']);
  });

  it('keys the invalid-token limit on the forwarded client, not on the proxy', async () => {
    await withServer({ trustProxy: ['127.0.0.0/8'], maxInvalidTokensPerMinute: 2 }, async (server) => {
      const a = { 'x-forwarded-for': '198.51.100.1' };
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push(await get(server.linkFor(newShareToken()), a));
      expect(statuses).toEqual([404, 404, 429]);
      expect(await get(server.linkFor(newShareToken()), { 'x-forwarded-for': '198.51.100.2' })).toBe(404);
    });
    // Untrusted, the header is the client's own say: the flood is the socket's, whatever it claims.
    await withServer({ maxInvalidTokensPerMinute: 2 }, async (server) => {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push(await get(server.linkFor(newShareToken()), { 'x-forwarded-for': `198.51.100.${10 + i}` }));
      expect(statuses).toEqual([404, 404, 429]);
    });
  });
});

describe('share server: cleanup of ended shares', () => {
  it("removes ended shares' renditions after the grace period, keeping records and logs", async () => {
    const start = clock;
    const expired = await make({ expiresInMs: HOUR });
    const revoked = await make();
    const recent = await make({ expiresInMs: HOUR });
    const active = await make({ expiresInMs: 100 * HOUR });
    await withServer({ cleanup: { graceMs: 24 * HOUR } }, async (server) => {
      expect(await get(`${server.linkFor(expired.token)}/i/1`)).toBe(200);
      revokeShare(sv.tv.vault.db, revoked.share.id, start + HOUR);
      clock = start + 26 * HOUR;
      // `recent` ended just within the grace period.
      sv.tv.vault.db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?').run(start + 3 * HOUR, recent.share.id);
      const report = await server.sweep();
      expect(report.cleanup).toMatchObject({ shares: 2, removedFiles: 2 });
      server.flushLog();
    });
    for (const s of [expired, revoked]) {
      const after = getShare(sv.tv.vault.db, s.share.id);
      expect(renditionsRemoved(after)).toBe(true);
      expect(after.assets).toHaveLength(1);
      expect(filesOf(s.share).some(existsSync)).toBe(false);
    }
    expect(listAccessLog(sv.tv.vault.db, expired.share.id).map((e) => e.event)).toEqual(['view']);
    for (const s of [recent, active]) expect(filesOf(s.share).every(existsSync)).toBe(true);
    // Gone for good: an extension is refused, the link stays dead, and deleting still works.
    expect(() => changeShare(sv.tv.vault.db, expired.share.id, { expiresAt: clock + HOUR })).toThrow(/images were removed/);
    expect(changeShare(sv.tv.vault.db, recent.share.id, { expiresAt: clock + HOUR }).expiresAt).toBe(clock + HOUR);
    sv.tv.vault.db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?').run(clock + HOUR, expired.share.id);
    await withServer({}, async (server) => {
      expect(await get(`${server.linkFor(expired.token)}/i/1`)).toBe(404);
      expect(await get(server.linkFor(expired.token))).toBe(200);
    });
    await deleteShare(sv.tv.vault, expired.share.id);
  });

  it('runs by itself on its interval', async () => {
    const ended = await make({ expiresInMs: HOUR });
    clock += 2 * HOUR;
    await withServer({ cleanup: { intervalMs: 50, graceMs: 0 } }, async () => {
      await vi.waitFor(() => expect(filesOf(ended.share).some(existsSync)).toBe(false), { timeout: 5_000, interval: 50 });
    });
    expect(renditionsRemoved(getShare(sv.tv.vault.db, ended.share.id))).toBe(true);
  });
});

describe('share server: grouped counting', () => {
  it('counts several requests at once only when all of them fit', async () => {
    const { share } = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, maxViews: 5, maxDownloads: 2 }, clock);
    const db = sv.tv.vault.db;
    expect(countAccessMany(db, share.id, 'view', 3, clock)).toBe(true);
    expect(countAccessMany(db, share.id, 'view', 3, clock)).toBe(false);
    expect(countAccessMany(db, share.id, 'download', 3, clock)).toBe(false);
    expect(countAccessMany(db, share.id, 'download', 2, clock)).toBe(true);
    expect(countAccessMany(db, share.id, 'view', 2, share.expiresAt!)).toBe(false);
    expect(getShare(db, share.id)).toMatchObject({ views: 3, downloads: 2 });
  });

  it('serves exactly the views left when more arrive at once, and counts them all when they fit', async () => {
    const tight = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, maxViews: 7 }, clock);
    const roomy = await createShare(sv.tv.vault, { assetIds: [sv.ids[0]!], renditionPresetId: sv.small.id, maxViews: 1000 }, clock);
    await withServer({}, async (server) => {
      const burst = (token: string) => Promise.all(Array.from({ length: 20 }, () => get(`${server.linkFor(token)}/i/1`)));
      expect((await burst(tight.token)).filter((s) => s === 200)).toHaveLength(7);
      expect((await burst(roomy.token)).every((s) => s === 200)).toBe(true);
      server.flushLog();
    });
    expect(getShare(sv.tv.vault.db, tight.share.id).views).toBe(7);
    expect(getShare(sv.tv.vault.db, roomy.share.id).views).toBe(20);
    const events = listAccessLog(sv.tv.vault.db, tight.share.id).map((e) => `${e.event}:${e.reason ?? ''}`);
    expect(events.filter((e) => e === 'view:')).toHaveLength(7);
    expect(events.filter((e) => e === 'denied:views-used-up')).toHaveLength(13);
    expect(listAccessLog(sv.tv.vault.db, roomy.share.id)).toHaveLength(20);
  });
});
