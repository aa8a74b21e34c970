/** The part of EventSource the stream uses; a structural type so tests can drive it. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface EventStreamOptions {
  url: string;
  /** SSE `event:` names to listen for; unnamed messages are not part of the protocol. */
  eventNames: readonly string[];
  create(url: string): EventSourceLike;
  onMessage(event: string, payload: unknown): void;
  /** Called when the stream opens again after having been open: events may have been missed. */
  onReconnect(): void;
}

const CLOSED = 2;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Server-sent events that come back after the browser gives up. EventSource retries by itself after a
 * dropped connection, but not after an HTTP error (the shell restarting, a 401 before re-login): then it
 * is CLOSED for good, and this reopens it with exponential back-off.
 */
export class ReconnectingEventStream {
  private source: EventSourceLike | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private wasOpen = false;
  private stopped = false;

  constructor(private readonly options: EventStreamOptions) {}

  connect(): void {
    this.stopped = false;
    const source = this.options.create(this.options.url);
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      if (this.wasOpen) this.options.onReconnect();
      this.wasOpen = true;
    };
    source.onerror = () => {
      if (source.readyState === CLOSED) this.scheduleRetry(source);
    };
    for (const name of this.options.eventNames) {
      source.addEventListener(name, (message) => this.deliver(name, message));
    }
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private deliver(name: string, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = typeof message.data === 'string' ? JSON.parse(message.data) : undefined;
    } catch {
      return; // not JSON: not a contract event; the api module would drop it anyway
    }
    this.options.onMessage(name, payload);
  }

  private scheduleRetry(failed: EventSourceLike): void {
    failed.close();
    if (this.stopped || failed !== this.source) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
