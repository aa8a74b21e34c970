import type { CallTap } from '../tests/e2e/call-tap';

/**
 * Measuring code that runs inside the page (handed to page.evaluate / addInitScript). Each function is
 * sent as source text, so it must not use anything from outside its own body. Times are
 * performance.now() in the page; event.timeStamp is on the same clock.
 */

export interface ScrollSample {
  /** rAF timestamp deltas: how long each frame took to come. */
  frameDeltas: number[];
  /** PerformanceObserver 'longtask' durations (main-thread tasks over 50 ms). */
  longTasks: number[];
  /** 'long-animation-frame' durations (frames whose work took over 50 ms), where supported. */
  longFrames: number[];
  /** Frames in which a row inside the viewport still showed loading placeholders. */
  placeholderFrames: number;
  distancePx: number;
}

/**
 * Scrolls the grid at a constant speed for `durationMs`, one step per animation frame. The position is
 * a function of time, not of the frame count, so a late frame jumps further, as real scrolling does.
 * Per frame it records the frame's arrival (rAF timestamp) and whether any row in view holds
 * placeholders, read from inline styles only (no layout is forced).
 */
export function scrollProbe(args: { durationMs: number; pxPerSecond: number }): Promise<ScrollSample> {
  const grid = document.querySelector<HTMLElement>('[data-testid="asset-grid"]');
  if (!grid) throw new Error('no asset grid on the page');
  const longTasks: number[] = [];
  const longFrames: number[] = [];
  const observers: PerformanceObserver[] = [];
  for (const [type, into] of [['longtask', longTasks], ['long-animation-frame', longFrames]] as const) {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) into.push(entry.duration);
    });
    observer.observe({ type });
    observers.push(observer);
  }
  const viewport = grid.clientHeight;
  const startTop = grid.scrollTop;
  const frameDeltas: number[] = [];
  let placeholderFrames = 0;
  const placeholderInView = (top: number) => {
    for (const row of grid.querySelectorAll<HTMLElement>('[role="row"]')) {
      const rowTop = parseFloat(row.style.top);
      const rowBottom = rowTop + parseFloat(row.style.height);
      if (rowBottom > top && rowTop < top + viewport && row.querySelector('[data-testid="asset-cell-placeholder"]')) return true;
    }
    return false;
  };
  return new Promise((resolve) => {
    let first: number | null = null;
    let last = 0;
    const step = (now: number) => {
      if (first === null) first = now;
      else frameDeltas.push(now - last);
      last = now;
      const elapsed = now - first;
      const top = startTop + (elapsed * args.pxPerSecond) / 1000;
      grid.scrollTop = top;
      if (placeholderInView(top)) placeholderFrames += 1;
      if (elapsed < args.durationMs) {
        requestAnimationFrame(step);
        return;
      }
      // Entries of the last frames are delivered asynchronously; give them one more task.
      setTimeout(() => {
        for (const o of observers) o.disconnect();
        resolve({ frameDeltas, longTasks, longFrames, placeholderFrames, distancePx: grid.scrollTop - startTop });
      }, 100);
    };
    requestAnimationFrame(step);
  });
}

/**
 * Installed before the app loads (addInitScript, after installCallTap): timestamps every assets.list
 * call the app makes (sent, answered when the app has read the answer, and what the answer said) and
 * every keydown, so a keystroke can be followed to the request it caused and the answer it got, without
 * touching the app's code.
 */
export function installSearchRecorder(): void {
  interface ListCall {
    query: string;
    offset: number;
    sentAt: number;
    answeredAt: number | null;
    total: number | null;
    firstId: string | null;
  }
  const w = window as unknown as { __benchListCalls: ListCall[]; __benchKeydowns: number[]; __callTap?: CallTap };
  if (!w.__callTap) throw new Error('install the call tap (tests/e2e/call-tap.ts) before the search recorder');
  w.__benchListCalls = [];
  w.__benchKeydowns = [];
  window.addEventListener('keydown', (event) => w.__benchKeydowns.push(event.timeStamp), true);
  w.__callTap.watch('assets.list', (args, sentAt) => {
    const call: ListCall = {
      query: typeof args.query === 'string' ? args.query : '',
      offset: typeof args.offset === 'number' ? args.offset : 0,
      sentAt,
      answeredAt: null,
      total: null,
      firstId: null,
    };
    w.__benchListCalls.push(call);
    return (response, answeredAt) => {
      const body = response as { ok?: boolean; value?: { total: number; items: { id: string }[] } } | null;
      call.answeredAt = answeredAt;
      call.total = body?.value?.total ?? null;
      call.firstId = body?.value?.items[0]?.id ?? null;
    };
  });
}

export interface KeystrokeSample {
  query: string;
  total: number;
  keydownAt: number;
  sentAt: number;
  answeredAt: number;
  shownAt: number;
  paintedAt: number;
}

