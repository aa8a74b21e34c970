import {
  BlobCorruptError,
  BlobDecryptor,
  BlobEncryptor,
  CHUNK_BYTES,
  decryptBlob,
  HEADER_BYTES,
  RECORD_BYTES,
} from '../../electron/core/crypto/blob-format';

/**
 * Shared machinery for the blob-format tests: a seeded PRNG (so a failing random push pattern can be
 * replayed from the seed in the message), streaming encryption/decryption with random push sizes, and a
 * view of a blob file as header + records.
 */
export type Rng = () => number;

/** mulberry32: small, fast, deterministic for a given seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random push sizes: often tiny (1..64 bytes), otherwise anything up to three records. */
export function randomSlices(buf: Buffer, rng: Rng): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const size = rng() < 0.3 ? 1 + Math.floor(rng() * 64) : 1 + Math.floor(rng() * 3 * RECORD_BYTES);
    out.push(buf.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

export function encryptStreaming(contentKey: Buffer, plaintext: Buffer, rng: Rng): Buffer {
  const enc = new BlobEncryptor(contentKey);
  const parts = [enc.header];
  for (const slice of randomSlices(plaintext, rng)) parts.push(...enc.push(slice));
  parts.push(...enc.finish());
  return Buffer.concat(parts);
}

export interface StreamOutcome {
  /** Everything push()/finish() returned, in order, before the decryptor threw (or all of it). */
  released: Buffer[];
  error: unknown;
}

export function decryptStreaming(contentKey: Buffer, file: Buffer, rng: Rng): StreamOutcome {
  const dec = new BlobDecryptor(contentKey);
  const released: Buffer[] = [];
  try {
    // Copies: a test must not be fooled by the decryptor handing back views of the input buffer.
    for (const slice of randomSlices(file, rng)) for (const out of dec.push(Buffer.from(slice))) released.push(Buffer.from(out));
    released.push(Buffer.from(dec.finish()));
    return { released, error: null };
  } catch (error) {
    return { released, error };
  }
}

/** The plaintext as the format chunks it: 64 KiB pieces, and one empty chunk for an empty plaintext. */
export function plaintextChunks(plaintext: Buffer): Buffer[] {
  if (plaintext.length === 0) return [Buffer.alloc(0)];
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < plaintext.length; offset += CHUNK_BYTES) chunks.push(plaintext.subarray(offset, offset + CHUNK_BYTES));
  return chunks;
}

export interface BlobParts {
  header: Buffer;
  records: Buffer[];
}

export function splitBlob(file: Buffer): BlobParts {
  const records: Buffer[] = [];
  for (let offset = HEADER_BYTES; offset < file.length; offset += RECORD_BYTES) records.push(file.subarray(offset, offset + RECORD_BYTES));
  return { header: file.subarray(0, HEADER_BYTES), records };
}

export function joinBlob(header: Buffer, records: Buffer[]): Buffer {
  return Buffer.concat([header, ...records]);
}

export interface ExpectedFault {
  fault: BlobCorruptError['fault'];
  /** The chunk the decryptor must stop at; undefined for header faults. */
  chunk: number | undefined;
}

function describeError(err: unknown): string {
  if (err instanceof BlobCorruptError) return `BlobCorruptError(${err.code}, ${err.fault}, chunk ${err.chunk})`;
  return err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
}

function faultProblem(err: unknown, expected: ExpectedFault): string | null {
  if (!(err instanceof BlobCorruptError) || err.code !== 'BLOB_CORRUPT') return `threw ${describeError(err)}, not BLOB_CORRUPT`;
  if (err.fault !== expected.fault || err.chunk !== expected.chunk) {
    return `threw ${describeError(err)}, expected ${expected.fault} at chunk ${expected.chunk}`;
  }
  return null;
}

/**
 * Decrypts a tampered file both ways and returns what went wrong (empty when all is well): the whole-
 * buffer decryptor must throw the expected BlobCorruptError, and the streaming one must throw it too
 * after releasing only authentic chunks, all of them before the chunk that was tampered with.
 */
export function rejectionProblems(
  label: string,
  contentKey: Buffer,
  file: Buffer,
  original: Buffer,
  expected: ExpectedFault,
  rng: Rng,
): string[] {
  const problems: string[] = [];
  try {
    const out = decryptBlob(contentKey, file);
    problems.push(`${label}: decryptBlob accepted it and returned ${out.length} bytes`);
  } catch (err) {
    const p = faultProblem(err, expected);
    if (p) problems.push(`${label}: decryptBlob ${p}`);
  }
  const { released, error } = decryptStreaming(contentKey, file, rng);
  if (error === null) problems.push(`${label}: streaming decryptor accepted it`);
  else {
    const p = faultProblem(error, expected);
    if (p) problems.push(`${label}: streaming ${p}`);
  }
  const chunks = plaintextChunks(original);
  const limit = expected.chunk ?? 0;
  if (released.length > limit) problems.push(`${label}: released ${released.length} chunks, at most ${limit} allowed`);
  released.forEach((out, i) => {
    if (!chunks[i] || !out.equals(chunks[i])) problems.push(`${label}: released chunk ${i} (${out.length} bytes) is not the original chunk ${i}`);
  });
  return problems;
}
