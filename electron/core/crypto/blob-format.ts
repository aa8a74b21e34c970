import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { StrongroomError } from '../errors';
import { headerFault, openRecord, recordBinding, type BlobShape } from './blob-record';
import { GCM_TAG_BYTES } from './seal';

/**
 * The blob file format (docs/vault-format.md, "Blob files"): a 40-byte header, then the plaintext in
 * 64 KiB chunks, each sealed with AES-256-GCM under a per-file key. The chunk index and a final-chunk
 * flag are bound into each chunk's associated data together with the header, so truncation, reordering,
 * chunk splicing between files and header swaps all fail authentication.
 */
export const BLOB_MAGIC = Buffer.from('SRBLOB', 'ascii');
export const BLOB_VERSION = 1;
export const CHUNK_EXPONENT = 16;
export const CHUNK_BYTES = 1 << CHUNK_EXPONENT;
export const SALT_BYTES = 32;
export const HEADER_BYTES = BLOB_MAGIC.length + 2 + SALT_BYTES;
export const RECORD_BYTES = CHUNK_BYTES + GCM_TAG_BYTES;
export const FILE_KEY_INFO = 'strongroom/v1/blob-file';
/** The format's constants as blob-record.ts's rules take them. */
export const BLOB_SHAPE: BlobShape = { magic: BLOB_MAGIC.toString('latin1'), version: BLOB_VERSION, exponent: CHUNK_EXPONENT, tagBytes: GCM_TAG_BYTES };

export type BlobFault = 'bad-magic' | 'unsupported-version' | 'truncated' | 'auth-failed';

export class BlobCorruptError extends StrongroomError {
  readonly fault: BlobFault;
  readonly chunk: number | undefined;

  constructor(fault: BlobFault, message: string, chunk?: number) {
    super('BLOB_CORRUPT', message);
    this.fault = fault;
    this.chunk = chunk;
  }
}

function fileKey(contentKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', contentKey, salt, FILE_KEY_INFO, 32));
}

/**
 * Streaming encryptor. Chunks are emitted only once it is known whether more data follows, because the
 * last chunk must carry the final flag; at most one chunk of plaintext is buffered.
 */
export class BlobEncryptor {
  readonly header: Buffer;
  private readonly key: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private finished = false;

  constructor(contentKey: Buffer) {
    const salt = randomBytes(SALT_BYTES);
    this.header = Buffer.concat([BLOB_MAGIC, Buffer.from([BLOB_VERSION, CHUNK_EXPONENT]), salt]);
    this.key = fileKey(contentKey, salt);
  }

  /** Returns ciphertext records ready to be written (possibly none). */
  push(plaintext: Buffer): Buffer[] {
    if (this.finished) throw new Error('BlobEncryptor: push after finish');
    const out: Buffer[] = [];
    let offset = 0;
    while (offset < plaintext.length) {
      // A full pending chunk is sealed only when a further byte proves it is not the last one.
      if (this.pendingBytes === CHUNK_BYTES) out.push(...this.sealPending(false));
      const take = Math.min(CHUNK_BYTES - this.pendingBytes, plaintext.length - offset);
      this.pending.push(plaintext.subarray(offset, offset + take));
      this.pendingBytes += take;
      offset += take;
    }
    // Keep a private copy of the unsealed remainder: the caller may reuse its buffer after push().
    if (this.pending.length > 0) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
    return out;
  }

  finish(): Buffer[] {
    if (this.finished) throw new Error('BlobEncryptor: finish called twice');
    this.finished = true;
    const out = this.sealPending(true);
    this.key.fill(0);
    return out;
  }

  private sealPending(final: boolean): Buffer[] {
    const plaintext = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const { nonce, aad } = recordBinding(this.header, this.index, final);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    const rest = cipher.final();
    this.index += 1;
    this.pending = [];
    this.pendingBytes = 0;
    return rest.length ? [body, rest, cipher.getAuthTag()] : [body, cipher.getAuthTag()];
  }
}

/**
 * Streaming decryptor. Plaintext is handed out a chunk at a time and only after that chunk's tag has
 * verified; a file that ends early is reported by finish(), because only the final chunk's flag proves
 * the end was reached.
 */
export class BlobDecryptor {
  private readonly contentKey: Buffer;
  private header: Buffer | null = null;
  private key: Buffer | null = null;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private index = 0;

  constructor(contentKey: Buffer) {
    this.contentKey = contentKey;
  }

  push(ciphertext: Buffer): Buffer[] {
    this.buffered.push(ciphertext);
    this.bufferedBytes += ciphertext.length;
    const out: Buffer[] = [];
    if (!this.header) {
      if (this.bufferedBytes < HEADER_BYTES) return out;
      this.readHeader(this.take(HEADER_BYTES));
    }
    // Keep at least one byte beyond a record back: a record followed by nothing is the final one.
    while (this.bufferedBytes > RECORD_BYTES) out.push(this.openRecord(this.take(RECORD_BYTES), false));
    return out;
  }

  finish(): Buffer {
    if (!this.header) throw new BlobCorruptError('truncated', 'blob is shorter than its header');
    if (this.bufferedBytes < GCM_TAG_BYTES) {
      throw new BlobCorruptError('truncated', `blob ends inside chunk ${this.index}`, this.index);
    }
    const plaintext = this.openRecord(this.take(this.bufferedBytes), true);
    this.key?.fill(0);
    return plaintext;
  }

  private readHeader(header: Buffer): void {
    const fault = headerFault(header, BLOB_SHAPE);
    if (fault) throw new BlobCorruptError(...fault);
    this.header = header;
    this.key = fileKey(this.contentKey, header.subarray(BLOB_MAGIC.length + 2));
  }

  /** The next n bytes; copies only a record that spans two reads, never the rest of what is buffered. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.buffered[0]!;
    let head: Buffer;
    if (first.length >= n) {
      head = first.subarray(0, n);
      if (first.length > n) this.buffered[0] = first.subarray(n);
      else this.buffered.shift();
    } else {
      head = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const piece = this.buffered[0]!;
        const used = piece.copy(head, filled, 0, Math.min(piece.length, n - filled));
        filled += used;
        if (used < piece.length) this.buffered[0] = piece.subarray(used);
        else this.buffered.shift();
      }
    }
    this.bufferedBytes -= n;
    return head;
  }

  private openRecord(record: Buffer, final: boolean): Buffer {
    const index = this.index;
    const plaintext = openRecord(createDecipheriv, this.key!, recordBinding(this.header!, index, final), record, GCM_TAG_BYTES);
    if (!plaintext) throw new BlobCorruptError('auth-failed', `blob chunk ${index} failed authentication`, index);
    this.index += 1;
    return plaintext;
  }
}

/** Whole-buffer helpers, used by tests and for small blobs. */
export function encryptBlob(contentKey: Buffer, plaintext: Buffer): Buffer {
  const enc = new BlobEncryptor(contentKey);
  return Buffer.concat([enc.header, ...enc.push(plaintext), ...enc.finish()]);
}

export function decryptBlob(contentKey: Buffer, file: Buffer): Buffer {
  const dec = new BlobDecryptor(contentKey);
  const parts = dec.push(file);
  parts.push(dec.finish());
  return Buffer.concat(parts);
}
