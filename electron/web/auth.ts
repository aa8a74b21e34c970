import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SESSION_COOKIE } from '../../shared/api/http';
import { cookieValues } from '../core/http/cookies';

/**
 * The shell's two secrets. The one-time token travels in the printed URL's fragment (never sent to a
 * server, never in a Referer); the page trades it once for a random session id in an HttpOnly cookie,
 * which page scripts cannot read and other sites' requests do not carry (SameSite=Strict). After the
 * trade the token is worthless, so a URL left in the terminal's scrollback or shell history cannot be
 * replayed.
 */
const SECRET_BYTES = 32;
/** base64url of 32 bytes. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** The scheme name is case-insensitive (RFC 7235); the captured token is compared exactly. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/i;

/** Comparison whose time does not depend on where two secrets differ (hashing makes lengths equal). */
function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type TokenExchange = { ok: true; setCookie: string } | { ok: false; message: string };

export interface Auth {
  /** Goes into the printed URL; nowhere else. */
  readonly token: string;
  /** Trades `Authorization: Bearer <token>` for a session cookie, once. */
  exchange(authorization: string | undefined): TokenExchange;
  hasSession(cookieHeader: string | undefined): boolean;
}

export function createAuth(): Auth {
  const token = randomBytes(SECRET_BYTES).toString('base64url');
  let tokenUsed = false;
  let sessionId: string | null = null;

  return {
    token,
    exchange(authorization) {
      const given = BEARER.exec(authorization ?? '')?.[1];
      // A wrong guess does not burn the token: otherwise any local process could lock the user out.
      if (tokenUsed || given === undefined || !secretsEqual(given, token)) {
        return { ok: false, message: 'the one-time token is wrong or was used already; restart `strongroom web` for a new address' };
      }
      tokenUsed = true;
      sessionId = randomBytes(SECRET_BYTES).toString('base64url');
      return { ok: true, setCookie: `${SESSION_COOKIE}=${sessionId}; HttpOnly; SameSite=Strict; Path=/` };
    },
    hasSession(cookieHeader) {
      const current = sessionId;
      if (current === null) return false;
      // Check every candidate (no early exit), so timing says nothing about which one matched.
      let found = false;
      for (const value of cookieValues(cookieHeader, SESSION_COOKIE)) {
        if (SECRET_PATTERN.test(value) && secretsEqual(value, current)) found = true;
      }
      return found;
    },
  };
}
