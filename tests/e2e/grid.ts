import type { Locator, Page } from 'playwright-core';

/** Looking at the asset grid the way a person does: cells by their visible title, thumbnails on screen. */
export function cellByTitle(page: Page, title: string): Locator {
  return page.getByTestId('asset-cell').filter({ has: page.getByTitle(title, { exact: true }) });
}

/** Ids of the cells in the DOM, in grid order. */
export async function cellIds(page: Page): Promise<string[]> {
  return page.getByTestId('asset-cell').evaluateAll((cells) =>
    cells
      .map((c) => ({ index: Number(c.getAttribute('data-index')), id: c.getAttribute('data-asset-id') ?? '' }))
      .sort((a, b) => a.index - b.index)
      .map((c) => c.id),
  );
}

/**
 * Resolves once every thumbnail that is inside the grid's visible box has loaded and decoded (lazy
 * images below the fold are not waited for), and at least `min` of them are there.
 */
export async function waitForVisibleThumbnails(page: Page, min = 1, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (least) => {
      const grid = document.querySelector('[data-testid="asset-grid"]');
      if (!grid) return false;
      const box = grid.getBoundingClientRect();
      const shown = [...document.querySelectorAll<HTMLImageElement>('[data-testid="asset-thumb"]')].filter((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      });
      return shown.length >= least && shown.every((img) => img.complete && img.naturalWidth > 0);
    },
    min,
    { timeout },
  );
}
