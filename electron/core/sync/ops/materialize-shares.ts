import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { isShareLive } from './liveness';
import { accessEntryId, type OpOf } from './op-schemas';
import { readRegisters } from './state';
import { shareTarget } from './targets';

type Created = Pick<OpOf<'share.create'>, 'record' | 'assets'>;
type Fields = NonNullable<OpOf<'share.set'>['fields']>;

/**
 * A share's row, its assets and its access log. The record and its assets never change after
 * creation; limits, expiry and revocation are last-writer-wins fields; the log is append-only (one row
 * per `share.access` op, one per entry of a `share.accesses` op). View and download counters are not
 * synced: the device that serves a link counts its own. A share waits for the assets and versions it
 * shows; deleting it also forgets its log, as locally.
 */
export function materializeShare(db: Database, shareId: string): void {
  const t = shareTarget(shareId);
  const versionsPresent = (c: Created) => c.assets.every((a) => preparedStatement(db, 'SELECT 1 FROM versions WHERE id = ? AND asset_id = ?').get(a.versionId, a.assetId) !== undefined);
  const regs = readRegisters(db, t);
  const created = regs.get('_created') as Created | undefined;
  if (!created || !isShareLive(db, shareId) || !versionsPresent(created)) {
    preparedStatement(db, 'DELETE FROM shares WHERE id = ?').run(shareId);
    return;
  }
  const r = created.record;
  const expiry = regs.get('expiry') as Fields['expiry'];
  const values = [
    expiry?.expiresAt ?? null,
    expiry?.never ? 1 : 0,
    (regs.get('maxViews') as number | null | undefined) ?? null,
    (regs.get('maxDownloads') as number | null | undefined) ?? null,
    (regs.get('revokedAt') as number | null | undefined) ?? null,
  ];
  preparedStatement(db, 
    `INSERT INTO shares (id, token_hash, created_at, expires_at, never_expires, max_views, max_downloads, revoked_at, view_only, password_hash,
       password_kdf, recipient_name, recipient_company, recipient_email, rendition_preset_id, watermark_preset_id, terms, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, never_expires = excluded.never_expires, max_views = excluded.max_views,
       max_downloads = excluded.max_downloads, revoked_at = excluded.revoked_at`,
  ).run(
    shareId,
    r.tokenHash,
    r.createdAt,
    ...values,
    r.viewOnly ? 1 : 0,
    r.passwordHash,
    r.passwordKdf,
    r.recipientName,
    r.recipientCompany,
    r.recipientEmail,
    r.renditionPresetId,
    r.watermarkPresetId,
    r.terms,
    r.note,
  );
  const insertAsset = preparedStatement(db, 'INSERT OR IGNORE INTO share_assets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const a of created.assets) insertAsset.run(shareId, a.position, a.assetId, a.versionId, a.renditionBlob, a.byteSize, a.format, a.width, a.height, a.downloadName);
  const log = preparedStatement(db, "SELECT body FROM sync_ops WHERE target = ? AND kind IN ('share.access', 'share.accesses') ORDER BY op_id").pluck().all(t) as string[];
  const insertLog = preparedStatement(db, 
    'INSERT OR IGNORE INTO share_access_log (at, share_id, event, reason, ip, user_agent, referrer, op_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const body of log) {
    const op = JSON.parse(body) as OpOf<'share.access'> | OpOf<'share.accesses'>;
    if (op.kind === 'share.access') insertLog.run(op.at, shareId, op.event, op.reason, op.ip, op.userAgent, op.referrer, op.id);
    else op.entries.forEach((e, i) => insertLog.run(e.at, shareId, e.event, e.reason, e.ip, e.userAgent, e.referrer, accessEntryId(op.id, i)));
  }
}
