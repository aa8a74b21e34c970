import type { Database } from 'better-sqlite3-multiple-ciphers';
import { canonicalJson, sha256Hex } from './canonical-json';
import { localDeviceId } from './device';
import type { Batch, Op } from './op-schemas';
import { startOpLog } from './start-op-log';

export const MAX_OPS_PER_BATCH = 500;

/** The hash that chains a device's batches: over the whole batch, its predecessor's hash included. */
export function batchHash(batch: Batch): string {
  return sha256Hex(canonicalJson(batch));
}

export interface OutgoingBatch {
  batch: Batch;
  hash: string;
}

/**
 * The next batch to upload. Once formed, a batch is stored and offered unchanged until markSent: a
 * batch uploaded twice (after a crash between upload and markSent) is then byte-for-byte the same
 * object, never two different batches with one number.
 */
export function nextOutgoingBatch(db: Database, maxOps = MAX_OPS_PER_BATCH): OutgoingBatch | null {
  startOpLog(db);
  return db
    .transaction((): OutgoingBatch | null => {
      const pending = db.prepare('SELECT body, hash FROM sync_batches_out WHERE sent_at IS NULL ORDER BY seq LIMIT 1').get() as { body: string; hash: string } | undefined;
      if (pending) return { batch: JSON.parse(pending.body) as Batch, hash: pending.hash };
      const rows = db
        .prepare('SELECT o.seq, s.body FROM sync_outbox o JOIN sync_ops s ON s.op_id = o.op_id WHERE o.batch_seq IS NULL ORDER BY o.seq LIMIT ?')
        .all(maxOps) as { seq: number; body: string }[];
      if (rows.length === 0) return null;
      const last = db.prepare('SELECT seq, hash FROM sync_batches_out ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const batch: Batch = { format: 1, device: localDeviceId(db), seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null, ops: rows.map((r) => JSON.parse(r.body) as Op) };
      const hash = batchHash(batch);
      db.prepare('INSERT INTO sync_batches_out (seq, hash, body) VALUES (?, ?, ?)').run(batch.seq, hash, JSON.stringify(batch));
      db.prepare('UPDATE sync_outbox SET batch_seq = ? WHERE seq BETWEEN ? AND ? AND batch_seq IS NULL').run(batch.seq, rows[0]!.seq, rows[rows.length - 1]!.seq);
      return { batch, hash };
    })
    .immediate();
}

/**
 * The transport confirms the batch is stored remotely, completely; the next call forms a new one. The
 * body is dropped (the op log holds its ops; sentBatch rebuilds it if it must be sent again).
 */
export function markSent(db: Database, seq: number, now = Date.now()): void {
  const result = db.prepare('UPDATE sync_batches_out SET sent_at = ?, body = NULL WHERE seq = ? AND sent_at IS NULL').run(now, seq);
  if (result.changes === 0 && !db.prepare('SELECT 1 FROM sync_batches_out WHERE seq = ?').get(seq)) {
    throw new Error(`no outgoing batch ${seq} to mark as sent`);
  }
}

/**
 * A batch this device sent, rebuilt from its ops (outbox order) and the chain, for sending it again
 * when it vanished from the remote. Null when the rebuild does not give the batch that was sent (its
 * hash differs: the local records were altered), which must then be reported, not sent.
 */
export function sentBatch(db: Database, seq: number): OutgoingBatch | null {
  const row = db.prepare('SELECT hash FROM sync_batches_out WHERE seq = ? AND sent_at IS NOT NULL').get(seq) as { hash: string } | undefined;
  if (!row) return null;
  const prev = seq === 1 ? null : ((db.prepare('SELECT hash FROM sync_batches_out WHERE seq = ?').pluck().get(seq - 1) as string | undefined) ?? null);
  if (seq > 1 && prev === null) return null;
  const ops = (db.prepare('SELECT s.body FROM sync_outbox o JOIN sync_ops s ON s.op_id = o.op_id WHERE o.batch_seq = ? ORDER BY o.seq').pluck().all(seq) as string[]).map(
    (b) => JSON.parse(b) as Op,
  );
  const batch: Batch = { format: 1, device: localDeviceId(db), seq, prevHash: prev, ops };
  return batchHash(batch) === row.hash ? { batch, hash: row.hash } : null;
}

/** Local ops not yet in a sent batch (for "pending up" in the status). */
export function pendingOutgoingOps(db: Database): number {
  return db
    .prepare('SELECT count(*) FROM sync_outbox o LEFT JOIN sync_batches_out b ON b.seq = o.batch_seq WHERE o.batch_seq IS NULL OR b.sent_at IS NULL')
    .pluck()
    .get() as number;
}
