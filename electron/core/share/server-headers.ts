import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Hygiene every share-server response carries, whatever it is (docs/architecture.md, "Shares"). */
export const HYGIENE_HEADERS: Readonly<Record<string, string>> = {
  'X-Robots-Tag': 'noindex, nofollow, noai, noimageai',
  'tdm-reservation': '1',
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function styleHash(style: string): string {
  return `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
}

/** Nothing is allowed but our own images, the page's one inline style (by hash) and posting our own forms. */
export function contentSecurityPolicy(style: string): string {
  return `default-src 'none'; img-src 'self'; style-src ${styleHash(style)}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/** Date is left out so two answers to different tokens are byte-identical, headers included. */
export function applyHygiene(res: ServerResponse, csp: string, tdmPolicy: string | null): void {
  res.sendDate = false;
  for (const [name, value] of Object.entries(HYGIENE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Security-Policy', csp);
  if (tdmPolicy) res.setHeader('tdm-policy', tdmPolicy);
}

/**
 * The same hygiene as a flat [name, value, …] list for `writeHead`: the handler passes every header of
 * a response in one call, which skips Node's per-header bookkeeping of setHeader on the hot path.
 */
export function hygieneHeaderList(csp: string, tdmPolicy: string | null): readonly string[] {
  const list = Object.entries(HYGIENE_HEADERS).flat();
  list.push('Content-Security-Policy', csp);
  if (tdmPolicy) list.push('tdm-policy', tdmPolicy);
  return list;
}
