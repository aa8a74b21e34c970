import { setMaxListeners } from 'node:events';
import { BlobIdMismatchError, type BlobStore } from '../../blobs/blob-store';
import { describeError, StrongroomError } from '../../errors';
import { putLocalFile, type LocalFileBody, type SyncBackend } from '../backends/backend';
import { isRemoteFault, SyncRemoteError, throwIfAborted } from '../backends/remote-error';
import { SyncObjectError } from '../envelope/object-error';
import type { SyncKeys } from '../envelope/sync-keys';
import { openBlobObject } from './blob-object';
import { planBlobTransfer, type PlannedBlob, type TransferPlan } from './transfer-plan';
import { ProgressTracker, type ProgressListener, type TransferProgress } from './transfer-progress';

/**
 * Moves blobs between the local store and the remote: local blobs the remote lacks go up, wanted blobs
 * this device lacks come down. Blobs are content-addressed and immutable, so "lacks" is the whole
 * question and a re-run after any interruption resumes where it stopped.
 *
 * Up: the local blob file goes as it is (already AES-256-GCM under the content key every device of the
 * vault derives): its bytes stream to the backend unchanged while each chunk is authenticated on the way
 * (a damaged local blob fails the stream before its end, and a backend publishes only a complete put, so
 * it is never spread). One AES pass, no re-encryption.
 * Down: the object (that blob file format, or the sealed envelope of earlier versions: openBlobObject) is
 * opened chunk by chunk straight into the blob store's streaming writer, which commits only after the
 * last chunk verified AND the content's id equals the blob asked for: that check binds the object to its
 * name. Nothing unverified ever enters the store, and memory stays bounded.
 */
export interface BlobTransferOptions {
  store: BlobStore;
  keys: SyncKeys;
  /** Usually a RetryingBackend, which bounds requests in flight and retries transient failures. */
  backend: SyncBackend;
  upload?: 'all' | Iterable<string>;
  download?: Iterable<string>;
  /** Blobs moving at once; by default as many as the backend takes at once (4 if it does not say). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface TransferFailure {
  direction: 'up' | 'down';
  blobId: string;
  objectName: string;
  code: string;
  message: string;
}

export interface BlobTransferReport {
  uploaded: number;
  downloaded: number;
  /** Objects refused or unreadable; the rest of the run went on without them. */
  failures: TransferFailure[];
  /** Wanted blobs the remote does not have yet. */
  unavailable: string[];
  progress: TransferProgress;
}

/** Failures that concern the whole storage, not one object: going on would only repeat them. */
const FATAL_FAULTS = new Set(['denied', 'bucket-missing', 'folder-missing', 'not-writable', 'unreachable', 'timeout', 'server', 'aborted']);

function isFatal(err: unknown): boolean {
  return err instanceof SyncRemoteError && FATAL_FAULTS.has(err.fault);
}

async function* counting(source: AsyncIterable<Buffer>, signal: AbortSignal, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    throwIfAborted(signal);
    count(chunk.length);
    yield chunk;
  }
}

interface RunContext {
  store: BlobStore;
  keys: SyncKeys;
  backend: SyncBackend;
  signal: AbortSignal;
  progress: ProgressTracker;
}

async function uploadOne(item: PlannedBlob, ctx: RunContext): Promise<number> {
  let counted = 0;
  /** A fault of the local blob (damaged, missing) that failed the put: reported as itself, not as the storage's. */
  let localFault: StrongroomError | undefined;
  async function* noteLocalFault(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      yield* source;
    } catch (err) {
      if (err instanceof StrongroomError && !(err instanceof SyncRemoteError)) localFault = err;
      throw err;
    }
  }
  const stream = () => {
    // A retry starts the object again: take back what the failed try counted.
    ctx.progress.bytes('up', -counted);
    counted = 0;
    localFault = undefined;
    return counting(noteLocalFault(ctx.store.fileStream(item.blobId)), ctx.signal, (n) => {
      counted += n;
      ctx.progress.bytes('up', n);
    });
  };
  const file: LocalFileBody = {
    path: ctx.store.pathFor(item.blobId),
    stream,
    verifyCopy: (copyPath) => ctx.store.verifyFile(copyPath),
  };
  try {
    await putLocalFile(ctx.backend, item.objectName, file, { signal: ctx.signal });
  } catch (err) {
    // Another device sent the same content since the listing: the remote has it, which is the goal.
    if (!isRemoteFault(err, 'exists')) {
      ctx.progress.failed('up', counted, item.bytes);
      throw localFault ?? (await missingLocally(item, ctx)) ?? err;
    }
  }
  ctx.progress.bytes('up', item.bytes - counted);
  ctx.progress.finished('up');
  return item.bytes;
}

