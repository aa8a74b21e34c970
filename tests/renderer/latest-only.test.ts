import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../renderer/src/lib/latest-only';
import { deferred, type Deferred } from './helpers/presets';
import { settle } from './helpers/fake-transport';

describe('latestOnly', () => {
  function harness() {
    const started: number[] = [];
    const pending: Deferred<void>[] = [];
    const runner = latestOnly<number>((n) => {
      started.push(n);
      const d = deferred<void>();
      pending.push(d);
      return d.promise;
    });
    return { runner, started, pending };
  }

  it('sends at once when nothing is out, and keeps only the newest input while one is', async () => {
    const { runner, started, pending } = harness();
    runner.push(1);
    runner.push(2);
    runner.push(3);
    expect(started).toEqual([1]);
    expect([runner.busy, runner.waiting]).toEqual([true, true]);

    pending[0]!.resolve();
    await settle();
    // 2 was replaced by 3 before it could start.
    expect(started).toEqual([1, 3]);
    expect(runner.waiting).toBe(false);

    pending[1]!.resolve();
    await settle();
    expect(started).toEqual([1, 3]);
    expect(runner.busy).toBe(false);

    runner.push(4);
    expect(started).toEqual([1, 3, 4]);
  });

  it('carries on after a failed run, and cancel drops only what waits', async () => {
    const { runner, started, pending } = harness();
    runner.push(1);
    runner.push(2);
    runner.cancel();
    pending[0]!.reject(new Error('engine gone'));
    await settle();
    expect(started).toEqual([1]);
    expect(runner.busy).toBe(false);

    runner.push(5);
    runner.push(6);
    pending[1]!.reject(new Error('again'));
    await settle();
    expect(started).toEqual([1, 5, 6]);
  });
});
