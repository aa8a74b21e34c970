import { TOKEN_FRAGMENT_KEY } from '../../../shared/api/http';

/**
 * The one-time token from the URL the browser shell printed (`…/#token=…`). It lives in the fragment so
 * it never reaches a server log or a Referer header; null when the page was opened without one (a reload
 * after the exchange, when the session cookie does the work).
 */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get(TOKEN_FRAGMENT_KEY);
  return token ? token : null;
}
