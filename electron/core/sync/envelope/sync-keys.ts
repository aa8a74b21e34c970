import { hkdfSync } from 'node:crypto';

/**
 * Keys for the remote, derived from the vault's sync subkey (`HKDF(master, "strongroom/v1/sync")`,
 * `Vault.syncKey()`), each with a label of its own: one seals objects, one names blobs. Every device
 * holding the vault's master key derives the same keys, so devices share the remote without exchanging
 * anything else; a device without it (the storage provider) can neither read nor forge an object.
 */
export interface SyncKeys {
  /** Seals and opens every remote object (envelope.ts). */
  objects: Buffer;
  /** Names blobs on the remote (remote-names.ts). */
  names: Buffer;
}

const LABELS = {
  objects: 'strongroom/v1/sync/objects',
  names: 'strongroom/v1/sync/names',
} as const;

export function deriveSyncKeys(syncKey: Buffer): SyncKeys {
  if (syncKey.length !== 32) throw new RangeError('the sync key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', syncKey, Buffer.alloc(0), info, 32));
  return { objects: derive(LABELS.objects), names: derive(LABELS.names) };
}

export function wipeSyncKeys(keys: SyncKeys): void {
  keys.objects.fill(0);
  keys.names.fill(0);
}
