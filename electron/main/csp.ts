/**
 * The Content-Security-Policy sent with every app:// response. The renderer's build adds a stricter
 * meta policy of its own; a page obeys both, so this header is the ceiling even if that tag is lost.
 * Images may come from the media scheme (decrypted renditions), blob: and data: (previews made in the
 * page); nothing may be framed, embedded, or fetched from elsewhere.
 */
export const APP_CSP = [
  "default-src 'self'",
  "img-src 'self' strongroom-media: blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': APP_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** Decrypted renditions must never land in a disk cache, and are never to be sniffed as anything else. */
export const MEDIA_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'image/jpeg',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};
