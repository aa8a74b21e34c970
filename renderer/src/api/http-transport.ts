import { CALL_SOCKET_PATH } from '../../../shared/api/call-socket';
import { apiEvents, type ApiMethod, type MediaKind } from '../../../shared/api/contract';
import { httpRoutes } from '../../../shared/api/http';
import { CallSocket, type SocketLike } from './call-socket';
import { EngineUnreachableError } from './engine-unreachable-error';
import { ReconnectingEventStream, type EventSourceLike } from './event-stream';
import { expectSuccess, readJsonBody } from './http-body';
import { tokenFromHash } from './session-token';
import type { IngestCarrier, RawEventListener, Transport } from './transport';

/** What the HTTP transport needs from the page; injectable so it can be driven without a browser. */
export interface HttpTransportDeps {
  fetch: typeof fetch;
  location: Pick<Location, 'hash' | 'host' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  createEventSource(url: string): EventSourceLike;
  createSocket(url: string): SocketLike;
  now(): number;
}

function browserDeps(): HttpTransportDeps {
  return {
    fetch: (input, init) => window.fetch(input, init),
    location: window.location,
    history: window.history,
    createEventSource: (url) => new EventSource(url),
    createSocket: (url) => new WebSocket(url),
    now: () => performance.now(),
  };
}

/**
 * The browser shell (shared/api/http.ts): a one-time token from the URL fragment becomes an HttpOnly
 * session cookie, after which calls go over the shell's call socket (JSON POSTs when it cannot open),
 * events arrive over server-sent events, and dropped files are uploaded since a web page cannot hand
 * the engine paths.
 */
export function createHttpTransport(deps: HttpTransportDeps = browserDeps()): Transport {
  const listeners = new Set<RawEventListener>();
  const reconnectListeners = new Set<() => void>();
  const stream = new ReconnectingEventStream({
    url: httpRoutes.events,
    eventNames: Object.keys(apiEvents),
    create: deps.createEventSource,
    onMessage: (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    },
    onReconnect: () => {
      for (const listener of reconnectListeners) listener();
    },
  });

  async function request(url: string, init: RequestInit): Promise<Response> {
    try {
      // High priority: the browser allows six connections to the shell, and a screen of thumbnails
      // can fill them; an API call (the next keystroke's search) should not queue behind images.
      return await deps.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store', priority: 'high' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new EngineUnreachableError('the browser shell does not answer');
    }
  }

  async function exchangeToken(): Promise<void> {
    const token = tokenFromHash(deps.location.hash);
    // No token: a reload, or a second tab. The session cookie from the first exchange (if any) is sent
    // with every request, and a missing one shows up as UNAUTHORIZED on the first call.
    if (token === null) return;
    await request(httpRoutes.session, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    // Answered (accepted or refused): the token is spent either way, so it leaves the address bar and
    // history. Only when the shell was unreachable does it stay, so that a reload can try again.
    deps.history.replaceState(deps.history.state, '', `${deps.location.pathname}${deps.location.search}`);
  }

  async function post(method: ApiMethod, args: unknown): Promise<unknown> {
    const response = await request(httpRoutes.call(method), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
    return readJsonBody(response, method);
  }

  const calls = new CallSocket({ url: `ws://${deps.location.host}${CALL_SOCKET_PATH}`, create: deps.createSocket, fallback: post, now: deps.now });

  const ingest: IngestCarrier = {
    kind: 'upload',
    async createUploadJob(args) {
      const response = await request(httpRoutes.uploads, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(args),
      });
      return readJsonBody(response, 'the upload request');
    },
    async uploadFile(jobId, index, file, signal) {
      const response = await request(httpRoutes.uploadFile(jobId, index), {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
        ...(signal ? { signal } : {}),
      });
      await expectSuccess(response, `uploading ${file.name}`);
    },
  };

  return {
    name: 'http',
    async start() {
      await exchangeToken();
      stream.connect();
      calls.connect();
    },
    call: (method: ApiMethod, args: unknown) => calls.call(method, args),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    mediaUrl: (kind: MediaKind, versionId: string) => httpRoutes.media(kind, encodeURIComponent(versionId)),
    ingest,
  };
}
