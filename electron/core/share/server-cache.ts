/** 64 MiB: a few hundred web-size renditions, small beside the app's own memory. */
export const DEFAULT_RENDITION_CACHE_BYTES = 64 * 1024 * 1024;

interface Entry {
  shareId: string;
  data: Buffer;
}

/**
 * Decrypted renditions in memory, least recently used out first, bounded by bytes. It saves reading
 * and decrypting a file per request; it decides nothing: the handler consults it only after the policy
 * check has allowed (and counted) the request, so a cached entry can never serve a link that stopped
 * working. Entries of a share that ended are dropped when the server notices (a denied request, the
 * periodic sweep, forgetShare) and everything on close. Only memory: nothing decrypted touches disk.
 */
export class RenditionCache {
  private readonly entries = new Map<string, Entry>();
  /** Entries per share, so dropping a share with nothing cached (every denied request) costs nothing. */
  private readonly perShare = new Map<string, number>();
  private bytes = 0;
  /**
   * The most recently used entry, already last in `entries`: a hot link asks for it again and again,
   * and finding it here skips building a key string and re-inserting it (2–3 % of a thumbnail
   * answer's CPU in a profile).
   */
  private latest: { shareId: string; blob: string; entry: Entry } | null = null;

  constructor(readonly maxBytes: number = DEFAULT_RENDITION_CACHE_BYTES) {}

  private static key(shareId: string, blob: string): string {
    return `${shareId}/${blob}`;
  }

  get size(): number {
    return this.bytes;
  }

  get(shareId: string, blob: string): Entry | undefined {
    const latest = this.latest;
    if (latest !== null && latest.shareId === shareId && latest.blob === blob) return latest.entry;
    const key = RenditionCache.key(shareId, blob);
    const entry = this.entries.get(key);
    if (entry) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.latest = { shareId, blob, entry };
    }
    return entry;
  }

  /** Keeps `data` unless it alone exceeds the bound (then it is served and forgotten). */
  set(shareId: string, blob: string, data: Buffer): void {
    if (data.length > this.maxBytes) return;
    const key = RenditionCache.key(shareId, blob);
    this.remove(key);
    const entry = { shareId, data };
    this.entries.set(key, entry);
    this.latest = { shareId, blob, entry };
    this.perShare.set(shareId, (this.perShare.get(shareId) ?? 0) + 1);
    this.bytes += data.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (this.latest?.entry === entry) this.latest = null;
    this.entries.delete(key);
    this.bytes -= entry.data.length;
    const left = (this.perShare.get(entry.shareId) ?? 1) - 1;
    if (left === 0) this.perShare.delete(entry.shareId);
    else this.perShare.set(entry.shareId, left);
  }

  /** Share ids with something cached, for the sweep to check. */
  shareIds(): string[] {
    return [...this.perShare.keys()];
  }

  dropShare(shareId: string): void {
    if (!this.perShare.has(shareId)) return;
    for (const [key, entry] of this.entries) if (entry.shareId === shareId) this.remove(key);
  }

  /**
   * Forgets everything and overwrites the plaintext. Only for close, after every connection is gone:
   * a response still being written may be sending from one of these buffers.
   */
  clear(): void {
    for (const entry of this.entries.values()) entry.data.fill(0);
    this.entries.clear();
    this.latest = null;
    this.perShare.clear();
    this.bytes = 0;
  }
}
