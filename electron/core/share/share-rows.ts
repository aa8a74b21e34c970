import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { captureOp } from '../sync/ops/capture';
import { REMOVED_RENDITION } from './share-blobs';
import { preparedStatement } from '../catalog/statement-cache';
import type { ShareAssetRecord, ShareRecord } from './types';

interface ShareRow {
  id: string;
  created_at: number;
  expires_at: number | null;
  max_views: number | null;
  max_downloads: number | null;
  views: number;
  downloads: number;
  view_only: number;
  password_hash: string | null;
  recipient_name: string | null;
  recipient_company: string | null;
  recipient_email: string | null;
  rendition_preset_id: string;
  watermark_preset_id: string | null;
  terms: string | null;
  note: string | null;
  revoked_at: number | null;
}

interface AssetRow {
  position: number;
  asset_id: string;
  version_id: string;
  rendition_blob: string;
  byte_size: number;
  format: string;
  width: number;
  height: number;
  download_name: string;
}

const COLUMNS = `id, created_at, expires_at, max_views, max_downloads, views, downloads, view_only, password_hash, recipient_name,
  recipient_company, recipient_email, rendition_preset_id, watermark_preset_id, terms, note, revoked_at`;
const BY_TOKEN_HASH = `SELECT ${COLUMNS} FROM shares WHERE token_hash = ?`;
const BY_ID = `SELECT ${COLUMNS} FROM shares WHERE id = ?`;

/** A share's assets in position order. They never change once the share is made (but for the cleanup's REMOVED_RENDITION). */
export function shareAssetsOf(db: Database, shareId: string): ShareAssetRecord[] {
  const rows = preparedStatement(db, 'SELECT position, asset_id, version_id, rendition_blob, byte_size, format, width, height, download_name FROM share_assets WHERE share_id = ? ORDER BY position').all(
    shareId,
  ) as AssetRow[];
  return rows.map((r) => ({
    position: r.position,
    assetId: r.asset_id,
    versionId: r.version_id,
    renditionBlob: r.rendition_blob,
    byteSize: r.byte_size,
    format: r.format,
    width: r.width,
    height: r.height,
    downloadName: r.download_name,
  }));
}

function toRecord(db: Database, r: ShareRow): ShareRecord {
  return {
    id: r.id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    maxViews: r.max_views,
    maxDownloads: r.max_downloads,
    views: r.views,
    downloads: r.downloads,
    viewOnly: r.view_only === 1,
    hasPassword: r.password_hash !== null,
    recipient: { name: r.recipient_name, company: r.recipient_company, email: r.recipient_email },
    renditionPresetId: r.rendition_preset_id,
    watermarkPresetId: r.watermark_preset_id,
    terms: r.terms,
    note: r.note,
    revokedAt: r.revoked_at,
    assets: shareAssetsOf(db, r.id),
  };
}

export function findShareByTokenHash(db: Database, tokenHash: string): ShareRecord | null {
  const row = preparedStatement(db, BY_TOKEN_HASH).get(tokenHash) as ShareRow | undefined;
  return row ? toRecord(db, row) : null;
}

/** A full share id or an unambiguous prefix (at least 4 characters), as typed in the CLI. */
export function resolveShareId(db: Database, idOrPrefix: string): string {
  if (db.prepare('SELECT 1 FROM shares WHERE id = ?').get(idOrPrefix)) return idOrPrefix;
  if (idOrPrefix.length >= 4 && /^[0-9a-z]+$/.test(idOrPrefix)) {
    const rows = db.prepare("SELECT id FROM shares WHERE id LIKE ? || '%' LIMIT 2").pluck().all(idOrPrefix) as string[];
    if (rows.length === 1) return rows[0]!;
    if (rows.length > 1) throw new StrongroomError('INVALID_ARGUMENT', `"${idOrPrefix}" matches more than one share; type more of the id`);
  }
  throw new StrongroomError('NOT_FOUND', `no share with id "${idOrPrefix}"`);
}

export function getShare(db: Database, id: string): ShareRecord {
  const row = preparedStatement(db, BY_ID).get(id) as ShareRow | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no share with id "${id}"`);
  return toRecord(db, row);
}

export function listShares(db: Database): ShareRecord[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM shares ORDER BY created_at DESC, id DESC`).all() as ShareRow[];
  return rows.map((r) => toRecord(db, r));
}

