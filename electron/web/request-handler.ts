import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { CALL_SOCKET_PATH } from '../../shared/api/call-socket';
import { httpRoutes } from '../../shared/api/http';
import type { Auth } from './auth';
import type { RequestCheck } from './host-check';
import { CLOSE_CONNECTION, sendError } from './responses';
import { applySecurityHeaders, forbidCaching } from './security-headers';
import { INTERNAL_ERROR_MESSAGE } from '../../shared/api/errors';

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
type PathRoute = (req: IncomingMessage, res: ServerResponse, rawPath: string) => Promise<void>;

export interface Routes {
  session: Route;
  call: (req: IncomingMessage, res: ServerResponse, method: string) => Promise<void>;
  events: Route;
  createUpload: Route;
  putUpload: PathRoute;
  media: PathRoute;
  staticFiles: PathRoute;
  callSocket: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

const CALL_PREFIX = httpRoutes.call('');
const isUnder = (rawPath: string, prefix: string) => rawPath === prefix || rawPath.startsWith(`${prefix}/`);
/** For log lines: request paths are attacker-chosen, so they are cut short and stripped of controls. */
const printable = (s: string) => s.slice(0, 120).replace(/[^\x20-\x7e]/g, '?');

/** A refused upgrade is answered on the raw socket (there is no ServerResponse), in the usual error body. */
function refuseUpgrade(socket: Duplex, status: number, code: 'UNAUTHORIZED' | 'NOT_FOUND' | 'INVALID_ARGUMENT', message: string): void {
  const body = JSON.stringify({ ok: false, error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n\r\n${body}`,
  );
}

/**
 * The order every request goes through: security headers; a path-only request target; the Host,
 * Origin and fetch-site checks (403); then, for API and media routes, the session cookie (401);
 * only then a route. Routes see the raw, undecoded path and decode (or refuse) it themselves.
 */
export function createRequestHandler(check: RequestCheck, auth: Auth, routes: Routes, log: (message: string) => void) {
  const inflight = new Set<Promise<void>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res);
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      sendError(res, 400, 'INVALID_ARGUMENT', 'the request target must be a path', CLOSE_CONNECTION);
      return;
    }
    const rawPath = target.split('?', 1)[0]!;
    const dataRoute = isUnder(rawPath, '/api') || isUnder(rawPath, '/media');
    const refusal = check(req, { dataRoute });
    if (refusal !== null) {
      log(`refused ${printable(req.method ?? '?')} ${printable(rawPath)}: ${refusal}`);
      sendError(res, 403, 'UNAUTHORIZED', refusal, CLOSE_CONNECTION);
      return;
    }
    // The renderer's files are public code holding no vault data, and the page must load before it can
    // trade its token for a cookie: they need no session, only the checks above.
    if (!dataRoute) return routes.staticFiles(req, res, rawPath);
    forbidCaching(res);
    if (rawPath === httpRoutes.session) return routes.session(req, res);
    if (!auth.hasSession(req.headers.cookie)) {
      sendError(res, 401, 'UNAUTHORIZED', 'no valid session: open the address that `strongroom web` printed', CLOSE_CONNECTION);
      return;
    }
    if (rawPath.startsWith(CALL_PREFIX)) return routes.call(req, res, rawPath.slice(CALL_PREFIX.length));
    if (rawPath === httpRoutes.events) return routes.events(req, res);
    if (rawPath === httpRoutes.uploads) return routes.createUpload(req, res);
    if (rawPath.startsWith(`${httpRoutes.uploads}/`)) return routes.putUpload(req, res, rawPath);
    if (isUnder(rawPath, '/media')) return routes.media(req, res, rawPath);
    sendError(res, 404, 'NOT_FOUND', 'no such API route', req.complete ? {} : CLOSE_CONNECTION);
  }

  /** The same gate as handle(), for WebSocket handshakes: only the call socket may be opened. */
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const rawPath = (req.url ?? '').split('?', 1)[0]!;
    const refusal = check(req, { dataRoute: true, upgrade: true });
    if (refusal !== null) {
      log(`refused upgrade of ${printable(rawPath)}: ${refusal}`);
      refuseUpgrade(socket, 403, 'UNAUTHORIZED', refusal);
    } else if (!auth.hasSession(req.headers.cookie)) {
      refuseUpgrade(socket, 401, 'UNAUTHORIZED', 'no valid session: open the address that `strongroom web` printed');
    } else if (rawPath !== CALL_SOCKET_PATH) {
      refuseUpgrade(socket, 404, 'NOT_FOUND', `only ${CALL_SOCKET_PATH} can be opened as a WebSocket`);
    } else if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      refuseUpgrade(socket, 400, 'INVALID_ARGUMENT', 'only WebSocket upgrades are served');
    } else {
      routes.callSocket(req, socket, head);
    }
  }

  return {
    upgrade,
    listener(req: IncomingMessage, res: ServerResponse): void {
      const running = handle(req, res).catch((err: unknown) => {
        log(`internal error on ${printable(req.method ?? '?')} ${printable(req.url ?? '')}: ${(err as Error)?.stack ?? String(err)}`);
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', INTERNAL_ERROR_MESSAGE);
        else res.destroy();
      });
      inflight.add(running);
      void running.finally(() => inflight.delete(running));
    },
    /** Resolves once every request being handled has been answered (or has failed). */
    async settled(): Promise<void> {
      await Promise.allSettled([...inflight]);
    },
  };
}
