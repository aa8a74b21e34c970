import type { Page } from 'playwright-core';
import { CALL_SOCKET_PATH } from '../shared/api/call-socket';
import { httpRoutes } from '../shared/api/http';
import { timedCallInPage, type CallPath } from './ui-page-calls';
import { percentile } from './ui-stats';

/** One way of calling the shell from the page, timed in the page: p50 and p95 of `calls` vault.state calls. */
export interface TransportTiming {
  label: string;
  p50: number;
  p95: number;
}

/**
 * Why the page calls over a WebSocket: the same cheap call (vault.state, about 1 ms in the shell) made
 * from the page, as a POST with fetch and as a frame on a call socket. The difference is the browser's
 * own cost per call.
 */
export async function benchTransport(page: Page, calls = 100): Promise<TransportTiming[]> {
  const ways: [CallPath, string][] = [
    ['post', `POST ${httpRoutes.call('vault.state')} with fetch`],
    ['socket', `a frame on the call socket (${CALL_SOCKET_PATH})`],
  ];
  const results: TransportTiming[] = [];
  for (const [via, label] of ways) {
    const times: number[] = [];
    for (let i = 0; i < calls; i += 1) times.push(await timedCallInPage(page, 'vault.state', {}, via));
    results.push({ label, p50: percentile(times, 50), p95: percentile(times, 95) });
  }
  return results;
}
