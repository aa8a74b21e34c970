/**
 * Diagnosis for the UI benchmark's two figures: a Chromium performance trace (CDP Tracing) of a few
 * search keystrokes and of a short scroll of the big grid, summarised per thread (main, compositor,
 * raster) by event name, plus the network timing of every assets.list request (queued in the browser vs
 * waiting for the shell), the page's resource timing against when the app had the parsed answer, a
 * sampled JS profile of the typing, and (untraced) five jumps through the grid timed to a screen of
 * loaded thumbnails. Prints figures; writes the raw traces for DevTools' Performance panel. What the
 * traces showed: bench/README-ui.md.
 *
 *   npx tsx bench/ui-trace.ts --vault DIR --passphrase TEXT [--out DIR] [--query TEXT] [--css TEXT] [--block-media]
 *
 * The vault is used as is (unlock, list, read thumbnails; nothing is written but the catalog's WAL),
 * so point it at a copy of a prepared synthetic vault.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/browser';
import { ensureRendererBuilt } from '../tests/e2e/renderer-build';
import { openApp, unlockWithPassphrase, waitForGridSettled } from './ui-library-session';
import { armSearchWatch, installSearchRecorder, scrollProbe, searchWatchResult } from './ui-page-probes';
import { installCallTap } from '../tests/e2e/call-tap';
import { startShellProcess } from './ui-shell-process';
import { summarizeProfile, summarizeTrace, type TraceEvent } from './ui-trace-summary';

const { values } = parseArgs({
  options: { vault: { type: 'string' }, passphrase: { type: 'string' }, out: { type: 'string' }, query: { type: 'string' }, css: { type: 'string' }, 'block-media': { type: 'boolean' } },
});
if (!values.vault || !values.passphrase) {
  process.stderr.write('usage: tsx bench/ui-trace.ts --vault DIR --passphrase TEXT [--out DIR] [--query TEXT]\n');
  process.exit(2);
}
const outDir = values.out ?? path.join(process.cwd(), 'ui-trace-out');
const QUERY = values.query ?? 'linen';
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'cc',
  'gpu',
  'loading',
  'netlog',
  'v8.execute',
  'toplevel',
].join(',');

const out = (line = '') => process.stdout.write(`${line}\n`);

async function trace<T>(session: CDPSession, name: string, action: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  const onData = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  session.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES.split(',') }, transferMode: 'ReportEvents' });
  const result = await action();
  await session.send('Tracing.end');
  await complete;
  session.off('Tracing.dataCollected', onData);
  writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify({ traceEvents: events }));
  return { result, events };
}

interface ListTiming {
  body: string;
  /** Frame sent → reply frame received, on the network process's clock. */
  roundTripMs: number;
}

/**
 * The assets.list calls as the network process saw them: frames on the call socket, matched to their
 * replies by id. Also counts thumbnail requests open when each call went out (they share the shell).
 */
function watchNetwork(session: CDPSession): { timings: ListTiming[]; mediaInFlightAtSend: number[] } {
  const timings: ListTiming[] = [];
  const mediaInFlightAtSend: number[] = [];
  const sent = new Map<number, { body: string; timestamp: number }>();
  const mediaOpen = new Set<string>();
  session.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.includes('/media/')) mediaOpen.add(e.requestId);
  });
  session.on('Network.loadingFinished', (e) => mediaOpen.delete(e.requestId));
  session.on('Network.loadingFailed', (e) => mediaOpen.delete(e.requestId));
  session.on('Network.webSocketFrameSent', (e) => {
    const frame = JSON.parse(e.response.payloadData) as { id: number; method: string; args?: unknown };
    if (frame.method !== 'assets.list') return;
    mediaInFlightAtSend.push(mediaOpen.size);
    sent.set(frame.id, { body: JSON.stringify(frame.args ?? {}), timestamp: e.timestamp });
  });
  session.on('Network.webSocketFrameReceived', (e) => {
    const id = Number(/^\{"id":(\d+),/.exec(e.response.payloadData)?.[1]);
    const call = sent.get(id);
    if (!call) return;
    sent.delete(id);
    timings.push({ body: call.body, roundTripMs: (e.timestamp - call.timestamp) * 1000 });
  });
  return { timings, mediaInFlightAtSend };
}

/** With thumbnails blocked no image ever loads: wait for the grid's cells only. */
const settle = (page: Page, total: number) =>
  values['block-media']
    ? page.waitForFunction((n) => document.querySelector('[data-testid="asset-grid"]')?.getAttribute('data-total') === String(n) && !document.querySelector('[data-testid="asset-cell-placeholder"]'), total, { polling: 'raf' }).then(() => undefined)
    : waitForGridSettled(page, total).catch(async (error: unknown) => {
        const state = await page.evaluate(() => {
          const grid = document.querySelector('[data-testid="asset-grid"]');
          const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-testid="asset-thumb"]')];
          return {
            total: grid?.getAttribute('data-total'),
            placeholders: document.querySelectorAll('[data-testid="asset-cell-placeholder"]').length,
            images: imgs.length,
            withoutSrc: imgs.filter((i) => !i.getAttribute('src')).length,
            incomplete: imgs.filter((i) => i.getAttribute('src') && (!i.complete || i.naturalWidth === 0)).length,
            missing: document.querySelectorAll('[data-testid="asset-thumb-missing"]').length,
            error: document.querySelector('[role="alert"]')?.textContent ?? null,
            scrollTop: grid?.scrollTop,
            clientHeight: grid?.clientHeight,
            rows: [...(grid?.querySelectorAll<HTMLElement>('[role="row"]') ?? [])].map((r) => r.style.top).join(','),
            visibility: document.visibilityState,
          };
        });
        throw new Error(`grid not settled: ${JSON.stringify(state)}`, { cause: error });
      });

