import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { BlobCorruptError } from './blob-format';
import { VERIFY_WORKER_SOURCE, type VerifierWorkerData, type VerifyReply, type VerifyRequest } from './blob-verify-worker';

/**
 * Authenticates whole blob files (every chunk, under the vault's content key) in worker threads. A sync
 * upload copies blob files in the kernel, so their verification is the one pass over their bytes left
 * in the process; on the main thread it would take the core that runs everything else, here it runs
 * on another while the main thread goes on dispatching copies and fsyncs.
 *
 * Threads start on first use, one per file in flight up to `threads`, and hold the process open only
 * while they have work. close() zeroes their copies of the key and ends them.
 */
export function defaultVerifierThreads(): number {
  // One core stays with the main thread and libuv's thread pool (the copies and fsyncs).
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

interface VerifierThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class BlobVerifier {
  private readonly contentKey: Buffer;
  private readonly threads: VerifierThread[] = [];
  private nextId = 0;
  private closed = false;

  /** Takes its own copy of the key, wiped by close(). */
  constructor(
    contentKey: Buffer,
    private readonly maxThreads = defaultVerifierThreads(),
  ) {
    this.contentKey = Buffer.from(contentKey);
  }

  /** Resolves when every chunk of `file` authenticated; BlobCorruptError, or the read's own error, if not. */
  verify(file: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('BlobVerifier: verify after close'));
    const thread = this.pickThread();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      if (thread.pending.size === 1) thread.worker.ref();
      thread.worker.postMessage({ id, file } satisfies VerifyRequest);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const thread of this.threads.splice(0)) {
      thread.worker.postMessage({ wipe: true } satisfies VerifyRequest);
      void thread.worker.terminate();
      this.fail(thread, new Error('BlobVerifier: closed'));
    }
    this.contentKey.fill(0);
  }

  /** An idle thread, else a new one while under the bound, else the least busy. */
  private pickThread(): VerifierThread {
    const idle = this.threads.find((t) => t.pending.size === 0);
    if (idle) return idle;
    if (this.threads.length < this.maxThreads) return this.startThread();
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private startThread(): VerifierThread {
    const workerData: VerifierWorkerData = { contentKey: new Uint8Array(this.contentKey) };
    const worker = new Worker(VERIFY_WORKER_SOURCE, { eval: true, workerData });
    // The constructor cloned workerData for the thread: this copy is no longer needed.
    workerData.contentKey.fill(0);
    worker.unref();
    const thread: VerifierThread = { worker, pending: new Map() };
    worker.on('message', (reply: VerifyReply) => this.settle(thread, reply));
    // A thread that dies takes only its own files with it; the next verify starts a new one.
    const lost = (err: Error) => {
      const i = this.threads.indexOf(thread);
      if (i !== -1) this.threads.splice(i, 1);
      this.fail(thread, err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`BlobVerifier: a verifier thread ended (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }

  private settle(thread: VerifierThread, reply: VerifyReply): void {
    const pending = thread.pending.get(reply.id);
    if (!pending) return;
    thread.pending.delete(reply.id);
    if (thread.pending.size === 0) thread.worker.unref();
    if (reply.ok) pending.resolve();
    else if ('fault' in reply) pending.reject(new BlobCorruptError(reply.fault, reply.message, reply.chunk));
    else pending.reject(Object.assign(new Error(reply.message), { code: reply.errno }));
  }

  private fail(thread: VerifierThread, err: Error): void {
    for (const pending of thread.pending.values()) pending.reject(err);
    thread.pending.clear();
  }
}
