import { describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { SyncBatchError, type BatchProblem } from '../../electron/core/sync/ops/batch-errors';
import { applyIncomingBatch, checkRemoteHighWater } from '../../electron/core/sync/ops/batches-in';
import { batchHash, markSent, nextOutgoingBatch } from '../../electron/core/sync/ops/batches-out';
import { canonicalDump } from '../../electron/core/sync/ops/canonical-dump';
import { listDevices, retireDevice } from '../../electron/core/sync/ops/devices';
import type { Batch } from '../../electron/core/sync/ops/op-schemas';
import { addRecord } from '../helpers/catalog-records';
import { FakeRemote, openDevices, type Device } from './sync-fixture';

function refused(fn: () => unknown, problem: BatchProblem, device: string, seq: number): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a ${problem} refusal`).toBeInstanceOf(SyncBatchError);
  expect(caught).toMatchObject({ problem, device, seq });
  expect((caught as Error).message).toContain(device);
}

/** Three batches of A, none applied by B yet. */
function threeBatches(): { a: Device; b: Device; batches: Batch[]; asset: string } {
  const [a, b] = openDevices(2, 'batches') as [Device, Device];
  const asset = addRecord(a.db, { title: 'Shirt', at: 1 }).assetId;
  const batches: Batch[] = [];
  for (let i = 0; i < 3; i += 1) {
    if (i > 0) updateAssetFields(a.db, asset, { title: `Shirt ${i}` }, 10 + i);
    const out = nextOutgoingBatch(a.db)!;
    markSent(a.db, out.batch.seq);
    batches.push(out.batch);
  }
  return { a, b, batches, asset };
}

describe('batches', () => {
  it('are numbered per device and hash-chained; a formed batch is offered unchanged until sent', () => {
    const [a] = openDevices(1, 'batches-out') as [Device];
    addRecord(a.db, { title: 'One', at: 1 });
    const first = nextOutgoingBatch(a.db)!;
    expect(nextOutgoingBatch(a.db)).toEqual(first);
    markSent(a.db, first.batch.seq);
    expect(nextOutgoingBatch(a.db)).toBeNull();
    addRecord(a.db, { title: 'Two', at: 2 });
    const second = nextOutgoingBatch(a.db)!;
    expect(second.batch.seq).toBe(first.batch.seq + 1);
    expect(second.batch.prevHash).toBe(first.hash);
    expect(batchHash(second.batch)).toBe(second.hash);
  });

  it('refuses a gap, a replay, a replaced batch and a broken chain, naming device and seq, applying nothing', () => {
    const { a, b, batches } = threeBatches();
    const dev = batches[0]!.device;
    const before = canonicalDump(b.db);
    refused(() => applyIncomingBatch(b.db, batches[1]), 'gap', dev, 2);
    expect(canonicalDump(b.db)).toEqual(before);
    applyIncomingBatch(b.db, batches[0]);
    refused(() => applyIncomingBatch(b.db, batches[0]), 'replayed', dev, 1);
    const forged = structuredClone(batches[0]!);
    forged.ops = forged.ops.slice(1);
    refused(() => applyIncomingBatch(b.db, forged), 'replaced', dev, 1);
    // Batch 2 replaced by other content: its successor no longer chains onto it.
    const replaced2 = { ...structuredClone(batches[1]!), ops: [] };
    const mid = canonicalDump(b.db);
    applyIncomingBatch(b.db, replaced2); // an empty batch 2 chains onto 1, so it is taken...
    refused(() => applyIncomingBatch(b.db, batches[2]), 'chain', dev, 3); // ...and the real 3 exposes it
    expect(canonicalDump(b.db)).toEqual(mid);
    a.db.close();
  });

  it('detects a remote rolled back below what was applied', () => {
    const { b, batches } = threeBatches();
    for (const batch of batches) applyIncomingBatch(b.db, batch);
    expect(() => checkRemoteHighWater(b.db, batches[0]!.device, 3)).not.toThrow();
    refused(() => checkRemoteHighWater(b.db, batches[0]!.device, 1), 'rolled-back', batches[0]!.device, 1);
  });

  it('refuses ops of another device, unknown op kinds and malformed batches', () => {
    const { b, batches } = threeBatches();
    const dev = batches[0]!.device;
    const unknown = structuredClone(batches[0]!) as unknown as { ops: Record<string, unknown>[] };
    unknown.ops[0]!.kind = 'asset.teleport';
    refused(() => applyIncomingBatch(b.db, unknown), 'unknown-op', dev, 1);
    const foreign = structuredClone(batches[0]!);
    foreign.device = 'zzzzzzzzzzzz';
    refused(() => applyIncomingBatch(b.db, foreign), 'invalid', 'zzzzzzzzzzzz', 1);
    refused(() => applyIncomingBatch(b.db, { ...batches[0], ops: [{ kind: 'asset.set', id: 'nope' }] }), 'invalid', dev, 1);
    expect(b.db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(0);
  });

  it('a retired device: batches up to its retirement point apply everywhere, later ones nowhere', () => {
    const [a, b, c] = openDevices(3, 'retire') as [Device, Device, Device];
    const remote = new FakeRemote();
    const asset = addRecord(c.db, { title: 'From C', at: 1 }).assetId;
    remote.push(c);
    remote.pull(a);
    const cid = listDevices(c.db).find((d) => d.self)!.id;
    expect(retireDevice(a.db, cid)).toBe(1);
    updateAssetFields(c.db, asset, { title: 'After retirement' }, 2);
    remote.push(c);
    remote.push(a);
    refused(() => applyIncomingBatch(a.db, remote.batches.get(cid)![1]), 'retired', cid, 2);
    // B learns of the retirement after C's batch 1: it still takes 1, refuses 2.
    const aid = listDevices(a.db).find((d) => d.self)!.id;
    for (const batch of remote.batches.get(aid)!) applyIncomingBatch(b.db, batch);
    applyIncomingBatch(b.db, remote.batches.get(cid)![0]);
    refused(() => applyIncomingBatch(b.db, remote.batches.get(cid)![1]), 'retired', cid, 2);
    expect(canonicalDump(b.db)).toEqual(canonicalDump(a.db));
    expect(listDevices(b.db).find((d) => d.id === cid)?.retiredAfterSeq).toBe(1);
  });
});
