import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the shell, judged from the request's own headers before anything else runs.
 *
 * - Host must name this server exactly (`127.0.0.1:PORT` or `localhost:PORT`). A page on a hostile
 *   domain that re-points its DNS name at 127.0.0.1 (DNS rebinding) still sends its own name as Host,
 *   so it is refused even though the browser thinks it is talking to its own origin.
 * - Origin, when sent, must be this server; every request that is not a GET, and every WebSocket
 *   upgrade, must send it. Browsers send Origin on every POST/PUT and handshake, so a form, fetch or
 *   socket from any other page (cross-site request forgery, WebSocket hijacking) fails here.
 *   SameSite=Strict alone would not do: other ports on 127.0.0.1 count as the same site.
 * - Sec-Fetch-Site, when sent, must be same-origin or none on API and media routes: that stops another
 *   local page from embedding our images or opening our event stream with the user's cookie (GETs made
 *   by <img> or <script> tags carry no Origin).
 *
 * Each check returns the reason for refusing (answered with 403), or null.
 */
export type RequestCheck = (req: IncomingMessage, options: { dataRoute: boolean; upgrade?: boolean }) => string | null;

/** The values of a header; Node joins or drops repeated ones, so read the raw, distinct list. */
function headerValues(req: IncomingMessage, name: string): string[] {
  return req.headersDistinct[name] ?? [];
}

export function createRequestCheck(port: number): RequestCheck {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return (req, { dataRoute, upgrade = false }) => {
    const host = headerValues(req, 'host');
    if (host.length !== 1 || !hosts.has(host[0]!.toLowerCase())) {
      return `the Host header must be 127.0.0.1:${port} or localhost:${port}`;
    }
    const origin = headerValues(req, 'origin');
    if (origin.length > 1) return 'more than one Origin header';
    if (origin.length === 1 && !origins.has(origin[0]!.toLowerCase())) return 'requests from other origins are refused';
    if (origin.length === 0 && req.method !== 'GET') return `a ${req.method ?? 'request'} must carry an Origin header`;
    // Browsers send Origin on every WebSocket handshake, and the handshake is a GET that no CORS rule
    // guards: without this, any page could open the call socket with the user's cookie.
    if (origin.length === 0 && upgrade) return 'a WebSocket upgrade must carry an Origin header';
    if (dataRoute) {
      const site = headerValues(req, 'sec-fetch-site');
      if (site.length > 1 || (site.length === 1 && site[0] !== 'same-origin' && site[0] !== 'none')) {
        return 'API and media requests must come from the Strongroom page itself';
      }
    }
    return null;
  };
}
