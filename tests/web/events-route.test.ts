import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiEvents, type EventListener } from '../../electron/core/api/events';
import { createEventsRoute, type EventsRoute } from '../../electron/web/events-route';
import { openEventStream } from './event-stream';

/** Real ApiEvents that also count live subscriptions, to see the route let go of them. */
class CountedEvents extends ApiEvents {
  live = 0;

  override subscribe(listener: EventListener): () => void {
    this.live += 1;
    const off = super.subscribe(listener);
    let done = false;
    return () => {
      if (!done) this.live -= 1;
      done = true;
      off();
    };
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(route: EventsRoute): Promise<string> {
  server = http.createServer((req, res) => route.handle(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
}

describe('events route (server-sent events)', () => {
  it('sends each event as event:/data: lines, heartbeats when idle, and unsubscribes when the client goes', async () => {
    const events = new CountedEvents();
    const url = await serve(createEventsRoute(events, { heartbeatMs: 50 }));
    const stream = await openEventStream(url, {});
    expect(events.live).toBe(1);
    events.emit('library.changed', { reason: 'edit' });
    const received = await stream.waitFor((e) => e.event === 'library.changed');
    expect(JSON.parse(received.data)).toEqual({ reason: 'edit' });
    await until(() => stream.comments.filter((c) => c === 'heartbeat').length >= 2, 'two heartbeats');
    stream.close();
    await until(() => events.live === 0, 'the subscription to end');
    // Emitting with nobody listening is harmless.
    events.emit('library.changed', { reason: 'ingest' });
  });

  it('ends every open stream on closeAll', async () => {
    const events = new CountedEvents();
    const route = createEventsRoute(events);
    const url = await serve(route);
    const streams = [await openEventStream(url, {}), await openEventStream(url, {})];
    expect(events.live).toBe(2);
    route.closeAll();
    await Promise.all(streams.map((s) => s.ended));
    await until(() => events.live === 0, 'both subscriptions to end');
  });

  it('refuses anything but GET', async () => {
    const url = await serve(createEventsRoute(new CountedEvents()));
    const res = await fetch(url, { method: 'POST', body: '' });
    expect(res.status).toBe(405);
  });
});
