import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { CallTap } from './call-tap';

/**
 * Following the watermark designer's live preview from outside the app: which edit the preview
 * shows, and how long an edit took to reach the screen. A recorder installed in the page timestamps
 * every input, change and click and every preview drawn; the designer
 * marks the latest edit (data-revision) and the edit whose picture finished loading
 * (data-drawn-revision) on the preview's <figure>; the recorder notes when the latter changes. No vitest import: bench/ui-designer-bench.ts shares
 * this file.
 */

export interface PreviewSample {
  readonly revision: number;
  /** The first user event of the change (page clock). */
  readonly changedAt: number;
  /** The page marked the picture of this revision drawn (its <img> loaded). */
  readonly drawnAt: number;
  /** The end of the frame after that: the picture is on screen. */
  readonly paintedAt: number;
  /** The preview request that produced it: sent, and its response's headers received (page clock). */
  readonly requestSentAt: number | null;
  readonly responseAt: number | null;
  /** The engine's own time for the render, as it reported it. */
  readonly renderMs: number;
  /** SHA-256 of the JPEG shown, and the JPEG itself. */
  readonly hash: string;
  readonly jpeg: Buffer;
}

interface Recorder {
  events: number[];
  loads: { revision: number; at: number; paintedAt: number | null }[];
  calls: { sentAt: number; responseAt: number | null }[];
}

/** Sent to the page as source: uses nothing from outside its body. Safe to call more than once. */
export function installDesignerRecorder(): void {
  const w = window as unknown as { __designerRecorder?: Recorder };
  if (w.__designerRecorder) return;
  const recorder: Recorder = { events: [], loads: [], calls: [] };
  w.__designerRecorder = recorder;
  const tap = (window as unknown as { __callTap?: CallTap }).__callTap;
  if (!tap) throw new Error('install the call tap (call-tap.ts) before the designer recorder');
  tap.watch('watermark.preview', (_args, sentAt) => {
    const call = { sentAt, responseAt: null as number | null };
    recorder.calls.push(call);
    return (_response, answeredAt) => (call.responseAt = answeredAt);
  });
  for (const type of ['input', 'change', 'click']) {
    document.addEventListener(type, (event) => recorder.events.push(event.timeStamp), true);
  }
  // The designer sets data-drawn-revision once the <img> has loaded an edit's picture (or at once, when
  // the answer is the picture already shown): the moment the edit is on the page.
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      const revision = Number((m.target as Element).getAttribute('data-drawn-revision'));
      if (!Number.isFinite(revision) || recorder.loads.some((l) => l.revision === revision)) continue;
      const entry = { revision, at: performance.now(), paintedAt: null as number | null };
      recorder.loads.push(entry);
      requestAnimationFrame(() => setTimeout(() => (entry.paintedAt = performance.now()), 0));
    }
  });
  observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn-revision'] });
}

/** How many user events the recorder has seen: take it before a change, hand it to awaitPreview after. */
export async function eventMark(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __designerRecorder: Recorder }).__designerRecorder.events.length);
}

const FIGURE = '[data-testid="watermark-preview"]';

/**
 * Waits until the preview shows the latest edit, a newer one than `afterRevision` (rendered, loaded,
 * the frame after it drawn), then reads what it shows and when the change that led to it began.
 */
