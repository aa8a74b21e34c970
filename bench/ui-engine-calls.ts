import type { Page } from 'playwright-core';
import type { ApiArgs, ApiMethod } from '../shared/api/contract';
import { callInPage } from '../tests/e2e/page-api';
import { timedCallInPage } from './ui-page-calls';

/**
 * A diagnosis for (a), (b) and (d): how long the engine takes, at this catalogue size, to answer the
 * calls the UI makes (a page of the grid, a search, a tag edit), timed in the page around each call on
 * a call socket of its own, as the app makes them (the shell's JSON and the loopback included). The
 * median of three of each.
 */
export interface EngineCall {
  label: string;
  medianMs: number;
}

async function timed<M extends ApiMethod>(page: Page, method: M, args: ApiArgs<M>): Promise<number> {
  return timedCallInPage(page, method, args, 'socket');
}

async function median(run: () => Promise<number>): Promise<number> {
  const times = [await run(), await run(), await run()].sort((a, b) => a - b);
  return times[1]!;
}

export async function benchEngineCalls(page: Page, total: number, log: (line: string) => void): Promise<EngineCall[]> {
  const [first] = (await callInPage(page, 'assets.list', { limit: 1 })).items;
  if (!first) throw new Error('the vault is empty');
  const cases: [string, () => Promise<number>][] = [
    ['assets.list, first page of 200', () => timed(page, 'assets.list', { limit: 200 })],
    ['assets.list, last page (offset ~100k)', () => timed(page, 'assets.list', { offset: total - 200, limit: 200 })],
    ['assets.list, search "S" (matches all)', () => timed(page, 'assets.list', { query: 'S', limit: 200 })],
    ['assets.list, search "SKU-04" (1,000 hits)', () => timed(page, 'assets.list', { query: 'SKU-04', limit: 200 })],
    ['tags.change on one asset (+ reindex)', () => timed(page, 'tags.change', { assetIds: [first.id], add: ['bench-probe'], remove: [] })],
  ];
  const results: EngineCall[] = [];
  for (const [label, run] of cases) {
    results.push({ label, medianMs: await median(run) });
    log(`  ${label}: ${results.at(-1)!.medianMs.toFixed(0)} ms`);
  }
  return results;
}
