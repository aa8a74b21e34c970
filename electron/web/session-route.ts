import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth';
import { CLOSE_CONNECTION, sendError, sendNoContent } from './responses';

/** POST /api/session with `Authorization: Bearer <one-time token>` → 204 and the session cookie. */
export function createSessionRoute(auth: Auth, log: (message: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      sendError(res, 405, 'INVALID_ARGUMENT', 'exchange the token with POST', { Allow: 'POST', ...CLOSE_CONNECTION });
      return;
    }
    const result = auth.exchange(req.headers.authorization);
    if (!result.ok) {
      log('refused a token exchange (wrong or already used token)');
      sendError(res, 401, 'UNAUTHORIZED', result.message, CLOSE_CONNECTION);
      return;
    }
    log('a browser signed in');
    sendNoContent(res, { 'Set-Cookie': result.setCookie });
  };
}
