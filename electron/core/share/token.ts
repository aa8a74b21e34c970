import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** 256 random bits: far beyond guessing, and the key material of the share's renditions. */
export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Shape check before any lookup, so junk paths cost no HMAC and no query. 43 base64url characters
 * always decode to 32 bytes (258 bits, the last 2 dropped), so the pattern alone is the whole check:
 * no decoding on every request.
 */
export function isShareTokenShape(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/**
 * What the catalog stores instead of the token: keyed by the vault's shares subkey, so a catalog dump
 * cannot even confirm a guessed link without the vault's keys (docs/vault-format.md section 8).
 */
export function shareTokenHash(sharesKey: Buffer, token: string): string {
  return createHmac('sha256', sharesKey).update(`strongroom/v1/share-token\n${token}`).digest('hex');
}

/** The key a share's renditions are encrypted under: only someone holding the link can derive it. */
export function shareRenditionKey(token: string, shareId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token, 'base64url'), Buffer.from(shareId, 'utf8'), 'strongroom/v1/share-renditions', 32));
}
