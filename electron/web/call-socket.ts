import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CALL_SOCKET_CLOSE, callFrameSchema, type CallReply } from '../../shared/api/call-socket';
import type { Dispatch } from '../core/api/dispatch';
import { MAX_JSON_BODY_BYTES } from './request-body';
import { INTERNAL_ERROR_MESSAGE } from '../../shared/api/errors';

export interface CallSocket {
  /** Takes over an upgrade request that already passed the shell's checks (request-handler.ts). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (shutdown); calls still running finish, their answers are dropped. */
  closeAll(): void;
  /** Resolves once every call received has been answered or has failed. */
  settled(): Promise<void>;
}

/** A page this far behind in reading answers is not reading; it is cut off and falls back to reconnecting. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const CLOSE_HANDSHAKE_MS = 1_000;

function closeWith(ws: WebSocket, reason: string): void {
  // A close reason is at most 123 bytes (RFC 6455 §5.5).
  ws.close(CALL_SOCKET_CLOSE.notACall, reason.slice(0, 120));
}

/**
 * WebSocket calls (shared/api/call-socket.ts): each text frame is one call, dispatched as POST
 * /api/call would be, answered with its id so slow calls do not hold up fast ones. A frame that is not
 * a call closes the connection with the reason: the page is out of step with this shell, and guessing
 * which call a broken frame meant would answer the wrong one.
 */
export function createCallSocket(dispatch: Dispatch, log: (message: string) => void): CallSocket {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_JSON_BODY_BYTES, perMessageDeflate: false });
  const inflight = new Set<Promise<void>>();

  function answer(ws: WebSocket, reply: CallReply): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(reply));
  }

  function onFrame(ws: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return closeWith(ws, 'calls are JSON text frames');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return closeWith(ws, 'a call frame must be JSON');
    }
    const frame = callFrameSchema.safeParse(raw);
    if (!frame.success) return closeWith(ws, 'a call frame is {"id", "method", "args"}');
    const { id, method, args } = frame.data;
    const running = dispatch(method, args)
      .catch((err: unknown): CallReply['response'] => {
        log(`internal error on a socket call to ${method.slice(0, 80)}: ${(err as Error)?.stack ?? String(err)}`);
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE } };
      })
      .then((response) => answer(ws, { id, response }));
    inflight.add(running);
    void running.finally(() => inflight.delete(running));
  }

  server.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => onFrame(ws, data, isBinary));
    // Errors (a frame over maxPayload, a protocol violation) close the socket themselves; without a
    // listener they would be thrown.
    ws.on('error', () => undefined);
  });

  return {
    accept(req, socket, head) {
      server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req));
    },
    closeAll() {
      for (const ws of server.clients) ws.close(CALL_SOCKET_CLOSE.goingAway, 'Strongroom is stopping');
      // A page that does not answer the closing handshake is not waited for.
      setTimeout(() => {
        for (const ws of server.clients) ws.terminate();
      }, CLOSE_HANDSHAKE_MS).unref();
    },
    async settled() {
      await Promise.allSettled([...inflight]);
    },
  };
}
