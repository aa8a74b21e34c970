import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Whether the catalog has sync's tables yet: write functions used by earlier migrations run without them. */
export function syncCaptureReady(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_device'").get() !== undefined;
}
