import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptBlob, HEADER_BYTES, RECORD_BYTES } from '../../electron/core/crypto/blob-format';
import { type ExpectedFault, joinBlob, rejectionProblems, type Rng, seededRng, splitBlob } from './blob-helpers';

/**
 * Every kind of damage or tampering must be refused with BLOB_CORRUPT and the right fault, by both the
 * whole-buffer and the streaming decryptor, and the streaming decryptor may only have released
 * authentic chunks that come before the damaged one ("no unauthenticated plaintext").
 */
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536 + 7, 5 * 1024 * 1024];
const SEED = randomInt(2 ** 31);
const auth = (chunk: number): ExpectedFault => ({ fault: 'auth-failed', chunk });

function flipBit(file: Buffer, offset: number, bit: number): Buffer {
  const copy = Buffer.from(file);
  copy[offset] = copy[offset]! ^ (1 << bit);
  return copy;
}

describe.each(SIZES)('tampering with a %s-byte blob', (size) => {
  const contentKey = randomBytes(32);
  const plaintext = randomBytes(size);
  const file = encryptBlob(contentKey, plaintext);
  const { header, records } = splitBlob(file);
  const n = records.length;
  const all = [...Array(n).keys()];
  // Per-chunk families that cost a full decryption each are exhaustive up to 8 chunks, sampled above.
  const picks = n <= 8 ? all : [...new Set([0, 1, 2, n >> 1, n - 3, n - 2, n - 1])];
  const recordStart = (k: number) => HEADER_BYTES + k * RECORD_BYTES;

  function expectAllRejected(rng: Rng, cases: Iterable<[string, () => Buffer, ExpectedFault]>, minCases = 1): void {
    const problems: string[] = [];
    let count = 0;
    for (const [label, build, expected] of cases) {
      problems.push(...rejectionProblems(label, contentKey, build(), plaintext, expected, rng));
      count += 1;
    }
    expect(count).toBeGreaterThanOrEqual(minCases);
    expect(problems, `seed ${SEED}`).toEqual([]);
  }

  it('bit flips in the header: magic, version, chunk exponent, salt', () => {
    const cases: [string, () => Buffer, ExpectedFault][] = [];
    for (let i = 0; i < 6; i++) cases.push([`magic byte ${i}`, () => flipBit(file, i, i % 8), { fault: 'bad-magic', chunk: undefined }]);
    for (const bit of [0, 1, 7]) cases.push([`version bit ${bit}`, () => flipBit(file, 6, bit), { fault: 'unsupported-version', chunk: undefined }]);
    cases.push([`chunk exponent`, () => flipBit(file, 7, 0), { fault: 'unsupported-version', chunk: undefined }]);
    for (const i of [8, 9, 23, 39]) cases.push([`salt byte ${i}`, () => flipBit(file, i, randomInt(8)), auth(0)]);
    expectAllRejected(seededRng(SEED), cases, 14);
  });

  // An empty plaintext has a single record of 16 tag bytes: no body byte exists to flip.
  it.runIf(size > 0)('a bit flip in a body byte of each chunk', () => {
    const rng = seededRng(SEED + 1);
    expectAllRejected(
      rng,
      all.map((k) => {
        const at = randomInt(records[k]!.length - 16);
        return [`body byte ${at} of chunk ${k}`, () => flipBit(file, recordStart(k) + at, randomInt(8)), auth(k)];
      }),
      n,
    );
  });

  it('a bit flip in the GCM tag of each chunk', () => {
    expectAllRejected(
      seededRng(SEED + 2),
      all.map((k) => {
        const at = records[k]!.length - 16 + randomInt(16);
        return [`tag byte ${at} of chunk ${k}`, () => flipBit(file, recordStart(k) + at, randomInt(8)), auth(k)];
      }),
      n,
    );
  });

  it('truncation at every chunk boundary', () => {
    expectAllRejected(
      seededRng(SEED + 3),
      all.map((j) => [
        `cut after ${j} of ${n} records`,
        () => file.subarray(0, recordStart(j)),
        j === 0 ? { fault: 'truncated', chunk: 0 } : auth(j - 1),
      ]),
      n,
    );
  });

  it('truncation inside a chunk (including inside its tag) and inside the header', () => {
    const cases: [string, () => Buffer, ExpectedFault][] = [];
    for (const j of picks) {
      const len = records[j]!.length;
      for (const m of new Set([1, 8, 15, 16, 17, len >> 1, len - 12, len - 1])) {
        if (m <= 0 || m >= len) continue;
        const expected: ExpectedFault = m < 16 ? { fault: 'truncated', chunk: j } : auth(j);
        cases.push([`cut ${m} bytes into chunk ${j}`, () => file.subarray(0, recordStart(j) + m), expected]);
      }
    }
    for (const cut of [0, 1, 6, 7, 8, 20, HEADER_BYTES - 1]) {
      cases.push([`cut to ${cut} header bytes`, () => file.subarray(0, cut), { fault: 'truncated', chunk: undefined }]);
    }
    expectAllRejected(seededRng(SEED + 4), cases, 10);
  });

  it('a GCM tag cut to 12 bytes at the end of the file', () => {
    // What is left of the last record is shorter than a tag (empty or 1-byte tail) or fails to authenticate.
    const expected: ExpectedFault = records[n - 1]!.length - 4 < 16 ? { fault: 'truncated', chunk: n - 1 } : auth(n - 1);
    expectAllRejected(seededRng(SEED + 5), [['last tag cut to 12 bytes', () => file.subarray(0, file.length - 4), expected]]);
  });

  // With one record, dropping it is truncation and duplicating it is appending: both covered elsewhere.
  it.runIf(n >= 2)('dropping, swapping and duplicating chunks', () => {
    const cases: [string, () => Buffer, ExpectedFault][] = [];
    const without = (k: number) => records.filter((_, i) => i !== k);
    for (const k of picks) {
      cases.push([`drop chunk ${k}`, () => joinBlob(header, without(k)), auth(k < n - 1 ? k : n - 2)]);
      const duplicated = [...records.slice(0, k + 1), records[k]!, ...records.slice(k + 1)];
      cases.push([`duplicate chunk ${k}`, () => joinBlob(header, duplicated), auth(k < n - 1 ? k + 1 : n - 1)]);
    }
    const pairs = [...new Set([...picks.filter((k) => k < n - 1).map((k) => `${k},${k + 1}`), `0,${n - 1}`])].map((p) => p.split(',').map(Number));
    for (const [a, b] of pairs as [number, number][]) {
      const swapped = [...records];
      [swapped[a], swapped[b]] = [records[b]!, records[a]!];
      cases.push([`swap chunks ${a} and ${b}`, () => joinBlob(header, swapped), auth(a)]);
    }
    expectAllRejected(seededRng(SEED + 6), cases, 4);
  });

  it('a chunk spliced in from another file encrypted with the same key, at the same index', () => {
    const other = splitBlob(encryptBlob(contentKey, randomBytes(size)));
    expect(other.records.length).toBe(n);
    expectAllRejected(
      seededRng(SEED + 8),
      picks.map((k) => [`chunk ${k} from another file`, () => joinBlob(header, records.map((r, i) => (i === k ? other.records[k]! : r))), auth(k)]),
    );
  });

  it("two files' headers swapped, and bodies swapped", () => {
    const other = splitBlob(encryptBlob(contentKey, randomBytes(size)));
    expectAllRejected(seededRng(SEED + 9), [
      ["other file's header on this body", () => joinBlob(other.header, records), auth(0)],
      ["this header on the other file's body", () => joinBlob(header, other.records), auth(0)],
    ]);
  });

  it('appended garbage: one byte, a random record, a copy of the last record', () => {
    expectAllRejected(seededRng(SEED + 10), [
      ['1 byte appended', () => Buffer.concat([file, randomBytes(1)]), auth(n - 1)],
      ['random record appended', () => Buffer.concat([file, randomBytes(RECORD_BYTES)]), auth(n - 1)],
      ['last record appended again', () => Buffer.concat([file, records[n - 1]!]), auth(n - 1)],
    ]);
  });
});
