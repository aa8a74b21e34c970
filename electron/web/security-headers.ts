import type { ServerResponse } from 'node:http';

/**
 * The policy for everything the browser shell serves. A Vite build of the renderer loads its code as
 * external module scripts and stylesheets from 'self' (no inline script, no eval), so script-src stays
 * at default-src 'self'. style-src allows inline styles because React's `style` props and some
 * component libraries set them; img-src allows blob: and data: for previews made in the page.
 * object-src is shut as well: default-src 'self' would otherwise still allow same-origin plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers on every response, whatever it is, set before a route runs so that errors carry them too. */
export function applySecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Other sites (including other servers on 127.0.0.1, which count as the same site) may not embed
  // our responses, e.g. decrypted images in an <img> of theirs.
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** API answers and decrypted images must never land in a browser or proxy cache on disk. */
export function forbidCaching(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
}
