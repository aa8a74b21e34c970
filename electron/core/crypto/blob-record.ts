import type { createDecipheriv } from 'node:crypto';

/**
 * The blob format's rules for one file's header and one sealed chunk (a "record"), written once for both
 * readers of blob files: BlobDecryptor on the calling thread and the verifier threads, whose source
 * (blob-verify-worker.ts) embeds these functions' own text (`Function.prototype.toString`).
 *
 * So every function here must survive being copied out as text: no imports, no module constants, no
 * calls to one another, no nested functions (a transpiler may add helpers around those); only
 * parameters and the globals `Buffer` and `BigInt`. The format's constants come in as `BlobShape`.
 */
export interface BlobShape {
  magic: string;
  version: number;
  exponent: number;
  tagBytes: number;
}

/** A record's nonce (its chunk index) and associated data (header, index, final flag). */
export function recordBinding(header: Buffer, index: number, final: boolean): { nonce: Buffer; aad: Buffer } {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  const aad = Buffer.alloc(header.length + 9);
  header.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), header.length);
  aad[header.length + 8] = final ? 1 : 0;
  return { nonce, aad };
}

/**
 * What is wrong with a file's header, as [fault, message], or null when it is one this build reads.
 * The header's length is checked by the caller (how it learns a file is short differs).
 */
export function headerFault(header: Buffer, shape: BlobShape): ['bad-magic' | 'unsupported-version', string] | null {
  const magicBytes = shape.magic.length;
  if (header.toString('latin1', 0, magicBytes) !== shape.magic) return ['bad-magic', 'not a Strongroom blob (bad magic)'];
  const version = header[magicBytes];
  const exponent = header[magicBytes + 1];
  if (version !== shape.version || exponent !== shape.exponent) {
    return ['unsupported-version', 'unsupported blob format version ' + version + ' (chunk 2^' + exponent + ')'];
  }
  return null;
}

/**
 * Opens record `index` (body then tag) under the file key: its plaintext, or null when it fails
 * authentication (the caller reports it in its own error type). `decipher` is node:crypto's
 * createDecipheriv, passed in because this text runs where no import reaches.
 */
export function openRecord(
  decipher: typeof createDecipheriv,
  key: Buffer,
  binding: { nonce: Buffer; aad: Buffer },
  record: Buffer,
  tagBytes: number,
): Buffer | null {
  const gcm = decipher('aes-256-gcm', key, binding.nonce, { authTagLength: tagBytes });
  gcm.setAAD(binding.aad);
  gcm.setAuthTag(record.subarray(record.length - tagBytes));
  const plaintext = gcm.update(record.subarray(0, record.length - tagBytes));
  try {
    gcm.final();
  } catch {
    plaintext.fill(0);
    return null;
  }
  return plaintext;
}
