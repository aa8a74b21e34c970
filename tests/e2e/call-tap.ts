/**
 * Watching the page's own API calls from outside the app, whichever way they travel: frames on the call
 * socket (shared/api/call-socket.ts) or POSTs to /api/call when the socket cannot open. Probes register
 * a watcher per method and are told when a call is sent and when the app reads its answer. No vitest
 * import: bench/ui-*.ts share this file.
 */

/** Told of each answer: the ApiResponse envelope, and when the app read it (page clock). */
export type AnswerWatcher = (response: unknown, answeredAt: number) => void;
/** Told of each call as it is sent; may return a watcher for its answer. */
export type CallWatcher = (args: Record<string, unknown>, sentAt: number) => AnswerWatcher | void;

export interface CallTap {
  watch(method: string, watcher: CallWatcher): void;
}

/**
 * Sent to the page as source (addInitScript or evaluate): uses nothing from outside its body; safe to
 * call more than once. The answer's time is taken when the app itself reads it (a socket message's
 * `data`, a response's `text()`), as the app gets it: a copy read on the side is delivered in a later
 * task, after the frame that drew the answer whenever the page is busy.
 */
export function installCallTap(): void {
  const w = window as unknown as { __callTap?: CallTap };
  if (w.__callTap) return;
  const watchers = new Map<string, CallWatcher[]>();
  w.__callTap = {
    watch(method, watcher) {
      watchers.set(method, [...(watchers.get(method) ?? []), watcher]);
    },
  };
  const sent = (method: unknown, args: unknown): AnswerWatcher[] => {
    const list = typeof method === 'string' ? watchers.get(method) : undefined;
    if (!list) return [];
    const at = performance.now();
    const argsObject = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    return list.map((watcher) => watcher(argsObject, at)).filter((a): a is AnswerWatcher => typeof a === 'function');
  };
  /** `read` parses the answer's envelope; an answer a watcher cannot read is null (it keeps waiting). */
  const answered = (answerWatchers: AnswerWatcher[], read: () => unknown) => {
    const at = performance.now();
    let response: unknown = null;
    try {
      response = read();
    } catch {
      response = null;
    }
    for (const watcher of answerWatchers) watcher(response, at);
  };

  // The call socket: frames sent carry {id, method, args}; the reply with the same id is matched when
  // the app reads the message's data.
  const bySocket = new WeakMap<WebSocket, Map<number, AnswerWatcher[]>>();
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string') {
      try {
        const frame = JSON.parse(data) as { id?: unknown; method?: unknown; args?: unknown };
        const answerWatchers = sent(frame.method, frame.args);
        if (answerWatchers.length > 0 && typeof frame.id === 'number') {
          const open = bySocket.get(this) ?? new Map<number, AnswerWatcher[]>();
          bySocket.set(this, open);
          open.set(frame.id, answerWatchers);
        }
      } catch {
        // Not a call frame: nothing to watch.
      }
    }
    return send.call(this, data);
  };
  const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!;
  Object.defineProperty(MessageEvent.prototype, 'data', {
    configurable: true,
    enumerable: true,
    get(this: MessageEvent) {
      const value: unknown = dataOf.call(this);
      const socket = this.target;
      const open = socket instanceof WebSocket ? bySocket.get(socket) : undefined;
      if (open && typeof value === 'string') {
        const id = Number(/^\{"id":(\d+),/.exec(value)?.[1]);
        const answerWatchers = open.get(id);
        if (answerWatchers) {
          open.delete(id);
          answered(answerWatchers, () => (JSON.parse(value) as { response: unknown }).response);
        }
      }
      return value;
    },
  });

  // The HTTP fallback: POST /api/call/<method>.
  const fetchOriginal = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = /\/api\/call\/([^/?#]+)$/.exec(url)?.[1];
    if (method === undefined || !watchers.has(method)) return fetchOriginal(input, init);
    let args: unknown = {};
    try {
      args = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
    } catch {
      // Sent as it is; the shell refuses it.
    }
    const answerWatchers = sent(method, args);
    const response = await fetchOriginal(input, init);
    const text = response.text.bind(response);
    response.text = async () => {
      const raw = await text();
      answered(answerWatchers, () => JSON.parse(raw) as unknown);
      return raw;
    };
    return response;
  };
}
