import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CallSocket, SOCKET_RETRY_MS, type SocketLike } from '../../renderer/src/api/call-socket';
import { EngineUnreachableError } from '../../renderer/src/api/engine-unreachable-error';
import { CALL_SOCKET_PATH } from '../../shared/api/call-socket';
import { ApiError } from '../../shared/api/errors';
import { callApi, signIn, startTestShell } from '../web/test-shell';

/** A socket the test opens, answers and closes by hand (the browser's WebSocket does not exist under Node). */
class ScriptedSocket implements SocketLike {
  onopen: ((event: Event) => unknown) | null = null;
  onmessage: ((event: MessageEvent) => unknown) | null = null;
  onclose: ((event: CloseEvent) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  readonly frames: { id: number; method: string; args: unknown }[] = [];
  closedWith: number | undefined;
  constructor(readonly url: string) {}
  send(data: string) {
    this.frames.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closedWith = code;
  }
  opens() {
    this.onopen?.(new Event('open'));
  }
  answers(id: number, response: unknown) {
    this.onmessage?.({ data: JSON.stringify({ id, response }) } as MessageEvent);
  }
  sends(data: string) {
    this.onmessage?.({ data } as MessageEvent);
  }
  drops(reason = '') {
    this.onerror?.(new Event('error'));
    this.onclose?.({ code: 1006, reason } as CloseEvent);
  }
}

function setup() {
  const sockets: ScriptedSocket[] = [];
  const overHttp: string[] = [];
  let clock = 0;
  const calls = new CallSocket({
    url: 'ws://127.0.0.1:1/api/calls',
    create: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
    fallback: async (method) => {
      overHttp.push(method);
      return { ok: true, value: 'over http' };
    },
    now: () => clock,
  });
  return { calls, sockets, overHttp, advance: (ms: number) => (clock += ms) };
}

describe('call socket client (scripted socket)', () => {
  it('holds calls made while the socket opens, then sends each with its own id and matches replies by id', async () => {
    const { calls, sockets, overHttp } = setup();
    calls.connect();
    const first = calls.call('vault.state', undefined);
    const second = calls.call('assets.list', { limit: 5 });
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.frames).toEqual([]);
    sockets[0]!.opens();
    expect(sockets[0]!.frames).toEqual([
      { id: 1, method: 'vault.state', args: {} },
      { id: 2, method: 'assets.list', args: { limit: 5 } },
    ]);
    sockets[0]!.answers(2, { ok: true, value: 'two' });
    sockets[0]!.answers(99, { ok: true, value: 'nobody asked' });
    sockets[0]!.answers(1, { ok: true, value: 'one' });
    expect(await first).toEqual({ ok: true, value: 'one' });
    expect(await second).toEqual({ ok: true, value: 'two' });
    expect(overHttp).toEqual([]);
  });

  it('sends waiting calls over HTTP when the socket cannot open, and tries a socket again only after a pause', async () => {
    const { calls, sockets, overHttp, advance } = setup();
    const waiting = calls.call('vault.state', undefined);
    sockets[0]!.drops();
    expect(await waiting).toEqual({ ok: true, value: 'over http' });
    advance(SOCKET_RETRY_MS - 1);
    expect(await calls.call('assets.list', {})).toEqual({ ok: true, value: 'over http' });
    expect(sockets).toHaveLength(1);
    advance(1);
    const again = calls.call('vault.state', undefined);
    expect(sockets).toHaveLength(2);
    sockets[1]!.opens();
    sockets[1]!.answers(1, { ok: true, value: 'socket' });
    expect(await again).toEqual({ ok: true, value: 'socket' });
    expect(overHttp).toEqual(['vault.state', 'assets.list']);
  });

  it('fails calls a dropped socket carried as unreachable, without sending them again, and reconnects for the next', async () => {
    const { calls, sockets, overHttp } = setup();
    calls.connect();
    sockets[0]!.opens();
    const cut = calls.call('assets.update', { id: 'x' });
    sockets[0]!.drops('Strongroom is stopping');
    await expect(cut).rejects.toBeInstanceOf(EngineUnreachableError);
    await expect(cut).rejects.toThrow(/Strongroom is stopping/);
    const next = calls.call('vault.state', undefined);
    expect(sockets).toHaveLength(2);
    sockets[1]!.opens();
    expect(sockets[1]!.frames.map((f) => f.method)).toEqual(['vault.state']);
    sockets[1]!.answers(sockets[1]!.frames[0]!.id, { ok: true, value: 1 });
    expect(await next).toEqual({ ok: true, value: 1 });
    expect(overHttp).toEqual([]);
  });

  it('treats a reply that is not one as a broken connection: its calls fail, the socket is closed', async () => {
    const { calls, sockets } = setup();
    calls.connect();
    sockets[0]!.opens();
    const pending = calls.call('vault.state', undefined);
    sockets[0]!.sends('{"id": 1, "respons');
    await expect(pending).rejects.toEqual(new ApiError('INTERNAL', 'the browser shell sent something that is not an API reply'));
    expect(sockets[0]!.closedWith).toBe(1002);
  });
});

describe('call socket client against the browser shell', () => {
  it('makes its calls over the socket, and over HTTP when the shell refuses the upgrade', async () => {
    const t = await startTestShell();
    try {
      const cookie = await signIn(t);
      const overHttp: string[] = [];
      const client = (sendCookie: string) =>
        new CallSocket({
          url: `ws://127.0.0.1:${t.port}${CALL_SOCKET_PATH}`,
          create: (url) => new WebSocket(url, { headers: { Origin: t.origin, Cookie: sendCookie } }) as unknown as SocketLike,
          fallback: async (method, args) => {
            overHttp.push(method);
            return callApi(t, sendCookie || cookie, method, args);
          },
          now: () => performance.now(),
        });
      const signedIn = client(cookie);
      expect(await signedIn.call('vault.state', undefined)).toMatchObject({ ok: true, value: { state: 'none' } });
      expect(await signedIn.call('assets.list', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(overHttp).toEqual([]);
      // Without the session the upgrade is refused with 401; the call still gets its answer, over HTTP.
      expect(await client('').call('vault.state', undefined)).toMatchObject({ ok: true, value: { state: 'none' } });
      expect(overHttp).toEqual(['vault.state']);
    } finally {
      await t.dispose();
    }
  });
});
