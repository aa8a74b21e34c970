import { createHash, createHmac } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { BlobDecryptor, BlobEncryptor } from '../crypto/blob-format';
import { BlobVerifier } from '../crypto/blob-verifier';
import { StrongroomError } from '../errors';
import { createTempFile, fsyncDir, removeStaleTemps, TEMP_PREFIX } from '../fs/atomic';

/**
 * Content-addressed encrypted blob store. A blob's id is HMAC-SHA256(blob-name key, SHA-256(plaintext)):
 * identical content is stored once, but the store's file names do not reveal content hashes that an
 * outsider could match against known images.
 */
export interface PutResult {
  id: string;
  sha256: string;
  size: number;
  /** True when the content was already stored and nothing was written. */
  existed: boolean;
}

/** Content whose id is not the one the writer expected (see putStream). */
export class BlobIdMismatchError extends StrongroomError {
  constructor(readonly expectedId: string) {
    super('BLOB_CORRUPT', `the content received for blob ${expectedId} does not match its id`);
  }
}

/** Reads of a blob file sent as it is: fewer thread-pool round trips than the 256 KiB of stream(). */
const FILE_READ_BYTES = 1 << 20;

const ID_PATTERN = /^[0-9a-f]{64}$/;

/** Puts a blob this store lacks into it (verified against its id), or throws saying why it cannot. */
export type MissingBlobSource = (id: string) => Promise<void>;

