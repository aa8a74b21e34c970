import { SyncRemoteError } from './remote-error';

/**
 * S3 client failures, turned into the faults the rest of sync understands. The SDK reports three
 * kinds: service errors (an S3 error code and an HTTP status), Node network errors (an errno code, no
 * status), and its own timeouts and aborts (by name).
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
const DENIED_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken', 'InvalidToken', 'Forbidden', 'Unauthorized']);
const THROTTLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'RequestTimeout', 'RequestTimeTooSkewed']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export interface S3ErrorContext {
  /** "the bucket shop at https://…", for messages. */
  where: string;
  endpoint: string;
  objectName?: string;
}

export function s3Error(err: unknown, ctx: S3ErrorContext): SyncRemoteError {
  if (err instanceof SyncRemoteError) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const code = e.Code ?? e.name ?? '';
  // A slim cause: the SDK's error carries the whole HTTP exchange (request headers included), which
  // must not reach logs or error reports.
  const cause = new Error(`${code || e.code || 'error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? ''}`);
  const opts = { objectName: ctx.objectName, cause };
  if (e.name === 'AbortError') return new SyncRemoteError('aborted', 'sync was stopped', opts);
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || e.code === 'ESOCKETTIMEDOUT') {
    return new SyncRemoteError('timeout', `the endpoint ${ctx.endpoint} did not answer in time`, opts);
  }
  if ((e.code && NETWORK_CODES.has(e.code)) || (status === undefined && /socket hang up|connect|network/i.test(e.message ?? ''))) {
    return new SyncRemoteError('unreachable', `the endpoint is unreachable (${ctx.endpoint}: ${e.code ?? e.message ?? 'no answer'})`, opts);
  }
  if (code === 'NoSuchBucket') return new SyncRemoteError('bucket-missing', `the bucket does not exist (${ctx.where})`, opts);
  if (DENIED_CODES.has(code) || status === 401 || status === 403) {
    return new SyncRemoteError('denied', `the bucket refused the credentials (${code || status}; ${ctx.where})`, opts);
  }
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) {
    return new SyncRemoteError('not-found', `${ctx.objectName ?? 'the object'} is not in ${ctx.where}`, opts);
  }
  // 429 and 408 are 4xx but mean "try again later", as do the throttling codes some services send with a 400 or 503.
  if (THROTTLE_CODES.has(code) || status === 429 || status === 408 || (status !== undefined && status >= 500)) {
    return new SyncRemoteError('server', `${ctx.where} failed (${code || status}); will retry`, opts);
  }
  if (status === undefined) {
    return new SyncRemoteError('unreachable', `the endpoint is unreachable (${ctx.endpoint}: ${e.message ?? String(err)})`, opts);
  }
  return new SyncRemoteError('rejected', `${ctx.where} refused the request (${code || status}: ${e.message ?? ''})`, opts);
}
