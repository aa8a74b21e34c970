import type { IncomingMessage } from 'node:http';

/** API arguments are small; anything bigger is a bug or an attack, refused with 413. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** After refusing an oversized body we read (and drop) at most this much more before hanging up. */
const MAX_DISCARDED_BYTES = 8 * 1024 * 1024;

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; message: string; bodyUnread: boolean };

/** The request's Content-Length, undefined when it has none (chunked). Node has already checked its syntax. */
export function contentLengthOf(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  return raw === undefined ? undefined : Number(raw);
}

function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && /^application\/json\s*(;|$)/i.test(value.trim());
}

/**
 * Reads a JSON request body of at most `limit` bytes. An empty body is `undefined` (no arguments).
 * A body that turns out too large is answered at once; the rest is read and dropped so the client sees
 * the 413 instead of a reset connection, up to a bound after which the connection is cut.
 */
export function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  if (!isJsonContentType(req.headers['content-type'])) {
    return Promise.resolve({ ok: false, status: 415, message: 'send the arguments as JSON, with Content-Type: application/json', bodyUnread: true });
  }
  const tooLarge = { ok: false, status: 413, message: `the request body is larger than ${limit} bytes`, bodyUnread: false } as const;
  const declared = contentLengthOf(req);
  if (declared !== undefined && declared > limit) return Promise.resolve({ ...tooLarge, bodyUnread: true });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (refused) {
        if (total > limit + MAX_DISCARDED_BYTES) req.destroy();
        return;
      }
      if (total > limit) {
        refused = true;
        chunks.length = 0;
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, status: 400, message: 'the request body was cut off', bodyUnread: false }));
    req.on('end', () => {
      if (refused) return;
      const text = Buffer.concat(chunks, total).toString('utf8');
      if (text.trim() === '') {
        resolve({ ok: true, value: undefined });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch (err) {
        resolve({ ok: false, status: 400, message: `the request body is not valid JSON: ${(err as Error).message}`, bodyUnread: false });
      }
    });
  });
}
