import { abortedError, throwIfAborted } from './remote-error';

/**
 * A counting limit on requests in flight. Unlike ingest's Semaphore, a slot can be held past the call
 * that took it (a download keeps its slot while its body streams), and waiting for one is abortable.
 */
export class Slots {
  private available: number;
  private readonly waiting: { grant: () => void; reject: (err: Error) => void }[] = [];

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('concurrency must be a positive integer');
    this.available = count;
  }

  /** Resolves with a release function, to be called exactly once. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    throwIfAborted(signal);
    if (this.available > 0) {
      this.available -= 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i !== -1) this.waiting.splice(i, 1);
        reject(abortedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.available += 1;
    };
  }

  async use<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
