import type { IngestSource } from '../ingest/ingest';

/**
 * Ingest sources for files whose bytes arrive later, over another channel (the browser shell's PUTs):
 * the job starts at once with one deferred stream per declared file, and each stream is attached when
 * its upload arrives. Bytes pass straight from the request to the engine, which gathers them in memory
 * and encrypts them; nothing is written to disk here.
 *
 * Backpressure is kept: an attached upload is read only when an ingest worker reaches that file, so a
 * sender should upload in index order. Every file ends one way or another (consumed, refused, timed
 * out, closed), so the job always finishes and every waiting upload gets an answer.
 */
export interface DeclaredFile {
  name: string;
  size: number;
}

/** Why an upload was not taken; the transport turns each into a status code. */
export type UploadRefusal = 'unknown-file' | 'conflict' | 'too-large' | 'incomplete' | 'interrupted' | 'closed';

export type AttachOutcome = { ok: true } | { ok: false; refusal: UploadRefusal; message: string };

export interface UploadSources {
  /** One source per declared file, in order; hand them to IngestJobs.start. */
  sources: IngestSource[];
  /**
   * Gives file `index` its bytes. Resolves once the engine has read all of them (exactly the declared
   * size), or with the reason it refused them. `byteLength` (the request's Content-Length, when known)
   * is checked against the declared size before anything is read.
   */
  attach(index: number, stream: AsyncIterable<Uint8Array>, byteLength?: number): Promise<AttachOutcome>;
  /** Refuses file `index` unless its bytes are already being read; the engine reports it with `reason`. */
  fail(index: number, reason: string): void;
  /** fail() for every file: the job was cancelled or has ended. */
  failAll(reason: string): void;
}

export const DEFAULT_ARRIVAL_TIMEOUT_MS = 120_000;

export interface UploadSourcesOptions {
  /**
   * How long the engine waits for a file it has reached, counted from when it asked or from the last
   * upload activity (an attach or a chunk) on any file of the set, whichever is later. A slow but
   * moving upload of an earlier file therefore never starves a later one.
   */
  arrivalTimeoutMs?: number;
}

type Slot =
  | { state: 'waiting'; asked: ((stream: AsyncIterable<Uint8Array>) => void) | null; askedFail: ((err: Error) => void) | null }
  | { state: 'attached'; stream: AsyncIterable<Uint8Array> }
  | { state: 'reading' }
  | { state: 'refused'; reason: string };

interface Entry {
  file: DeclaredFile;
  slot: Slot;
  /** Settles the attach() promise of this file's upload, once. */
  settle: ((outcome: AttachOutcome) => void) | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

export function createUploadSources(files: readonly DeclaredFile[], options: UploadSourcesOptions = {}): UploadSources {
  const timeoutMs = options.arrivalTimeoutMs ?? DEFAULT_ARRIVAL_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`arrivalTimeoutMs must be a positive number, got ${timeoutMs}`);
  for (const [i, f] of files.entries()) {
    if (!Number.isSafeInteger(f.size) || f.size < 0) throw new RangeError(`file ${i} has an invalid declared size ${f.size}`);
  }
  const entries: Entry[] = files.map((file) => ({ file, slot: { state: 'waiting', asked: null, askedFail: null }, settle: null }));
  let lastActivity = performance.now();
  const active = () => {
    lastActivity = performance.now();
  };

  const settle = (entry: Entry, outcome: AttachOutcome) => {
    const s = entry.settle;
    entry.settle = null;
    s?.(outcome);
  };

  /** Marks a file refused; a waiting engine is told at once, a waiting upload is answered. */
  const refuse = (entry: Entry, reason: string, refusal: UploadRefusal = 'closed') => {
    const slot = entry.slot;
    if (slot.state === 'reading' || slot.state === 'refused') return;
    entry.slot = { state: 'refused', reason };
    if (slot.state === 'waiting') slot.askedFail?.(new Error(reason));
    settle(entry, { ok: false, refusal, message: reason });
  };

