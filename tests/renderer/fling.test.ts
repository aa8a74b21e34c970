import { describe, expect, it } from 'vitest';
import { createFlingDetector, FLING_PX_PER_S } from '../../renderer/src/lib/fling';

const FRAME_MS = 1000 / 60;

/** Feeds a scroll at `pxPerS` for `frames` frames from `top` and `start`; returns each frame's answer. */
function scroll(detector: ReturnType<typeof createFlingDetector>, pxPerS: number, frames: number, top = 0, start = 0): boolean[] {
  return Array.from({ length: frames }, (_, i) => detector.sample(top + (pxPerS * i * FRAME_MS) / 1000, start + i * FRAME_MS));
}

describe('fling detector', () => {
  it('never calls reading speed a fling (1,000 px/s, and just under the threshold)', () => {
    expect(scroll(createFlingDetector(), 1000, 120)).not.toContain(true);
    expect(scroll(createFlingDetector(), FLING_PX_PER_S * 0.95, 120)).not.toContain(true);
  });

  it('calls 5,000 px/s a fling from its second fast frame on, in either direction', () => {
    const down = scroll(createFlingDetector(), 5000, 10);
    expect(down.slice(0, 2)).toEqual([false, false]);
    expect(down.slice(2)).toEqual(Array(8).fill(true));
    expect(scroll(createFlingDetector(), -5000, 10, 100_000).slice(2)).toEqual(Array(8).fill(true));
  });

  it('does not call a single jump a fling, however far (Page Down, Home, a click in the track)', () => {
    const detector = createFlingDetector();
    scroll(detector, 0, 5);
    expect(detector.sample(80_000, 5 * FRAME_MS)).toBe(false);
    expect(detector.sample(80_000, 6 * FRAME_MS)).toBe(false);
    expect(detector.sample(0, 7 * FRAME_MS)).toBe(false);
  });

  it('ends the fling as soon as a frame is slow, and forgets movement across a long gap', () => {
    const detector = createFlingDetector();
    expect(scroll(detector, 5000, 5).at(-1)).toBe(true);
    const top = (5000 * 4 * FRAME_MS) / 1000;
    expect(detector.sample(top + 2, 5 * FRAME_MS)).toBe(false);
    // Two fast frames again, but the first follows a half-second gap (a hidden tab): not yet a fling.
    expect(detector.sample(top + 4000, 5 * FRAME_MS + 500)).toBe(false);
    expect(detector.sample(top + 4100, 6 * FRAME_MS + 500)).toBe(false);
    expect(detector.sample(top + 4200, 7 * FRAME_MS + 500)).toBe(true);
  });
});