/**
 * Call before pressing the key: leaves a promise in `window.__benchSearch` (read it with
 * searchWatchResult) that resolves once the grid shows the answer to `query`: the first-page request
 * for it sent after the key's keydown, its answer, then the grid showing that answer (its total, and
 * its first asset in the first cell); "painted" is the first task after the next animation frame, i.e.
 * after that frame drew. Armed before the key so that "shown" is caught as it happens: a watcher
 * started after the keystroke (one protocol round trip later) would take the time it started at for a
 * result that was already on screen.
 */
export function armSearchWatch(args: { query: string; timeoutMs: number }): void {
  interface ListCall {
    query: string;
    offset: number;
    sentAt: number;
    answeredAt: number | null;
    total: number | null;
    firstId: string | null;
  }
  const w = window as unknown as { __benchListCalls: ListCall[]; __benchKeydowns: number[]; __benchSearch: Promise<KeystrokeSample> };
  const armedAt = performance.now();
  const expected = args.query.trim();
  const keydown = () => w.__benchKeydowns.find((t) => t >= armedAt);
  const call = (keydownAt: number) => w.__benchListCalls.find((c) => c.sentAt >= keydownAt && c.offset === 0 && c.query === expected && c.answeredAt !== null);
  const shows = (c: ListCall) => {
    const grid = document.querySelector('[data-testid="asset-grid"]');
    if (c.total === 0) return document.querySelector('[data-testid="no-matches"]') !== null;
    const firstCell = document.querySelector('[data-testid="asset-cell"][data-index="0"]');
    return grid?.getAttribute('data-total') === String(c.total) && firstCell?.getAttribute('data-asset-id') === c.firstId;
  };
  w.__benchSearch = new Promise((resolve, reject) => {
    let done = false;
    const stop = () => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no result for "${args.query}" within ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    const check = () => {
      const keydownAt = keydown();
      const c = keydownAt === undefined ? undefined : call(keydownAt);
      if (done || keydownAt === undefined || !c || !shows(c)) return;
      const shownAt = performance.now();
      stop();
      requestAnimationFrame(() =>
        setTimeout(() => resolve({ query: args.query, total: c.total ?? 0, keydownAt, sentAt: c.sentAt, answeredAt: c.answeredAt!, shownAt, paintedAt: performance.now() }), 0),
      );
    };
    // The DOM change that shows the answer is caught as it happens...
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-total', 'data-asset-id'] });
    // ... but an answer identical to what is on screen changes nothing: poll for that case as well.
    const poll = () => {
      check();
      if (!done) setTimeout(poll, 5);
    };
    poll();
  });
  // An unobserved rejection would be reported as a page error before the bench reads it.
  w.__benchSearch.catch(() => undefined);
}

export function searchWatchResult(): Promise<KeystrokeSample> {
  return (window as unknown as { __benchSearch: Promise<KeystrokeSample> }).__benchSearch;
}

export interface DropTimes {
  droppedAt: number;
  firstCellAt: number | null;
  firstThumbAt: number | null;
  firstThumbPaintedAt: number | null;
  reportAt: number;
}

/**
 * Call before dropping: starts watching and leaves a promise in `window.__benchDrop` that resolves when
 * the import report appears, with when the drop event fired, when the first grid cell appeared and when
 * the first thumbnail finished loading (and the frame after it).
 */
export function startDropWatch(args: { timeoutMs: number }): void {
  const w = window as unknown as { __benchDrop: Promise<DropTimes> };
  w.__benchDrop = new Promise((resolve, reject) => {
    const times: Omit<DropTimes, 'reportAt'> = { droppedAt: 0, firstCellAt: null, firstThumbAt: null, firstThumbPaintedAt: null };
    const onDrop = (event: DragEvent) => {
      times.droppedAt = event.timeStamp;
    };
    const onLoad = (event: Event) => {
      const img = event.target;
      if (times.firstThumbAt !== null || !(img instanceof HTMLImageElement) || img.dataset.testid !== 'asset-thumb') return;
      times.firstThumbAt = performance.now();
      requestAnimationFrame(() => setTimeout(() => (times.firstThumbPaintedAt = performance.now()), 0));
    };
    const finish = () => {
      observer.disconnect();
      clearTimeout(timer);
      window.removeEventListener('drop', onDrop, true);
      document.removeEventListener('load', onLoad, true);
    };
    const observer = new MutationObserver(() => {
      if (times.firstCellAt === null && document.querySelector('[data-testid="asset-cell"]')) times.firstCellAt = performance.now();
      if (!document.querySelector('[data-testid="ingest-report"]')) return;
      const reportAt = performance.now();
      finish();
      // Let a first thumbnail that loaded in the same frame record its paint.
      requestAnimationFrame(() => setTimeout(() => resolve({ ...times, reportAt }), 0));
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no import report within ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    window.addEventListener('drop', onDrop, true);
    document.addEventListener('load', onLoad, true);
    observer.observe(document.body, { subtree: true, childList: true });
  });
  // An unobserved rejection would be reported as a page error before the bench reads it.
  w.__benchDrop.catch(() => undefined);
}

export function dropWatchResult(): Promise<DropTimes> {
  return (window as unknown as { __benchDrop: Promise<DropTimes> }).__benchDrop;
}
