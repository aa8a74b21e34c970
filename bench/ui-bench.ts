/**
 * UI benchmark: `npm run bench:ui` (also the last section of `npm run bench`, unless --skip-ui).
 *
 * The real renderer in Debian's Chromium against the real browser shell on 127.0.0.1, in this process:
 *   (a) frame times while scrolling a grid of 100,000 assets (target: p95 ≤ 16.7 ms), at two speeds
 *   (b) keystroke to results while typing a search (target: p95 ≤ 50 ms)
 *   (a) and (b) in the desktop app's default window (1280×820), then again in a larger one (1600×1000)
 *   (c) 200 photos dropped on a fresh vault: to the first thumbnail drawn, and to the import report
 *   (d) the renderer's JS heap after jumping through the whole 100k grid
 * plus, as a diagnosis, how long the engine takes to answer the calls the UI makes at that size.
 * It prints figures; nothing passes or fails on speed. It exits non-zero only if a measurement breaks.
 *
 *   --assets N          synthetic assets in the big vault (100000)
 *   --photos N          photos dropped in (c) (200; half 2400×1600, half 3000×2000)
 *   --scroll-seconds S  length of the smooth scroll in (a), half at 1,000 and half at 5,000 px/s (5)
 *   --jumps N           places visited when jumping through the grid in (d) (12)
 *   --search-rounds N   times the three searches of (b) are typed (3: 60 keystrokes; with 20, the p95
 *                       is the second-slowest key, and identical runs read 46.6–54.4 ms)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, ViewportSize } from 'playwright-core';
import { launchChromium } from '../tests/e2e/browser';
import { ensureRendererBuilt } from '../tests/e2e/renderer-build';
import { mib, seconds, table } from './format';
import { croppedPhotoSet } from './photos';
import { benchDrop } from './ui-drop-bench';
import { benchEngineCalls } from './ui-engine-calls';
import { benchTransport } from './ui-transport';
import { benchJumpThrough, benchSmoothScroll, type ScrollResult } from './ui-grid-bench';
import { openApp, unlockWithPassphrase, waitForGridSettled } from './ui-library-session';
import { DEFAULT_WINDOW_SIZE } from '../electron/main/window-state';
import { installCallTap } from '../tests/e2e/call-tap';
import { installSearchRecorder, type KeystrokeSample } from './ui-page-probes';
import { benchSearch } from './ui-search-bench';
import { describe, ms, percentile, summarize } from './ui-stats';
import { startShellProcess } from './ui-shell-process';
import { buildSyntheticVault } from './ui-synthetic-vault';

const FRAME_TARGET_MS = 16.7;
/**
 * Where (a) and (b) are measured: the window the desktop app opens with, then a larger one. Chromium
 * here composites in software, whose cost per frame grows with the window's pixels (1,000 px/s,
 * interleaved: 0–4 frames in 150 missed a vsync at 1280×800, 3–15 at 1600×1000, with the GPU
 * process at 0.8–0.95 s against 1.1–1.5 s of CPU per 2.5 s). The figures of both are printed.
 */
interface BenchWindow {
  label: string;
  size: ViewportSize;
}
const WINDOWS: readonly BenchWindow[] = [
  { label: 'app window', size: { ...DEFAULT_WINDOW_SIZE } },
  { label: 'large window', size: { width: 1600, height: 1000 } },
];
const windowName = (w: BenchWindow) => `${w.label} ${w.size.width}×${w.size.height}`;
const KEYSTROKE_TARGET_MS = 50;
/** A steady reading scroll, then a fling; each for half the scroll time. */
const SCROLL_SPEEDS_PX_PER_S = [1000, 5000];
/** performance.now() is coarsened to 0.1 ms: an idle 60 Hz page measures 16.6–16.8 ms per frame. */
const TIMER_RESOLUTION_MS = 0.1;
const SEARCHES = ['SKU-04', 'linen', 'sage tote'];
const PASSPHRASE = 'bench passphrase for the ui run';
const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/images/', import.meta.url));
/** Real photos imported the normal way; the synthetic assets share their renditions. */
const REAL_PHOTOS = [
  'orientation/Landscape_1.jpg',
  'photos/flowers.jpeg',
  'photos/concert.jpg',
  'photos/2569067123_aca715a2ee_o.jpg',
  'photos/320x240.jpg',
  'photos/4.webp',
  'photos/Channel_digital_image_CMYK_color.jpg',
  'metadata/Google.jpg',
].map((p) => path.join(FIXTURES, p));

