import { beforeEach, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../shared/api/http';
import { api, installTransport, itemsFromFiles } from '../../renderer/src/api';
import type { SocketLike } from '../../renderer/src/api/call-socket';
import type { EventSourceLike } from '../../renderer/src/api/event-stream';
import { createHttpTransport, type HttpTransportDeps } from '../../renderer/src/api/http-transport';
import { settle } from './helpers/fake-transport';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A browser-shell stand-in: routes by URL, records every request. */
function fakeShell(route: (req: Sent) => Promise<Response> | Response) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req: Sent = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
    };
    sent.push(req);
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return route(req);
  };
  return { fetch, sent };
}

class FakeEventSource implements EventSourceLike {
  static all: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  readonly listeners = new Map<string, (event: MessageEvent) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  message(type: string, data: string) {
    this.listeners.get(type)?.(new MessageEvent(type, { data }));
  }
}

/**
 * The call socket of a shell that refuses its upgrade (scripted: the browser's WebSocket does not exist
 * under Node), so these tests see every call go over HTTP; tests/renderer/call-socket.test.ts covers the
 * socket itself, against a real shell too.
 */
function refusedSocket(): SocketLike {
  const socket: SocketLike = { onopen: null, onmessage: null, onclose: null, onerror: null, send: () => undefined, close: () => undefined };
  queueMicrotask(() => {
    socket.onerror?.(new Event('error'));
    socket.onclose?.({ code: 1006, reason: '' } as CloseEvent);
  });
  return socket;
}

function deps(fetch: typeof globalThis.fetch, hash: string): HttpTransportDeps & { replaced: string[]; sockets: string[] } {
  const replaced: string[] = [];
  const sockets: string[] = [];
  return {
    fetch,
    location: { hash, host: '127.0.0.1:4000', pathname: '/', search: '' },
    history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    createEventSource: (url) => new FakeEventSource(url),
    createSocket: (url) => {
      sockets.push(url);
      return refusedSocket();
    },
    now: () => 0,
    replaced,
    sockets,
  };
}

