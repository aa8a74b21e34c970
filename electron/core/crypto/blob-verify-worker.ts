import { BLOB_SHAPE, FILE_KEY_INFO, HEADER_BYTES, RECORD_BYTES, SALT_BYTES, type BlobFault } from './blob-format';
import { headerFault, openRecord, recordBinding } from './blob-record';

/**
 * The body of a verifier thread (blob-verifier.ts): it authenticates whole blob files, as
 * BlobDecryptor does chunk by chunk, with the same verdicts and messages. It is source text run with
 * `eval`, not a module file, because the engine runs as TypeScript under tsx and vitest and as one
 * esbuild bundle in the app: a worker file would need its own entry and path in each. The format's
 * rules are not restated here: the header check and the record binding and opening are the very
 * functions BlobDecryptor calls (blob-record.ts), embedded as their own text; only the file loop is
 * this thread's. tests/crypto/blob-verifier.test.ts holds the two readers to the same verdicts.
 *
 * It reads with readSync into one reused buffer and discards the plaintext: the thread does nothing else.
 */
/** A file to verify, or (`wipe`) the last message before the thread is ended: it zeroes its key copy. */
export type VerifyRequest = { id: number; file: string } | { wipe: true };

export type VerifyReply =
  | { id: number; ok: true }
  | { id: number; ok: false; fault: BlobFault; message: string; chunk?: number }
  | { id: number; ok: false; errno: string; message: string };

export interface VerifierWorkerData {
  contentKey: Uint8Array;
}

const constants = {
  shape: BLOB_SHAPE,
  saltBytes: SALT_BYTES,
  headerBytes: HEADER_BYTES,
  recordBytes: RECORD_BYTES,
  keyInfo: FILE_KEY_INFO,
};

export const VERIFY_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createDecipheriv, hkdfSync } = require('node:crypto');
const C = ${JSON.stringify(constants)};
const recordBinding = (${recordBinding.toString()});
const headerFault = (${headerFault.toString()});
const openRecord = (${openRecord.toString()});
const contentKey = Buffer.from(workerData.contentKey);
const window = Buffer.allocUnsafe(16 * C.recordBytes);

class Fault extends Error {
  constructor(fault, message, chunk) {
    super(message);
    this.fault = fault;
    this.chunk = chunk;
  }
}

function readAt(fd, buffer, offset, length, position) {
  let filled = 0;
  while (filled < length) {
    const n = readSync(fd, buffer, offset + filled, length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

function checkRecord(key, header, index, record, final) {
  if (!openRecord(createDecipheriv, key, recordBinding(header, index, final), record, C.shape.tagBytes)) {
    throw new Fault('auth-failed', 'blob chunk ' + index + ' failed authentication', index);
  }
}

function verify(file) {
  const fd = openSync(file, 'r');
  let key = null;
  try {
    const header = Buffer.alloc(C.headerBytes);
    if (readAt(fd, header, 0, C.headerBytes, 0) < C.headerBytes) throw new Fault('truncated', 'blob is shorter than its header');
    const fault = headerFault(header, C.shape);
    if (fault) throw new Fault(fault[0], fault[1]);
    key = Buffer.from(hkdfSync('sha256', contentKey, header.subarray(C.headerBytes - C.saltBytes), C.keyInfo, 32));
    let position = C.headerBytes;
    let start = 0;
    let end = 0;
    let index = 0;
    for (;;) {
      if (start > 0) {
        window.copy(window, 0, start, end);
        end -= start;
        start = 0;
      }
      const read = readAt(fd, window, end, window.length - end, position);
      position += read;
      end += read;
      const atEnd = end < window.length;
      // A record followed by at least one more byte is not the final one.
      while (end - start > C.recordBytes) {
        checkRecord(key, header, index, window.subarray(start, start + C.recordBytes), false);
        start += C.recordBytes;
        index += 1;
      }
      if (atEnd) {
        if (end - start < C.shape.tagBytes) throw new Fault('truncated', 'blob ends inside chunk ' + index, index);
        checkRecord(key, header, index, window.subarray(start, end), true);
        return;
      }
    }
  } finally {
    key?.fill(0);
    closeSync(fd);
  }
}

parentPort.on('message', (request) => {
  if (request.wipe) {
    contentKey.fill(0);
    return;
  }
  const { id, file } = request;
  try {
    verify(file);
    parentPort.postMessage({ id, ok: true });
  } catch (err) {
    if (err instanceof Fault) parentPort.postMessage({ id, ok: false, fault: err.fault, message: err.message, chunk: err.chunk });
    else parentPort.postMessage({ id, ok: false, errno: err.code ?? 'EIO', message: err.message });
  }
});
`;
