import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { fixedChunks } from '../stream-chunks';
import { SyncObjectError } from './object-error';

/**
 * The sealed form of every remote object (docs/vault-format.md, "Sync: remote objects"): a 40-byte
 * header, then the plaintext in 64 KiB chunks, each AES-256-GCM under a per-object key. Each chunk's
 * associated data binds the header, the object's remote NAME, the chunk index and a final-chunk flag, so
 * a renamed or swapped object, a truncated one (at or inside a chunk), reordered or spliced chunks, and
 * an object from another vault (other key) all fail authentication; the error names the object.
 *
 * Streaming in both directions: memory stays at a chunk or two whatever the object's size, and a
 * reader gets each chunk only after its tag verified. A stream that ends early fails at its end, so a
 * consumer must not act on an object until the stream has finished (the blob store commits only then).
 */
export const ENVELOPE_MAGIC = Buffer.from('SRSYNC', 'ascii');
export const ENVELOPE_VERSION = 1;
export const ENVELOPE_CHUNK_EXPONENT = 16;
export const ENVELOPE_CHUNK_BYTES = 1 << ENVELOPE_CHUNK_EXPONENT;
const SALT_BYTES = 32;
export const ENVELOPE_HEADER_BYTES = ENVELOPE_MAGIC.length + 2 + SALT_BYTES;
const TAG_BYTES = 16;
const RECORD_BYTES = ENVELOPE_CHUNK_BYTES + TAG_BYTES;
const OBJECT_KEY_INFO = 'strongroom/v1/sync-object';

function objectKey(objectsKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', objectsKey, salt, OBJECT_KEY_INFO, 32));
}

function nonceFor(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

/** header || uint16(name length) || name (UTF-8) || uint64(index) || final flag */
function aadFor(header: Buffer, name: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(header.length + 2 + name.length + 9);
  let p = header.copy(aad, 0);
  p = aad.writeUInt16BE(name.length, p);
  p += name.copy(aad, p);
  p = aad.writeBigUInt64BE(BigInt(index), p);
  aad[p] = final ? 1 : 0;
  return aad;
}

/** The sealed size of a plaintext of `n` bytes (for progress totals and S3 content lengths). */
export function sealedSize(n: number): number {
  const chunks = Math.max(1, Math.ceil(n / ENVELOPE_CHUNK_BYTES));
  return ENVELOPE_HEADER_BYTES + n + chunks * TAG_BYTES;
}

/** Seals a plaintext stream for the remote object `name`. */
export async function* sealStream(objectsKey: Buffer, name: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const salt = randomBytes(SALT_BYTES);
  const header = Buffer.concat([ENVELOPE_MAGIC, Buffer.from([ENVELOPE_VERSION, ENVELOPE_CHUNK_EXPONENT]), salt]);
  const key = objectKey(objectsKey, salt);
  const nameBytes = Buffer.from(name, 'utf8');
  /** A record as its ciphertext and its tag, two pieces: joining them would copy every byte once more. */
  const seal = (index: number, plaintext: Buffer, final: boolean): [Buffer, Buffer] => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceFor(index), { authTagLength: TAG_BYTES });
    cipher.setAAD(aadFor(header, nameBytes, index, final));
    const ciphertext = cipher.update(plaintext);
    cipher.final(); // GCM has no trailing block: this only computes the tag
    return [ciphertext, cipher.getAuthTag()];
  };
  try {
    yield header;
    let index = 0;
    // A chunk is sealed only once the next one shows it is not the last.
    let held: Buffer | undefined;
    for await (const chunk of fixedChunks(source, ENVELOPE_CHUNK_BYTES)) {
      if (held) yield* seal(index++, held, false);
      held = chunk;
    }
    yield* seal(index, held ?? Buffer.alloc(0), true);
  } finally {
    key.fill(0);
  }
}

/** Opens a sealed stream that claims to be the remote object `name`; yields only authenticated plaintext. */
export async function* openStream(objectsKey: Buffer, name: string, source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  const nameBytes = Buffer.from(name, 'utf8');
  let header: Buffer | undefined;
  let key: Buffer | undefined;
  let index = 0;
  const open = (record: Buffer, final: boolean): Buffer => {
    if (record.length < TAG_BYTES) throw new SyncObjectError(name, 'truncated', `it ends inside chunk ${index}`, index);
    const decipher = createDecipheriv('aes-256-gcm', key!, nonceFor(index), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadFor(header!, nameBytes, index, final));
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const plaintext = decipher.update(record.subarray(0, record.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      throw new SyncObjectError(
        name,
        'auth-failed',
        `chunk ${index} failed authentication (the object was altered, truncated, renamed, or sealed by another vault)`,
        index,
      );
    }
    index += 1;
    return plaintext;
  };
  const readHeader = (bytes: Buffer): void => {
    if (!bytes.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC)) {
      throw new SyncObjectError(name, 'bad-magic', 'it is not a Strongroom sync object');
    }
    const version = bytes[ENVELOPE_MAGIC.length];
    const exponent = bytes[ENVELOPE_MAGIC.length + 1];
    if (version !== ENVELOPE_VERSION || exponent !== ENVELOPE_CHUNK_EXPONENT) {
      throw new SyncObjectError(name, 'unsupported-version', `unsupported format version ${version} (chunk 2^${exponent}); update Strongroom`);
    }
    header = Buffer.from(bytes);
    key = objectKey(objectsKey, header.subarray(ENVELOPE_MAGIC.length + 2));
  };
  let pending: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      if (!header) {
        if (pending.length < ENVELOPE_HEADER_BYTES) continue;
        readHeader(pending.subarray(0, ENVELOPE_HEADER_BYTES));
        pending = pending.subarray(ENVELOPE_HEADER_BYTES);
      }
      // A whole record followed by at least one more byte is not the last one.
      let offset = 0;
      while (pending.length - offset > RECORD_BYTES) {
        yield open(pending.subarray(offset, offset + RECORD_BYTES), false);
        offset += RECORD_BYTES;
      }
      pending = offset ? Buffer.from(pending.subarray(offset)) : pending;
    }
    if (!header) throw new SyncObjectError(name, 'truncated', 'it is shorter than its header');
    yield open(pending, true);
  } finally {
    key?.fill(0);
  }
}

async function* once(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

async function gather(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
}

/** Whole-buffer forms, for small objects (op batches, manifests). */
export function sealObject(objectsKey: Buffer, name: string, plaintext: Buffer): Promise<Buffer> {
  return gather(sealStream(objectsKey, name, once(plaintext)));
}

export function openObject(objectsKey: Buffer, name: string, sealed: Buffer): Promise<Buffer> {
  return gather(openStream(objectsKey, name, once(sealed)));
}
