import { describeError, StrongroomError } from '../errors';
import type { KeychainDriver } from '../keys/keychain';
import type { Vault } from '../vault/vault';
import { BlobIdMismatchError } from '../blobs/blob-store';
import { SyncRemoteError } from './backends/remote-error';
import { SyncObjectError } from './envelope/object-error';
import { deriveSyncKeys, wipeSyncKeys } from './envelope/sync-keys';
import { openTarget } from './open-target';
import { blobRemoteName } from './remote-names';
import { readSyncTarget } from './target-settings';
import { openBlobObject } from './transfer/blob-object';

/** The blob (an original, mostly) is on the sync target, and the target cannot be reached now. */
export class BlobOnUnreachableTargetError extends StrongroomError {
  constructor(
    readonly blobId: string,
    cause: unknown,
  ) {
    super('SYNC_REMOTE', `the original is on the sync target, which cannot be reached now (${describeError(cause)}); try again when it can be, or keep originals on this device`, { cause });
    this.name = 'BlobOnUnreachableTargetError';
  }
}

/** A request fails fast rather than retrying for a minute while a person waits for an export. */
const ON_DEMAND_RETRY = { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000 };

/**
 * A device without "keep originals on this device" holds thumbnails and previews but not every
 * original. This makes the vault's blob store fetch a blob it lacks from the connected target on the
 * first read (export, share creation, the CLI's export, anything that reads a blob): the object (either
 * remote blob format, transfer/blob-object.ts) is authenticated chunk by chunk and stored only if its content has the blob's id (its content hash
 * under the vault's name key), so what lands is exactly the blob asked for. It stays in the store.
 * A vault with no target keeps reporting a missing blob as missing; an unreachable target is a
 * BlobOnUnreachableTargetError; a blob the target lacks too is BLOB_MISSING saying so.
 */
export function fetchMissingBlobsFromTarget(vault: Vault, keychain: KeychainDriver | null): Vault {
  vault.blobs.setMissingBlobSource(async (blobId) => {
    const target = readSyncTarget(vault.db);
    if (!target) return;
    let opened;
    try {
      opened = await openTarget(target, { keychain, retry: ON_DEMAND_RETRY });
    } catch (err) {
      throw new BlobOnUnreachableTargetError(blobId, err);
    }
    const syncKey = vault.syncKey();
    const keys = deriveSyncKeys(syncKey);
    syncKey.fill(0);
    const name = blobRemoteName(keys.names, blobId);
    try {
      const object = await opened.backend.get(name);
      await vault.blobs.putStream(openBlobObject(vault.blobs, keys.objects, name, object.body), { expectId: blobId });
    } catch (err) {
      if (err instanceof BlobIdMismatchError) throw new SyncObjectError(name, 'content-mismatch', `its content is not the blob its name stands for (${blobId})`);
      if (err instanceof SyncRemoteError && err.fault === 'not-found') {
        throw new StrongroomError('BLOB_MISSING', `blob ${blobId} is not on this device, and not on the sync target either (the device that has it has not synced it yet)`);
      }
      if (err instanceof SyncRemoteError && err.fault !== 'aborted') throw new BlobOnUnreachableTargetError(blobId, err);
      throw err;
    } finally {
      wipeSyncKeys(keys);
      opened.close();
    }
  });
  return vault;
}
