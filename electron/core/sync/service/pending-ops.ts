import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Local ops not yet stored on the remote: those not in a batch yet (a partial index) plus those in
 * formed but unsent batches (few rows). Unlike batches-out.ts's pendingOutgoingOps it never scans the
 * whole outbox, which holds every op this device ever made (460,000 after a 100,000-asset baseline),
 * so the status can ask after every pass.
 */
export function unsentOpCount(db: Database): number {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM sync_outbox WHERE batch_seq IS NULL)
            + (SELECT coalesce(sum(json_array_length(body, '$.ops')), 0) FROM sync_batches_out WHERE sent_at IS NULL)`,
    )
    .pluck()
    .get() as number;
}
