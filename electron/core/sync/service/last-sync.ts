import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * When this device last finished a pass, kept in the catalog's `settings` so the status survives a
 * restart. Local to the device like `sync_target` (not captured as an op, not in canonicalDump).
 */
const LAST_SYNC_KEY = 'sync_last_success';

export function readLastSync(db: Database): number | null {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LAST_SYNC_KEY) as string | undefined;
  const at = value === undefined ? NaN : Number(value);
  return Number.isFinite(at) ? at : null;
}

export function writeLastSync(db: Database, at: number | null): void {
  if (at === null) db.prepare('DELETE FROM settings WHERE key = ?').run(LAST_SYNC_KEY);
  else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LAST_SYNC_KEY, String(at));
}