async function typeAndWait(page: Page, query: string) {
  const box = page.getByTestId('search-box');
  await box.click();
  const samples = [];
  for (let i = 1; i <= query.length; i += 1) {
    await page.evaluate(armSearchWatch, { query: query.slice(0, i), timeoutMs: 60_000 });
    await page.keyboard.type(query[i - 1]!);
    samples.push(await page.evaluate(searchWatchResult));
  }
  return samples;
}

async function clear(page: Page, total: number) {
  const box = page.getByTestId('search-box');
  await box.press('ControlOrMeta+a');
  await page.evaluate(armSearchWatch, { query: '', timeoutMs: 120_000 });
  await box.press('Backspace');
  await page.evaluate(searchWatchResult);
  await settle(page, total);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  out(`renderer   ${await ensureRendererBuilt()}`);
  const app = await startShellProcess(values.vault!);
  const browser = await launchChromium();
  const session = await openApp(browser, app.url, async (p) => {
    await p.addInitScript(installCallTap);
    await p.addInitScript(installSearchRecorder);
  });
  const { page } = session;
  try {
    // Experiments: extra CSS (e.g. to see what a cell style costs in raster), or no thumbnails at all.
    if (values['block-media']) await page.route('**/media/**', (route) => route.abort());
    await unlockWithPassphrase(page, values.passphrase!);
    // A constructed sheet: the shell's CSP refuses inline <style>.
    if (values.css) {
      await page.evaluate((css) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }, values.css);
    }
    // The grid shows 0 until the first page answers.
    const total = Number(
      await (await page.waitForFunction(() => {
        const shown = document.querySelector('[data-testid="asset-grid"]')?.getAttribute('data-total');
        return shown && shown !== '0' ? shown : null;
      })).jsonValue(),
    );
    await settle(page, total);
    out(`unlocked: ${total} assets`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const net = watchNetwork(cdp);

    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const typed = await trace(cdp, 'keystrokes', () => typeAndWait(page, QUERY));
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(path.join(outDir, 'keystrokes.cpuprofile'), JSON.stringify(profile));
    out(`\nJavaScript while typing (self time, sampled):\n${summarizeProfile(profile)}`);
    out(`\nkeystrokes "${QUERY}" (traced)`);
    for (const s of typed.result) {
      out(
        `  "${s.query}": keydown→sent ${(s.sentAt - s.keydownAt).toFixed(1)}  sent→answered ${(s.answeredAt - s.sentAt).toFixed(1)}  answered→shown ${(s.shownAt - s.answeredAt).toFixed(1)}  shown→painted ${(s.paintedAt - s.shownAt).toFixed(1)}  total ${(s.paintedAt - s.keydownAt).toFixed(1)} ms (${s.total})`,
      );
    }
    out('  assets.list calls on the call socket: frame sent → reply received (network process)');
    for (const [i, t] of net.timings.entries()) {
      out(`    ${t.body.slice(0, 60).padEnd(60)} ${t.roundTripMs.toFixed(1)} ms; media requests open at send: ${net.mediaInFlightAtSend[i]}`);
    }
    out(summarizeTrace(typed.events));
    await clear(page, total);

    net.timings.length = 0;
    const scrolled = await trace(cdp, 'scroll', () => page.evaluate(scrollProbe, { durationMs: 1500, pxPerSecond: 1000 }));
    const deltas = [...scrolled.result.frameDeltas].sort((a, b) => a - b);
    out(`\nscroll 1.5 s at 1000 px/s (traced): ${deltas.length} frames, p50 ${deltas[Math.floor(deltas.length / 2)]?.toFixed(1)} p95 ${deltas[Math.ceil(deltas.length * 0.95) - 1]?.toFixed(1)} ms`);
    out(summarizeTrace(scrolled.events));

    // Untraced: jumps (as when dragging the scrollbar) to a screen of loaded thumbnails.
    await settle(page, total);
    const fills: string[] = [];
    for (const fraction of [0.3, 0.6, 0.9, 0.45, 0.75]) {
      const started = performance.now();
      await page.evaluate((f) => {
        const grid = document.querySelector<HTMLElement>('[data-testid="asset-grid"]')!;
        grid.scrollTop = Math.round((grid.scrollHeight - grid.clientHeight) * f);
      }, fraction);
      await settle(page, total);
      fills.push((performance.now() - started).toFixed(0));
    }
    out(`\njump → screen of thumbnails (ms): ${fills.join(', ')}`);
  } finally {
    await session.close();
    await browser.close();
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ui-trace failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
