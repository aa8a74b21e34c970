import { createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobEncryptor, encryptBlob, HEADER_BYTES, RECORD_BYTES } from '../../electron/core/crypto/blob-format';

/**
 * AES-GCM breaks completely if one (key, nonce) pair ever seals two different chunks. The format makes
 * that impossible by construction (a random 256-bit salt per file gives a per-file key; within a file
 * the nonce is the chunk index); this test checks the construction is what the code really does, over
 * 100,000 sealed chunks under one content key.
 *
 * Black-box check: every chunk here encrypts zeros, so the first 16 ciphertext bytes of a record ARE
 * the first GCM keystream block for its (key, nonce). A repeated pair would show up as a repeated block,
 * whatever the code does internally. White-box check: the documented derivation (HKDF-SHA256 of the
 * content key with the header salt and "strongroom/v1/blob-file", nonce = 4 zero bytes || uint64 BE
 * index) opens a sample of the records, so the pairs the test counts are the pairs the code used.
 */
const SMALL_FILES = 50_000;
const BIG_FILES = 2;
const CHUNKS_PER_BIG_FILE = 25_600; // a multiple of the 16 chunks pushed at a time
const ZEROS = Buffer.alloc(16 * 65536);

function fileKey(contentKey: Buffer, header: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', contentKey, header.subarray(8, HEADER_BYTES), 'strongroom/v1/blob-file', 32));
}

function documentedNonce(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function opensWithDocumentedPair(key: Buffer, header: Buffer, record: Buffer, index: number, final: boolean): boolean {
  const aad = Buffer.alloc(HEADER_BYTES + 9);
  header.copy(aad);
  aad.writeBigUInt64BE(BigInt(index), HEADER_BYTES);
  aad[HEADER_BYTES + 8] = final ? 1 : 0;
  const decipher = createDecipheriv('aes-256-gcm', key, documentedNonce(index), { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = decipher.update(record.subarray(0, record.length - 16));
  try {
    decipher.final();
  } catch {
    return false;
  }
  return plain.every((b) => b === 0);
}

describe('blob nonces and per-file keys', () => {
  it('100,000 chunks under one content key never reuse a (file key, nonce) pair', { timeout: 120_000 }, () => {
    const contentKey = randomBytes(32);
    const keystreamBlocks = new Set<string>();
    const pairs = new Set<string>();
    const salts = new Set<string>();
    let chunks = 0;
    let verified = 0;

    // Many one-chunk files: uniqueness across files (16 zero bytes = one full keystream block each).
    const sample = new Set(Array.from({ length: 1000 }, () => randomInt(SMALL_FILES)));
    for (let f = 0; f < SMALL_FILES; f++) {
      const file = encryptBlob(contentKey, ZEROS.subarray(0, 16));
      const header = file.subarray(0, HEADER_BYTES);
      const record = file.subarray(HEADER_BYTES);
      expect(record.length).toBe(32);
      salts.add(header.subarray(8).toString('hex'));
      keystreamBlocks.add(record.subarray(0, 16).toString('hex'));
      const key = fileKey(contentKey, header);
      pairs.add(`${key.toString('hex')}:${documentedNonce(0).toString('hex')}`);
      if (sample.has(f)) {
        expect(opensWithDocumentedPair(key, header, record, 0, true), `small file ${f}`).toBe(true);
        verified += 1;
      }
      chunks += 1;
    }

    // A few many-chunk files: uniqueness within a file, streamed so memory stays small.
    for (let f = 0; f < BIG_FILES; f++) {
      const enc = new BlobEncryptor(contentKey);
      const header = enc.header;
      const key = fileKey(contentKey, header);
      let pending = Buffer.alloc(0);
      let index = 0;
      const take = (out: Buffer[], final: boolean) => {
        pending = Buffer.concat([pending, ...out]);
        while (pending.length >= RECORD_BYTES) {
          const record = pending.subarray(0, RECORD_BYTES);
          pending = pending.subarray(RECORD_BYTES);
          const isFinal = final && pending.length === 0;
          keystreamBlocks.add(record.subarray(0, 16).toString('hex'));
          pairs.add(`${key.toString('hex')}:${documentedNonce(index).toString('hex')}`);
          if (index % 97 === 0 || isFinal) {
            expect(opensWithDocumentedPair(key, header, record, index, isFinal), `big file ${f}, chunk ${index}`).toBe(true);
            verified += 1;
          }
          index += 1;
          chunks += 1;
        }
      };
      for (let c = 0; c < CHUNKS_PER_BIG_FILE; c += 16) take(enc.push(ZEROS), false);
      take(enc.finish(), true);
      expect(pending.length).toBe(0);
      expect(index).toBe(CHUNKS_PER_BIG_FILE);
    }

    expect(chunks).toBeGreaterThanOrEqual(100_000);
    expect(salts.size).toBe(SMALL_FILES);
    expect(keystreamBlocks.size).toBe(chunks);
    expect(pairs.size).toBe(chunks);
    expect(verified).toBeGreaterThan(1000);
  });
});
