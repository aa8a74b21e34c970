/**
 * Blobs held by imports that have not committed yet. Two images can produce the same blob (identical
 * thumbnails of photos that differ only in metadata), so an import that fails or is cancelled may
 * delete a blob it wrote only when no other in-flight import holds it and no catalog row names it.
 */
export class BlobClaims {
  private readonly holders = new Map<string, number>();

  claim(ids: string[]): void {
    for (const id of ids) this.holders.set(id, (this.holders.get(id) ?? 0) + 1);
  }

  isHeld(id: string): boolean {
    return this.holders.has(id);
  }

  /** Releases the ids and returns those nobody else holds any more. */
  release(ids: string[]): string[] {
    const free: string[] = [];
    for (const id of ids) {
      const n = (this.holders.get(id) ?? 1) - 1;
      if (n <= 0) {
        this.holders.delete(id);
        free.push(id);
      } else this.holders.set(id, n);
    }
    return free;
  }
}
