import type { Page } from 'playwright-core';
import { CALL_SOCKET_PATH } from '../shared/api/call-socket';
import type { ApiArgs, ApiMethod } from '../shared/api/contract';
import { httpRoutes } from '../shared/api/http';

/** How the page reaches the shell: a frame on a call socket of the bench's own, or a POST with fetch. */
export type CallPath = 'socket' | 'post';

/**
 * One contract call made from inside the page, timed there (performance.now around the call alone, so
 * the protocol round trip to drive the page is not in it). Throws when the call fails.
 */
export async function timedCallInPage<M extends ApiMethod>(page: Page, method: M, args: ApiArgs<M>, via: CallPath = 'socket'): Promise<number> {
  return page.evaluate(
    async ({ socketPath, postPath, method, args, via }) => {
      type Envelope = { ok: boolean; error?: unknown };
      let response: Envelope;
      let started: number;
      if (via === 'post') {
        started = performance.now();
        const answer = fetch(postPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args), credentials: 'same-origin' });
        response = JSON.parse(await (await answer).text()) as Envelope;
      } else {
        const w = window as unknown as { __benchCallSocket?: Promise<WebSocket> };
        w.__benchCallSocket ??= new Promise((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}${socketPath}`);
          ws.onopen = () => resolve(ws);
          ws.onerror = () => reject(new Error('the call socket did not open'));
        });
        const ws = await w.__benchCallSocket;
        const id = Math.floor(Math.random() * 1e9);
        started = performance.now();
        const reply = await new Promise<string>((resolve) => {
          const onMessage = (event: MessageEvent) => {
            if (typeof event.data !== 'string' || !event.data.startsWith(`{"id":${id},`)) return;
            ws.removeEventListener('message', onMessage);
            resolve(event.data);
          };
          ws.addEventListener('message', onMessage);
          ws.send(JSON.stringify({ id, method, args }));
        });
        response = (JSON.parse(reply) as { response: Envelope }).response;
      }
      const elapsed = performance.now() - started;
      if (!response.ok) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`);
      return elapsed;
    },
    { socketPath: CALL_SOCKET_PATH, postPath: httpRoutes.call(method), method, args, via },
  );
}