export function isBlobId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export class BlobStore {
  readonly root: string;
  private readonly contentKey: Buffer;
  private readonly nameKey: Buffer;

  private closed = false;
  private missingSource: MissingBlobSource | null = null;
  private verifier: BlobVerifier | null = null;

  /** Takes its own copies of the keys, wiped by close(). */
  constructor(root: string, keys: { blobContents: Buffer; blobNames: Buffer }) {
    this.root = root;
    this.contentKey = Buffer.from(keys.blobContents);
    this.nameKey = Buffer.from(keys.blobNames);
  }

  /** After close, every operation that needs a key refuses instead of using wiped (all-zero) keys. */
  close(): void {
    this.closed = true;
    this.verifier?.close();
    this.contentKey.fill(0);
    this.nameKey.fill(0);
  }

  private assertOpen(): void {
    if (this.closed) throw new StrongroomError('VAULT_LOCKED', 'the vault is locked');
  }

  idForSha256(sha256Hex: string): string {
    this.assertOpen();
    return createHmac('sha256', this.nameKey).update(Buffer.from(sha256Hex, 'hex')).digest('hex');
  }

  pathFor(id: string): string {
    if (!isBlobId(id)) throw new StrongroomError('INVALID_ARGUMENT', `not a blob id: ${JSON.stringify(id.slice(0, 80))}`);
    return path.join(this.root, id.slice(0, 2), id);
  }

  async has(id: string): Promise<boolean> {
    try {
      await fsp.access(this.pathFor(id));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Reuse of an existing blob refreshes its time, so a gc in another process (which spares recent
   * unreferenced blobs) does not remove a leftover that an import is about to reference.
   */
  private async touchIfPresent(id: string): Promise<boolean> {
    const now = new Date();
    try {
      await fsp.utimes(this.pathFor(id), now, now);
      return true;
    } catch {
      return false;
    }
  }

  /** Creates the blob's shard folder; a new folder is made durable by syncing its parent. */
  private async ensureShard(id: string): Promise<string> {
    const dir = path.join(this.root, id.slice(0, 2));
    if ((await fsp.mkdir(dir, { recursive: true, mode: 0o700 })) !== undefined) await fsyncDir(this.root);
    return dir;
  }

  /** Stores an in-memory plaintext; its hash is known up front, so an existing copy is never rewritten. */
  async put(plaintext: Buffer, sha256Hex?: string): Promise<PutResult> {
    const sha256 = sha256Hex ?? createHash('sha256').update(plaintext).digest('hex');
    const id = this.idForSha256(sha256);
    if (await this.touchIfPresent(id)) return { id, sha256, size: plaintext.length, existed: true };
    const dir = await this.ensureShard(id);
    const temp = await createTempFile(dir);
    try {
      this.assertOpen();
      const enc = new BlobEncryptor(this.contentKey);
      // Write in slices so a large original does not need a second full-size ciphertext copy in memory.
      const slice = 16 * 65536;
      await temp.write([enc.header]);
      for (let offset = 0; offset < plaintext.length; offset += slice) {
        await temp.write(enc.push(plaintext.subarray(offset, offset + slice)));
      }
      await temp.write(enc.finish());
      await temp.commit(this.pathFor(id));
    } catch (err) {
      await temp.discard();
      throw err;
    }
    return { id, sha256, size: plaintext.length, existed: false };
  }

  /**
   * Stores a plaintext stream of unknown hash: written under a temp name, named once the hash is known.
   * With `expectId` (a download, which knows what it asked for) content that turns out to have another
   * id is discarded, never stored.
   */
  async putStream(source: AsyncIterable<Buffer>, options: { expectId?: string } = {}): Promise<PutResult> {
    this.assertOpen();
    const staging = path.join(this.root, 'staging');
    await fsp.mkdir(staging, { recursive: true, mode: 0o700 });
    const temp = await createTempFile(staging);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const enc = new BlobEncryptor(this.contentKey);
      await temp.write([enc.header]);
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        await temp.write(enc.push(chunk));
      }
      await temp.write(enc.finish());
      const sha256 = hash.digest('hex');
      const id = this.idForSha256(sha256);
      if (options.expectId !== undefined && id !== options.expectId) throw new BlobIdMismatchError(options.expectId);
      if (await this.touchIfPresent(id)) {
        await temp.discard();
        return { id, sha256, size, existed: true };
      }
      await this.ensureShard(id);
      await temp.commit(this.pathFor(id));
      return { id, sha256, size, existed: false };
    } catch (err) {
      await temp.discard();
      throw err;
    }
  }

  /**
   * Where a blob this device does not hold comes from: the sync target, for originals a device without
   * "keep originals" was not sent (sync/originals-on-demand.ts). Every read (stream, get) then fetches a
   * missing blob first; verify reads only what is here.
   */
  setMissingBlobSource(source: MissingBlobSource | null): void {
    this.missingSource = source;
  }

  /** Authenticated plaintext chunks; a corrupt blob throws BlobCorruptError before any unverified byte. */
  async *stream(id: string): AsyncGenerator<Buffer> {
    this.assertOpen();
    if (this.missingSource && !(await this.has(id))) await this.missingSource(id);
    yield* this.localStream(id);
  }

  private async *localStream(id: string): AsyncGenerator<Buffer> {
    this.assertOpen();
    const file = this.pathFor(id);
    const dec = new BlobDecryptor(this.contentKey);
    let input;
    try {
      input = createReadStream(file, { highWaterMark: 4 * 65536 });
      for await (const chunk of input) yield* dec.push(chunk as Buffer);
    } catch (err) {
      throw missingAsBlobMissing(err, id);
    } finally {
      input?.destroy();
    }
    yield dec.finish();
  }

  /**
   * The blob file's bytes exactly as stored (header and records, still encrypted: what a sync target
   * holds for it), for sending as they are. Every record is authenticated on the way under the content
   * key (one decryption, plaintext discarded); a damaged file throws BlobCorruptError before the stream
   * ends, so a consumer that publishes only a finished stream (every sync backend) never spreads it.
   * Reads only what is here: no fetch from the missing-blob source.
   */
  async *fileStream(id: string): AsyncGenerator<Buffer> {
    this.assertOpen();
    const file = this.pathFor(id);
    const dec = new BlobDecryptor(this.contentKey);
    let input;
    try {
      input = createReadStream(file, { highWaterMark: FILE_READ_BYTES });
      for await (const chunk of input) {
        dec.push(chunk as Buffer);
        yield chunk as Buffer;
      }
    } catch (err) {
      throw missingAsBlobMissing(err, id);
    } finally {
      input?.destroy();
    }
    dec.finish();
  }

  /**
   * Authenticates every record of a file in the blob file format (e.g. a copy of a blob file about to
   * be published on a sync target) under this vault's content key, in a verifier thread
   * (crypto/blob-verifier.ts); BlobCorruptError names the first bad chunk. Plaintext is discarded.
   */
  async verifyFile(file: string): Promise<void> {
    this.assertOpen();
    this.verifier ??= new BlobVerifier(this.contentKey);
    await this.verifier.verify(file);
  }

  /**
   * Opens bytes in the blob file format written by this vault (any device of it: all derive the same
   * content key), e.g. a blob object fetched from the sync target: authenticated plaintext chunks, as
   * stream() yields them; BlobCorruptError for anything else. Nothing is stored (see putStream).
   */
  async *openFileBytes(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    this.assertOpen();
    const dec = new BlobDecryptor(this.contentKey);
    for await (const chunk of source) yield* dec.push(chunk);
    yield dec.finish();
  }

  async get(id: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.stream(id)) parts.push(part);
    return Buffer.concat(parts);
  }

  /** Reads the whole blob and checks every chunk; returns the plaintext SHA-256. */
  async verify(id: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const part of this.localStream(id)) hash.update(part);
    return hash.digest('hex');
  }

  async remove(id: string): Promise<void> {
    await fsp.rm(this.pathFor(id), { force: true });
  }

  /** Every stored blob id (temp files excluded). */
  async *list(): AsyncGenerator<string> {
    let shards: string[];
    try {
      shards = await fsp.readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const shard of shards.sort()) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of (await fsp.readdir(path.join(this.root, shard))).sort()) {
        if (!name.startsWith(TEMP_PREFIX) && isBlobId(name) && name.startsWith(shard)) yield name;
      }
    }
  }

  /** Removes temp files left by crashed writers. */
  async recover(): Promise<number> {
    let removed = await removeStaleTemps(path.join(this.root, 'staging'));
    let shards: string[] = [];
    try {
      shards = await fsp.readdir(this.root);
    } catch {
      return removed;
    }
    for (const shard of shards) {
      if (/^[0-9a-f]{2}$/.test(shard)) removed += await removeStaleTemps(path.join(this.root, shard));
    }
    return removed;
  }
}

/** A blob file that is not there is the vault's BLOB_MISSING, named; any other read error as it is. */
function missingAsBlobMissing(err: unknown, id: string): unknown {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' ? new StrongroomError('BLOB_MISSING', `blob ${id} is missing from the vault`) : err;
}
