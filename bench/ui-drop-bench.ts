import type { Browser, ViewportSize } from 'playwright-core';
import { startShellProcess } from './ui-shell-process';
import { dropFiles, stageFiles } from '../tests/e2e/drop-files';
import { createVaultThroughUi, openApp } from './ui-library-session';
import { dropWatchResult, startDropWatch, type DropTimes } from './ui-page-probes';

/**
 * (c) Photos dropped on the window of a fresh vault: time from the drop event to the first thumbnail
 * drawn in the grid, and to the import report. The files are the real files on disk (see
 * tests/e2e/drop-files.ts), so the page reads and uploads them as it would after an OS drop.
 */
export interface DropResult {
  files: number;
  imported: number;
  times: DropTimes;
  firstThumbMs: number;
  allDoneMs: number;
}

export async function benchDrop(browser: Browser, options: { vaultDir: string; passphrase: string; photos: readonly string[]; viewport: ViewportSize }): Promise<DropResult> {
  const app = await startShellProcess(options.vaultDir);
  const session = await openApp(browser, app.url, undefined, options.viewport);
  try {
    const { page } = session;
    await page.getByTestId('first-run-screen').waitFor();
    await createVaultThroughUi(page, options.passphrase);
    const transfer = await stageFiles(page, options.photos);
    await page.evaluate(startDropWatch, { timeoutMs: 15 * 60_000 });
    await dropFiles(page.locator('body'), transfer);
    const times = await page.evaluate(dropWatchResult);
    const imported = Number(await page.getByTestId('ingest-imported-count').getAttribute('data-count'));
    if (imported !== options.photos.length) {
      const refused = await page.getByTestId('refused-item').allTextContents();
      throw new Error(`only ${imported} of ${options.photos.length} photos were imported: ${refused.slice(0, 5).join('; ')}`);
    }
    if (times.firstThumbPaintedAt === null) throw new Error('no thumbnail was drawn before the report');
    return { files: options.photos.length, imported, times, firstThumbMs: times.firstThumbPaintedAt - times.droppedAt, allDoneMs: times.reportAt - times.droppedAt };
  } finally {
    await session.close();
    await app.close();
  }
}