export function sharePasswordOf(db: Database, id: string): { hash: string; kdf: string } | null {
  const row = preparedStatement(db, 'SELECT password_hash AS hash, password_kdf AS kdf FROM shares WHERE id = ?').get(id) as { hash: string | null; kdf: string | null } | undefined;
  return row?.hash && row.kdf ? { hash: row.hash, kdf: row.kdf } : null;
}

const COUNT_SQL = {
  view: `UPDATE shares SET views = views + 1 WHERE id = ? AND (max_views IS NULL OR views < max_views)
           AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) RETURNING views`,
  download: `UPDATE shares SET downloads = downloads + 1 WHERE id = ? AND (max_downloads IS NULL OR downloads < max_downloads)
           AND (max_views IS NULL OR views < max_views) AND view_only = 0
           AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) RETURNING downloads`,
} as const;

/**
 * The one place a view or a download is counted: a single statement that re-checks every limit, so
 * concurrent requests cannot exceed max_views, and a revoke or an expiry that landed after the policy
 * check still wins. Returns false when nothing was counted (the request must then be denied).
 */
export function countAccess(db: Database, id: string, kind: 'view' | 'download', now: number): boolean {
  return preparedStatement(db, COUNT_SQL[kind]).get(id, now) !== undefined;
}

const COUNT_MANY_SQL = {
  view: `UPDATE shares SET views = views + :n WHERE id = :id AND (max_views IS NULL OR views + :n <= max_views)
           AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now) RETURNING views`,
  download: `UPDATE shares SET downloads = downloads + :n WHERE id = :id AND (max_downloads IS NULL OR downloads + :n <= max_downloads)
           AND (max_views IS NULL OR views < max_views) AND view_only = 0
           AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now) RETURNING downloads`,
} as const;

/**
 * `n` counts of one share at once, all or none: true when every one of them fits under the limit
 * (and the share is live at `now`, the latest of their times). When they do not all fit, nothing is
 * counted and the caller counts them one by one with countAccess, which serves exactly as many as fit.
 */
export function countAccessMany(db: Database, id: string, kind: 'view' | 'download', n: number, now: number): boolean {
  return preparedStatement(db, COUNT_MANY_SQL[kind]).get({ id, n, now }) !== undefined;
}

export function revokeShare(db: Database, id: string, now: number): ShareRecord {
  getShare(db, id);
  db.transaction(() => {
    if (db.prepare('UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes === 1) {
      captureOp(db, { kind: 'share.set', at: now, shareId: id, fields: { revokedAt: now } });
    }
  })();
  return getShare(db, id);
}

/** The share ended long enough ago that the server's cleanup removed its renditions (share-cleanup.ts). */
export function renditionsRemoved(share: ShareRecord): boolean {
  return share.assets.some((a) => a.renditionBlob === REMOVED_RENDITION);
}

/** New expiry (ms) or "never" (null, explicit); limits: undefined keeps, null removes. */
export function changeShare(
  db: Database,
  id: string,
  change: { expiresAt?: number | null; maxViews?: number | null; maxDownloads?: number | null },
): ShareRecord {
  getShare(db, id);
  const check = (n: number | null | undefined, what: string) => {
    if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n < 1)) throw new StrongroomError('INVALID_ARGUMENT', `${what} must be a whole number ≥ 1`);
  };
  check(change.maxViews, 'the view limit');
  check(change.maxDownloads, 'the download limit');
  if (change.expiresAt !== undefined && renditionsRemoved(getShare(db, id))) {
    throw new StrongroomError('INVALID_ARGUMENT', 'this share ended and its images were removed since; create a new share instead');
  }
  db.transaction(() => {
    if (change.expiresAt !== undefined) {
      db.prepare('UPDATE shares SET expires_at = ?, never_expires = ? WHERE id = ?').run(change.expiresAt, change.expiresAt === null ? 1 : 0, id);
    }
    if (change.maxViews !== undefined) db.prepare('UPDATE shares SET max_views = ? WHERE id = ?').run(change.maxViews, id);
    if (change.maxDownloads !== undefined) db.prepare('UPDATE shares SET max_downloads = ? WHERE id = ?').run(change.maxDownloads, id);
    const fields = {
      ...(change.expiresAt !== undefined ? { expiry: { expiresAt: change.expiresAt, never: change.expiresAt === null } } : {}),
      ...(change.maxViews !== undefined ? { maxViews: change.maxViews } : {}),
      ...(change.maxDownloads !== undefined ? { maxDownloads: change.maxDownloads } : {}),
    };
    captureOp(db, { kind: 'share.set', at: Date.now(), shareId: id, fields });
  }).immediate();
  return getShare(db, id);
}
