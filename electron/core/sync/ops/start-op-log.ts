import type { Database } from 'better-sqlite3-multiple-ciphers';
import { captureExistingCatalog, type BaselineProgress } from './baseline';
import { opLogStarted } from './op-log';

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
  return db
    .transaction((): OpLogStart => {
      if (opLogStarted(db)) return { started: false, ops: 0, ms: 0 };
      const ops = captureExistingCatalog(db, onProgress);
      db.prepare('UPDATE sync_device SET op_log_started_at = ? WHERE singleton = 1').run(now);
      return { started: true, ops, ms: performance.now() - begun };
    })
    .immediate();
}

