import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CALL_SOCKET_PATH, type CallReply } from '../../shared/api/call-socket';
import { TEST_PASSPHRASE } from '../helpers/vault';
import { callApi, signIn, startTestShell, type TestShell } from './test-shell';

let t: TestShell;
let cookie: string;

beforeAll(async () => {
  t = await startTestShell();
  cookie = await signIn(t);
});
afterAll(() => t?.dispose());

interface Opened {
  ws: WebSocket;
  call(id: number, method: string, args?: unknown): Promise<CallReply>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A real WebSocket client, sending what a page on the shell's own origin would send unless told otherwise. */
function open(headers: Record<string, string> = {}, path = CALL_SOCKET_PATH): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}${path}`, { headers: { Origin: t.origin, Cookie: cookie, ...headers } });
    const replies = new Map<number, (reply: CallReply) => void>();
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const reply = JSON.parse(data.toString()) as CallReply;
      replies.get(reply.id)?.(reply);
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) })));
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        call: (id, method, args) =>
          new Promise((r) => {
            replies.set(id, r);
            ws.send(JSON.stringify({ id, method, ...(args === undefined ? {} : { args }) }));
          }),
      }),
    );
  });
}

async function refusal(headers: Record<string, string>, path?: string): Promise<{ status: number; body: { ok: false; error: { code: string; message: string } } }> {
  try {
    const opened = await open(headers, path);
    opened.ws.close();
  } catch (err) {
    return err as never;
  }
  throw new Error(`the upgrade was accepted (${JSON.stringify(headers)} ${path ?? ''})`);
}

describe('the call socket', () => {
  it('answers contract calls as POST /api/call does, each reply carrying its call id, in any order', async () => {
    const socket = await open();
    expect((await socket.call(1, 'vault.state')).response).toEqual(await callApi(t, cookie, 'vault.state'));
    expect(await socket.call(2, 'vault.create', { passphrase: TEST_PASSPHRASE })).toMatchObject({ id: 2, response: { ok: true, value: { state: { state: 'unlocked' } } } });
    expect((await socket.call(3, 'vault.lock')).response.ok).toBe(true);
    // Replies are matched by id: a slow call (an unlock derives its key) does not hold up a quick one sent after it.
    const arrived: number[] = [];
    const slow = socket.call(4, 'vault.unlock', { method: 'passphrase', secret: TEST_PASSPHRASE }).then((r) => (arrived.push(r.id), r));
    const quick = socket.call(5, 'vault.state').then((r) => (arrived.push(r.id), r));
    expect((await quick).response).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect((await slow).response).toMatchObject({ ok: true });
    expect(arrived).toEqual([5, 4]);
    expect((await socket.call(6, 'assets.list', { limit: 5 })).response).toEqual({ ok: true, value: { total: 0, offset: 0, items: [] } });
    socket.ws.close();
  });

  it('refuses bad arguments and unknown methods with typed errors, and keeps the connection', async () => {
    const socket = await open();
    const bad = await socket.call(1, 'assets.list', { limit: -1 });
    expect(bad.response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^invalid arguments for assets\.list: limit: /) } });
    for (const method of ['vault.destroy', '__proto__', 'constructor']) {
      expect((await socket.call(2, method)).response, method).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    expect((await socket.call(3, 'vault.state')).response.ok).toBe(true);
    socket.ws.close();
  });

  it('closes with 1008 and a reason on a frame that is not a call', async () => {
    for (const [frame, reason] of [
      ['{"id": 1, "method": "vault.state",', /must be JSON/],
      ['{"method": "vault.state"}', /"id", "method", "args"/],
      ['{"id": -1, "method": "vault.state"}', /"id", "method", "args"/],
      ['{"id": 1, "method": "vault.state", "extra": true}', /"id", "method", "args"/],
      [Buffer.from('{"id":1,"method":"vault.state"}'), /JSON text frames/],
    ] as const) {
      const socket = await open();
      socket.ws.send(frame);
      expect(await socket.closed, String(frame)).toEqual({ code: 1008, reason: expect.stringMatching(reason) });
    }
  });

  it('cuts a frame larger than an API request may be (1 MiB) with 1009', async () => {
    const socket = await open();
    socket.ws.send(JSON.stringify({ id: 1, method: 'assets.list', args: { query: 'x'.repeat(1024 * 1024) } }));
    expect((await socket.closed).code).toBe(1009);
  });

  it('opens only with the session cookie, from this origin and host, and only at its own path', async () => {
    expect(await refusal({ Cookie: '' })).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED' } } });
    expect(await refusal({ Cookie: 'strongroom_session=' + 'A'.repeat(43) })).toMatchObject({ status: 401 });
    // Cross-site WebSocket hijacking: another page, even on another port of 127.0.0.1, with the cookie.
    expect(await refusal({ Origin: 'http://127.0.0.1:1' })).toMatchObject({ status: 403, body: { error: { message: 'requests from other origins are refused' } } });
    expect(await refusal({ Origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    // DNS rebinding: the right origin but a foreign Host.
    expect(await refusal({ Host: `evil.example:${t.port}` })).toMatchObject({ status: 403 });
    expect(await refusal({ 'Sec-Fetch-Site': 'cross-site' })).toMatchObject({ status: 403 });
    expect(await refusal({}, '/api/events')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await refusal({}, '/api/calls/')).toMatchObject({ status: 404 });
    expect(await refusal({}, '/api/CALLS')).toMatchObject({ status: 404 });
    expect(t.logs.some((line) => line.startsWith('refused upgrade of /api/calls: requests from other origins'))).toBe(true);
  });

  it('refuses a handshake without an Origin header', async () => {
    // The ws client sends no Origin unless told to; a browser always sends one.
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${t.port}${CALL_SOCKET_PATH}`, { headers: { Cookie: cookie } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the upgrade was accepted')));
      ws.on('error', reject);
    });
    expect(refused).toBe(403);
  });
});

describe('the call socket when the shell stops', () => {
  it('closes open sockets with 1001, after letting a call in flight finish before the vault locks', async () => {
    const own = await startTestShell();
    const ownCookie = await signIn(own);
    const ws = new WebSocket(`ws://127.0.0.1:${own.port}${CALL_SOCKET_PATH}`, { headers: { Origin: own.origin, Cookie: ownCookie } });
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    const stateAnswered = new Promise<void>((resolve) =>
      ws.on('message', (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { id: number }).id === 2) resolve();
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'vault.create', args: { passphrase: TEST_PASSPHRASE } }));
    ws.send(JSON.stringify({ id: 2, method: 'vault.state', args: {} }));
    // Frames are read in order, so the quick call's answer means the create has started; it is
    // deriving its key when the shell is told to stop.
    await stateAnswered;
    const header = `${own.vaultDir}/vault.json`;
    await own.shell.close();
    expect(await closed).toBe(1001);
    // The create ran to the end (its header is whole), and the shell's stop then locked the vault.
    expect(existsSync(header)).toBe(true);
    expect(() => JSON.parse(readFileSync(header, 'utf8'))).not.toThrow();
    expect(own.logs.at(-1)).toBe('stopped; the vault is locked');
    await own.dispose();
  });
});
