import type { SyncStatus } from '../../../../shared/api/sync-contract';
import type { SyncPassProgress } from '../pass/progress';

type Progress = NonNullable<SyncStatus['progress']>;
type Pending = Omit<SyncStatus['pending'], 'opsUp'>;

/** One bar for the status line: batches while sending or receiving, images and bytes while moving blobs. */
export function progressOf(p: SyncPassProgress): Progress {
  if (p.phase === 'baseline' && p.baseline) return { phase: p.phase, done: p.baseline.assets, total: p.baseline.totalAssets, bytesDone: 0, bytesTotal: 0 };
  if (p.phase === 'send') return { phase: p.phase, done: p.batchesUp.done, total: p.batchesUp.total, bytesDone: p.bytesUp, bytesTotal: 0 };
  if (p.phase === 'receive') return { phase: p.phase, done: p.batchesDown.done, total: p.batchesDown.total, bytesDone: p.bytesDown, bytesTotal: 0 };
  if (p.phase === 'blobs' && p.blobs) {
    const { up, down } = p.blobs;
    return { phase: p.phase, done: up.done + down.done, total: up.total + down.total, bytesDone: up.bytesDone + down.bytesDone, bytesTotal: up.bytesTotal + down.bytesTotal };
  }
  return { phase: p.phase, done: 0, total: 0, bytesDone: 0, bytesTotal: 0 };
}

export const NOTHING_PENDING: Pending = { up: { count: 0, bytes: 0 }, down: { count: 0, bytes: 0 } };

/** What the blob step had left (failed objects leave its totals); `unavailable`: wanted images no device has sent yet. */
export function pendingOf(p: SyncPassProgress | null, unavailable = 0): Pending {
  const blobs = p?.blobs;
  if (!blobs) return { up: { count: 0, bytes: 0 }, down: { count: unavailable, bytes: 0 } };
  const left = (d: typeof blobs.up) => ({ count: Math.max(0, d.total - d.done), bytes: Math.max(0, d.bytesTotal - d.bytesDone) });
  const down = left(blobs.down);
  return { up: left(blobs.up), down: { count: down.count + unavailable, bytes: down.bytes } };
}