export async function awaitPreview(page: Page, options: { afterRevision: number; eventMark: number; timeoutMs?: number }): Promise<PreviewSample> {
  const handle = await page
    .waitForFunction(
    ({ figureSelector, afterRevision }) => {
      const figure = document.querySelector(figureSelector);
      if (!figure || figure.getAttribute('data-state') !== 'ready') return null;
      const revision = Number(figure.getAttribute('data-revision'));
      if (!(revision > afterRevision) || figure.getAttribute('data-drawn-revision') !== String(revision)) return null;
      const recorder = (window as unknown as { __designerRecorder: Recorder }).__designerRecorder;
      const load = recorder.loads.find((l) => l.revision === revision);
      if (!load || load.paintedAt === null) return null;
      return { revision, drawnAt: load.at, paintedAt: load.paintedAt };
    },
    { figureSelector: FIGURE, afterRevision: options.afterRevision },
    { timeout: options.timeoutMs ?? 20_000, polling: 'raf' },
  )
    .catch(async (error: unknown) => {
      // Say what the preview showed instead, so a failure can be read without a screenshot.
      const figure = await page.evaluate((selector) => {
        const f = document.querySelector(selector);
        return f ? `state ${f.getAttribute('data-state')}, revision ${f.getAttribute('data-revision')}, drawn ${f.getAttribute('data-drawn-revision')}, problem "${f.textContent?.trim() ?? ''}"` : 'no preview on the page';
      }, FIGURE);
      throw new Error(`the preview did not show an edit newer than revision ${options.afterRevision} (${figure}): ${error instanceof Error ? error.message : String(error)}`);
    });
  const shown = (await handle.jsonValue())!;
  const details = await page.evaluate(
    ({ figureSelector, mark }) => {
      const recorder = (window as unknown as { __designerRecorder: Recorder }).__designerRecorder;
      const img = document.querySelector<HTMLImageElement>(`${figureSelector} img`);
      const stats = document.querySelector('[data-testid="watermark-preview-stats"]')?.textContent ?? '';
      const changedAt = recorder.events[mark] ?? null;
      // The last request sent after the change (earlier ones were coalesced away or superseded).
      const call = changedAt === null ? undefined : recorder.calls.filter((c) => c.sentAt >= changedAt).at(-1);
      return { changedAt, src: img?.getAttribute('src') ?? '', stats, requestSentAt: call?.sentAt ?? null, responseAt: call?.responseAt ?? null };
    },
    { figureSelector: FIGURE, mark: options.eventMark },
  );
  if (details.changedAt === null) throw new Error('no user event was recorded for this change');
  const base64 = details.src.replace(/^data:image\/jpeg;base64,/, '');
  const jpeg = Buffer.from(base64, 'base64');
  const renderMs = Number(/drawn in (\d+) ms/.exec(details.stats)?.[1] ?? Number.NaN);
  return { ...shown, changedAt: details.changedAt, requestSentAt: details.requestSentAt, responseAt: details.responseAt, renderMs, hash: createHash('sha256').update(jpeg).digest('hex'), jpeg };
}

/** The revision the preview currently shows (0 before the first). */
export async function currentRevision(page: Page): Promise<number> {
  return page.evaluate((selector) => Number(document.querySelector(selector)?.getAttribute('data-revision') ?? 0), FIGURE);
}

/** One change through `act`, timed from its first event to the frame that showed its picture. */
export async function timedChange(page: Page, act: () => Promise<void>): Promise<PreviewSample> {
  const afterRevision = await currentRevision(page);
  const mark = await eventMark(page);
  await act();
  return awaitPreview(page, { afterRevision, eventMark: mark });
}

export interface DragResult {
  /** input events dispatched. */
  readonly events: number;
  /** Preview requests the app sent while dragging. */
  readonly requests: number;
}

/**
 * Drags a slider (by test id) from `from` to `to` over `durationMs`, one input event per animation
 * frame, the way a pointer drag does: the value is set with the native setter, so React sees a real
 * change. Sent to the page as source.
 */
export function dragSlider(args: { testId: string; from: number; to: number; durationMs: number }): Promise<DragResult> {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${args.testId}"]`);
  if (!input) throw new Error(`no slider ${args.testId}`);
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const recorder = (window as unknown as { __designerRecorder: Recorder }).__designerRecorder;
  const requestsBefore = recorder.calls.length;
  let events = 0;
  return new Promise((resolve) => {
    let start: number | null = null;
    const step = (now: number) => {
      start ??= now;
      const t = Math.min(1, (now - start) / args.durationMs);
      setValue.call(input, String(Math.round(args.from + (args.to - args.from) * t)));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      events += 1;
      if (t < 1) requestAnimationFrame(step);
      else resolve({ events, requests: recorder.calls.length - requestsBefore });
    };
    requestAnimationFrame(step);
  });
}
