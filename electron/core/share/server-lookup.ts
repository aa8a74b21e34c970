import type { Database } from 'better-sqlite3-multiple-ciphers';
import { getShare } from './share-rows';
import { preparedStatement } from '../catalog/statement-cache';
import { shareTokenHash } from './token';
import type { ShareRecord } from './types';

/** What the decision rests on, read on every request: other processes change it (counts, revoke, expiry, limits). */
const POLICY_ROW = `SELECT id, expires_at AS expiresAt, max_views AS maxViews, max_downloads AS maxDownloads, views, downloads,
  view_only AS viewOnly, password_hash IS NOT NULL AS hasPassword, terms, revoked_at AS revokedAt FROM shares WHERE token_hash = ?`;

interface PolicyRow {
  id: string;
  expiresAt: number | null;
  maxViews: number | null;
  maxDownloads: number | null;
  views: number;
  downloads: number;
  viewOnly: number;
  hasPassword: number;
  terms: string | null;
  revokedAt: number | null;
}

/** The rest of a share: written once when it is made (its assets change only when the cleanup lets an ended share's renditions go). */
type FixedPart = Pick<ShareRecord, 'createdAt' | 'recipient' | 'renditionPresetId' | 'watermarkPresetId' | 'note' | 'assets'>;

const MAX_SHARES = 10_000;
const MAX_TOKENS = 1_024;

/**
 * Finds the share a link names, for the policy check. The policy columns of its row are read from the
 * catalog on every request (for the counted requests of a working link, once per turn of the event
 * loop); the fixed rest (assets, recipient) is cached per share. A share whose renditions the cleanup
 * removed has ended, and an ended share is refused before its assets matter (and can no longer be
 * extended: changeShare refuses), so a cached asset list is never served stale.
 *
 * The token's HMAC is remembered only for links that were last answered with content: unknown,
 * expired, revoked and used-up tokens all pay the HMAC every time, so they still take the same time
 * as each other; only a working link (whose answer differs anyway) skips it. (The first refusal of a
 * link that worked moments ago skips it once too: that tells its holder only that it once worked.)
 */
export class ShareLookup {
  private readonly fixed = new Map<string, FixedPart>();
  private readonly hashes = new Map<string, string>();
  /** Policy rows of working links read during this turn of the event loop (see `find`). */
  private readonly turn = new Map<string, PolicyRow>();
  private turnEnds = false;
  /** Whether the last `find` answered from this turn's rows rather than the catalog. */
  lastFromTurn = false;

  constructor(
    private readonly db: Database,
    private readonly sharesKey: Buffer,
  ) {}

  /**
   * `forCount`: the caller will count this request if the policy allows it, so the row may be the one
   * read earlier in this turn of the event loop for the same working link. The count's
   * `UPDATE … RETURNING` re-checks revoke, expiry and limits, and the rest of the row never changes
   * after creation (view-only, password, terms), so a row a few microseconds old decides nothing the
   * count would not. A caller whose request is refused or not counted asks again without `forCount`.
   */
  find(token: string, forCount = false): ShareRecord | null {
    const remembered = this.hashes.get(token);
    let row = forCount && remembered !== undefined ? this.turn.get(remembered) : undefined;
    this.lastFromTurn = row !== undefined;
    if (!row) {
      row = preparedStatement(this.db, POLICY_ROW).get(remembered ?? shareTokenHash(this.sharesKey, token)) as PolicyRow | undefined;
      if (!row) return null;
      if (remembered !== undefined) this.keepForTurn(remembered, row);
    }
    let fixed = this.fixed.get(row.id);
    if (!fixed) {
      const { createdAt, recipient, renditionPresetId, watermarkPresetId, note, assets } = getShare(this.db, row.id);
      fixed = { createdAt, recipient, renditionPresetId, watermarkPresetId, note, assets };
      if (this.fixed.size >= MAX_SHARES) this.fixed.delete(this.fixed.keys().next().value as string);
      this.fixed.set(row.id, fixed);
    }
    // Spelled out rather than spread: this runs on every request.
    return {
      id: row.id,
      createdAt: fixed.createdAt,
      expiresAt: row.expiresAt,
      maxViews: row.maxViews,
      maxDownloads: row.maxDownloads,
      views: row.views,
      downloads: row.downloads,
      viewOnly: row.viewOnly === 1,
      hasPassword: row.hasPassword === 1,
      recipient: fixed.recipient,
      renditionPresetId: fixed.renditionPresetId,
      watermarkPresetId: fixed.watermarkPresetId,
      terms: row.terms,
      note: fixed.note,
      revokedAt: row.revokedAt,
      assets: fixed.assets,
    };
  }

  private keepForTurn(hash: string, row: PolicyRow): void {
    this.turn.set(hash, row);
    if (this.turnEnds) return;
    this.turnEnds = true;
    setImmediate(() => {
      this.turnEnds = false;
      this.turn.clear();
    });
  }

  /** The link was answered with content: its HMAC may be skipped next time. */
  working(token: string): void {
    if (this.hashes.has(token)) return;
    if (this.hashes.size >= MAX_TOKENS) this.hashes.delete(this.hashes.keys().next().value as string);
    this.hashes.set(token, shareTokenHash(this.sharesKey, token));
  }

  /** The link was refused: it pays the HMAC again, like every token that does not work. */
  notWorking(token: string): void {
    const hash = this.hashes.get(token);
    if (hash !== undefined) this.turn.delete(hash);
    this.hashes.delete(token);
  }

  shareIds(): string[] {
    return [...this.fixed.keys()];
  }

  forget(shareId: string): void {
    this.fixed.delete(shareId);
    for (const [hash, row] of this.turn) if (row.id === shareId) this.turn.delete(hash);
  }

  clear(): void {
    this.fixed.clear();
    this.hashes.clear();
    this.turn.clear();
  }
}
