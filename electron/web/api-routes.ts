import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatch } from '../core/api/dispatch';
import { readJsonBody } from './request-body';
import { CLOSE_CONNECTION, sendError, sendJson } from './responses';

/**
 * POST /api/call/<method> with JSON arguments → 200 and the ApiResponse, failures included: the
 * renderer reads `{ ok: false, error }` as a typed ApiError. Only transport problems (not JSON, too
 * large) get another status, with the same body shape.
 */
export function createApiCallRoute(dispatch: Dispatch) {
  return async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') {
      sendError(res, 405, 'INVALID_ARGUMENT', 'API methods are called with POST', { Allow: 'POST', ...CLOSE_CONNECTION });
      return;
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendError(res, body.status, 'INVALID_ARGUMENT', body.message, body.bodyUnread ? CLOSE_CONNECTION : {});
      return;
    }
    // The method name is passed undecoded; the dispatcher refuses anything that is not a contract method.
    sendJson(res, 200, await dispatch(method, body.value));
  };
}
