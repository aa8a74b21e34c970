/**
 * Tells a fling (a fast, sustained scroll: a flick of the trackpad, the scrollbar dragged) from
 * reading speed and from a single jump (Page Down, Home, a click in the scrollbar's track). Fed the
 * scroll position once per frame. A fling is this fast for two frames in a row, so one jump, however
 * far, is not one: its screen should load at once.
 */
export const FLING_PX_PER_S = 3000;
const FRAMES_TO_CONFIRM = 2;

export interface FlingDetector {
  /** The scroll position at `timeMs`; true while the grid is being flung. */
  sample(scrollTop: number, timeMs: number): boolean;
}

export function createFlingDetector(thresholdPxPerS = FLING_PX_PER_S): FlingDetector {
  let last: { top: number; time: number } | null = null;
  let fastFrames = 0;
  return {
    sample(scrollTop, timeMs) {
      const prev = last;
      last = { top: scrollTop, time: timeMs };
      // Frames further apart than this were not one movement (the tab was hidden, the page was busy).
      if (!prev || timeMs <= prev.time || timeMs - prev.time > 250) {
        fastFrames = 0;
        return false;
      }
      const speed = (Math.abs(scrollTop - prev.top) * 1000) / (timeMs - prev.time);
      fastFrames = speed > thresholdPxPerS ? fastFrames + 1 : 0;
      return fastFrames >= FRAMES_TO_CONFIRM;
    },
  };
}
