import { promises as fsp } from 'node:fs';
import type { BlobStore } from '../../blobs/blob-store';
import type { SyncBackend } from '../backends/backend';
import { BLOBS_PREFIX, blobRemoteName, isBlobRemoteName } from '../remote-names';

/**
 * What a blob transfer has to do, worked out from one listing of the remote and the local store. This
 * is also what resumption rests on: whatever is complete on either side (the remote lists only
 * complete objects, the store holds only complete blobs) is not in the plan, so a re-run after an
 * interruption sends and fetches only what is still missing.
 */
export interface PlannedBlob {
  blobId: string;
  objectName: string;
  /** Sealed bytes: the remote object's size. The local blob file has the same size (same chunk layout). */
  bytes: number;
}

export interface TransferPlan {
  uploads: PlannedBlob[];
  downloads: PlannedBlob[];
  /** Wanted blobs the remote does not hold (yet): their device has not uploaded them. Not an error. */
  unavailable: string[];
}

export interface PlanInput {
  store: BlobStore;
  backend: SyncBackend;
  namesKey: Buffer;
  /** Local blobs to send when the remote lacks them: 'all' (the default) or a list. */
  upload?: 'all' | Iterable<string>;
  /** Blobs this device wants (the ones its catalog names) and fetches when it lacks them. */
  download?: Iterable<string>;
  signal?: AbortSignal;
}

export async function planBlobTransfer(input: PlanInput): Promise<TransferPlan> {
  const { store, backend, namesKey, signal } = input;
  const remote = new Map<string, number>();
  for await (const item of backend.list(BLOBS_PREFIX, { signal })) {
    if (isBlobRemoteName(item.name)) remote.set(item.name, item.size);
  }
  const uploads: PlannedBlob[] = [];
  const localIds = input.upload === undefined || input.upload === 'all' ? store.list() : input.upload;
  for await (const blobId of localIds) {
    const objectName = blobRemoteName(namesKey, blobId);
    if (remote.has(objectName)) continue;
    const stat = await fsp.stat(store.pathFor(blobId)).catch(() => null);
    if (stat) uploads.push({ blobId, objectName, bytes: stat.size });
  }
  const downloads: PlannedBlob[] = [];
  const unavailable: string[] = [];
  const wanted = new Set(input.download ?? []);
  for (const blobId of wanted) {
    if (await store.has(blobId)) continue;
    const objectName = blobRemoteName(namesKey, blobId);
    const size = remote.get(objectName);
    if (size === undefined) unavailable.push(blobId);
    else downloads.push({ blobId, objectName, bytes: size });
  }
  return { uploads, downloads, unavailable };
}
