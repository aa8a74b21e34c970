import { describe, expect, it } from 'vitest';
import {
  emptyCache,
  evictFarPages,
  failPage,
  idsFromCache,
  invalidate,
  itemAt,
  markLoading,
  pagesToFetch,
  replaceOnAnswer,
  reset,
  storePage,
  type PageCache,
} from '../../renderer/src/lib/page-cache';
import type { AssetSummary } from '../../shared/api/schemas';
import { summary } from './helpers/assets';

const TOTAL = 100_000;

function page(index: number, pageSize = 200, total = TOTAL): { total: number; items: AssetSummary[] } {
  const items: AssetSummary[] = [];
  for (let i = index * pageSize; i < Math.min(total, (index + 1) * pageSize); i++) items.push(summary(i));
  return { total, items };
}

/** A cache that knows the total and holds the given pages, all of the current generation. */
function loaded(pages: number[]): PageCache {
  let cache = emptyCache();
  for (const p of pages) cache = storePage(markLoading(cache, [p]), cache.generation, p, page(p));
  return cache;
}

describe('library page cache', () => {
  it('asks for page 0 first, when nothing is known', () => {
    expect(pagesToFetch(emptyCache(), 0, -1)).toEqual([0]);
    expect(pagesToFetch(emptyCache(), 0, 59)).toEqual([0]);
  });

  it('fetches only the pages that cover the window, never the whole library', () => {
    const cache = loaded([0]);
    expect(cache.total).toBe(TOTAL);
    // Scrolled deep into 100,000 items: items 50,150..50,449 lie on pages 250..252.
    expect(pagesToFetch(cache, 50_150, 50_449)).toEqual([250, 251, 252]);
    // Near the end, the range is clipped at the total.
    expect(pagesToFetch(cache, 99_900, 100_500)).toEqual([499]);
  });

  it('does not request a page twice while it is loading, and files the answer by page', () => {
    let cache = loaded([0]);
    cache = markLoading(cache, [3]);
    expect(pagesToFetch(cache, 600, 799)).toEqual([]);
    cache = storePage(cache, cache.generation, 3, page(3));
    expect(cache.loading.has(3)).toBe(false);
    expect(itemAt(cache, 600)?.title).toBe('Product photo 600');
    expect(itemAt(cache, 799)?.title).toBe('Product photo 799');
    expect(itemAt(cache, 800)).toBeUndefined();
  });

  it('drops an answer from an older generation (a slow reply to an old search)', () => {
    let cache = markLoading(loaded([0]), [1]);
    const oldGeneration = cache.generation;
    cache = reset(cache);
    const after = storePage(cache, oldGeneration, 1, page(1));
    expect(after).toBe(cache);
    expect(itemAt(after, 200)).toBeUndefined();
  });

  it('invalidation keeps stale pages visible but refetches them', () => {
    let cache = loaded([0, 1]);
    cache = invalidate(cache);
    expect(itemAt(cache, 250)?.title).toBe('Product photo 250');
    expect(pagesToFetch(cache, 0, 399)).toEqual([0, 1]);
    expect(idsFromCache(cache, 0, 10)).toBeNull();
    const generation = cache.generation;
    cache = storePage(markLoading(cache, [0, 1]), generation, 0, page(0));
    expect(pagesToFetch(cache, 0, 399)).toEqual([]);
    expect(cache.loading.has(1)).toBe(true);
  });

  it('reset forgets pages and total (a new query)', () => {
    const cache = reset(loaded([0, 1]));
    expect(cache.total).toBeNull();
    expect(cache.pages.size).toBe(0);
    expect(itemAt(cache, 0)).toBeUndefined();
  });

  it('new search text keeps the old answer on screen until the first new page replaces every page', () => {
    let cache = replaceOnAnswer(loaded([0, 1, 2]));
    // Still showing the old answer (stale), and asking for the new one.
    expect(cache.total).toBe(TOTAL);
    expect(itemAt(cache, 450)?.title).toBe('Product photo 450');
    expect(pagesToFetch(cache, 0, 199)).toEqual([0]);
    expect(idsFromCache(cache, 0, 10)).toBeNull();
    // A late answer to the old question is still dropped.
    expect(storePage(cache, cache.generation - 1, 0, page(0))).toBe(cache);
    // The new answer's first page replaces all: no old page survives under the new total.
    const fresh = { total: 1_000, items: [summary(7)] };
    cache = storePage(markLoading(cache, [0]), cache.generation, 0, fresh);
    expect(cache.total).toBe(1_000);
    expect([...cache.pages.keys()]).toEqual([0]);
    expect(itemAt(cache, 0)?.id).toBe(summary(7).id);
    expect(itemAt(cache, 450)).toBeUndefined();
    // Later pages of the same answer are filed beside it, not replacing it.
    cache = storePage(markLoading(cache, [1]), cache.generation, 1, { total: 1_000, items: [summary(300)] });
    expect([...cache.pages.keys()].sort()).toEqual([0, 1]);
  });

  it('marks the generation whose answer replaced the items, not a refresh or a further page', () => {
    let cache = storePage(emptyCache(), 0, 0, page(0));
    expect(cache.answeredIn).toBe(0);
    cache = storePage(cache, cache.generation, 1, page(1));
    expect(cache.answeredIn).toBe(0);
    // A refresh of the same question (the catalog changed) keeps it.
    cache = invalidate(cache);
    cache = storePage(cache, cache.generation, 0, page(0));
    expect(cache.answeredIn).toBe(0);
    // New search text: the old answer keeps its mark until the new one replaces it.
    cache = replaceOnAnswer(cache);
    expect(cache.answeredIn).toBe(0);
    cache = storePage(cache, cache.generation, 0, { total: 3, items: [summary(1), summary(2), summary(3)] });
    expect(cache.answeredIn).toBe(cache.generation);
    // A new filter empties the grid; its first answer marks it again.
    const generation = cache.generation;
    cache = reset(cache);
    expect(cache.answeredIn).toBeUndefined();
    cache = storePage(cache, cache.generation, 0, page(0));
    expect(cache.answeredIn).toBe(generation + 1);
  });

  it('new search text before any answer is simply a reset', () => {
    const cache = replaceOnAnswer(emptyCache());
    expect(cache.total).toBeNull();
    expect(cache.replacing).toBeFalsy();
  });

  it('a shrinking total drops pages past the end, but keeps page 0 even when empty', () => {
    let cache = invalidate(loaded([0, 1, 2]));
    cache = storePage(markLoading(cache, [0]), cache.generation, 0, page(0, 200, 250));
    expect(cache.total).toBe(250);
    expect([...cache.pages.keys()].sort()).toEqual([0, 1]);
    cache = invalidate(cache);
    cache = storePage(markLoading(cache, [0]), cache.generation, 0, { total: 0, items: [] });
    expect([...cache.pages.keys()]).toEqual([0]);
    // Nothing to show, nothing to refetch: no request loop on an empty library.
    expect(pagesToFetch(cache, 0, -1)).toEqual([]);
  });

  it('a failed page is not retried until the next invalidation', () => {
    let cache = markLoading(loaded([0]), [5]);
    cache = failPage(cache, cache.generation, 5);
    expect(pagesToFetch(cache, 1000, 1199)).toEqual([]);
    expect(pagesToFetch(invalidate(cache), 1000, 1199)).toEqual([5]);
  });

  it('reads ids of a range from current pages only', () => {
    const cache = loaded([0, 1]);
    expect(idsFromCache(cache, 198, 201)).toEqual([summary(198).id, summary(199).id, summary(200).id, summary(201).id]);
    expect(idsFromCache(cache, 390, 410)).toBeNull();
  });

  it('evicts the pages farthest from the window beyond the cap', () => {
    const cache = loaded([0, 1, 2, 3, 10, 11, 12]);
    const kept = evictFarPages(cache, 2200, 2399, 3);
    expect([...kept.pages.keys()].sort((a, b) => a - b)).toEqual([10, 11, 12]);
    expect(evictFarPages(cache, 0, 10, 50)).toBe(cache);
  });

  it('treats a page answered for fewer items than exist as partial: fetched again only past its end', () => {
    let cache = markLoading(emptyCache(), [0]);
    const head = { total: 1000, items: page(0).items.slice(0, 48) };
    cache = storePage(cache, cache.generation, 0, head);
    expect(pagesToFetch(cache, 0, 47)).toEqual([]);
    expect(idsFromCache(cache, 0, 47)).toHaveLength(48);
    expect(pagesToFetch(cache, 0, 48)).toEqual([0]);
    expect(idsFromCache(cache, 40, 50)).toBeNull();
    cache = storePage(markLoading(cache, [0]), cache.generation, 0, page(0));
    expect(pagesToFetch(cache, 0, 199)).toEqual([]);
    // A last page shorter than the page size because the result ends there is whole.
    const short = storePage(markLoading(emptyCache(), [0]), 0, 0, { total: 30, items: page(0).items.slice(0, 30) });
    expect(pagesToFetch(short, 0, 59)).toEqual([]);
  });
});
