import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { SyncBatchError } from '../../electron/core/sync/ops/batch-errors';
import { applyIncomingBatch } from '../../electron/core/sync/ops/batches-in';
import { markSent, nextOutgoingBatch } from '../../electron/core/sync/ops/batches-out';
import { setWallClock } from '../../electron/core/sync/ops/device';
import type { Batch } from '../../electron/core/sync/ops/op-schemas';
import { bootstrapFromSnapshot, createSnapshot } from '../../electron/core/sync/ops/snapshot';
import { startOpLog } from '../../electron/core/sync/ops/start-op-log';
import { makeTempDir } from '../helpers/temp-dir';

/** A seeded PRNG (mulberry32): a failing run is repeated exactly from its printed seed. */
export function prng(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T; chance: (p: number) => boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

export interface Device {
  db: DB;
  /** This device's simulated wall clock (ms); tests move it, also backwards. */
  clock: { now: number };
}

/** A real SQLCipher catalog in its own folder, with a wall clock the test controls. */
export function openDevice(dir: string, name: string, start: number): Device {
  const db = openCatalog(path.join(dir, `${name}.db`), randomBytes(32), { create: true });
  // Durability is not under test here; an fsync per transaction would make the runs few.
  db.pragma('synchronous = OFF');
  const clock = { now: start };
  setWallClock(db, () => clock.now);
  // These devices sync from their first edit (a vault's op log starts when it first meets sync).
  startOpLog(db);
  return { db, clock };
}

/** One first device and the others joined from its snapshot, as `strongroom join` will do. */
export function openDevices(count: number, prefix = 'sync'): Device[] {
  const dir = makeTempDir(prefix);
  const first = openDevice(dir, 'd0', 1_700_000_000_000);
  const devices = [first];
  for (let i = 1; i < count; i += 1) {
    const d = openDevice(dir, `d${i}`, 1_700_000_000_000 + i * 7);
    bootstrapFromSnapshot(d.db, createSnapshot(first.db));
    devices.push(d);
  }
  return devices;
}

/** The remote, as the transport will hold it: each device's batches by sequence number. */
export class FakeRemote {
  readonly batches = new Map<string, Batch[]>();

  /** Uploads everything a device has to send. */
  push(device: Device): void {
    for (let out = nextOutgoingBatch(device.db, 7); out; out = nextOutgoingBatch(device.db, 7)) {
      const list = this.batches.get(out.batch.device) ?? [];
      list[out.batch.seq - 1] = structuredClone(out.batch);
      this.batches.set(out.batch.device, list);
      markSent(device.db, out.batch.seq);
    }
  }

  /** Offers batches to a device; `limit` per source device (partial delivery). Returns how many applied. */
  pull(device: Device, limit = Infinity, shuffle?: (n: number) => number): number {
    let applied = 0;
    const sources = [...this.batches.keys()];
    if (shuffle) sources.sort(() => shuffle(3) - 1);
    for (const source of sources) {
      const list = this.batches.get(source)!;
      let taken = 0;
      for (const batch of list) {
        if (taken >= limit) break;
        try {
          applyIncomingBatch(device.db, batch);
          applied += 1;
          taken += 1;
        } catch (err) {
          if (!(err instanceof SyncBatchError) || err.problem !== 'replayed') throw err;
        }
      }
    }
    return applied;
  }
}
