import { describeError } from '../errors';
import type { Vault } from '../vault/vault';
import type { SyncBackend } from './backends/backend';
import { throwIfAborted } from './backends/remote-error';
import { deriveSyncKeys, wipeSyncKeys } from './envelope/sync-keys';
import { highWater } from './ops/batches-in';
import { localDeviceId } from './ops/device';
import { startOpLog } from './ops/start-op-log';
import { isStorageWide, type SyncProblem } from './pass/problems';
import { PassProgress, type SyncProgressListener } from './pass/progress';
import { receiveBatches } from './pass/receive-batches';
import { publishHeader } from './pass/remote-header';
import { sendBatches } from './pass/send-batches';
import { maybeUploadSnapshot } from './pass/snapshots';
import { wantedBlobs } from './pass/wanted-blobs';
import { transferBlobs } from './transfer/blob-transfer';

/**
 * One sync pass (docs/architecture.md, "Sync: the pass"):
 *   baseline  a vault's first pass starts its op log (ops/start-op-log.ts); later passes skip this
 *   header    this vault's header on the remote, so others can join (pass/remote-header.ts)
 *   send      every outgoing op batch, marked sent only once stored (pass/send-batches.ts)
 *   receive   every other device's batches after this device's mark, applied in order (pass/receive-batches.ts)
 *   blobs     local blobs the remote lacks go up; wanted blobs this device lacks come down (transfer/)
 *   snapshot  now and then, a sealed snapshot for new devices (pass/snapshots.ts)
 * Sending comes before receiving so that the snapshot at the end has every local op in a sent batch;
 * blobs come before the snapshot so that a device starting from it finds the blobs it names.
 *
 * Resumable by construction: every step works out what is left from the remote's listing and the
 * local bookkeeping (sent marks, applied marks, blobs present), so a pass stopped anywhere and run
 * again sends and fetches only what is not complete. Storage-wide failures (credentials, missing
 * folder, unreachable) throw; problems with single objects or devices are reported and skipped.
 */
export interface SyncPassOptions {
  signal?: AbortSignal;
  onProgress?: SyncProgressListener;
  /** Blobs moving at once. */
  concurrency?: number;
  /** Write a snapshot whatever the schedule says (tests; "sync now" after a large import). */
  forceSnapshot?: boolean;
  /** Skip the snapshot step (a join's first pass has just read one). */
  skipSnapshot?: boolean;
}

export interface SyncPassReport {
  headerUploaded: boolean;
  sentBatches: number;
  /** This device's sent batches that had vanished from the remote and were put there again. */
  resentBatches: number;
  appliedBatches: number;
  appliedOps: number;
  blobsUploaded: number;
  blobsDownloaded: number;
  /** Wanted blobs not on the remote yet (their device has not sent them): not an error. */
  blobsUnavailable: number;
  snapshot: string | null;
  bytesUp: number;
  bytesDown: number;
  problems: SyncProblem[];
}

export async function runSyncPass(vault: Vault, backend: SyncBackend, options: SyncPassOptions = {}): Promise<SyncPassReport> {
  const { signal } = options;
  const progress = new PassProgress(options.onProgress);
  const syncKey = vault.syncKey();
  const keys = deriveSyncKeys(syncKey);
  syncKey.fill(0);
  try {
    // A vault's first pass starts its op log: the baseline describes what it holds (once; op-log.ts).
    startOpLog(vault.db, (p) => progress.baselineAt(p));
    progress.phase('header');
    const header = await publishHeader(vault.dir, vault.id, backend, signal);
    progress.up(header.bytes);
    const problems: SyncProblem[] = header.unreadable.map((name) => ({
      kind: 'object' as const,
      objectName: name,
      message: `${name} is not a vault header (damaged, or not named by its content's hash); it was ignored`,
    }));

    progress.phase('send');
    const self = localDeviceId(vault.db);
    // A device that knows it was retired sends nothing more: every other device would refuse it.
    const retiredBefore = highWater(vault.db, self).retiredAfterSeq;
    const sentBatches = retiredBefore === null ? await sendBatches(vault.db, backend, keys.objects, progress, signal) : 0;

    progress.phase('receive');
    const received = await receiveBatches(vault.db, backend, keys.objects, progress, signal);
    problems.push(...received.problems);
    const retiredAfter = highWater(vault.db, self).retiredAfterSeq;
    if (retiredAfter !== null) {
      problems.push({
        kind: 'batch',
        problem: 'retired',
        device: self,
        seq: retiredAfter,
        objectName: null,
        message: `this device (${self}) was retired by another device after its batch ${retiredAfter}: it sends nothing more, and its changes since are not synced; join again into a new folder to keep working`,
      });
    }

    throwIfAborted(signal);
    progress.phase('blobs');
    const blobs = await transferBlobs({
      store: vault.blobs,
      keys,
      backend,
      upload: 'all',
      download: wantedBlobs(vault.db),
      concurrency: options.concurrency,
      signal,
      onProgress: (p) => progress.blobs(p),
    });
    for (const f of blobs.failures) problems.push({ kind: 'blob', direction: f.direction, objectName: f.objectName, message: f.message });

    let snapshot: string | null = null;
    if (!options.skipSnapshot) {
      progress.phase('snapshot');
      try {
        const result = await maybeUploadSnapshot(vault.db, backend, keys.objects, { force: options.forceSnapshot, signal, onBytes: (n) => progress.up(n) });
        snapshot = result.written;
        for (const name of result.foreign) {
          problems.push({ kind: 'object', objectName: name, message: `${name} is not a Strongroom snapshot name (a foreign object in snapshots/); it was ignored` });
        }
      } catch (err) {
        if (isStorageWide(err)) throw err;
        problems.push({ kind: 'snapshot', objectName: 'snapshots/', message: `no snapshot was written: ${describeError(err)}` });
      }
    }
    progress.phase('done');
    return {
      headerUploaded: header.uploaded,
      sentBatches,
      resentBatches: received.resentBatches,
      appliedBatches: received.appliedBatches,
      appliedOps: received.appliedOps,
      blobsUploaded: blobs.uploaded,
      blobsDownloaded: blobs.downloaded,
      blobsUnavailable: blobs.unavailable.length,
      snapshot,
      bytesUp: progress.state.bytesUp,
      bytesDown: progress.state.bytesDown,
      problems,
    };
  } finally {
    wipeSyncKeys(keys);
  }
}
