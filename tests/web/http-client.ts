import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Every response body any test in this process received, to prove no secret file ever leaked. */
export const receivedBodies: Buffer[] = [];

export interface RawRequest {
  port: number;
  method?: string;
  /** Sent byte for byte: no normalisation of `..`, `%2e` or `\`, unlike fetch and the URL class. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the headers only and wait for the answer without writing a body (for early refusals). */
  headersOnly?: boolean;
}

/**
 * One request over node:http on its own connection (no keep-alive agent, so one request cannot affect
 * the next). node:http sends the path and a caller's Host header as given, which fetch does not.
 */
export function rawRequest(request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: request.port, method: request.method ?? 'GET', path: request.path, headers: request.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          receivedBodies.push(body);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    if (request.headersOnly) req.flushHeaders();
    else req.end(request.body);
  });
}

export const jsonOf = (res: RawResponse): unknown => JSON.parse(res.body.toString('utf8'));
