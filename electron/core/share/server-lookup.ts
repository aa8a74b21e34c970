import type { Database } from 'better-sqlite3-multiple-ciphers';
import { findShareByTokenHash, shareAssetsOf } from './share-rows';
import { shareTokenHash } from './token';
import type { ShareAssetRecord, ShareRecord } from './types';

const MAX_SHARES = 10_000;

/**
 * Finds the share a link names, for the policy check. The share's row (limits, counts, revoke, expiry)
 * is read from the catalog on every request: it is what the decision rests on, and other processes
 * change it. Its assets are cached: they are written once with the share and never change, except
 * when the cleanup lets an ended share's renditions go, and an ended share is refused before its
 * assets matter (and can no longer be extended: changeShare refuses).
 */
export class ShareLookup {
  private readonly assets = new Map<string, ShareAssetRecord[]>();

  constructor(
    private readonly db: Database,
    private readonly sharesKey: Buffer,
  ) {}

  private readonly assetsOf = (db: Database, shareId: string): ShareAssetRecord[] => {
    let list = this.assets.get(shareId);
    if (!list) {
      list = shareAssetsOf(db, shareId);
      if (this.assets.size >= MAX_SHARES) this.assets.delete(this.assets.keys().next().value as string);
      this.assets.set(shareId, list);
    }
    return list;
  };

  /** Every token, well-formed or not, costs the same HMAC and the same indexed lookup. */
  find(token: string): ShareRecord | null {
    return findShareByTokenHash(this.db, shareTokenHash(this.sharesKey, token), this.assetsOf);
  }

  shareIds(): string[] {
    return [...this.assets.keys()];
  }

  forget(shareId: string): void {
    this.assets.delete(shareId);
  }

  clear(): void {
    this.assets.clear();
  }
}
