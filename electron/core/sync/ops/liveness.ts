import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { readRegister, refsTo, tombstoneOf } from './state';
import { assetTarget, shareTarget } from './targets';

/**
 * Whether a record exists in the merged catalog, decided from merge state alone (never from the rows
 * materialised so far), so the answer is the same in whatever order ops arrived.
 *
 * Deletes are tombstones and win over every edit, before or after them: an edit never brings a deleted
 * asset back. The one exception keeps a rule the catalog already has: an asset that a live share shows
 * cannot be deleted, so a delete that meets a share made concurrently waits until the share is deleted
 * (and is listed for review meanwhile).
 */
export function isCreated(db: Database, target: string): boolean {
  return readRegister(db, target, '_created') !== undefined;
}

export function isShareLive(db: Database, shareId: string): boolean {
  const t = shareTarget(shareId);
  const created = readRegister<{ assets: { assetId: string; versionId: string }[] }>(db, t, '_created');
  if (!created || tombstoneOf(db, t) !== undefined) return false;
  const known = preparedStatement(db, 'SELECT 1 FROM sync_versions WHERE version_id = ? AND asset_id = ?');
  return created.assets.every((a) => isCreated(db, assetTarget(a.assetId)) && known.get(a.versionId, a.assetId) !== undefined);
}

export function sharesPinning(db: Database, assetId: string): string[] {
  return refsTo(db, assetTarget(assetId))
    .filter((src) => src.startsWith('share:'))
    .map((src) => src.slice('share:'.length))
    .filter((id) => isShareLive(db, id));
}

export function isAssetLive(db: Database, assetId: string): boolean {
  const t = assetTarget(assetId);
  if (!isCreated(db, t)) return false;
  return tombstoneOf(db, t) === undefined || sharesPinning(db, assetId).length > 0;
}
