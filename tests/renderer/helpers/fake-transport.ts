import type { ApiMethod, MediaKind } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { IngestCarrier, RawEventListener, Transport } from '../../../renderer/src/api/transport';

export type FakeHandler = (args: never) => unknown;
export type FakeHandlers = Partial<Record<ApiMethod, FakeHandler>>;

export interface FakeTransport extends Transport {
  /** Every call, in order, with the arguments as sent. */
  readonly calls: { method: ApiMethod; args: unknown }[];
  /** Delivers a raw event, as the engine would. */
  emit(event: string, payload: unknown): void;
  reconnect(): void;
  setHandler(method: ApiMethod, handler: FakeHandler): void;
}

/**
 * A transport with no I/O: each call runs a handler and wraps what it returns (or throws) in an
 * ApiResponse envelope, as the engine's dispatcher does. A handler can return `RAW(x)` to send a body
 * that is not wrapped at all (for malformed-response tests).
 */
export function fakeTransport(handlers: FakeHandlers = {}, ingest: IngestCarrier = { kind: 'paths', pathForFile: (f) => `/photos/${f.name}` }): FakeTransport {
  const table: FakeHandlers = { ...handlers };
  const listeners = new Set<RawEventListener>();
  const reconnectListeners = new Set<() => void>();
  const calls: FakeTransport['calls'] = [];
  return {
    name: 'ipc',
    calls,
    start: () => Promise.resolve(),
    async call(method, args) {
      calls.push({ method, args });
      const handler = table[method];
      if (!handler) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no fake for ${method}` } };
      try {
        const value = await handler(args as never);
        if (value instanceof Raw) return value.body;
        return { ok: true, value };
      } catch (error) {
        if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    mediaUrl: (kind: MediaKind, versionId: string) => `fake-media://${kind}/${versionId}`,
    ingest,
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    reconnect() {
      for (const listener of reconnectListeners) listener();
    },
    setHandler(method, handler) {
      table[method] = handler;
    },
  };
}

class Raw {
  constructor(readonly body: unknown) {}
}

/** A response body sent as is, not wrapped in { ok: true, value }. */
export function RAW(body: unknown): Raw {
  return new Raw(body);
}

/** Lets pending promise callbacks (and the fetches they start) run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