  /** Waits for file `entry`'s upload, refusing it once the set has been idle for the timeout. */
  const arrival = (entry: Entry): Promise<AsyncIterable<Uint8Array>> => {
    const slot = entry.slot;
    if (slot.state === 'refused') return Promise.reject(new Error(slot.reason));
    if (slot.state === 'attached') {
      entry.slot = { state: 'reading' };
      return Promise.resolve(slot.stream);
    }
    if (slot.state === 'reading') return Promise.reject(new Error('the upload is already being read'));
    const askedAt = performance.now();
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const remaining = Math.max(askedAt, lastActivity) + timeoutMs - performance.now();
        if (remaining > 0) timer = setTimeout(check, remaining);
        else refuse(entry, `the upload never arrived (nothing was received for ${duration(timeoutMs)})`);
      };
      slot.asked = (stream) => {
        clearTimeout(timer);
        entry.slot = { state: 'reading' };
        resolve(stream);
      };
      slot.askedFail = (err) => {
        clearTimeout(timer);
        reject(err);
      };
      check();
    });
  };

  /** The bytes of one file as the engine reads them: exactly the declared size, or an error. */
  async function* deliver(entry: Entry): AsyncGenerator<Uint8Array> {
    const stream = await arrival(entry);
    const declared = entry.file.size;
    let received = 0;
    // Stays 'closed' if the engine stops reading early (its iterator is returned).
    let outcome: AttachOutcome = { ok: false, refusal: 'closed', message: 'the import stopped reading the upload' };
    try {
      try {
        for await (const chunk of stream) {
          received += chunk.length;
          active();
          // Leaving the loop returns the request's iterator, which aborts the request mid-way.
          if (received > declared) break;
          yield chunk;
        }
      } catch {
        outcome = { ok: false, refusal: 'interrupted', message: `the upload was interrupted after ${received} of ${plural(declared, 'byte')}` };
        throw new Error(outcome.message);
      }
      if (received > declared) {
        outcome = { ok: false, refusal: 'too-large', message: `more bytes arrived than the ${plural(declared, 'byte')} declared` };
      } else if (received < declared) {
        outcome = { ok: false, refusal: 'incomplete', message: `the upload ended after ${received} of ${plural(declared, 'byte')}` };
      } else {
        outcome = { ok: true };
      }
      if (!outcome.ok) throw new Error(outcome.message);
    } finally {
      settle(entry, outcome);
    }
  }

  const entryAt = (index: number): Entry | undefined => (Number.isInteger(index) && index >= 0 ? entries[index] : undefined);

  return {
    sources: entries.map((entry) => ({ kind: 'stream' as const, name: entry.file.name, size: entry.file.size, stream: deliver(entry) })),

    attach(index, stream, byteLength) {
      const entry = entryAt(index);
      if (!entry) return Promise.resolve({ ok: false, refusal: 'unknown-file', message: `this upload declared no file number ${index}` });
      const slot = entry.slot;
      if (slot.state !== 'waiting') {
        const why = slot.state === 'refused' ? `it was refused already: ${slot.reason}` : 'its bytes were sent already';
        return Promise.resolve({ ok: false, refusal: 'conflict', message: `file number ${index} cannot be sent again: ${why}` });
      }
      const declared = entry.file.size;
      if (byteLength !== undefined && byteLength !== declared) {
        const tooLarge = byteLength > declared;
        const message = `the upload is ${plural(byteLength, 'byte')} but ${plural(declared, 'byte')} were declared`;
        refuse(entry, message, tooLarge ? 'too-large' : 'incomplete');
        return Promise.resolve({ ok: false, refusal: tooLarge ? 'too-large' : 'incomplete', message });
      }
      active();
      const settled = new Promise<AttachOutcome>((resolve) => (entry.settle = resolve));
      if (slot.asked) slot.asked(stream);
      else entry.slot = { state: 'attached', stream };
      return settled;
    },

    fail(index, reason) {
      const entry = entryAt(index);
      if (entry) refuse(entry, reason);
    },

    failAll(reason) {
      for (const entry of entries) refuse(entry, reason);
    },
  };
}
