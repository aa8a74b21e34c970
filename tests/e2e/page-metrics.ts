import type { Page } from 'playwright-core';

/** The renderer's own figures from the DevTools protocol: JS heap and DOM size; and a forced GC. */
export interface PageMetrics {
  jsHeapUsed: number;
  jsHeapTotal: number;
  domNodes: number;
}

export async function pageMetrics(page: Page): Promise<PageMetrics> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { jsHeapUsed: value('JSHeapUsedSize'), jsHeapTotal: value('JSHeapTotalSize'), domNodes: value('Nodes') };
  } finally {
    await session.detach();
  }
}

export async function collectGarbage(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
  } finally {
    await session.detach();
  }
}
