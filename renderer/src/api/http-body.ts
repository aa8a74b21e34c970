import { ApiError } from '../../../shared/api/errors';
import { isEnvelope } from './response-envelope';

/**
 * Reads a browser-shell response body as JSON. The shell answers API calls with ApiResponse bodies (also
 * for errors); a body that is not JSON can only come from something in between (a proxy, a crashed
 * shell), and a 401 without a body means the session cookie is gone.
 */
export async function readJsonBody(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (isEnvelope(body)) return body;
  if (response.status === 401 || response.status === 403) {
    return { ok: false, error: { code: 'UNAUTHORIZED', message: 'this browser session is not signed in to Strongroom' } };
  }
  if (!response.ok) throw new ApiError('INTERNAL', `${what} failed (HTTP ${response.status})`);
  return body;
}

/** For routes whose success has no body of interest: throws the ApiError a failure carries. */
export async function expectSuccess(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const body = await readJsonBody(response, what);
  if (isEnvelope(body) && (body as { ok: boolean }).ok === false) {
    const { code, message } = (body as { error: { code: ApiError['code']; message: string } }).error;
    throw new ApiError(code, message);
  }
  throw new ApiError('INTERNAL', `${what} failed (HTTP ${response.status})`);
}
