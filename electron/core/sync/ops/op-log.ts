import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';

/**
 * Whether this catalog keeps an op log yet. A vault that was never connected to a sync target has
 * none: its rows are the whole truth and its writes capture no ops (migration 0009). The log starts
 * when the vault first meets sync (a target connected, a pass, a batch formed or applied, a
 * snapshot), with a baseline that describes the rows as they are then.
 */
export function opLogStarted(db: Database): boolean {
  const row = preparedStatement(db, 'SELECT op_log_started_at FROM sync_device WHERE singleton = 1').get() as { op_log_started_at: number | null } | undefined;
  if (!row) throw new Error('the catalog has no sync device identity (migration 0008 did not run)');
  return row.op_log_started_at !== null;
}

/** A catalog that received its whole state from elsewhere (a snapshot) keeps its log from then on. */
export function markOpLogStarted(db: Database, now = Date.now()): void {
  db.prepare('UPDATE sync_device SET op_log_started_at = coalesce(op_log_started_at, ?) WHERE singleton = 1').run(now);
}