/** A blob that left the store since the plan (a gc, a delete) is reported as missing, not as a storage failure. */
async function missingLocally(item: PlannedBlob, ctx: RunContext): Promise<StrongroomError | undefined> {
  if (await ctx.store.has(item.blobId)) return undefined;
  return new StrongroomError('BLOB_MISSING', `blob ${item.blobId} is missing from the vault`);
}

async function downloadOne(item: PlannedBlob, ctx: RunContext): Promise<void> {
  let counted = 0;
  try {
    const object = await ctx.backend.get(item.objectName, { signal: ctx.signal });
    const body = counting(object.body, ctx.signal, (n) => {
      counted += n;
      ctx.progress.bytes('down', n);
    });
    await ctx.store.putStream(openBlobObject(ctx.store, ctx.keys.objects, item.objectName, body), { expectId: item.blobId });
  } catch (err) {
    ctx.progress.failed('down', counted, item.bytes);
    if (err instanceof BlobIdMismatchError) {
      throw new SyncObjectError(item.objectName, 'content-mismatch', `its content is not the blob its name stands for (${item.blobId})`);
    }
    throw err;
  }
  ctx.progress.bytes('down', item.bytes - counted);
  ctx.progress.finished('down');
}

/** Runs the plan with `concurrency` objects at once; stops everything at the first storage-wide failure. */
export async function runBlobTransfer(plan: TransferPlan, options: BlobTransferOptions): Promise<BlobTransferReport> {
  const stop = new AbortController();
  const concurrency = Math.max(1, options.concurrency ?? options.backend.concurrency ?? 4);
  // Each object in flight may wait on the signal (a slot, a retry's back-off): not a leak.
  setMaxListeners(concurrency + 10, stop.signal);
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const progress = new ProgressTracker(plan, options.onProgress);
  const ctx: RunContext = { store: options.store, keys: options.keys, backend: options.backend, signal: stop.signal, progress };
  const queue: { direction: 'up' | 'down'; item: PlannedBlob }[] = [
    ...plan.uploads.map((item) => ({ direction: 'up' as const, item })),
    ...plan.downloads.map((item) => ({ direction: 'down' as const, item })),
  ];
  const report: BlobTransferReport = { uploaded: 0, downloaded: 0, failures: [], unavailable: plan.unavailable, progress: progress.snapshot() };
  let fatal: unknown;
  const worker = async () => {
    for (let next = queue.shift(); next && !stop.signal.aborted; next = queue.shift()) {
      const { direction, item } = next;
      try {
        if (direction === 'up') {
          await uploadOne(item, ctx);
          report.uploaded += 1;
        } else {
          await downloadOne(item, ctx);
          report.downloaded += 1;
        }
      } catch (err) {
        if (isFatal(err)) {
          fatal ??= err;
          stop.abort();
          return;
        }
        report.failures.push({
          direction,
          blobId: item.blobId,
          objectName: item.objectName,
          code: err instanceof StrongroomError ? err.code : 'INTERNAL',
          message: describeError(err),
        });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  // The caller's abort wins over the failures it caused in flight.
  if (options.signal?.aborted) throw new SyncRemoteError('aborted', 'sync was stopped');
  if (fatal) throw fatal;
  report.progress = progress.snapshot();
  return report;
}

export async function transferBlobs(options: BlobTransferOptions): Promise<BlobTransferReport> {
  const plan = await planBlobTransfer({
    store: options.store,
    backend: options.backend,
    namesKey: options.keys.names,
    upload: options.upload,
    download: options.download,
    signal: options.signal,
  });
  return runBlobTransfer(plan, options);
}
