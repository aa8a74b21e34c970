import { promises as fsp } from 'node:fs';
import { isBlobReferenced, referencedBlobIds } from '../catalog/imports';
import { describeError, isStrongroomError } from '../errors';
import { removeStaleTemps } from '../fs/atomic';
import type { Vault } from './vault';

export interface VerifyProblem {
  kind: 'catalog' | 'blob-missing' | 'blob-corrupt' | 'hash-mismatch';
  subject: string;
  message: string;
}

export interface VerifyReport {
  blobsChecked: number;
  bytesChecked: number;
  problems: VerifyProblem[];
  /** Stored blobs nothing refers to: harmless leftovers of interrupted imports, removed by gc. */
  unreferenced: string[];
}

/**
 * Authenticates every blob the catalog refers to, checks each original against the SHA-256 recorded
 * for it, and runs SQLite's own integrity and foreign-key checks.
 */
export async function verifyVault(vault: Vault, onProgress?: (done: number, total: number) => void): Promise<VerifyReport> {
  const report: VerifyReport = { blobsChecked: 0, bytesChecked: 0, problems: [], unreferenced: [] };
  const integrity = vault.db.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity) {
    if (row.integrity_check !== 'ok') report.problems.push({ kind: 'catalog', subject: 'catalog.db', message: row.integrity_check });
  }
  const fk = vault.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const row of fk) {
    report.problems.push({ kind: 'catalog', subject: `${row.table}#${row.rowid}`, message: `refers to a missing ${row.parent} row` });
  }
  const expected = new Map<string, string>();
  for (const row of vault.db.prepare('SELECT original_blob, sha256 FROM versions').all() as { original_blob: string; sha256: string }[]) {
    expected.set(row.original_blob, row.sha256);
  }
  const referenced = referencedBlobIds(vault.db);
  let done = 0;
  for (const id of referenced) {
    try {
      const sha = await vault.blobs.verify(id);
      const want = expected.get(id);
      if (want !== undefined && want !== sha) {
        report.problems.push({ kind: 'hash-mismatch', subject: id, message: 'the original does not match the SHA-256 recorded in the catalog' });
      }
      const { size } = await fsp.stat(vault.blobs.pathFor(id));
      report.bytesChecked += size;
    } catch (err) {
      if (isStrongroomError(err, 'BLOB_MISSING')) report.problems.push({ kind: 'blob-missing', subject: id, message: err.message });
      else report.problems.push({ kind: 'blob-corrupt', subject: id, message: describeError(err) });
    }
    report.blobsChecked += 1;
    onProgress?.(++done, referenced.size);
  }
  for await (const id of vault.blobs.list()) if (!referenced.has(id)) report.unreferenced.push(id);
  return report;
}

export interface GcReport {
  removedBlobs: number;
  removedBytes: number;
  removedTempFiles: number;
  keptRecent: number;
}

/** Blobs younger than this may belong to an import still running in another process. */
export const GC_GRACE_MS = 15 * 60 * 1000;

export async function collectGarbage(vault: Vault, options: { graceMs?: number; now?: number } = {}): Promise<GcReport> {
  const grace = options.graceMs ?? GC_GRACE_MS;
  const now = options.now ?? Date.now();
  const removedTempFiles = (await vault.blobs.recover()) + (await removeStaleTemps(vault.dir));
  const report: GcReport = { removedBlobs: 0, removedBytes: 0, removedTempFiles, keptRecent: 0 };
  const referenced = referencedBlobIds(vault.db);
  for await (const id of vault.blobs.list()) {
    if (referenced.has(id)) continue;
    const stat = await fsp.stat(vault.blobs.pathFor(id));
    if (now - stat.mtimeMs < grace) {
      report.keptRecent += 1;
      continue;
    }
    // Re-check just before deleting: an import in this process may hold it or have committed it meanwhile.
    if (vault.blobClaims.isHeld(id) || isBlobReferenced(vault.db, id)) continue;
    await vault.blobs.remove(id);
    report.removedBlobs += 1;
    report.removedBytes += stat.size;
  }
  return report;
}
