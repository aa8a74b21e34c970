import type { Database } from 'better-sqlite3-multiple-ciphers';
import { applyOps } from './apply';
import {
  BatchChainError,
  BatchGapError,
  BatchReplacedError,
  BatchReplayedError,
  BatchRolledBackError,
  InvalidBatchError,
  RetiredDeviceError,
  UnknownOpKindError,
} from './batch-errors';
import { batchHash } from './batches-out';
import { localDeviceId } from './device';
import { hlcDevice } from './hlc';
import { batchSchema, opKinds, opSchema, type Batch, type Op } from './op-schemas';
import { startOpLog } from './start-op-log';

export interface DeviceHighWater {
  seq: number;
  hash: string | null;
  retiredAfterSeq: number | null;
}

export function highWater(db: Database, device: string): DeviceHighWater {
  const row = db.prepare('SELECT applied_seq, applied_hash, retired_after_seq FROM sync_devices WHERE id = ?').get(device) as
    | { applied_seq: number; applied_hash: string | null; retired_after_seq: number | null }
    | undefined;
  return { seq: row?.applied_seq ?? 0, hash: row?.applied_hash ?? null, retiredAfterSeq: row?.retired_after_seq ?? null };
}

/** Checks the whole batch before anything is applied; throws the specific SyncBatchError. */
export function validateBatch(db: Database, raw: unknown): { batch: Batch; hash: string } {
  const head = batchSchema.safeParse(raw);
  const guess = raw as { device?: unknown; seq?: unknown } | null;
  if (!head.success) throw new InvalidBatchError(String(guess?.device ?? '?'), Number(guess?.seq ?? 0), head.error.issues[0]?.message ?? 'malformed');
  const { device, seq } = head.data;
  const ops: Op[] = head.data.ops.map((rawOp, i) => {
    const kind = (rawOp as { kind?: unknown } | null)?.kind;
    if (typeof kind !== 'string' || !(opKinds as string[]).includes(kind)) {
      if (typeof kind === 'string') throw new UnknownOpKindError(device, seq, kind);
      throw new InvalidBatchError(device, seq, `op ${i} has no kind`);
    }
    const parsed = opSchema.safeParse(rawOp);
    if (!parsed.success) throw new InvalidBatchError(device, seq, `op ${i} (${kind}): ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const op = parsed.data as Op;
    if (hlcDevice(op.id) !== device) throw new InvalidBatchError(device, seq, `op ${i} was made by device ${hlcDevice(op.id)}, not by the batch's`);
    return op;
  });
  const batch: Batch = { ...head.data, ops };
  return { batch, hash: batchHash(batch) };
}

export type ApplyResult = { status: 'applied'; device: string; seq: number; ops: number } | { status: 'own'; device: string; seq: number };

/**
 * Applies one device's next batch, in one transaction with its bookkeeping: a crash leaves it applied
 * and recorded, or neither. Refused (with a SyncBatchError naming device and seq, nothing applied):
 * a malformed batch or one with ops of another device, an unknown op kind, a batch of a retired device
 * after its retirement point, a gap before it, a batch applied already (replayed), a different batch
 * under a number already applied (replaced), or one whose predecessor hash is not the one applied.
 */
export function applyIncomingBatch(db: Database, raw: unknown, now = Date.now()): ApplyResult {
  const { batch, hash } = validateBatch(db, raw);
  const { device, seq } = batch;
  if (device === localDeviceId(db)) return { status: 'own', device, seq };
  // Merging needs this device's own state as ops too (a no-op once the log runs).
  startOpLog(db);
  return db
    .transaction((): ApplyResult => {
      const hw = highWater(db, device);
      if (seq <= hw.seq) {
        const seen = db.prepare('SELECT hash FROM sync_batches_in WHERE device = ? AND seq = ?').pluck().get(device, seq) as string | undefined;
        if (seen === hash) throw new BatchReplayedError(device, seq);
        throw new BatchReplacedError(device, seq);
      }
      if (hw.retiredAfterSeq !== null && seq > hw.retiredAfterSeq) throw new RetiredDeviceError(device, seq, hw.retiredAfterSeq);
      if (seq > hw.seq + 1) throw new BatchGapError(device, seq, hw.seq + 1);
      if (batch.prevHash !== hw.hash) throw new BatchChainError(device, seq);
      const applied = applyOps(db, batch.ops);
      db.prepare('INSERT INTO sync_batches_in (device, seq, hash, applied_at) VALUES (?, ?, ?, ?)').run(device, seq, hash, now);
      db.prepare(
        `INSERT INTO sync_devices (id, last_seen, applied_seq, applied_hash) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, applied_seq = excluded.applied_seq, applied_hash = excluded.applied_hash`,
      ).run(device, now, seq, hash);
      return { status: 'applied', device, seq, ops: applied };
    })
    .immediate();
}

/**
 * For the transport, after listing a device's batches on the remote: holding fewer than were applied
 * here means the remote was rolled back (or batches deleted), which must be reported, not papered over.
 */
export function checkRemoteHighWater(db: Database, device: string, remoteMaxSeq: number): void {
  const hw = highWater(db, device);
  if (remoteMaxSeq < hw.seq) throw new BatchRolledBackError(device, remoteMaxSeq, hw.seq);
}