const { values } = parseArgs({
  options: {
    assets: { type: 'string' },
    photos: { type: 'string' },
    'scroll-seconds': { type: 'string' },
    jumps: { type: 'string' },
    'search-rounds': { type: 'string' },
  },
});
const assetCount = Number(values.assets ?? 100_000);
const photoCount = Number(values.photos ?? 200);
const scrollSeconds = Number(values['scroll-seconds'] ?? 5);
const jumps = Number(values.jumps ?? 12);
const searchRounds = Number(values['search-rounds'] ?? 3);
if (![assetCount, photoCount, scrollSeconds, jumps, searchRounds].every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('bench:ui: --assets, --photos, --scroll-seconds, --jumps and --search-rounds take positive integers\n');
  process.exit(2);
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
/**
 * Judged on the value as printed (0.1 ms): the timer's own resolution. A frame delta of 16.8 ms is
 * a frame at the next vsync, and must not fail on its binary fraction (16.8000000001).
 */
const verdict = (value: number, target: number, tolerance = 0) => (Math.round(value * 10) / 10 <= target + tolerance + 1e-9 ? 'meets target' : 'ABOVE target');
/** A frame delta this long missed at least one vsync at 60 Hz. */
const MISSED_VSYNC_MS = 25;

/** Made before anything imports in this process: the engine's decoder settings block the SVG loader the generator needs. */
async function dropPhotos(): Promise<string[]> {
  const half = Math.floor(photoCount / 2);
  const small = await croppedPhotoSet({ count: half, width: 2400, height: 1600, prefix: 'ui-drop-3.8mp' });
  const large = await croppedPhotoSet({ count: photoCount - half, width: 3000, height: 2000, prefix: 'ui-drop-6mp' });
  return [...small.files, ...large.files];
}

/** (a), (b), (d) and the engine calls, in one browser session on the big vault. */
async function benchBigVault(browser: Browser, vaultDir: string, total: number, log: (line?: string) => void, lap: () => string) {
  const app = await startShellProcess(vaultDir);
  const session = await openApp(
    browser,
    app.url,
    async (page) => {
      await page.addInitScript(installCallTap);
      await page.addInitScript(installSearchRecorder);
    },
    WINDOWS[0]!.size,
  );
  const { page } = session;
  try {
    await unlockWithPassphrase(page, PASSPHRASE);
    await waitForGridSettled(page, total);
    log(`  unlocked in the browser, first screen of thumbnails shown (${lap()})`);
    const perWindow = [];
    for (const window of WINDOWS) {
      await page.setViewportSize(window.size);
      await waitForGridSettled(page, total);
      log();
      log(`In the ${windowName(window)}`);
      const scroll = [];
      for (const pxPerSecond of SCROLL_SPEEDS_PX_PER_S) {
        log(`(a) scrolling: ${scrollSeconds / 2} s at ${pxPerSecond} px/s`);
        scroll.push(await benchSmoothScroll(page, { durationMs: (scrollSeconds * 1000) / 2, pxPerSecond }));
        log(`  ${scroll.at(-1)!.sample.frameDeltas.length} frames over ${Math.round(scroll.at(-1)!.sample.distancePx)} px (${lap()})`);
      }
      // Pages the scroll asked for are answered first, so the search does not queue behind them.
      await waitForGridSettled(page, total);
      log(`(b) search, one character at a time, ${searchRounds} × ${SEARCHES.map((q) => `"${q}"`).join(', ')}`);
      const search = await benchSearch(page, Array.from({ length: searchRounds }, () => SEARCHES).flat(), log);
      log(`  ${search.length} keystrokes (${lap()})`);
      perWindow.push({ window, scroll, search });
    }
    await page.setViewportSize(WINDOWS[0]!.size);
    await waitForGridSettled(page, total);
    log();
    log(`(d) jumping through the whole grid in ${jumps} steps, in the ${windowName(WINDOWS[0]!)}`);
    const jump = await benchJumpThrough(page, { positions: jumps, total, log });
    log(`  done (${lap()})`);
    log('engine calls at this size, timed from the page (median of 3)');
    const engine = await benchEngineCalls(page, total, log);
    log('the page calling the shell: vault.state 100 times each way');
    const transport = await benchTransport(page);
    for (const t of transport) log(`  ${t.label}: p50 ${ms(t.p50)}, p95 ${ms(t.p95)}`);
    log(`  done (${lap()})`);
    if (session.errors.length > 0) log(`page errors: ${session.errors.join(' | ')}`);
    return { perWindow, jump, engine, transport };
  } finally {
    await session.close();
    await app.close();
  }
}

/** The summary rows of (a) and (b) for one window. */
function windowRows(total: number, { window, scroll, search }: { window: BenchWindow; scroll: ScrollResult[]; search: KeystrokeSample[] }): string[][] {
  const keystroke = summarize(search.map((s) => s.paintedAt - s.keydownAt));
  const debounce = search.map((s) => s.sentAt - s.keydownAt);
  const engineMs = search.map((s) => s.answeredAt - s.sentAt);
  const render = search.map((s) => s.paintedAt - s.answeredAt);
  return [
    [`${windowName(window)}:`, '', '', ''],
    ...scroll.flatMap((r) => {
      const frames = r.sample.frameDeltas.length;
      return [
        [`(a) frame time, scrolling ${total.toLocaleString('en')} at ${r.pxPerSecond} px/s`, describe(r.frames), `p95 ≤ ${FRAME_TARGET_MS} ms`, verdict(r.frames.p95, FRAME_TARGET_MS, TIMER_RESOLUTION_MS)],
        ['    frames that missed a vsync (> 25 ms apart)', `${r.sample.frameDeltas.filter((d) => d > MISSED_VSYNC_MS).length} of ${frames}`, '', ''],
        ['    long tasks (> 50 ms) / long animation frames', `${r.sample.longTasks.length} (max ${ms(Math.max(0, ...r.sample.longTasks))}) / ${r.sample.longFrames.length}`, '', ''],
        ['    frames with placeholders in view', `${r.sample.placeholderFrames} of ${frames} (${((100 * r.sample.placeholderFrames) / Math.max(1, frames)).toFixed(0)} %)`, '', ''],
      ];
    }),
    ['(b) keystroke → results drawn', describe(keystroke), `p95 ≤ ${KEYSTROKE_TARGET_MS} ms`, verdict(keystroke.p95, KEYSTROKE_TARGET_MS)],
    ['    keydown → request (debounce)', `p50 ${ms(percentile(debounce, 50))}, p95 ${ms(percentile(debounce, 95))}`, '', ''],
    ['    request → answer (engine + call socket)', `p50 ${ms(percentile(engineMs, 50))}, p95 ${ms(percentile(engineMs, 95))}`, '', ''],
    ['    answer → drawn (renderer)', `p50 ${ms(percentile(render, 50))}, p95 ${ms(percentile(render, 95))}`, '', ''],
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  out('Strongroom UI benchmark');
  out('=======================');
  out(`date       ${new Date().toISOString()}`);
  out(`machine    ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${mib(os.totalmem(), 0)} RAM; load ${load()} at start`);

  let step = performance.now();
  const lap = () => {
    const s = seconds(performance.now() - step);
    step = performance.now();
    return s;
  };
  const photos = await dropPhotos();
  out(`photos     ${photos.length} JPEGs for (c) (2400×1600 and 3000×2000, cached under the OS temp folder) ready in ${lap()}`);
  out(`renderer   ${await ensureRendererBuilt()}`);

  const root = mkdtempSync(path.join(os.tmpdir(), 'strongroom-ui-bench-'));
  const browser = await launchChromium();
  try {
    out(`browser    Chromium ${browser.version()} (headless, software rendering); windows: ${WINDOWS.map(windowName).join(', then ')}`);
    out();
    out(`Synthetic vault: ${REAL_PHOTOS.length} real photos imported, then ${assetCount.toLocaleString('en')} assets inserted`);
    const bigVault = path.join(root, 'big-vault');
    const built = await buildSyntheticVault({ dir: bigVault, passphrase: PASSPHRASE, photos: REAL_PHOTOS, assets: assetCount, log: out });
    const total = built.realAssets + built.syntheticAssets;
    out(`  ready in ${lap()}: ${total.toLocaleString('en')} assets, ${built.versions.toLocaleString('en')} synthetic versions`);

    const { perWindow, jump, engine, transport } = await benchBigVault(browser, bigVault, total, out, lap);
    out();
    out(`(c) ${photos.length} photos dropped on the window of a fresh vault (${windowName(WINDOWS[0]!)})`);
    const dropped = await benchDrop(browser, { vaultDir: path.join(root, 'fresh-vault'), passphrase: PASSPHRASE, photos, viewport: WINDOWS[0]!.size });
    out(`  ${dropped.imported} imported (${lap()})`);

    out();
    out('Summary');
    out('-------');
    out(
      table(
        ['figure', 'value', 'target', 'verdict'],
        [
          ...perWindow.flatMap((w) => windowRows(total, w)),
          [`${windowName(WINDOWS[0]!)}:`, '', '', ''],
          [`(c) drop ${dropped.files} photos → first thumbnail drawn`, seconds(dropped.firstThumbMs), 'none set', ''],
          ['    drop → import report (all done)', `${seconds(dropped.allDoneMs)} (${(dropped.imported / (dropped.allDoneMs / 1000)).toFixed(1)} photos/s)`, 'none set', ''],
          ['(d) JS heap: top of grid (after a GC) → after jumping through', `${mib(jump.before.jsHeapUsed)} → ${mib(jump.afterJumps.jsHeapUsed)}`, 'none set', ''],
          ['    JS heap after a forced GC', mib(jump.afterGc.jsHeapUsed), 'bounded', jump.afterGc.jsHeapUsed < jump.before.jsHeapUsed * 2 ? 'bounded (< 2× start)' : 'GROWS'],
          [
            '    DOM nodes: top of grid (after a GC) → after jumps → after GC',
            `${jump.before.domNodes} → ${jump.afterJumps.domNodes} → ${jump.afterGc.domNodes}`,
            'flat',
            // Removed cells the page still holds (detached) show here: the grid's own DOM is the same size.
            jump.afterGc.domNodes < jump.before.domNodes * 1.5 ? 'flat (< 1.5× start)' : 'GROWS',
          ],
          ['    jump → screen of thumbnails', describe(jump.fill), '', ''],
          ...engine.map((e) => [`engine: ${e.label}`, ms(e.medianMs, 0), '', '']),
          ...transport.map((t) => [`transport: ${t.label}`, `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}`, '', '']),
        ],
      ),
    );
    out(
      'Method: (a) rAF timestamp deltas while scrollTop follows time; (b) per keystroke, keydown.timeStamp to the end of the frame ' +
        'after the grid DOM shows that answer (total + first asset), the app observed from outside (call tap and keydown recorder); ' +
        '(c) drop event to the end of the frame after the first thumbnail loaded, and to the report; (d) CDP Performance.getMetrics.',
    );
    out(`total UI bench time ${seconds(performance.now() - started)}, load ${load()} at end`);
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:ui failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
