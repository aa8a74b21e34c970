import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installTransport } from '../../renderer/src/api';
import { itemAt } from '../../renderer/src/lib/page-cache';
import { useLibrary } from '../../renderer/src/stores/library-store';
import { idsHandler, listHandler } from './helpers/assets';
import { fakeTransport, settle, type FakeTransport } from './helpers/fake-transport';

describe('library store with a fake transport', () => {
  let transport: FakeTransport;
  let requests: { offset: number; limit: number }[];
  let idRequests: { offset: number; limit: number }[];

  beforeEach(() => {
    requests = [];
    idRequests = [];
    transport = fakeTransport({ 'assets.list': listHandler(100_000, requests) as never, 'assets.ids': idsHandler(100_000, idRequests as never) as never });
    installTransport(transport);
    useLibrary.getState().reset();
  });

  const listCalls = () => transport.calls.filter((c) => c.method === 'assets.list').map((c) => c.args as Record<string, unknown>);

  it('loads page 0 to learn the total, then only the pages the grid shows', async () => {
    const library = useLibrary.getState();
    library.showRange(0, -1);
    await settle();
    expect(useLibrary.getState().cache.total).toBe(100_000);
    expect(requests).toEqual([{ offset: 0, limit: 200 }]);

    library.showRange(40_000, 40_300);
    await settle();
    expect(requests.slice(1)).toEqual([
      { offset: 40_000, limit: 200 },
      { offset: 40_200, limit: 200 },
    ]);
    expect(itemAt(useLibrary.getState().cache, 40_123)?.title).toBe('Product photo 40123');
    // Scrolling back to a loaded window costs nothing.
    library.showRange(0, 50);
    await settle();
    expect(requests).toHaveLength(3);
  });

  it('never has more than two page requests in flight, and skips windows scrolled past meanwhile', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const served: number[] = [];
    transport.setHandler('assets.list', async (args: { offset?: number; limit?: number }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      served.push(args.offset ?? 0);
      return listHandler(100_000)(args);
    });
    const library = useLibrary.getState();
    library.showRange(0, 50);
    await settle(5);
    // A fast drag of the scrollbar: many windows in a row, only the last one matters.
    for (let first = 1000; first < 60_000; first += 3000) library.showRange(first, first + 300);
    library.showRange(80_000, 80_300);
    await vi.waitFor(() => expect(served).toContain(80_000), { timeout: 5000 });
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(served.length).toBeLessThan(8);
  });

  it('sends the filters and sort with every page, and starts over when they change', async () => {
    const library = useLibrary.getState();
    library.showRange(0, 100);
    await settle();
    library.setFilters({ query: '  blue mug ', tag: 'kitchen', status: 'approved' });
    library.setSort('name');
    await settle();
    const last = listCalls().at(-1)!;
    // A new question's first request asks for the 101 items in view only.
    expect(last).toMatchObject({ query: 'blue mug', tag: 'kitchen', status: 'approved', sort: 'name', offset: 0, limit: 101 });
    expect(last).not.toHaveProperty('collection');
    expect(last).not.toHaveProperty('format');
  });

  it('answers a new search with the screenful in view first, and the rest of the page when scrolled past it', async () => {
    const library = useLibrary.getState();
    library.showRange(0, 47);
    await settle();
    library.setQuery('mug');
    await settle();
    expect(requests.at(-1)).toEqual({ offset: 0, limit: 48 });
    expect(itemAt(useLibrary.getState().cache, 47)).toBeDefined();
    expect(itemAt(useLibrary.getState().cache, 48)).toBeUndefined();
    // Ids past the partial page come from the engine, not from the cache.
    expect(await library.idsInRange(40, 60)).toHaveLength(21);
    const asked = requests.length;
    library.showRange(10, 57);
    await settle();
    expect(requests.slice(asked)).toEqual([{ offset: 0, limit: 200 }]);
    expect(itemAt(useLibrary.getState().cache, 57)).toBeDefined();
    // A refresh of stale pages fetches them whole.
    library.invalidate();
    await settle();
    expect(requests.at(-1)).toEqual({ offset: 0, limit: 200 });
  });

  it('starts a new search at the top of its answer, wherever the grid was scrolled', async () => {
    const library = useLibrary.getState();
    library.showRange(0, 47);
    await settle();
    library.showRange(30_000, 30_059);
    await settle();
    const asked = requests.length;
    library.setQuery('mug');
    await settle();
    expect(requests.slice(asked)).toEqual([{ offset: 0, limit: 60 }]);
  });

  it('sizes a new answer by the screenful, not by the shorter answer shown before it', async () => {
    transport.setHandler('assets.list', (args: { query?: string; offset?: number; limit?: number }) =>
      listHandler(args.query === 'fujifilm' ? 2 : 100_000, requests)(args),
    );
    const library = useLibrary.getState();
    library.showRange(0, 47, 48);
    await settle();
    library.setQuery('fujifilm');
    await settle();
    expect(useLibrary.getState().cache.total).toBe(2);
    // The grid now shows two cells: its range is two items long, its screenful still 48.
    library.showRange(0, 1, 48);
    await settle();
    const asked = requests.length;
    library.setQuery('');
    await settle();
    expect(requests.slice(asked)).toEqual([{ offset: 0, limit: 48 }]);
    expect(itemAt(useLibrary.getState().cache, 47)).toBeDefined();
  });

  it('ignores a slow answer to a query that has since changed', async () => {
    let releaseSlow: () => void = () => undefined;
    transport.setHandler('assets.list', async (args: { query?: string; offset?: number; limit?: number }) => {
      if (args.query === 'slow') await new Promise<void>((resolve) => (releaseSlow = resolve));
      return listHandler(args.query === 'slow' ? 5 : 7)(args);
    });
    const library = useLibrary.getState();
    library.showRange(0, 10);
    library.setFilters({ query: 'slow' });
    await settle();
    library.setFilters({ query: 'fast' });
    await settle();
    releaseSlow();
    await settle();
    expect(useLibrary.getState().cache.total).toBe(7);
  });

  it('sends a search at the first keystroke, and while an answer is out keeps only the latest text', async () => {
    const release: (() => void)[] = [];
    transport.setHandler('assets.list', async (args: { query?: string; offset?: number; limit?: number }) => {
      await new Promise<void>((resolve) => release.push(resolve));
      return listHandler(args.query === undefined ? 100 : args.query.length)(args);
    });
    const library = useLibrary.getState();
    library.showRange(0, 10);
    await settle();
    release.shift()!();
    await settle();
    const queries = () => listCalls().map((c) => c.query);
    library.setQuery('l');
    // No timer to wait out: the request is already on its way.
    expect(queries()).toEqual([undefined, 'l']);
    // Meanwhile the grid keeps the previous answer rather than going blank.
    expect(useLibrary.getState().cache.total).toBe(100);
    expect(useLibrary.getState().cache.pages.size).toBeGreaterThan(0);
    for (const text of ['li', 'lin', 'line']) library.setQuery(text);
    await settle();
    expect(queries()).toEqual([undefined, 'l']);
    release.shift()!();
    await settle();
    expect(queries()).toEqual([undefined, 'l', 'line']);
    release.shift()!();
    await settle();
    expect(useLibrary.getState().filters.query).toBe('line');
    expect(useLibrary.getState().cache.total).toBe(4);
    // Back to the text already shown: nothing to ask.
    library.setQuery('line');
    expect(queries()).toHaveLength(3);
  });

  it('on library.changed-style invalidation refetches what is on screen and keeps showing it meanwhile', async () => {
    const library = useLibrary.getState();
    library.showRange(300, 500);
    await settle();
    const before = requests.length;
    library.invalidate();
    // Still visible while the refetch runs.
    expect(itemAt(useLibrary.getState().cache, 350)?.title).toBe('Product photo 350');
    await settle();
    const refetched = requests.slice(before).filter((r) => r.limit === 200).map((r) => r.offset);
    expect(refetched.sort((a, b) => a - b)).toEqual([200, 400]);
    // The vault-wide count is refreshed too.
    expect(useLibrary.getState().allCount).toBe(100_000);
  });

  it('loads the ids of a long range with one ids-only request, without caching them as pages', async () => {
    const library = useLibrary.getState();
    library.showRange(0, 10);
    await settle();
    const ids = await library.idsInRange(500, 99_999);
    expect(ids).toHaveLength(99_500);
    expect(new Set(ids).size).toBe(99_500);
    expect(requests).toHaveLength(1);
    expect(idRequests).toEqual([{ offset: 500, limit: 99_500, ids: true }]);
    // A range inside cached pages needs no request at all.
    expect(await library.idsInRange(3, 7)).toHaveLength(5);
    expect(idRequests).toHaveLength(1);
  });

  it('shows a failure for the grid to offer a retry, and retries on invalidation', async () => {
    transport.setHandler('assets.list', () => {
      throw new Error('boom');
    });
    useLibrary.getState().showRange(0, 10);
    await settle();
    expect(useLibrary.getState().loadError).not.toBeNull();
    expect(useLibrary.getState().loadError).not.toContain('boom');
    transport.setHandler('assets.list', listHandler(3) as never);
    useLibrary.getState().invalidate();
    await settle();
    expect(useLibrary.getState().cache.total).toBe(3);
    expect(useLibrary.getState().loadError).toBeNull();
  });
});
