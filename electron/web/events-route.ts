import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEvents } from '../core/api/events';
import { CLOSE_CONNECTION, sendError } from './responses';

export const HEARTBEAT_MS = 15_000;
/** A client this far behind is not reading; it is cut off and its EventSource reconnects. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface EventsRoute {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream (shutdown). */
  closeAll(): void;
}

/**
 * GET /api/events: server-sent events, one `event: <name>` + `data: <JSON>` message per API event. A
 * comment line every 15 s keeps idle connections from being dropped by anything in between and lets
 * a dead client be noticed; the subscription ends when the connection closes.
 */
export function createEventsRoute(events: ApiEvents, options: { heartbeatMs?: number } = {}): EventsRoute {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const open = new Set<ServerResponse>();

  return {
    handle(req, res) {
      if (req.method !== 'GET') {
        sendError(res, 405, 'INVALID_ARGUMENT', 'the event stream is read with GET', { Allow: 'GET', ...CLOSE_CONNECTION });
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
      const send = (text: string) => {
        if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
        else res.write(text);
      };
      // JSON.stringify never emits a raw line break, so each payload is exactly one `data:` line.
      const unsubscribe = events.subscribe((event, payload) => send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
      open.add(res);
      res.once('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
      // Sends the headers now, so the client knows it is subscribed before any event happens.
      res.write(': connected\n\n');
    },
    closeAll() {
      for (const res of open) res.end();
    },
  };
}
