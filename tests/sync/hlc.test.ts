import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { localDeviceId, nextHlc, observeHlc, setWallClock } from '../../electron/core/sync/ops/device';
import { compareHlc, formatHlc, parseHlc, receive, tick } from '../../electron/core/sync/ops/hlc';
import { makeTempDir } from '../helpers/temp-dir';

const dev = 'abcdefghjkmn';

describe('hybrid logical clock', () => {
  it('orders by wall time, then counter, then device, as strings', () => {
    const a = formatHlc({ wall: 1000, counter: 5, device: dev });
    const b = formatHlc({ wall: 1001, counter: 0, device: dev });
    const c = formatHlc({ wall: 1001, counter: 0, device: 'zzzzzzzzzzzz' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(compareHlc(a, b)).toBe(-1);
    expect(parseHlc(a)).toEqual({ wall: 1000, counter: 5, device: dev });
  });

  it('never goes back when the wall clock does', () => {
    let h = { wall: 0, counter: 0, device: dev };
    const seen: string[] = [];
    for (const wall of [5000, 5000, 4000, 3000, 5001, 100]) {
      h = tick(h, wall);
      seen.push(formatHlc(h));
    }
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
    expect(parseHlc(seen[3]!)).toEqual({ wall: 5000, counter: 3, device: dev });
  });

  it('moves past a received value, even one from a clock far ahead', () => {
    const local = { wall: 1000, counter: 2, device: dev };
    const remote = { wall: 9000, counter: 7, device: 'zzzzzzzzzzzz' };
    const after = receive(local, remote, 1500);
    expect(after).toEqual({ wall: 9000, counter: 8, device: dev });
    expect(formatHlc(tick(after, 1500)) > formatHlc(remote)).toBe(true);
  });

  it('is kept in the catalog: monotonic across reopening, and advanced by observed ops', () => {
    const file = path.join(makeTempDir('hlc'), 'catalog.db');
    const key = randomBytes(32);
    let db = openCatalog(file, key, { create: true });
    const base = Date.now() + 50_000;
    setWallClock(db, () => base);
    const id = localDeviceId(db);
    const first = db.transaction(() => nextHlc(db))();
    db.transaction(() => observeHlc(db, formatHlc({ wall: base + 90_000, counter: 1, device: 'zzzzzzzzzzzz' })))();
    db.close();
    db = openCatalog(file, key);
    setWallClock(db, () => 10); // the machine's clock was reset
    const second = db.transaction(() => nextHlc(db))();
    expect(localDeviceId(db)).toBe(id);
    expect(second > first).toBe(true);
    expect(parseHlc(second).wall).toBe(base + 90_000);
    db.close();
  });
});
