import type { ShareRoute } from './policy';

export type ParsedRoute =
  | { kind: 'robots' }
  | { kind: 'tdmrep' }
  | { kind: 'share'; token: string; route: ShareRoute; position?: number; base: string }
  | { kind: 'none' };

/**
 * The whole URL space: two fixed files and the link's own routes. Nothing maps to a file path, and
 * the query string is ignored.
 */
export function parseRoute(rawUrl: string | undefined): ParsedRoute {
  const pathname = (rawUrl ?? '/').split('?', 1)[0]!;
  if (pathname === '/robots.txt') return { kind: 'robots' };
  if (pathname === '/.well-known/tdmrep.json') return { kind: 'tdmrep' };
  const m = /^\/s\/([^/]{1,100})(?:\/(?:(i|d)\/([1-9]\d{0,3})|(password|terms))?)?$/.exec(pathname);
  if (!m) return { kind: 'none' };
  const token = m[1]!;
  const base = `/s/${token}/`;
  if (m[2]) return { kind: 'share', token, route: m[2] === 'i' ? 'image' : 'download', position: Number(m[3]), base };
  if (m[4]) return { kind: 'share', token, route: m[4] as ShareRoute, base };
  return { kind: 'share', token, route: 'page', base };
}
