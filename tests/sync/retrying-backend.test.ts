import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyToBuffer, type PutBody, type SyncBackend } from '../../electron/core/sync/backends/backend';
import { MemoryBackend } from '../../electron/core/sync/backends/memory-backend';
import { SyncRemoteError } from '../../electron/core/sync/backends/remote-error';
import { backoffDelay, DEFAULT_RETRY_POLICY, RetryingBackend } from '../../electron/core/sync/backends/retrying-backend';
import { S3Backend } from '../../electron/core/sync/backends/s3-backend';
import { rejectionOf } from '../helpers/rejection';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
const backends: S3Backend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) b.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A real HTTP server on 127.0.0.1 that answers the S3 client's requests with `handler`. */
/** Only the test that waits for a timeout uses a short one: a stall of a loaded machine must not retry the others. */
async function s3Like(handler: Handler, idleTimeoutMs = 10_000): Promise<{ backend: S3Backend; requests: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    n += 1;
    req.resume();
    handler(req, res, n);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const backend = new S3Backend(
    { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'shop', forcePathStyle: true },
    async () => ({ accessKeyId: 'AK', secretAccessKey: 'SK' }),
    { idleTimeoutMs },
  );
  backends.push(backend);
  return { backend, requests: () => n };
}

function s3ErrorReply(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
}

const fast = { baseDelayMs: 5, maxDelayMs: 40 };

describe('retrying backend over a real HTTP server', () => {
  it('retries 503s with back-off, then succeeds', async () => {
    const { backend, requests } = await s3Like((_req, res, n) => {
      if (n <= 2) return s3ErrorReply(res, 503, 'SlowDown');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '5' });
      res.end('hello');
    });
    const retries: number[] = [];
    const r = new RetryingBackend(backend, { ...fast, onRetry: (i) => retries.push(i.attempt) });
    const got = await r.get('blobs/aa/x');
    expect((await bodyToBuffer(got.body)).toString()).toBe('hello');
    expect(requests()).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('retries a timeout (no answer), then succeeds', async () => {
    const { backend, requests } = await s3Like((_req, res, n) => {
      if (n === 1) return; // never answers: the client's request timeout fires
      res.writeHead(200, { 'content-length': '2' });
      res.end('ok');
    }, 400);
    const got = await new RetryingBackend(backend, fast).get('blobs/aa/x');
    expect((await bodyToBuffer(got.body)).toString()).toBe('ok');
    expect(requests()).toBe(2);
  });

  it('does not retry a 4xx: refused credentials fail at once with the sentence for the user', async () => {
    const { backend, requests } = await s3Like((_req, res) => s3ErrorReply(res, 403, 'InvalidAccessKeyId'));
    const err = await rejectionOf(new RetryingBackend(backend, fast).get('blobs/aa/x'));
    expect(err).toMatchObject({ fault: 'denied', message: expect.stringContaining('the bucket refused the credentials') });
    expect(requests()).toBe(1);
  });

  it('does not retry other 4xx either (400)', async () => {
    const { backend, requests } = await s3Like((_req, res) => s3ErrorReply(res, 400, 'InvalidArgument'));
    expect(await rejectionOf(new RetryingBackend(backend, fast).get('blobs/aa/x'))).toMatchObject({ fault: 'rejected' });
    expect(requests()).toBe(1);
  });

  it('gives up after the attempts allowed, reporting the last failure', async () => {
    const { backend, requests } = await s3Like((_req, res) => s3ErrorReply(res, 500, 'InternalError'));
    expect(await rejectionOf(new RetryingBackend(backend, { ...fast, attempts: 4 }).get('blobs/aa/x'))).toMatchObject({ fault: 'server' });
    expect(requests()).toBe(4);
  });

  it('an abort during the back-off wait stops at once', async () => {
    const { backend, requests } = await s3Like((_req, res) => s3ErrorReply(res, 503, 'ServiceUnavailable'));
    const controller = new AbortController();
    const r = new RetryingBackend(backend, { baseDelayMs: 60_000, maxDelayMs: 60_000, onRetry: () => setTimeout(() => controller.abort(), 20) });
    const started = Date.now();
    expect(await rejectionOf(r.get('blobs/aa/x', { signal: controller.signal }))).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests()).toBe(1);
  });

  it('a put retried with a streamed body sends the whole body again from the start', async () => {
    const bodies: number[] = [];
    const { backend } = await s3Like((req, res, n) => {
      if (req.method === 'HEAD') {
        res.writeHead(404);
        return res.end();
      }
      let size = 0;
      req.on('data', (d: Buffer) => (size += d.length));
      req.on('end', () => {
        bodies.push(size);
        if (n <= 2) return s3ErrorReply(res, 503, 'SlowDown');
        res.writeHead(200, { etag: '"x"' });
        res.end();
      });
    });
    const data = Buffer.alloc(100_000, 7);
    async function* stream(): AsyncGenerator<Buffer> {
      yield data.subarray(0, 50_000);
      yield data.subarray(50_000);
    }
    await new RetryingBackend(backend, fast).put('blobs/aa/x', () => stream());
    expect(bodies.filter((s) => s > 0)).toEqual([100_000, 100_000]);
  });
});

describe('retrying backend: policy', () => {
  it('back-off grows exponentially, capped, with jitter in the upper half', () => {
    const lo = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 };
    const hi = { ...lo, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(lo, n))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(hi, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('bounds requests in flight; a download holds its slot until its body is read', async () => {
    const inner = new MemoryBackend();
    let inFlight = 0;
    let peak = 0;
    const slow: SyncBackend = {
      description: 'slow',
      async put(name: string, body: PutBody) {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 15));
        try {
          await inner.put(name, body);
        } finally {
          inFlight -= 1;
        }
      },
      get: (name) => inner.get(name),
      list: (prefix) => inner.list(prefix),
      delete: (name) => inner.delete(name),
    };
    const r = new RetryingBackend(slow, { concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => r.put(`blobs/aa/o${i}`, Buffer.from([i]))));
    expect(peak).toBe(2);
    const a = await r.get('blobs/aa/o1');
    const b = await r.get('blobs/aa/o2');
    let third = false;
    const c = r.get('blobs/aa/o3').then((x) => ((third = true), x));
    await new Promise((res) => setTimeout(res, 30));
    expect(third).toBe(false);
    await bodyToBuffer(a.body);
    const got = await c;
    expect(third).toBe(true);
    await bodyToBuffer(b.body);
    await bodyToBuffer(got.body);
  });

  it('a put whose reply was lost (committed, then timed out) counts as done when the retry finds the name taken', async () => {
    const inner = new MemoryBackend();
    let calls = 0;
    const flaky: SyncBackend = {
      description: 'flaky',
      async put(name: string, body: PutBody) {
        calls += 1;
        await inner.put(name, body);
        if (calls === 1) throw new SyncRemoteError('timeout', 'no reply');
      },
      get: (name) => inner.get(name),
      list: (prefix) => inner.list(prefix),
      delete: (name) => inner.delete(name),
    };
    await new RetryingBackend(flaky, fast).put('blobs/aa/once', Buffer.from('x'));
    expect(calls).toBe(2);
    // A first try that finds the name taken is still refused: that object is someone else's.
    expect(await rejectionOf(new RetryingBackend(flaky, fast).put('blobs/aa/once', Buffer.from('y')))).toMatchObject({ fault: 'exists' });
  });
});
