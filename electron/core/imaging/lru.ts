/**
 * A small least-recently-used cache bounded by entry count and by bytes, for overlays, text metrics
 * and decoded previews. Values may be promises: concurrent renders of the same overlay (an export runs
 * several images at once) then share one computation. A rejected promise is evicted so a failure is
 * not remembered.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private totalBytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes = 0): void {
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalBytes <= this.maxBytes) break;
      if (oldest === key) break; // never evict what was just added, however large
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
    }
  }

  /** Updates the byte count of an entry once its promise has resolved to something of known size. */
  resize(key: string, bytes: number): void {
    const entry = this.entries.get(key);
    if (entry) this.set(key, entry.value, bytes);
  }

  /** The value without making it the most recently used. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }
}

/** get-or-compute for a cache of promises; the byte size is recorded once the value is there. */
export function cachedPromise<T>(cache: LruCache<Promise<T>>, key: string, compute: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  const promise = compute();
  cache.set(key, promise);
  promise.then(
    (value) => {
      if (cache.peek(key) === promise) cache.resize(key, sizeOf(value));
    },
    () => {
      if (cache.peek(key) === promise) cache.delete(key);
    },
  );
  return promise;
}