describe('HTTP transport (browser shell)', () => {
  beforeEach(() => {
    FakeEventSource.all = [];
  });

  it('exchanges the one-time token from the fragment, then removes the fragment', async () => {
    const shell = fakeShell(() => new Response(null, { status: 204 }));
    const d = deps(shell.fetch, '#token=s3cret-one-time');
    await createHttpTransport(d).start();
    expect(shell.sent[0]).toMatchObject({ url: httpRoutes.session, method: 'POST', headers: { authorization: 'Bearer s3cret-one-time' } });
    expect(d.replaced).toEqual(['/']);
    expect(FakeEventSource.all[0]?.url).toBe(httpRoutes.events);
    // The call socket opens once the session cookie is set, on the page's own host.
    expect(d.sockets).toEqual(['ws://127.0.0.1:4000/api/calls']);
  });

  it('without a token (a reload) proceeds on the session cookie alone', async () => {
    const shell = fakeShell(() => new Response(null, { status: 204 }));
    const d = deps(shell.fetch, '');
    await createHttpTransport(d).start();
    expect(shell.sent).toHaveLength(0);
    expect(d.replaced).toHaveLength(0);
  });

  it('keeps the token when the shell was unreachable, so a reload can retry', async () => {
    const d = deps(async () => {
      throw new TypeError('Failed to fetch');
    }, '#token=abc');
    await expect(createHttpTransport(d).start()).rejects.toThrow(/not reachable/);
    expect(d.replaced).toHaveLength(0);
  });

  it('posts calls as JSON and reads ApiResponse bodies, errors included', async () => {
    const shell = fakeShell((req) =>
      req.url === httpRoutes.call('collections.create')
        ? json(200, { ok: false, error: { code: 'CONFLICT', message: 'a collection named "A" already exists' } })
        : json(200, { ok: true, value: [] }),
    );
    installTransport(createHttpTransport(deps(shell.fetch, '')));
    expect(await api.call('tags.list', {})).toEqual([]);
    expect(shell.sent[0]).toMatchObject({ url: '/api/call/tags.list', method: 'POST', body: {}, headers: { 'content-type': 'application/json' } });
    await expect(api.call('collections.create', { name: 'A' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('reads a bare 401 as UNAUTHORIZED and a proxy error page as INTERNAL', async () => {
    let status = 401;
    installTransport(createHttpTransport(deps(fakeShell(() => new Response('nope', { status })).fetch, '')));
    await expect(api.call('vault.state', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    status = 502;
    await expect(api.call('vault.state', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('uploads dropped files: one job, then the bytes, two at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const shell = fakeShell(async (req) => {
      if (req.url === httpRoutes.uploads) return json(200, { jobId: '0b9c2f7e-1111-4222-8333-944445555666' });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return new Response(null, { status: 204 });
    });
    installTransport(createHttpTransport(deps(shell.fetch, '')));
    const files = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'].map((name, i) => new File([new Uint8Array(i + 1)], name));
    const progress: number[] = [];
    const started: string[] = [];
    const outcome = await api.ingestFiles(itemsFromFiles(files), {
      onJobStarted: ({ jobId }) => started.push(jobId),
      onUploadProgress: ({ filesSent }) => progress.push(filesSent),
    });
    expect(shell.sent[0]).toMatchObject({
      url: httpRoutes.uploads,
      method: 'POST',
      body: { files: files.map((f) => ({ name: f.name, size: f.size })) },
    });
    const puts = shell.sent.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.url)).toEqual(files.map((_, i) => httpRoutes.uploadFile('0b9c2f7e-1111-4222-8333-944445555666', i)));
    expect(puts[2]!.body).toBe(files[2]);
    expect(maxInFlight).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(outcome.jobIds).toEqual(started);
  });

  it('ends the engine job when the shell refuses a file, and reports why', async () => {
    const shell = fakeShell(async (req) => {
      if (req.url === httpRoutes.uploads) return json(200, { jobId: '0b9c2f7e-1111-4222-8333-944445555666' });
      if (req.url.endsWith('/0')) return json(413, { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'that file is larger than announced' } });
      if (req.url.startsWith('/api/call/ingest.cancel')) return json(200, { ok: true, value: { ok: true } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return new Response(null, { status: 204 });
    });
    installTransport(createHttpTransport(deps(shell.fetch, '')));
    const files = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'].map((name) => new File(['x'], name));
    await expect(api.ingestFiles(itemsFromFiles(files))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'that file is larger than announced' });
    expect(shell.sent.at(-1)).toMatchObject({ url: '/api/call/ingest.cancel', body: { jobId: '0b9c2f7e-1111-4222-8333-944445555666' } });
    // File 0 failed while file 1 was on its way; files 2 and 3 were never started.
    expect(shell.sent.filter((r) => r.method === 'PUT').map((r) => r.url.split('/').at(-1))).toEqual(['0', '1']);
  });

  it('passes named server-sent events on, and reopens a stream the browser gave up on', async () => {
    const transport = createHttpTransport(deps(fakeShell(() => new Response(null, { status: 204 })).fetch, ''));
    const events: [string, unknown][] = [];
    let reconnects = 0;
    transport.onEvent((name, payload) => events.push([name, payload]));
    transport.onReconnect(() => reconnects++);
    await transport.start();
    const first = FakeEventSource.all[0]!;
    first.open();
    first.message('library.changed', '{"reason":"edit"}');
    first.message('library.changed', 'not json');
    expect(events).toEqual([['library.changed', { reason: 'edit' }]]);

    first.fail();
    expect(first.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = FakeEventSource.all[1]!;
    expect(second).toBeDefined();
    second.open();
    await settle();
    expect(reconnects).toBe(1);
  });
});
