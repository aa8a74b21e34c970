import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../electron/core/concurrency';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimited([30, 5, 20, 1, 10, 2], 2, async (ms, index) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick(ms);
      running -= 1;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure and rejects only once the calls in flight have settled', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapLimited([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('first one fails');
      await tick(20);
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('first one fails');
    // Item 1 was already in flight when 0 failed: it finished before the rejection; 2..4 never began.
    expect(finished).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list and a limit above the item count', async () => {
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
    expect(await mapLimited([1, 2], 8, async (n) => n * 2)).toEqual([2, 4]);
  });
});
