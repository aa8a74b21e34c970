import { useEffect, useState } from 'react';
import { TYPING_QUIET_MS } from './use-thumbnail-slot';

/**
 * How long the rows out of view wait after an answer: as long as the search box waits for typing to
 * pause before thumbnails load, so while typing they are not redrawn for each answer, only for the last.
 */
const CATCH_UP_AFTER_MS = TYPING_QUIET_MS;

/**
 * Whether the grid's rows out of view (its overscan) should keep the assets they showed, from the
 * moment a new answer (`answerKey`, null while none is shown) replaces the items until no newer one
 * has come for a moment. A new answer changes every cell: laying out 48 changed cells took 19–21 ms
 * of CPU in the frame that draws it (software-rendered Chromium), and without the two rows below the
 * view 11–14 ms (260–305 layout objects instead of 410). Brought up to date as soon as the page was
 * idle, those rows delayed the next keystroke's request by 3–6 ms (p95). A row that scrolls into view
 * meanwhile is drawn from the current answer (only rows out of view are kept), so a stale cell is
 * never seen, and the rows are there all along, so scrolling finds cells in place.
 */
export function useOverscanAfterAnswer(answerKey: number | null): boolean {
  const [drawnKey, setDrawnKey] = useState(answerKey);
  const deferred = answerKey !== null && answerKey !== drawnKey;
  useEffect(() => {
    if (!deferred) return;
    const timer = setTimeout(() => setDrawnKey(answerKey), CATCH_UP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [deferred, answerKey]);
  return deferred;
}
