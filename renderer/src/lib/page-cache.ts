import type { AssetSummary } from '../../../shared/api/schemas';

/**
 * The library as a sparse array of pages: the grid asks for the indexes on screen, the cache says which
 * pages of 200 it lacks, and results are filed by page. Each invalidation bumps a generation; a response
 * for an older generation is dropped, so a slow answer to a previous search never overwrites a newer one.
 * Pure data and functions; the library store does the fetching.
 */
export const PAGE_SIZE = 200;
/** Pages kept at most (12,000 summaries); the ones farthest from the viewport go first. */
export const MAX_CACHED_PAGES = 60;

export interface CachedPage {
  readonly items: readonly AssetSummary[];
  /** The generation it was fetched in; older than the cache's means "shown until refreshed". */
  readonly generation: number;
}

export interface PageCache {
  readonly pageSize: number;
  readonly generation: number;
  /** Items matching the current query; null until the first answer. */
  readonly total: number | null;
  readonly pages: ReadonlyMap<number, CachedPage>;
  /** Pages requested in the current generation and not answered yet. */
  readonly loading: ReadonlySet<number>;
  /** Pages whose request failed in the current generation; not retried until the next invalidation. */
  readonly failed: ReadonlySet<number>;
  /** The pages answer a previous question: shown until the first answer to the new one replaces them all. */
  readonly replacing?: boolean;
  /**
   * The generation whose first answer put the items on screen: changes when an answer to a new
   * question replaces them all, not when a refresh of the same question comes in.
   */
  readonly answeredIn?: number;
}

export function emptyCache(pageSize = PAGE_SIZE): PageCache {
  return { pageSize, generation: 0, total: null, pages: new Map(), loading: new Set(), failed: new Set() };
}

/** Page indexes covering items first..last (inclusive), limited to the known total. */
export function pagesCovering(cache: PageCache, first: number, last: number): number[] {
  if (first < 0) return [];
  const end = cache.total === null ? last : Math.min(last, cache.total - 1);
  // Nothing on screen (an empty result, a grid not laid out yet): page 0 still answers "how many now?".
  if (end < first) return first === 0 ? [0] : [];
  const pages: number[] = [];
  for (let p = Math.floor(first / cache.pageSize); p <= Math.floor(end / cache.pageSize); p++) pages.push(p);
  return pages;
}

/**
 * Items of page `p` past the end of what is cached: a page can be partial, when the first answer to a
 * new question asked only for the screenful in view (see the library store).
 */
function cachedEnd(cache: PageCache, p: number, page: CachedPage): number {
  return p * cache.pageSize + page.items.length;
}

/** Whether the cached page lacks items that exist (it was answered for fewer than a whole page). */
function isPartial(cache: PageCache, p: number, page: CachedPage): boolean {
  const exists = cache.total === null ? cache.pageSize : Math.min(cache.pageSize, Math.max(0, cache.total - p * cache.pageSize));
  return page.items.length < exists;
}

/**
 * Pages of the range that need a request: absent, stale, or partial where the range goes past what it
 * holds; and neither in flight nor failed.
 */
export function pagesToFetch(cache: PageCache, first: number, last: number): number[] {
  return pagesCovering(cache, first, last).filter((p) => {
    if (cache.loading.has(p) || cache.failed.has(p)) return false;
    const page = cache.pages.get(p);
    if (page === undefined || page.generation < cache.generation) return true;
    return isPartial(cache, p, page) && last >= cachedEnd(cache, p, page);
  });
}

export function markLoading(cache: PageCache, pages: readonly number[]): PageCache {
  if (pages.length === 0) return cache;
  return { ...cache, loading: new Set([...cache.loading, ...pages]) };
}

function without(set: ReadonlySet<number>, value: number): Set<number> {
  const next = new Set(set);
  next.delete(value);
  return next;
}

/** Files an answer. Ignored when it belongs to an older generation. Pages past a shrunken total go. */
export function storePage(cache: PageCache, generation: number, pageIndex: number, answer: { total: number; items: readonly AssetSummary[] }): PageCache {
  if (generation !== cache.generation) return cache;
  const pages = cache.replacing ? new Map<number, CachedPage>() : new Map(cache.pages);
  pages.set(pageIndex, { items: answer.items, generation });
  // Page 0 stays even when empty: it is the answer to "how many", and dropping it would refetch it forever.
  const lastPage = Math.max(0, Math.floor((answer.total - 1) / cache.pageSize));
  for (const p of pages.keys()) if (p > lastPage) pages.delete(p);
  const answeredIn = cache.replacing || cache.total === null ? generation : cache.answeredIn;
  return { ...cache, total: answer.total, pages, loading: without(cache.loading, pageIndex), replacing: false, answeredIn };
}

export function failPage(cache: PageCache, generation: number, pageIndex: number): PageCache {
  if (generation !== cache.generation) return cache;
  return { ...cache, loading: without(cache.loading, pageIndex), failed: new Set([...cache.failed, pageIndex]) };
}

/**
 * The data changed (an import, an edit): every page becomes stale but stays on screen until its
 * replacement arrives, so the grid does not flash empty on every library.changed.
 */
export function invalidate(cache: PageCache): PageCache {
  return { ...cache, generation: cache.generation + 1, loading: new Set(), failed: new Set() };
}

/** The question changed (search, filter, sort): old pages answer a different query and must go. */
export function reset(cache: PageCache): PageCache {
  return { ...emptyCache(cache.pageSize), generation: cache.generation + 1 };
}

/**
 * The search text changed: the old answer stays on screen (stale) until the first page of the new one
 * arrives and replaces every page at once. Emptying the grid on each keystroke would unmount and
 * remount a screenful of cells per letter typed, for a blank frame nobody wants to see.
 */
export function replaceOnAnswer(cache: PageCache): PageCache {
  if (cache.total === null) return reset(cache);
  return { ...cache, generation: cache.generation + 1, loading: new Set(), failed: new Set(), replacing: true };
}

export function itemAt(cache: PageCache, index: number): AssetSummary | undefined {
  if (cache.total !== null && index >= cache.total) return undefined;
  return cache.pages.get(Math.floor(index / cache.pageSize))?.items[index % cache.pageSize];
}

/** Ids of first..last from current-generation pages, or null if any page of the range is missing, stale or short of it. */
export function idsFromCache(cache: PageCache, first: number, last: number): string[] | null {
  const ids: string[] = [];
  for (const p of pagesCovering(cache, first, last)) {
    const page = cache.pages.get(p);
    if (!page || page.generation !== cache.generation) return null;
    if (isPartial(cache, p, page) && last >= cachedEnd(cache, p, page)) return null;
    const start = p * cache.pageSize;
    for (let i = Math.max(first, start); i <= Math.min(last, start + page.items.length - 1); i++) ids.push(page.items[i - start]!.id);
  }
  return ids;
}

/** Drops the pages farthest from the range on screen until at most `maxPages` remain. */
export function evictFarPages(cache: PageCache, first: number, last: number, maxPages = MAX_CACHED_PAGES): PageCache {
  if (cache.pages.size <= maxPages) return cache;
  const centre = (first + last) / 2 / cache.pageSize;
  const keep = [...cache.pages.keys()].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre)).slice(0, maxPages);
  const pages = new Map<number, CachedPage>();
  for (const p of keep) pages.set(p, cache.pages.get(p)!);
  return { ...cache, pages };
}
