import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { decryptBlob, encryptBlob } from '../crypto/blob-format';
import { StrongroomError } from '../errors';
import { createTempFile, fsyncDir } from '../fs/atomic';

const ID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * What share_assets.rendition_blob holds once a share's renditions were removed after it ended
 * (share-cleanup.ts): the row stays for the record, naming no file.
 */
export const REMOVED_RENDITION = '';

/** The share renditions of the vault in `vaultDir`. */
export function shareBlobsIn(vaultDir: string): ShareBlobs {
  return new ShareBlobs(path.join(vaultDir, 'share-blobs'));
}

/**
 * A share's renditions: the vault's blob format, but under the share's token-derived key and with
 * random names, kept apart from blobs/ so the vault's verify and gc (which hold only the vault's keys)
 * never try to open them.
 */
export class ShareBlobs {
  constructor(readonly root: string) {}

  private pathFor(id: string): string {
    if (!ID_PATTERN.test(id)) throw new StrongroomError('INVALID_ARGUMENT', 'not a share blob id');
    return path.join(this.root, id.slice(0, 2), id);
  }

  async put(key: Buffer, plaintext: Buffer): Promise<string> {
    const id = randomBytes(32).toString('hex');
    const dir = path.join(this.root, id.slice(0, 2));
    if ((await fsp.mkdir(dir, { recursive: true, mode: 0o700 })) !== undefined) await fsyncDir(this.root);
    const temp = await createTempFile(dir);
    try {
      await temp.write([encryptBlob(key, plaintext)]);
      await temp.commit(this.pathFor(id));
    } catch (err) {
      await temp.discard();
      throw err;
    }
    return id;
  }

  /** Authenticated plaintext; a wrong key (a wrong token) fails as BLOB_CORRUPT, never as bytes. */
  async get(key: Buffer, id: string): Promise<Buffer> {
    return decryptBlob(key, await fsp.readFile(this.pathFor(id)));
  }

  async remove(id: string): Promise<void> {
    await fsp.rm(this.pathFor(id), { force: true });
  }
}
