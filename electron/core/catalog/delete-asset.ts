import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { captureOp } from '../sync/ops/capture';

/**
 * Deletes an asset with its versions, renditions' rows, tags and memberships (its blobs are left to gc).
 * For sync this is a tombstone: it wins over edits made elsewhere, which are listed for review rather
 * than bringing the asset back. An asset that a share shows cannot be deleted (revoke and delete the
 * share first), as the foreign key already says.
 */
export function deleteAsset(db: Database, assetId: string, now = Date.now()): void {
  db.transaction(() => {
    const row = db.prepare('SELECT search_rowid FROM assets WHERE id = ?').get(assetId) as { search_rowid: number } | undefined;
    if (!row) throw new StrongroomError('NOT_FOUND', `no asset with id "${assetId}"`);
    if (db.prepare('SELECT 1 FROM share_assets WHERE asset_id = ? LIMIT 1').get(assetId)) {
      throw new StrongroomError('CONFLICT', 'a share shows this asset; revoke and delete the share first');
    }
    db.prepare('DELETE FROM asset_search WHERE rowid = ?').run(row.search_rowid);
    db.prepare('DELETE FROM assets WHERE id = ?').run(assetId);
    db.prepare('DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM asset_tags)').run();
    captureOp(db, { kind: 'asset.delete', at: now, assetId });
  }).immediate();
}
