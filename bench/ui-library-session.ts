import type { Browser, Page, ViewportSize } from 'playwright-core';
import { openPage } from '../tests/e2e/browser';

/** Opening the app on a shell's one-time address and getting to the library, through the UI. */
const TIMEOUT_MS = 120_000;

export async function openApp(
  browser: Browser,
  url: string,
  beforeLoad?: (page: Page) => Promise<void>,
  viewport?: ViewportSize,
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const { context, page, errors } = await openPage(browser, viewport);
  page.setDefaultTimeout(TIMEOUT_MS);
  await beforeLoad?.(page);
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

export async function unlockWithPassphrase(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('library-screen').waitFor();
}

export async function createVaultThroughUi(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('create-passphrase').fill(passphrase);
  await page.getByTestId('create-passphrase-confirm').fill(passphrase);
  await page.getByTestId('create-vault-submit').click();
  await page.getByTestId('recovery-key-saved').check();
  await page.getByTestId('recovery-key-continue').click();
  await page.getByTestId('empty-library').waitFor();
}

/**
 * Resolves when the grid shows `total` and the rows in view hold real cells (no loading placeholders)
 * whose thumbnails have loaded.
 */
export async function waitForGridSettled(page: Page, total?: number, timeout = TIMEOUT_MS): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const grid = document.querySelector<HTMLElement>('[data-testid="asset-grid"]');
      if (!grid || (expected !== null && grid.getAttribute('data-total') !== String(expected))) return false;
      const top = grid.scrollTop;
      const bottom = top + grid.clientHeight;
      let cells = 0;
      for (const row of grid.querySelectorAll<HTMLElement>('[role="row"]')) {
        const rowTop = parseFloat(row.style.top);
        if (rowTop + parseFloat(row.style.height) <= top || rowTop >= bottom) continue;
        if (row.querySelector('[data-testid="asset-cell-placeholder"]')) return false;
        for (const img of row.querySelectorAll<HTMLImageElement>('[data-testid="asset-thumb"]')) {
          if (!img.complete || img.naturalWidth === 0) return false;
          cells += 1;
        }
      }
      return cells > 0;
    },
    total ?? null,
    { timeout, polling: 'raf' },
  );
}
