import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listRenditionPresets } from '../../electron/core/catalog/rendition-presets';
import { listAccessLog, logAccess, logAccessMany, type AccessRecord } from '../../electron/core/share/access-log';
import { revokeShare } from '../../electron/core/share/share-rows';
import { shareRecordOf } from '../../electron/core/sync/ops/baseline';
import { canonicalDump } from '../../electron/core/sync/ops/canonical-dump';
import { captureOp } from '../../electron/core/sync/ops/capture';
import { MAX_ACCESS_ENTRIES } from '../../electron/core/sync/ops/op-schemas';
import { addRecord } from '../helpers/catalog-records';
import { FakeRemote, openDevices, type Device } from './sync-fixture';

/** A share's rows and its op as createShare writes them, without rendering (no renditions are read here). */
function addShare(db: DB, id: string, assetId: string, versionId: string, at: number): void {
  const preset = listRenditionPresets(db)[0]!.id;
  db.transaction(() => {
    db.prepare('INSERT INTO shares (id, token_hash, created_at, expires_at, never_expires, rendition_preset_id) VALUES (?, ?, ?, ?, 0, ?)').run(
      id,
      randomBytes(32).toString('hex'),
      at,
      at + 86_400_000,
      preset,
    );
    const asset = { position: 1, assetId, versionId, renditionBlob: randomBytes(32).toString('hex'), byteSize: 1000, format: 'webp', width: 400, height: 300, downloadName: 'a.webp' };
    db.prepare('INSERT INTO share_assets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(id, 1, assetId, versionId, asset.renditionBlob, 1000, 'webp', 400, 300, 'a.webp');
    captureOp(db, {
      kind: 'share.create',
      at,
      shareId: id,
      record: shareRecordOf(db.prepare('SELECT * FROM shares WHERE id = ?').get(id) as Record<string, string | number | null>),
      fields: { expiry: { expiresAt: at + 86_400_000, never: false }, maxViews: null, maxDownloads: null, revokedAt: null },
      assets: [asset],
    });
  })();
}

function exchange(remote: FakeRemote, ...devices: Device[]): void {
  for (const d of devices) remote.push(d);
  for (const d of devices) remote.pull(d);
}

const row = (shareId: string, i: number): { record: AccessRecord; at: number } => ({
  record: {
    shareId,
    event: i % 5 === 4 ? 'denied' : 'view',
    reason: i % 5 === 4 ? 'views-used-up' : null,
    ip: `10.0.${i % 3}.0/24`,
    userAgent: `agent ${i}`,
    referrer: i % 2 === 0 ? 'https://shop.example/page?secret=1' : null,
  },
  // Times as the server takes them: not always increasing within one commit.
  at: 1_700_000_100_000 + (i % 7),
});

describe('the share access log in sync', () => {
  it("a commit's rows travel as one op per share and arrive as the same rows, in the same order", () => {
    const [a, b] = openDevices(2, 'share-log') as [Device, Device];
    const remote = new FakeRemote();
    const { assetId, versionId } = addRecord(a.db, { title: 'Linen shirt', at: 1000 });
    addShare(a.db, 'sharea', assetId, versionId, 2000);
    addShare(a.db, 'shareb', assetId, versionId, 2001);
    exchange(remote, a, b);
    const opsBefore = a.db.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;

    // One server commit: rows of two shares interleaved, more of one than an op carries, one of a share that is gone.
    const rows = Array.from({ length: MAX_ACCESS_ENTRIES + 20 }, (_, i) => row(i % 9 === 0 ? 'shareb' : 'sharea', i));
    const lost = a.db.transaction(() => logAccessMany(a.db, [...rows, row('nosuchshare', 99)]))();
    expect(lost).toBe(1);
    logAccess(a.db, row('sharea', 100).record, 1_700_000_200_000);

    const added = a.db.prepare('SELECT kind, count(*) AS n FROM sync_ops GROUP BY kind HAVING kind LIKE ? ORDER BY kind').all('share.access%');
    // sharea: 74 rows (two ops), shareb: 10 rows (one op), plus the single row's own op.
    expect(added).toEqual([
      { kind: 'share.access', n: 1 },
      { kind: 'share.accesses', n: 3 },
    ]);
    expect(a.db.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(opsBefore + 4);
    expect(a.db.prepare('SELECT count(*) FROM sync_outbox WHERE batch_seq IS NULL').pluck().get()).toBe(4);

    exchange(remote, a, b);
    for (const id of ['sharea', 'shareb']) {
      const log = listAccessLog(b.db, id);
      expect(log).toEqual(listAccessLog(a.db, id));
      expect(log.length).toBe(id === 'sharea' ? rows.filter((r) => r.record.shareId === id).length + 1 : rows.filter((r) => r.record.shareId === id).length);
    }
    // Referrers keep their origin only, on both devices.
    expect(listAccessLog(b.db, 'sharea').filter((e) => e.referrer !== null).every((e) => e.referrer === 'https://shop.example')).toBe(true);
    // Same rows with the same op ids, in the same order by id as written.
    const ordered = (d: Device) => d.db.prepare("SELECT op_id, at, event, user_agent FROM share_access_log WHERE share_id = 'sharea' ORDER BY id").all();
    expect(ordered(b)).toEqual(ordered(a));
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));

    // A second delivery, and the share materialised again (a revoke arrives), write no row twice.
    const before = canonicalDump(b.db).accessLog;
    remote.pull(b);
    revokeShare(a.db, 'sharea', 1_700_000_300_000);
    exchange(remote, a, b);
    expect(b.db.prepare("SELECT revoked_at FROM shares WHERE id = 'sharea'").pluck().get()).toBe(1_700_000_300_000);
    expect(canonicalDump(b.db).accessLog).toEqual(before);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    a.db.close();
    b.db.close();
  });
});
