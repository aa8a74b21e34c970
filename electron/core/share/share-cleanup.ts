import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isStaleTempName } from '../fs/atomic';
import type { Vault } from '../vault/vault';
import { shareBlobsOf } from './create-share';
import { captureOp } from '../sync/ops/capture';
import { getShare } from './share-rows';

/**
 * Deletes a share: its rows (assets and access log go with it, ON DELETE CASCADE) first, then its
 * rendition files, so a crash in between leaves only unreferenced files, which collectShareGarbage
 * removes. Revoking is what the owner normally does; deleting also forgets the log.
 */
export async function deleteShare(vault: Vault, id: string): Promise<void> {
  const blobs = getShare(vault.db, id).assets.map((a) => a.renditionBlob);
  vault.db.transaction(() => {
    vault.db.prepare('DELETE FROM shares WHERE id = ?').run(id);
    captureOp(vault.db, { kind: 'share.delete', at: Date.now(), shareId: id });
  })();
  const store = shareBlobsOf(vault);
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
export async function collectShareGarbage(vault: Vault, options: { graceMs?: number; now?: number } = {}): Promise<ShareGcReport> {
  const grace = options.graceMs ?? 15 * 60_000;
  const now = options.now ?? Date.now();
  const root = shareBlobsOf(vault).root;
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
