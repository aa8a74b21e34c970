import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cookieValues } from '../http/cookies';

/**
 * What a Range header asks of a body of `size` bytes. `whole` covers no Range at all and every Range
 * we choose to ignore, which RFC 9110 allows: a syntax we do not parse, several ranges at once (never
 * needed for images; ignoring it avoids multipart bodies), and an If-Range that does not match our
 * strong ETag exactly (the client's copy is stale, so it needs the whole new one).
 */
export type RangeAsk = { kind: 'whole' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

const WHOLE: RangeAsk = { kind: 'whole' };

export function parseRange(header: string | undefined, ifRange: string | undefined, etag: string, size: number): RangeAsk {
  if (header === undefined) return WHOLE;
  if (ifRange !== undefined && ifRange.trim() !== etag) return WHOLE;
  const m = /^\s*bytes\s*=\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return WHOLE;
  if (m[1] === '') {
    // bytes=-N: the last N bytes.
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < start) return WHOLE;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(last, size - 1) };
}

/** What a continuation is for: one route of one asset of one share, and those exact bytes. */
export interface RangeScope {
  route: 'image' | 'download';
  shareId: string;
  position: number;
  etag: string;
}

export const RANGE_COOKIE = 'sr_range';
/** Ten minutes: long enough to resume a broken download, too short to serve as a second link. */
export const DEFAULT_CONTINUATION_MS = 10 * 60_000;
const MAX_LIVE = 10_000;

/**
 * Range continuations (docs/architecture.md, "Shares", "Ranges"). A request that counts a view or a
 * download gets a cookie, scoped to that route's path, worth one more copy's bytes in ranges of the
 * same rendition for a short while; ranges paid from it count nothing. The cookie is signed with a key
 * of this process, and its byte budget is kept here, so it can be neither forged nor replayed beyond
 * its budget; a restart, or more live continuations than we keep, only means the next range counts.
 */
export class RangeContinuations {
  private readonly key = randomBytes(32);
  private readonly live = new Map<string, { left: number; expiresAt: number }>();

  constructor(readonly ttlMs: number = DEFAULT_CONTINUATION_MS) {}

  private mac(scope: RangeScope, nonce: string, expiresAt: number): Buffer {
    return createHmac('sha256', this.key).update(`${scope.route}\n${scope.shareId}\n${scope.position}\n${scope.etag}\n${nonce}\n${expiresAt}`).digest();
  }

  /** A Set-Cookie value granting `size` bytes of ranges of `scope` until now + ttl. */
  grant(scope: RangeScope, size: number, path: string, now: number): string {
    for (const [nonce, entry] of this.live) {
      if (entry.expiresAt > now && this.live.size < MAX_LIVE) break;
      this.live.delete(nonce);
    }
    const nonce = randomBytes(16).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.live.set(nonce, { left: size, expiresAt });
    const value = `${nonce}.${expiresAt.toString(36)}.${this.mac(scope, nonce, expiresAt).toString('base64url')}`;
    return `${RANGE_COOKIE}=${value}; Path=${path}; Max-Age=${Math.ceil(this.ttlMs / 1000)}; HttpOnly; SameSite=Lax`;
  }

  /**
   * Pays `bytes` from a continuation the request carries for `scope`, all or nothing. Synchronous, so
   * two concurrent ranges cannot both spend the same budget.
   */
  take(cookieHeader: string | undefined, scope: RangeScope, bytes: number, now: number): boolean {
    for (const value of cookieValues(cookieHeader, RANGE_COOKIE)) {
      const [nonce = '', expiry = '', mac = ''] = value.split('.');
      const expiresAt = parseInt(expiry, 36);
      if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) continue;
      const given = Buffer.from(mac, 'base64url');
      const expected = this.mac(scope, nonce, expiresAt);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
      const entry = this.live.get(nonce);
      if (!entry || entry.expiresAt <= now || entry.left < bytes) continue;
      entry.left -= bytes;
      return true;
    }
    return false;
  }

  clear(): void {
    this.live.clear();
  }
}
