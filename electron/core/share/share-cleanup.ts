import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isStaleTempName } from '../fs/atomic';
import type { Vault } from '../vault/vault';
import { captureOp } from '../sync/ops/capture';
import { REMOVED_RENDITION, shareBlobsIn } from './share-blobs';
import { getShare } from './share-rows';

/** What the cleanup reads a vault through (an unlocked Vault is one). */
type VaultFiles = Pick<Vault, 'dir' | 'db'>;

/**
 * Deletes a share: its rows (assets and access log go with it, ON DELETE CASCADE) first, then its
 * rendition files, so a crash in between leaves only unreferenced files, which collectShareGarbage
 * removes. Revoking is what the owner normally does; deleting also forgets the log.
 */
export async function deleteShare(vault: VaultFiles, id: string): Promise<void> {
  const blobs = getShare(vault.db, id).assets.map((a) => a.renditionBlob).filter((b) => b !== REMOVED_RENDITION);
  vault.db.transaction(() => {
    vault.db.prepare('DELETE FROM shares WHERE id = ?').run(id);
    captureOp(vault.db, { kind: 'share.delete', at: Date.now(), shareId: id });
  })();
  const store = shareBlobsIn(vault.dir);
  await Promise.all(blobs.map((b) => store.remove(b)));
}

export interface ShareGcReport {
  removedFiles: number;
  keptRecent: number;
}

/**
 * Rendition files no share row names: left by a share creation that failed or crashed before its
 * transaction, or by a delete interrupted after it. Recent ones are spared (grace, as for the blob
 * store): a creation in another process writes its files before its rows. Dead writers' temp files go too.
 */
export async function collectShareGarbage(vault: VaultFiles, options: { graceMs?: number; now?: number } = {}): Promise<ShareGcReport> {
  const grace = options.graceMs ?? 15 * 60_000;
  const now = options.now ?? Date.now();
  const root = shareBlobsIn(vault.dir).root;
  const referenced = new Set(vault.db.prepare('SELECT rendition_blob FROM share_assets').pluck().all() as string[]);
  const report: ShareGcReport = { removedFiles: 0, keptRecent: 0 };
  let shards: string[];
  try {
    shards = await fsp.readdir(root);
  } catch {
    return report;
  }
  for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s))) {
    for (const name of await fsp.readdir(path.join(root, shard))) {
      const file = path.join(root, shard, name);
      const isBlob = /^[0-9a-f]{64}$/.test(name) && name.startsWith(shard);
      if (isBlob && referenced.has(name)) continue;
      if (!isBlob && !isStaleTempName(name)) continue;
      if (isBlob && now - (await fsp.stat(file)).mtimeMs < grace) {
        report.keptRecent += 1;
        continue;
      }
      await fsp.rm(file, { force: true });
      report.removedFiles += 1;
    }
  }
  return report;
}

/** A week: time to notice a link ran out and extend it before its copies are gone for good. */
export const DEFAULT_ENDED_GRACE_MS = 7 * 24 * 3600_000;

export interface EndedShareCleanupReport extends ShareGcReport {
  /** Shares whose renditions were let go in this run. */
  shares: number;
}

/**
 * Removes the renditions of shares that ended (revoked, or past their expiry) more than `graceMs`
 * ago, keeping the shares' records and access logs. The rows stop naming the files first (one
 * statement), then collectShareGarbage deletes what no row names, so a crash between the two leaves
 * only files the next run removes. A share used up is not ended (its limits may still be raised). A
 * share cleaned up can no longer be extended (changeShare refuses): its copies are gone.
 */
export async function removeEndedShareRenditions(
  vault: VaultFiles,
  options: { graceMs?: number; now?: number } = {},
): Promise<EndedShareCleanupReport> {
  const now = options.now ?? Date.now();
  const endedBefore = now - (options.graceMs ?? DEFAULT_ENDED_GRACE_MS);
  const shares = vault.db
    .prepare(
      `UPDATE share_assets SET rendition_blob = ? WHERE rendition_blob <> ? AND share_id IN (
         SELECT id FROM shares WHERE (revoked_at IS NOT NULL AND revoked_at <= ?) OR (expires_at IS NOT NULL AND expires_at <= ?))
       RETURNING share_id`,
    )
    .pluck()
    .all(REMOVED_RENDITION, REMOVED_RENDITION, endedBefore, endedBefore) as string[];
  const gc = await collectShareGarbage(vault, { now });
  return { ...gc, shares: new Set(shares).size };
}
