import type { LocalFileBody, OpOptions, PutBody, RemoteObject, RemoteObjectInfo, SyncBackend } from './backend';
import { abortedError, isRemoteFault, SyncRemoteError, throwIfAborted } from './remote-error';
import { Slots } from './slots';

/**
 * Wraps any backend with what every storage needs: a bound on requests in flight (a laptop on hotel
 * Wi-Fi, a NAS, or a provider's rate limit all suffer from too many), and retries with exponential
 * back-off and jitter for the failures that may pass: timeouts, network errors, 5xx and throttling.
 * Refusals (credentials, missing bucket, a 4xx, a taken name) fail at once: retrying cannot fix them.
 * Everything is abortable, including the waits.
 */
export interface RetryPolicy {
  /** Requests in flight at once (a download holds its slot until its body is read). */
  concurrency: number;
  /** Tries per request, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); replaceable so tests are deterministic. */
  random: () => number;
  /** Told about each retry, e.g. for a log line or a status "retrying…". */
  onRetry?: (info: { op: string; name: string; attempt: number; delayMs: number; error: SyncRemoteError }) => void;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  concurrency: 4,
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  random: Math.random,
};

/** "Equal jitter": half the exponential delay, plus a random share of the other half. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + policy.random() * (ceiling / 2));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RetryingBackend implements SyncBackend {
  readonly description: string;
  readonly concurrency: number;
  private readonly slots: Slots;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly inner: SyncBackend,
    policy: Partial<RetryPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
    this.slots = new Slots(this.policy.concurrency);
    this.concurrency = this.policy.concurrency;
    this.description = inner.description;
    const putFile = inner.putFile?.bind(inner);
    if (putFile) this.putFile = (name, file, options) => this.storeNew(name, options?.signal, () => putFile(name, file, options));
  }

  private async retry<T>(op: string, name: string, signal: AbortSignal | undefined, run: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      try {
        return await run(attempt);
      } catch (err) {
        if (!(err instanceof SyncRemoteError) || !err.retryable || attempt >= this.policy.attempts || signal?.aborted) throw err;
        const delayMs = backoffDelay(this.policy, attempt);
        this.policy.onRetry?.({ op, name, attempt, delayMs, error: err });
        await sleep(delayMs, signal);
      }
    }
  }

  put(name: string, body: PutBody, options?: OpOptions): Promise<void> {
    return this.storeNew(name, options?.signal, () => this.inner.put(name, body, options));
  }

  /** Present only when the inner storage copies files itself (see SyncBackend.putFile). */
  readonly putFile?: (name: string, file: LocalFileBody, options?: OpOptions) => Promise<void>;

  private storeNew(name: string, signal: AbortSignal | undefined, put: () => Promise<void>): Promise<void> {
    return this.slots.use(
      () =>
        this.retry('put', name, signal, async (attempt) => {
          try {
            await put();
          } catch (err) {
            // A try that failed after the storage had committed (a timeout on the reply) leaves the
            // object there. Names are unique per writer or per content, so it is ours: done.
            if (attempt > 1 && isRemoteFault(err, 'exists')) return;
            throw err;
          }
        }),
      signal,
    );
  }

  async get(name: string, options?: OpOptions): Promise<RemoteObject> {
    const signal = options?.signal;
    const release = await this.slots.acquire(signal);
    let object: RemoteObject;
    try {
      object = await this.retry('get', name, signal, () => this.inner.get(name, options));
    } catch (err) {
      release();
      throw err;
    }
    // The slot stays taken until the body is read or dropped. A failure mid-body is not retried here:
    // the consumer has already seen part of it, so it restarts the object itself.
    return { size: object.size, body: releasingWhenDone(object.body, release) };
  }

  async *list(prefix: string, options?: OpOptions): AsyncGenerator<RemoteObjectInfo> {
    const signal = options?.signal;
    // A listing that fails halfway restarts from the top; names already handed out are not repeated.
    const seen = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      try {
        for await (const item of this.inner.list(prefix, options)) {
          if (seen.has(item.name)) continue;
          seen.add(item.name);
          yield item;
        }
        return;
      } catch (err) {
        if (!(err instanceof SyncRemoteError) || !err.retryable || attempt >= this.policy.attempts || signal?.aborted) throw err;
        const delayMs = backoffDelay(this.policy, attempt);
        this.policy.onRetry?.({ op: 'list', name: prefix, attempt, delayMs, error: err });
        await sleep(delayMs, signal);
      }
    }
  }

  delete(name: string, options?: OpOptions): Promise<void> {
    return this.slots.use(() => this.retry('delete', name, options?.signal, () => this.inner.delete(name, options)), options?.signal);
  }
}

/** The body, releasing `release` once it is read to the end, fails, or is dropped (even unstarted). */
function releasingWhenDone(body: AsyncIterable<Buffer>, release: () => void): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]() {
      const it = body[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const r = await it.next();
            if (r.done) release();
            return r;
          } catch (err) {
            release();
            throw err;
          }
        },
        async return() {
          release();
          return (await it.return?.()) ?? { done: true, value: undefined };
        },
      };
    },
  };
}
