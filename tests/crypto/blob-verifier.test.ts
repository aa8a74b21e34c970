import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOB_MAGIC, BlobCorruptError, decryptBlob, encryptBlob, HEADER_BYTES, RECORD_BYTES } from '../../electron/core/crypto/blob-format';
import { BlobVerifier } from '../../electron/core/crypto/blob-verifier';
import { rejectionOf, thrownBy } from '../helpers/rejection';

/**
 * The verifier thread runs its own file loop around the decryptor's record rules (crypto/blob-verify-worker.ts,
 * blob-record.ts), so it is held here to the streaming decryptor's verdict on the same bytes: sound files pass, and every damage gets the
 * same fault, chunk and message. Real files, real threads, real AES-GCM.
 */
const contentKey = randomBytes(32);
const verifier = new BlobVerifier(contentKey, 2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'strongroom-blob-verifier-'));
afterAll(() => {
  verifier.close();
  rmSync(dir, { recursive: true, force: true });
});

let fileCount = 0;
function fileOf(bytes: Buffer): string {
  const file = path.join(dir, `blob-${fileCount++}`);
  writeFileSync(file, bytes);
  return file;
}

/** What the in-process decryptor says about the bytes: null when they are sound. */
function decryptorVerdict(bytes: Buffer, key = contentKey): { fault: string; chunk: number | undefined; message: string } | null {
  const err = thrownBy(() => decryptBlob(key, bytes));
  if (err instanceof BlobCorruptError) return { fault: err.fault, chunk: err.chunk, message: err.message };
  if (err instanceof Error && err.message.startsWith('expected a throw')) return null;
  throw err;
}

async function verifierVerdict(bytes: Buffer, v = verifier): Promise<{ fault: string; chunk: number | undefined; message: string } | null> {
  try {
    await v.verify(fileOf(bytes));
    return null;
  } catch (err) {
    if (err instanceof BlobCorruptError) return { fault: err.fault, chunk: err.chunk, message: err.message };
    throw err;
  }
}

const SIZES = [0, 1, 65535, 65536, 65537, 16 * 65536, 16 * 65536 + 1, 3 * 65536 + 7, 2 * 1024 * 1024 + 5];

describe.each(SIZES)('the verifier thread on a %s-byte blob', (size) => {
  const file = encryptBlob(contentKey, randomBytes(size));
  const records = Math.ceil((file.length - HEADER_BYTES) / RECORD_BYTES);

  it('passes the sound file', async () => {
    expect(await verifierVerdict(file)).toBeNull();
  });

  it('gives the decryptor’s verdict for a flipped bit in the magic, version, salt and each sampled chunk', async () => {
    const offsets = [0, BLOB_MAGIC.length, BLOB_MAGIC.length + 1, HEADER_BYTES - 1];
    for (const k of new Set([0, 1, records >> 1, records - 1])) {
      if (k >= 0 && k < records) offsets.push(HEADER_BYTES + k * RECORD_BYTES, Math.min(file.length - 1, HEADER_BYTES + (k + 1) * RECORD_BYTES - 1));
    }
    for (const at of offsets) {
      const bad = Buffer.from(file);
      bad[at]! ^= 0x04;
      const expected = decryptorVerdict(bad);
      expect(expected).not.toBeNull();
      expect(await verifierVerdict(bad)).toEqual(expected);
    }
  });

  it('gives the decryptor’s verdict for truncations and appended bytes', async () => {
    const cuts = [0, 3, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 15, file.length - 1, file.length - RECORD_BYTES];
    for (const length of cuts.filter((n) => n >= 0 && n < file.length)) {
      const cut = file.subarray(0, length);
      expect(await verifierVerdict(cut)).toEqual(decryptorVerdict(cut));
    }
    const longer = Buffer.concat([file, Buffer.from([0])]);
    expect(await verifierVerdict(longer)).toEqual(decryptorVerdict(longer));
  });
});

describe('the verifier pool', () => {
  it('refuses a file of another vault (another content key) at its first chunk', async () => {
    const foreign = encryptBlob(randomBytes(32), randomBytes(100_000));
    expect(await verifierVerdict(foreign)).toEqual({ fault: 'auth-failed', chunk: 0, message: 'blob chunk 0 failed authentication' });
  });

  it('verifies many files at once across its threads, each with its own verdict', async () => {
    const sound = Array.from({ length: 12 }, () => encryptBlob(contentKey, randomBytes(200_000)));
    const damaged = sound.map((f, i) => {
      if (i % 3 !== 0) return f;
      const bad = Buffer.from(f);
      bad[HEADER_BYTES + RECORD_BYTES + 5]! ^= 1;
      return bad;
    });
    const verdicts = await Promise.all(damaged.map((f) => verifierVerdict(f)));
    verdicts.forEach((v, i) => expect(v).toEqual(i % 3 === 0 ? expect.objectContaining({ fault: 'auth-failed', chunk: 1 }) : null));
  });

  it('reports a missing file with its errno, and refuses work once closed', async () => {
    expect(await rejectionOf(verifier.verify(path.join(dir, 'no-such-file')))).toMatchObject({ code: 'ENOENT' });
    const closing = new BlobVerifier(contentKey, 1);
    await closing.verify(fileOf(encryptBlob(contentKey, randomBytes(10))));
    closing.close();
    expect(await rejectionOf(closing.verify(fileOf(encryptBlob(contentKey, randomBytes(10)))))).toBeInstanceOf(Error);
  });
});
