import { createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BLOB_MAGIC,
  BlobCorruptError,
  BlobDecryptor,
  CHUNK_BYTES,
  decryptBlob,
  encryptBlob,
  HEADER_BYTES,
  RECORD_BYTES,
} from '../../electron/core/crypto/blob-format';
import { thrownBy } from '../helpers/rejection';
import { decryptStreaming, encryptStreaming, plaintextChunks, seededRng, splitBlob } from './blob-helpers';

/**
 * Clean round trips of the blob format at the sizes where chunking can go wrong (empty, one byte, one
 * byte short of / exactly / one byte over a chunk, several chunks plus a tail, 5 MiB), whole-buffer and
 * streaming with random push sizes, plus a check of the on-disk layout against the documented format
 * by decrypting each record independently with node:crypto.
 */
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536 + 7, 5 * 1024 * 1024];
const SEED = randomInt(2 ** 31);

function expectedRecordCount(size: number): number {
  return Math.max(1, Math.ceil(size / CHUNK_BYTES));
}

/** Decrypts one record exactly as docs/vault-format.md describes it, without the code under test. */
function openRecordIndependently(contentKey: Buffer, header: Buffer, record: Buffer, index: number, final: boolean): Buffer {
  const key = Buffer.from(hkdfSync('sha256', contentKey, header.subarray(8, 40), 'strongroom/v1/blob-file', 32));
  const nonce = Buffer.alloc(12); // 4 zero bytes, then the chunk index as uint64 BE
  nonce.writeBigUInt64BE(BigInt(index), 4);
  const aad = Buffer.alloc(header.length + 9);
  header.copy(aad);
  aad.writeBigUInt64BE(BigInt(index), header.length);
  aad[header.length + 8] = final ? 1 : 0;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(record.subarray(record.length - 16));
  return Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
}

describe.each(SIZES)('blob format round trip, %s bytes of random plaintext', (size) => {
  const contentKey = randomBytes(32);
  const plaintext = randomBytes(size);

  it('whole-buffer encrypt then decrypt is byte-exact, with the documented file size', () => {
    const file = encryptBlob(contentKey, plaintext);
    expect(file.length).toBe(HEADER_BYTES + size + 16 * expectedRecordCount(size));
    const out = decryptBlob(contentKey, file);
    expect(out.length).toBe(size);
    expect(out.equals(plaintext)).toBe(true);
  });

  it('streaming encrypt and decrypt with random push sizes is byte-exact, chunk by chunk', () => {
    const rng = seededRng(SEED + size);
    const file = encryptStreaming(contentKey, plaintext, rng);
    expect(file.length, `seed ${SEED}`).toBe(HEADER_BYTES + size + 16 * expectedRecordCount(size));
    const { released, error } = decryptStreaming(contentKey, file, rng);
    expect(error, `seed ${SEED}`).toBeNull();
    const expected = plaintextChunks(plaintext);
    // The streaming decryptor hands out whole authenticated chunks, in order, never more, never merged.
    expect(released.map((b) => b.length)).toEqual(expected.map((b) => b.length));
    released.forEach((chunk, i) => expect(chunk.equals(expected[i]!), `chunk ${i}, seed ${SEED}`).toBe(true));
  });

  it('the streaming and whole-buffer forms are interchangeable', () => {
    const rng = seededRng(SEED ^ size);
    expect(decryptBlob(contentKey, encryptStreaming(contentKey, plaintext, rng)).equals(plaintext)).toBe(true);
    const { released, error } = decryptStreaming(contentKey, encryptBlob(contentKey, plaintext), rng);
    expect(error).toBeNull();
    expect(Buffer.concat(released).equals(plaintext)).toBe(true);
  });

  it('matches the documented layout: header fields, and records that open with HKDF key, counter nonce and final flag', () => {
    const file = encryptBlob(contentKey, plaintext);
    const { header, records } = splitBlob(file);
    expect(header.subarray(0, 6).toString('ascii')).toBe('SRBLOB');
    expect(header[6]).toBe(1);
    expect(header[7]).toBe(16);
    expect(records.length).toBe(expectedRecordCount(size));
    records.forEach((record, i) => {
      const isLast = i === records.length - 1;
      if (!isLast) expect(record.length).toBe(RECORD_BYTES);
      expect(openRecordIndependently(contentKey, header, record, i, isLast).equals(plaintextChunks(plaintext)[i]!)).toBe(true);
      // The final flag is really bound: the same record under the opposite flag does not open.
      expect(() => openRecordIndependently(contentKey, header, record, i, !isLast)).toThrow();
    });
  });
});

describe('blob format, other properties', () => {
  it('encrypting the same plaintext twice gives unrelated files (fresh salt, so a fresh file key)', () => {
    const contentKey = randomBytes(32);
    const plaintext = randomBytes(3 * CHUNK_BYTES);
    const a = encryptBlob(contentKey, plaintext);
    const b = encryptBlob(contentKey, plaintext);
    expect(a.subarray(0, 8).equals(b.subarray(0, 8))).toBe(true);
    expect(a.subarray(8, HEADER_BYTES).equals(b.subarray(8, HEADER_BYTES))).toBe(false);
    expect(a.subarray(HEADER_BYTES, HEADER_BYTES + 64).equals(b.subarray(HEADER_BYTES, HEADER_BYTES + 64))).toBe(false);
  });

  it('the wrong content key fails authentication at chunk 0 and releases nothing', () => {
    const plaintext = randomBytes(2 * CHUNK_BYTES + 5);
    const file = encryptBlob(randomBytes(32), plaintext);
    const other = randomBytes(32);
    const err = thrownBy(() => decryptBlob(other, file));
    expect(err).toBeInstanceOf(BlobCorruptError);
    expect(err).toMatchObject({ code: 'BLOB_CORRUPT', fault: 'auth-failed', chunk: 0 });
    const { released, error } = decryptStreaming(other, file, seededRng(SEED));
    expect(error).toMatchObject({ code: 'BLOB_CORRUPT', fault: 'auth-failed', chunk: 0 });
    expect(released).toEqual([]);
  });

  it('a file that is not a blob at all is refused as bad-magic before any key work', () => {
    const dec = new BlobDecryptor(randomBytes(32));
    const notABlob = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), randomBytes(100)]);
    expect(() => dec.push(notABlob)).toThrow(expect.objectContaining({ code: 'BLOB_CORRUPT', fault: 'bad-magic' }));
    expect(BLOB_MAGIC.toString('ascii')).toBe('SRBLOB');
  });
});
