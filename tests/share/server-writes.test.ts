import { describe, expect, it } from 'vitest';
import { listAccessLog, type AccessRecord } from '../../electron/core/share/access-log';
import { ShareWriteQueue } from '../../electron/core/share/server-writes';
import { createTestVault } from '../helpers/vault';

/** A bare share row (no renditions: the write queue only counts and logs). */
function insertShare(db: import('better-sqlite3-multiple-ciphers').Database, id: string, limits: { maxViews?: number; maxDownloads?: number }) {
  db.prepare(`INSERT INTO shares (id, token_hash, created_at, expires_at, max_views, max_downloads, rendition_preset_id) VALUES (?, ?, 0, ?, ?, ?, 'builtin-web')`).run(
    id,
    `hash-${id}`,
    Date.now() + 3600_000,
    limits.maxViews ?? null,
    limits.maxDownloads ?? null,
  );
}

const record = (shareId: string, event: AccessRecord['event']): AccessRecord => ({ shareId, event, reason: null, ip: '127.0.0.0/24', userAgent: 'test', referrer: null });
const counts = (db: import('better-sqlite3-multiple-ciphers').Database, id: string) => db.prepare('SELECT views, downloads FROM shares WHERE id = ?').get(id) as { views: number; downloads: number };

describe('share server: grouped writes', () => {
  it('never counts past a limit within one commit, across shares and kinds, and logs one row per request', async () => {
    const { vault } = await createTestVault();
    const db = vault.db;
    insertShare(db, 'a', { maxViews: 3 });
    insertShare(db, 'b', { maxViews: 100, maxDownloads: 2 });
    const queue = new ShareWriteQueue(db, () => undefined);
    const now = Date.now();
    // One commit: 20 views of a (3 allowed), 5 views and 5 downloads of b (2 downloads allowed), interleaved.
    const asked: Promise<boolean>[] = [];
    for (let i = 0; i < 20; i += 1) {
      asked.push(queue.count('a', 'view', now, record('a', 'view'), 'views-used-up'));
      if (i < 5) asked.push(queue.count('b', 'view', now, record('b', 'view'), 'views-used-up'));
      if (i < 5) asked.push(queue.count('b', 'download', now, record('b', 'download'), 'downloads-used-up'));
    }
    queue.log(record('a', 'page'), now);
    queue.flush();
    const served = await Promise.all(asked);
    expect(served.filter(Boolean)).toHaveLength(3 + 5 + 2);
    expect(queue.stats).toEqual({ commits: 1, counts: 30 });
    expect(counts(db, 'a')).toEqual({ views: 3, downloads: 0 });
    expect(counts(db, 'b')).toEqual({ views: 5, downloads: 2 });
    const logA = listAccessLog(db, 'a');
    expect(logA).toHaveLength(21);
    expect(logA.filter((e) => e.event === 'view')).toHaveLength(3);
    expect(logA.filter((e) => e.event === 'denied' && e.reason === 'views-used-up')).toHaveLength(17);
    const logB = listAccessLog(db, 'b');
    expect(logB).toHaveLength(10);
    expect(logB.filter((e) => e.event === 'denied' && e.reason === 'downloads-used-up')).toHaveLength(3);
    await queue.close();
  });

  it('answers every waiting request of a failed commit with its error, counting and logging nothing', async () => {
    const { vault } = await createTestVault();
    const db = vault.db;
    insertShare(db, 'a', { maxViews: 10 });
    const reports: string[] = [];
    const queue = new ShareWriteQueue(db, (m) => reports.push(m));
    db.exec(`CREATE TEMP TRIGGER fail_counts BEFORE UPDATE ON shares BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const now = Date.now();
    const asked = Array.from({ length: 5 }, () => queue.count('a', 'view', now, record('a', 'view'), 'views-used-up'));
    queue.log(record('a', 'page'), now);
    queue.flush();
    const outcomes = await Promise.allSettled(asked);
    expect(outcomes.every((o) => o.status === 'rejected' && String(o.reason).includes('disk on fire'))).toBe(true);
    expect(counts(db, 'a').views).toBe(0);
    expect(listAccessLog(db, 'a')).toHaveLength(0);
    expect(reports.some((m) => m.includes('could not be written'))).toBe(true);
    expect(queue.stats.commits).toBe(0);
    // The queue carries on with the next commit.
    db.exec('DROP TRIGGER fail_counts');
    const next = queue.count('a', 'view', now, record('a', 'view'), 'views-used-up');
    queue.flush();
    await expect(next).resolves.toBe(true);
    expect(counts(db, 'a').views).toBe(1);
    expect(listAccessLog(db, 'a')).toHaveLength(1);
    await queue.close();
  });
});
