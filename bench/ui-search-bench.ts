import type { Page } from 'playwright-core';
import { armSearchWatch, searchWatchResult, type KeystrokeSample } from './ui-page-probes';

/**
 * (b) Keystroke to results. Each query is typed one character at a time into the search box; after
 * each key the bench waits until the grid shows the answer to the text typed so far, then types the
 * next one (a typist slower than the app: every keystroke gets its own result). The watch for the answer is
 * armed in the page before the key is pressed, so its "shown" is not delayed by a protocol round trip.
 * Per keystroke it
 * records, on the page's clock: the keydown, when the app sent the first-page request for that text
 * (after the search box's debounce), when the answer arrived, when the grid's DOM showed it (its total
 * and first asset), and the end of the next frame (painted). The app is observed from outside: a
 * recorder installed before it loaded wraps fetch and listens to keydown (bench/ui-page-probes.ts).
 */
export async function benchSearch(page: Page, queries: readonly string[], log: (line: string) => void): Promise<KeystrokeSample[]> {
  const box = page.getByTestId('search-box');
  const samples: KeystrokeSample[] = [];
  for (const query of queries) {
    await box.click();
    for (let i = 1; i <= query.length; i += 1) {
      await page.evaluate(armSearchWatch, { query: query.slice(0, i), timeoutMs: 60_000 });
      await page.keyboard.type(query[i - 1]!);
      const sample = await page.evaluate(searchWatchResult);
      samples.push(sample);
    }
    const last = samples.at(-1)!;
    log(`  "${query}": ${query.length} keystrokes, last ${(last.paintedAt - last.keydownAt).toFixed(0)} ms for ${last.total} results`);
    // Clear the box and wait for the whole library again (not measured).
    await box.press('ControlOrMeta+a');
    await page.evaluate(armSearchWatch, { query: '', timeoutMs: 120_000 });
    await box.press('Backspace');
    await page.evaluate(searchWatchResult);
  }
  return samples;
}
