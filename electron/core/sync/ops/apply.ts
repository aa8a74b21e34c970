import type { Database } from 'better-sqlite3-multiple-ciphers';
import { observeHlc } from './device';
import { ingestOp, recordOp } from './ingest';
import { materialize } from './materialize';
import type { Op } from './op-schemas';
import { Touched } from './targets';

/**
 * Applies validated ops from elsewhere: each new one is logged and folded into the merge state (one
 * already in the log is skipped: idempotent), the clock moves past it, then everything they touched is
 * materialised once. The caller provides the transaction.
 */
export function applyOps(db: Database, ops: readonly Op[]): number {
  const touched = new Touched();
  let applied = 0;
  for (const op of ops) {
    observeHlc(db, op.id);
    if (!recordOp(db, op)) continue;
    ingestOp(db, op, touched);
    applied += 1;
  }
  materialize(db, touched);
  return applied;
}
