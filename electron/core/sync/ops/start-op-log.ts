import type { Database } from 'better-sqlite3-multiple-ciphers';
import { captureExistingCatalog, type BaselineProgress } from './baseline';
import { opLogStarted } from './op-log';

/** 256 MiB of pages (negative: KiB), while the baseline runs. */
const BASELINE_CACHE_SIZE = -256 * 1024;

export interface OpLogStart {
  /** False when the log was running already (nothing was done). */
  started: boolean;
  /** Ops the baseline wrote. */
  ops: number;
  ms: number;
}

/**
 * Starts the op log: in one transaction, the baseline (every record as ops of this device, sent with
 * its first batches) and the mark that the log runs, so a crash leaves the catalog with both or
 * neither, and a write in another process either comes before (and is in the baseline) or after (and
 * captures its op). Idempotent; progress is reported synchronously, about every thousand assets.
 */
export function startOpLog(db: Database, onProgress?: (p: BaselineProgress) => void, now = Date.now()): OpLogStart {
  if (opLogStarted(db)) return { started: false, ops: 0, ms: 0 };
  const begun = performance.now();
  // The baseline writes all over the merge state's indexes in one transaction; once they outgrow the
  // page cache every insert re-reads (and decrypts) pages. A larger cache for this one transaction.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${BASELINE_CACHE_SIZE}`);
  try {
    return db
      .transaction((): OpLogStart => {
        if (opLogStarted(db)) return { started: false, ops: 0, ms: 0 };
        const ops = captureExistingCatalog(db, onProgress);
        db.prepare('UPDATE sync_device SET op_log_started_at = ? WHERE singleton = 1').run(now);
        return { started: true, ops, ms: performance.now() - begun };
      })
      .immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

