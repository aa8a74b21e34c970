import type { ServerResponse } from 'node:http';
import type { ApiErrorCode } from '../../shared/api/errors';

/**
 * Every error body the shell sends is an ApiResponse failure, `{ ok: false, error: { code, message } }`,
 * so the renderer reads transport refusals (401, 403, 413, ...) the same way as engine errors.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { ok: false, error: { code, message } }, headers);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(204, { ...headers, 'Cache-Control': 'no-store' });
  res.end();
}

/**
 * For a refusal sent before the request body was read: the connection is closed after the answer
 * rather than reading (maybe hundreds of MiB of) a body nobody wants.
 */
export const CLOSE_CONNECTION = { Connection: 'close' } as const;
