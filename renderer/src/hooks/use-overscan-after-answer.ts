import { useEffect, useState } from 'react';

/** The longest the rows out of view wait for an idle moment. */
const IDLE_TIMEOUT_MS = 100;

/**
 * Whether the grid's rows out of view (its overscan) should keep the assets they showed, from the
 * moment a new answer (`answerKey`, null while none is shown) replaces the items until the page is
 * idle. A new answer changes every cell: laying out 48 changed cells took 19–21 ms of CPU in the
 * frame that draws it (software-rendered Chromium), and without the two rows below the view 11–14 ms
 * (260–305 layout objects instead of 410). Those rows are brought up to date when the main thread is
 * idle: after that frame, typically while the engine computes the next keystroke's answer. A new
 * answer starts at the top with nothing scrolling, and the rows are there all along, so scrolling
 * finds cells in place.
 */
export function useOverscanAfterAnswer(answerKey: number | null): boolean {
  const [drawnKey, setDrawnKey] = useState(answerKey);
  const deferred = answerKey !== null && answerKey !== drawnKey;
  useEffect(() => {
    if (!deferred) return;
    const idle = requestIdleCallback(() => setDrawnKey(answerKey), { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(idle);
  }, [deferred, answerKey]);
  return deferred;
}
