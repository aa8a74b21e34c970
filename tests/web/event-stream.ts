/** One server-sent event as the browser's EventSource would deliver it. */
export interface ReceivedEvent {
  event: string;
  data: string;
}

export interface EventStreamReader {
  events: ReceivedEvent[];
  /** Comment lines (`: heartbeat`), in order. */
  comments: string[];
  /** The first event (already received or still to come) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (e: ReceivedEvent) => boolean, timeoutMs?: number, what?: string): Promise<ReceivedEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Reads text/event-stream with fetch and a small parser (blank line ends a message; `event:`, `data:`
 * and `:` comment lines), the way EventSource does, so tests see exactly what the browser would.
 */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`not an event stream: ${res.headers.get('content-type')}`);
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = 'message';
    let data: string[] = [];
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (data.length > 0) events.push({ event, data: data.join('\n') });
            event = 'message';
            data = [];
            notify();
          } else if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            notify();
          } else {
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
          }
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  ended.catch(() => undefined);

  return {
    events,
    comments,
    ended,
    waitFor(match, timeoutMs = 30_000, what = 'an event') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got: ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
