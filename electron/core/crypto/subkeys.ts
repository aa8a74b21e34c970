import { hkdfSync } from 'node:crypto';

/**
 * Every key the vault uses is derived from the one master key with HKDF-SHA256 and a label of its own,
 * so a key leaked from one purpose says nothing about another, and new purposes (sync, shares) can be
 * added without touching existing data.
 */
export const subkeyLabels = {
  catalog: 'strongroom/v1/catalog',
  blobContents: 'strongroom/v1/blob-contents',
  blobNames: 'strongroom/v1/blob-names',
  header: 'strongroom/v1/header-mac',
  sync: 'strongroom/v1/sync',
  shares: 'strongroom/v1/shares',
} as const;

export type SubkeyPurpose = keyof typeof subkeyLabels;

export const MASTER_KEY_BYTES = 32;

export function deriveSubkey(masterKey: Buffer, purpose: SubkeyPurpose, salt: Buffer = Buffer.alloc(0)): Buffer {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError('master key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', masterKey, salt, subkeyLabels[purpose], 32));
}

export interface VaultKeys {
  catalog: Buffer;
  blobContents: Buffer;
  blobNames: Buffer;
  header: Buffer;
}

export function deriveVaultKeys(masterKey: Buffer): VaultKeys {
  return {
    catalog: deriveSubkey(masterKey, 'catalog'),
    blobContents: deriveSubkey(masterKey, 'blobContents'),
    blobNames: deriveSubkey(masterKey, 'blobNames'),
    header: deriveSubkey(masterKey, 'header'),
  };
}

/** Overwrites key buffers we own once they are no longer needed (best effort in a GC'd runtime). */
export function wipe(...buffers: Buffer[]): void {
  for (const b of buffers) b.fill(0);
}
