import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../../errors';
import { bodyToBuffer, type SyncBackend } from '../backends/backend';
import { isRemoteFault, throwIfAborted } from '../backends/remote-error';
import { openObject, sealObject } from '../envelope/envelope';
import { batchHash, markSent, MAX_OPS_PER_BATCH, nextOutgoingBatch } from '../ops/batches-out';
import type { Batch } from '../ops/op-schemas';
import { opsObjectName } from '../remote-names';
import { isStorageWide } from './problems';
import type { PassProgress } from './progress';

/**
 * Step (a) of a pass: every outgoing batch, sealed under its name `ops/<device>/<seq>`, put, and marked
 * sent only after the put succeeded. A batch is formed once and offered unchanged until marked
 * (batches-out.ts), so after a crash between put and mark the same batch is offered again; its name is
 * then taken, and the object there is fetched and compared: the same batch (by hash) counts as sent.
 * Anything else under our name means two devices share one device id (a copied vault folder) and is
 * refused loudly: marking it sent would lose the local batch.
 */
export function outgoingBatchCount(db: Database): number {
  const formed = db.prepare('SELECT count(*) FROM sync_batches_out WHERE sent_at IS NULL').pluck().get() as number;
  const loose = db.prepare('SELECT count(*) FROM sync_outbox WHERE batch_seq IS NULL').pluck().get() as number;
  return formed + Math.ceil(loose / MAX_OPS_PER_BATCH);
}

async function sameBatchStored(backend: SyncBackend, objectsKey: Buffer, name: string, hash: string, signal: AbortSignal | undefined): Promise<boolean> {
  const object = await backend.get(name, { signal });
  const sealed = await bodyToBuffer(object.body);
  const plain = await openObject(objectsKey, name, sealed);
  return batchHash(JSON.parse(plain.toString('utf8')) as Batch) === hash;
}

export async function sendBatches(db: Database, backend: SyncBackend, objectsKey: Buffer, progress: PassProgress, signal?: AbortSignal): Promise<number> {
  progress.totals('up', outgoingBatchCount(db));
  let sent = 0;
  for (let out = nextOutgoingBatch(db); out; out = nextOutgoingBatch(db)) {
    throwIfAborted(signal);
    const name = opsObjectName(out.batch.device, out.batch.seq);
    const sealed = await sealObject(objectsKey, name, Buffer.from(JSON.stringify(out.batch), 'utf8'));
    try {
      await backend.put(name, sealed, { signal });
    } catch (err) {
      if (!isRemoteFault(err, 'exists')) throw err;
      // Storage failures while looking propagate; an unreadable object there is simply not ours.
      const same = await sameBatchStored(backend, objectsKey, name, out.hash, signal).catch((e: unknown) => {
        if (isStorageWide(e)) throw e;
        return false;
      });
      if (!same) {
        throw new StrongroomError(
          'CONFLICT',
          `the remote already holds a different batch ${out.batch.seq} of this device (${name}): another copy of this vault folder syncs under the same device id; nothing was sent`,
        );
      }
    }
    markSent(db, out.batch.seq);
    sent += 1;
    progress.up(sealed.length, true);
  }
  return sent;
}
