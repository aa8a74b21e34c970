import type { Page } from 'playwright-core';
import { waitForGridSettled } from './ui-library-session';
import { collectGarbage, pageMetrics, type PageMetrics } from '../tests/e2e/page-metrics';
import { scrollProbe, type ScrollSample } from './ui-page-probes';
import { summarize, type Summary } from './ui-stats';

/**
 * (a) Smooth scrolling of the 100k grid, frame by frame; (d) jumping through the whole grid (as when
 * dragging the scrollbar), then the renderer's heap.
 */
export interface ScrollResult {
  frames: Summary;
  durationMs: number;
  pxPerSecond: number;
  sample: ScrollSample;
}

export async function benchSmoothScroll(page: Page, options: { durationMs: number; pxPerSecond: number }): Promise<ScrollResult> {
  const sample = await page.evaluate(scrollProbe, options);
  return { frames: summarize(sample.frameDeltas), ...options, sample };
}

export interface JumpResult {
  positions: number;
  /** From setting scrollTop to a screen of real cells with loaded thumbnails. */
  fill: Summary;
  before: PageMetrics;
  afterJumps: PageMetrics;
  afterGc: PageMetrics;
}

/** Jumps to `positions` evenly spaced places from the top to the very bottom, waiting at each for a full screen. */
export async function benchJumpThrough(page: Page, options: { positions: number; total: number; log: (line: string) => void }): Promise<JumpResult> {
  // Measured after a GC, so the start is what the page holds, not garbage from loading it.
  await collectGarbage(page);
  const before = await pageMetrics(page);
  const fills: number[] = [];
  for (let i = 1; i <= options.positions; i += 1) {
    const started = performance.now();
    await page.evaluate((fraction) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="asset-grid"]')!;
      grid.scrollTop = Math.round((grid.scrollHeight - grid.clientHeight) * fraction);
    }, i / options.positions);
    await waitForGridSettled(page, options.total);
    fills.push(performance.now() - started);
    options.log(`  jump ${i}/${options.positions} to ${Math.round((100 * i) / options.positions)} %: screen filled in ${(fills.at(-1)! / 1000).toFixed(2)} s`);
  }
  const afterJumps = await pageMetrics(page);
  await collectGarbage(page);
  const afterGc = await pageMetrics(page);
  return { positions: options.positions, fill: summarize(fills), before, afterJumps, afterGc };
}
