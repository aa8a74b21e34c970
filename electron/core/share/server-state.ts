import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { cookieValues } from '../http/cookies';

export type StateKind = 'password' | 'terms';

/**
 * What a recipient has done (entered the password, accepted the terms), kept in a cookie the server
 * signs with a key that lives only in this process: nothing to store, nothing a recipient can forge,
 * and a restart simply asks again. The cookie names the share id, never the token.
 */
export class ShareStateCookies {
  private readonly key = randomBytes(32);

  private mac(kind: StateKind, shareId: string): string {
    return createHmac('sha256', this.key).update(`${kind}\n${shareId}`).digest('base64url');
  }

  cookieName(kind: StateKind): string {
    return kind === 'password' ? 'sr_pw' : 'sr_terms';
  }

  /** Scoped to the link's own path (/s/TOKEN matches it and everything below it), so one link's state is never sent to another. */
  setCookie(kind: StateKind, shareId: string, path: string): string {
    return `${this.cookieName(kind)}=${this.mac(kind, shareId)}; Path=${path}; HttpOnly; SameSite=Lax`;
  }

  has(req: IncomingMessage, kind: StateKind, shareId: string): boolean {
    const expected = Buffer.from(this.mac(kind, shareId));
    for (const value of cookieValues(req.headers.cookie, this.cookieName(kind))) {
      const given = Buffer.from(value);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    }
    return false;
  }
}
