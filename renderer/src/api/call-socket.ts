import { callReplySchema, type CallFrame } from '../../../shared/api/call-socket';
import type { ApiMethod } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { EngineUnreachableError } from './engine-unreachable-error';

/** The part of the browser's WebSocket the call socket uses; injectable so it can be driven without a browser. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => unknown) | null;
  onmessage: ((event: MessageEvent) => unknown) | null;
  onclose: ((event: CloseEvent) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
}

export interface CallSocketDeps {
  url: string;
  create(url: string): SocketLike;
  /** The same call over POST /api/call, for when no socket can be opened. */
  fallback(method: ApiMethod, args: unknown): Promise<unknown>;
  now(): number;
}

/** After a socket failed to open, calls go over HTTP this long before another socket is tried. */
export const SOCKET_RETRY_MS = 5_000;

interface Waiting {
  readonly method: ApiMethod;
  readonly args: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Contract calls over the shell's WebSocket (shared/api/call-socket.ts), opened once and kept. Calls
 * made while it opens wait for it; if it cannot open (an older shell, something in between refusing
 * upgrades) they, and calls for the next few seconds, go over HTTP instead, which they can since none of
 * them was sent. A call already sent when the socket drops is not sent again (it may have run): it
 * fails as unreachable, like a fetch cut midway.
 */
export class CallSocket {
  private socket: SocketLike | null = null;
  private open = false;
  private failedAt = Number.NEGATIVE_INFINITY;
  private nextId = 1;
  private waiting: Waiting[] = [];
  private readonly sent = new Map<number, Waiting>();

  constructor(private readonly deps: CallSocketDeps) {}

  /** Opens the socket now (at start), so the first call does not wait for the handshake. */
  connect(): void {
    if (this.socket !== null || this.deps.now() - this.failedAt < SOCKET_RETRY_MS) return;
    const socket = this.deps.create(this.deps.url);
    this.socket = socket;
    socket.onopen = () => {
      this.open = true;
      const waiting = this.waiting;
      this.waiting = [];
      for (const call of waiting) this.send(socket, call);
    };
    socket.onmessage = (event) => this.receive(socket, event.data);
    socket.onclose = (event) => this.closed(socket, event);
    // A failed handshake reports an error and then a close; the close does the work.
    socket.onerror = () => undefined;
  }

  call(method: ApiMethod, args: unknown): Promise<unknown> {
    this.connect();
    const socket = this.socket;
    if (socket === null) return this.deps.fallback(method, args);
    return new Promise((resolve, reject) => {
      const call = { method, args, resolve, reject };
      if (this.open) this.send(socket, call);
      else this.waiting.push(call);
    });
  }

  private send(socket: SocketLike, call: Waiting): void {
    const id = this.nextId++;
    const frame: CallFrame = { id, method: call.method, args: call.args ?? {} };
    this.sent.set(id, call);
    socket.send(JSON.stringify(frame));
  }

  private receive(socket: SocketLike, data: unknown): void {
    let parsed: unknown;
    try {
      parsed = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      parsed = undefined;
    }
    const reply = callReplySchema.safeParse(parsed);
    if (!reply.success) {
      // Out of step with the shell: no later reply on this socket can be trusted to match its call.
      this.drop(socket, new ApiError('INTERNAL', 'the browser shell sent something that is not an API reply'));
      socket.close(1002, 'not an API reply');
      return;
    }
    const call = this.sent.get(reply.data.id);
    if (call === undefined) return;
    this.sent.delete(reply.data.id);
    call.resolve(reply.data.response);
  }

  private closed(socket: SocketLike, event: CloseEvent): void {
    if (this.socket !== socket) return;
    if (!this.open) this.failedAt = this.deps.now();
    const detail = event.reason ? `the connection closed: ${event.reason}` : 'the connection closed';
    this.drop(socket, new EngineUnreachableError(detail));
  }

  /** Forgets the socket: calls it carried fail with `error`, calls still waiting for it go over HTTP. */
  private drop(socket: SocketLike, error: ApiError): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.open = false;
    const sent = [...this.sent.values()];
    this.sent.clear();
    for (const call of sent) call.reject(error);
    const waiting = this.waiting;
    this.waiting = [];
    for (const call of waiting) this.deps.fallback(call.method, call.args).then(call.resolve, call.reject);
  }
}
