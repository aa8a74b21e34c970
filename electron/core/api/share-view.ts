import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SHARE_LOG_PAGE, type ShareDetail, type ShareExpiry, type ShareLogEntry, type ShareOptionsInput, type SharePolicy, type ShareSummary } from '../../../shared/api/share-contract';
import type { ShareOptions } from '../share/share-options';
import { shareState, type ShareRecord } from '../share/types';

/** Share records reshaped for the UI: no rendition file ids, the state decided once, the last access beside the counts. */

const PRESET_MS = { '1h': 3600_000, '1d': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;

/** The engine's expiry fields for a contract expiry: a duration, an instant, or the explicit never. */
export function expiryOption(expiry: ShareExpiry): Pick<ShareOptions, 'expiresInMs' | 'expiresAt' | 'never'> {
  if (expiry.kind === 'in') return { expiresInMs: PRESET_MS[expiry.preset] };
  if (expiry.kind === 'at') return { expiresAt: expiry.at };
  return { never: true };
}

/** The instant a new expiry means now (for extend, which stores an instant). */
export function expiryInstant(expiry: ShareExpiry, now: number): number | null {
  if (expiry.kind === 'in') return now + PRESET_MS[expiry.preset];
  if (expiry.kind === 'at') return expiry.at;
  return null;
}

const blankToNull = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s);

export function optionsFromContract(options: ShareOptionsInput): Omit<ShareOptions, 'assetIds'> {
  return {
    ...expiryOption(options.expiry),
    maxViews: options.maxViews ?? null,
    maxDownloads: options.maxDownloads ?? null,
    viewOnly: options.viewOnly === true,
    password: options.password ?? null,
    recipient: { name: blankToNull(options.recipient?.name), company: blankToNull(options.recipient?.company), email: blankToNull(options.recipient?.email) },
    ...(options.renditionPresetId === undefined ? {} : { renditionPresetId: options.renditionPresetId }),
    watermarkPresetId: options.watermarkPresetId ?? null,
    terms: blankToNull(options.terms),
    note: blankToNull(options.note),
  };
}

export function optionsFromPolicy(policy: SharePolicy): Omit<ShareOptions, 'assetIds'> {
  return {
    ...expiryOption({ kind: 'in', preset: policy.expiry }),
    maxViews: policy.maxViews,
    maxDownloads: policy.maxDownloads,
    viewOnly: policy.viewOnly,
    renditionPresetId: policy.renditionPresetId,
    watermarkPresetId: policy.watermarkPresetId,
    terms: policy.terms,
  };
}

/** Every share's newest log entry, in one grouped read over the (share_id, at) index. */
export function lastAccessByShare(db: Database): Map<string, number> {
  const rows = db.prepare('SELECT share_id AS id, max(at) AS at FROM share_access_log GROUP BY share_id').all() as { id: string; at: number }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}

export function toShareSummary(share: ShareRecord, lastAccessAt: number | null, now: number): ShareSummary {
  return {
    id: share.id,
    state: shareState(share, now),
    createdAt: share.createdAt,
    expiresAt: share.expiresAt,
    revokedAt: share.revokedAt,
    lastAccessAt,
    recipient: share.recipient,
    assetCount: share.assets.length,
    views: share.views,
    maxViews: share.maxViews,
    downloads: share.downloads,
    maxDownloads: share.maxDownloads,
    viewOnly: share.viewOnly,
    hasPassword: share.hasPassword,
    hasTerms: share.terms !== null,
    note: share.note,
    renditionPresetId: share.renditionPresetId,
    watermarkPresetId: share.watermarkPresetId,
  };
}

export function summaryOf(db: Database, share: ShareRecord, now: number): ShareSummary {
  const last = db.prepare('SELECT max(at) FROM share_access_log WHERE share_id = ?').pluck().get(share.id) as number | null;
  return toShareSummary(share, last, now);
}

export function toShareDetail(db: Database, share: ShareRecord, now: number): ShareDetail {
  const total = db.prepare('SELECT count(*) FROM share_access_log WHERE share_id = ?').pluck().get(share.id) as number;
  const newest = db
    .prepare('SELECT at, event, reason, ip, user_agent AS userAgent, referrer FROM share_access_log WHERE share_id = ? ORDER BY at DESC, id DESC LIMIT ?')
    .all(share.id, SHARE_LOG_PAGE) as ShareLogEntry[];
  const title = db.prepare('SELECT title FROM assets WHERE id = ?').pluck();
  return {
    ...toShareSummary(share, newest[0]?.at ?? null, now),
    terms: share.terms,
    assets: share.assets.map((a) => ({
      position: a.position,
      assetId: a.assetId,
      versionId: a.versionId,
      title: (title.get(a.assetId) as string | undefined) ?? a.downloadName,
      width: a.width,
      height: a.height,
      format: a.format,
    })),
    log: newest.reverse(),
    logTotal: total,
  };
}
