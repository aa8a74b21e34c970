import type { Page } from 'playwright-core';
import { CALL_SOCKET_PATH } from '../shared/api/call-socket';
import { httpRoutes } from '../shared/api/http';
import { percentile } from './ui-stats';

/** One way of calling the shell from the page, timed in the page: p50 and p95 of `calls` vault.state calls. */
export interface TransportTiming {
  label: string;
  p50: number;
  p95: number;
}

/**
 * Why the page calls over a WebSocket: the same cheap call (vault.state, about 1 ms in the shell) made
 * one after another from the page, as a POST with fetch and as a frame on a call socket of its own.
 * The difference is the browser's own cost per call.
 */
export async function benchTransport(page: Page, calls = 100): Promise<TransportTiming[]> {
  const times = await page.evaluate(
    async ({ socketPath, postPath, calls }) => {
      const post: number[] = [];
      for (let i = 0; i < calls; i += 1) {
        const started = performance.now();
        const response = await fetch(postPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin' });
        await response.text();
        post.push(performance.now() - started);
      }
      const ws = await new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`ws://${location.host}${socketPath}`);
        socket.onopen = () => resolve(socket);
        socket.onerror = () => reject(new Error('the call socket did not open'));
      });
      const framed: number[] = [];
      for (let i = 0; i < calls; i += 1) {
        const started = performance.now();
        await new Promise<void>((resolve) => {
          ws.onmessage = (event) => {
            if (typeof event.data === 'string' && event.data.startsWith(`{"id":${i},`)) resolve();
          };
          ws.send(JSON.stringify({ id: i, method: 'vault.state', args: {} }));
        });
        framed.push(performance.now() - started);
      }
      ws.close();
      return { post, framed };
    },
    { socketPath: CALL_SOCKET_PATH, postPath: httpRoutes.call('vault.state'), calls },
  );
  return [
    { label: `POST ${httpRoutes.call('vault.state')} with fetch`, p50: percentile(times.post, 50), p95: percentile(times.post, 95) },
    { label: `a frame on the call socket (${CALL_SOCKET_PATH})`, p50: percentile(times.framed, 50), p95: percentile(times.framed, 95) },
  ];
}
