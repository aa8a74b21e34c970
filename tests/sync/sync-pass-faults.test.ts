import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAssetFields } from '../../electron/core/catalog/assets';
import { changeTags } from '../../electron/core/catalog/tags';
import type { PutBody, RemoteObjectInfo, SyncBackend } from '../../electron/core/sync/backends/backend';
import { MemoryBackend } from '../../electron/core/sync/backends/memory-backend';
import { joinVault } from '../../electron/core/sync/join';
import { deriveSyncKeys, wipeSyncKeys } from '../../electron/core/sync/envelope/sync-keys';
import { sealObject } from '../../electron/core/sync/envelope/envelope';
import { nextOutgoingBatch, pendingOutgoingOps } from '../../electron/core/sync/ops/batches-out';
import { localDeviceId } from '../../electron/core/sync/ops/device';
import { retireDevice } from '../../electron/core/sync/ops/devices';
import type { SyncPassProgress } from '../../electron/core/sync/pass/progress';
import { wantedBlobs } from '../../electron/core/sync/pass/wanted-blobs';
import { stateHash } from '../../electron/core/sync/ops/snapshot';
import { opsObjectName } from '../../electron/core/sync/remote-names';
import { runSyncPass } from '../../electron/core/sync/sync-pass';
import { setKeepOriginals, type SyncTarget } from '../../electron/core/sync/target-settings';
import type { Vault } from '../../electron/core/vault/vault';
import { rejectionOf } from '../helpers/rejection';
import { makeSuiteDir, TEST_PASSPHRASE } from '../helpers/vault';
import { createOrigin, expectConverged, importPhotos, join, pass } from './helpers/pass-devices';

const target: SyncTarget = { kind: 'folder', path: '/unused-by-these-tests' };
let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-pass-faults');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Counts completed puts per name, and can abort the pass when the n-th put starts. */
class CountingBackend implements SyncBackend {
  readonly completed: string[] = [];
  private started = 0;
  constructor(
    private readonly inner: SyncBackend,
    private readonly abortAt?: { n: number; controller: AbortController },
  ) {}
  get description() {
    return this.inner.description;
  }
  async put(name: string, body: PutBody, options?: { signal?: AbortSignal }) {
    this.started += 1;
    if (this.abortAt && this.started === this.abortAt.n) this.abortAt.controller.abort();
    await this.inner.put(name, body, options);
    this.completed.push(name);
  }
  get(name: string, options?: { signal?: AbortSignal }) {
    return this.inner.get(name, options);
  }
  list(prefix: string, options?: { signal?: AbortSignal }): AsyncIterable<RemoteObjectInfo> {
    return this.inner.list(prefix, options);
  }
  delete(name: string) {
    return this.inner.delete(name);
  }
}

describe('sync pass: interruption', () => {
  it('a pass stopped midway, run again, sends nothing twice and ends in the same state', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'resume-a'), target);
    const vaults: Vault[] = [a];
    try {
      await importPhotos(a, ['concert.jpg', 'flowers.jpeg', '320x240.jpg']);
      const controller = new AbortController();
      const first = new CountingBackend(remote, { n: 5, controller });
      const err = await rejectionOf(runSyncPass(a, first, { signal: controller.signal, concurrency: 1 }));
      expect((err as { code?: string }).code).toBe('CANCELLED');
      expect(first.completed.length).toBeGreaterThan(0);
      const second = new CountingBackend(remote);
      const report = await pass(a, second);
      const twice = second.completed.filter((n) => first.completed.includes(n));
      expect(twice).toEqual([]);
      expect(new Set(second.completed).size).toBe(second.completed.length);
      expect(report.snapshot).not.toBeNull();
      const b = await join(path.join(root, 'resume-b'), remote, target, {});
      vaults.push(b);
      await expectConverged([a, b]);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 120_000);
});

describe('sync pass: tampering on the remote is reported by name and nothing of it applied', () => {
  let remote: MemoryBackend;
  let a: Vault;
  let b: Vault;
  let asset: string;
  const seqs: number[] = [];
  beforeAll(async () => {
    remote = new MemoryBackend();
    ({ vault: a } = await createOrigin(path.join(root, 'tamper-a'), target));
    [asset] = (await importPhotos(a, ['concert.jpg'])) as [string];
    await pass(a, remote);
    b = await join(path.join(root, 'tamper-b'), remote, target, {});
    // Three more batches of A, one edit each, that B has not seen.
    for (const title of ['One', 'Two', 'Three']) {
      updateAssetFields(a.db, asset, { title });
      changeTags(a.db, [asset], [`tag-${title.toLowerCase()}`], []);
      const r = await pass(a, remote);
      expect(r.sentBatches).toBe(1);
    }
    const device = localDeviceId(a.db);
    const mine = [...remote.objects.keys()].filter((n) => n.startsWith(`ops/${device}/`)).sort();
    for (const n of mine.slice(-3)) seqs.push(Number(n.split('/')[2]));
  }, 120_000);
  afterAll(() => {
    a?.close();
    b?.close();
  });

  const nameOf = (seq: number) => opsObjectName(localDeviceId(a.db), seq);

  it('a flipped bit: the batch is rejected by name, nothing applied', async () => {
    const name = nameOf(seqs[0]!);
    const original = remote.objects.get(name)!;
    const damaged = Buffer.from(original);
    damaged[damaged.length - 20]! ^= 0x01;
    remote.objects.set(name, damaged);
    const before = stateHash(b.db);
    const report = await runSyncPass(b, remote);
    expect(report.appliedBatches).toBe(0);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: 'object', objectName: name });
    expect(report.problems[0]!.message).toMatch(/failed authentication/);
    expect(stateHash(b.db)).toBe(before);
    remote.objects.set(name, original);
  });

  it('a deleted batch: a gap naming device and number; the batches before it apply', async () => {
    const name = nameOf(seqs[1]!);
    const original = remote.objects.get(name)!;
    remote.objects.delete(name);
    const report = await runSyncPass(b, remote);
    expect(report.appliedBatches).toBe(1);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: 'batch', problem: 'gap', device: localDeviceId(a.db), seq: seqs[2] });
    remote.objects.set(name, original);
  });

  it('a batch replaced with an older one: rejected (the name is bound into the object)', async () => {
    const name = nameOf(seqs[2]!);
    const original = remote.objects.get(name)!;
    remote.objects.set(name, Buffer.from(remote.objects.get(nameOf(seqs[0]!))!));
    const report = await runSyncPass(b, remote);
    expect(report.appliedBatches).toBe(1); // seqs[1]
    expect(report.problems).toMatchObject([{ kind: 'object', objectName: name }]);
    remote.objects.set(name, original);
  });

  it('foreign objects are reported by name and do not stop the real batches', async () => {
    const foreignDevice = 'zzzzzzzzzzzz';
    remote.objects.set(opsObjectName(foreignDevice, 1), randomBytes(200));
    remote.objects.set('ops/stray-file', Buffer.from('hello'));
    const fakeHeader = `vault/headers/${'0'.repeat(64)}`;
    remote.objects.set(fakeHeader, Buffer.from('{"format":"strongroom-vault"}'));
    remote.objects.set('snapshots/stray', Buffer.from('hello'));
    try {
      const report = await runSyncPass(b, remote);
      expect(report.appliedBatches).toBe(1); // seqs[2]
      const names = report.problems.map((p) => ('objectName' in p ? p.objectName : null)).sort();
      expect(names).toEqual(['ops/stray-file', opsObjectName(foreignDevice, 1), 'snapshots/stray', fakeHeader]);
    } finally {
      for (const n of [opsObjectName(foreignDevice, 1), 'ops/stray-file', fakeHeader, 'snapshots/stray']) remote.objects.delete(n);
    }
    await expectConverged([a, b]);
  });

  it('a rolled-back remote (the newest batches gone) is reported', async () => {
    const name = nameOf(seqs[2]!);
    const original = remote.objects.get(name)!;
    remote.objects.delete(name);
    const report = await runSyncPass(b, remote);
    expect(report.problems).toMatchObject([{ kind: 'batch', problem: 'rolled-back', device: localDeviceId(a.db) }]);
    remote.objects.set(name, original);
  });
});

describe('sync join: snapshots', () => {
  it('a damaged newest snapshot is reported and an older one used; with none usable the join says so and leaves nothing', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'snap-a'), target);
    try {
      await importPhotos(a, ['concert.jpg']);
      await pass(a, remote);
      updateAssetFields(a.db, a.db.prepare('SELECT id FROM assets').pluck().get() as string, { title: 'Newer' });
      await pass(a, remote, { forceSnapshot: true });
      const snaps = [...remote.objects.keys()].filter((n) => n.startsWith('snapshots/')).sort();
      expect(snaps).toHaveLength(2);
      const newest = snaps[1]!;
      const good = remote.objects.get(newest)!;
      const bad = Buffer.from(good);
      bad[100]! ^= 0x80;
      remote.objects.set(newest, bad);
      const result = await joinVault(path.join(root, 'snap-b'), remote, target, { kind: 'passphrase', passphrase: TEST_PASSPHRASE });
      try {
        expect(result.snapshot).toBe(snaps[0]);
        expect(result.problems).toMatchObject([{ kind: 'snapshot', objectName: newest }]);
        await expectConverged([a, result.vault]);
      } finally {
        result.vault.close();
      }
      remote.objects.set(snaps[0]!, bad);
      const dirC = path.join(root, 'snap-c');
      const err = await rejectionOf(joinVault(dirC, remote, target, { kind: 'passphrase', passphrase: TEST_PASSPHRASE }));
      expect((err as Error).message).toMatch(/holds no usable snapshot: .*was rejected/);
      expect(existsSync(dirC)).toBe(false);
    } finally {
      a.close();
    }
  }, 120_000);
});

describe('sync pass: sending', () => {
  it('a batch stored before a crash (put done, not yet marked sent) counts as sent; a different batch under our name is refused', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'send-a'), target);
    try {
      await importPhotos(a, ['320x240.jpg']);
      await pass(a, remote);
      const asset = a.db.prepare('SELECT id FROM assets').pluck().get() as string;
      updateAssetFields(a.db, asset, { title: 'Stored before the crash' });
      // What a crash after the put leaves: the object on the remote, the batch still unsent here.
      const out = nextOutgoingBatch(a.db)!;
      const name = opsObjectName(out.batch.device, out.batch.seq);
      const syncKey = a.syncKey();
      const keys = deriveSyncKeys(syncKey);
      syncKey.fill(0);
      remote.objects.set(name, await sealObject(keys.objects, name, Buffer.from(JSON.stringify(out.batch), 'utf8')));
      const stored = remote.objects.get(name);
      const report = await pass(a, remote);
      expect(report.sentBatches).toBe(1);
      expect(remote.objects.get(name)).toBe(stored);
      expect(pendingOutgoingOps(a.db)).toBe(0);

      // Another batch under the next name (a copy of this vault folder syncing under the same id).
      updateAssetFields(a.db, asset, { title: 'Mine' });
      const next = nextOutgoingBatch(a.db)!;
      const nextName = opsObjectName(next.batch.device, next.batch.seq);
      const forged = { ...next.batch, ops: [] };
      remote.objects.set(nextName, await sealObject(keys.objects, nextName, Buffer.from(JSON.stringify(forged), 'utf8')));
      wipeSyncKeys(keys);
      const err = await rejectionOf(runSyncPass(a, remote));
      expect((err as Error).message).toMatch(/already holds a different batch .* same device id; nothing was sent/);
      expect(pendingOutgoingOps(a.db)).toBeGreaterThan(0);
    } finally {
      a.close();
    }
  }, 60_000);

  it('reports progress by phase with bytes both ways; without "keep originals" only renditions come down', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'progress-a'), target);
    const vaults: Vault[] = [a];
    try {
      await importPhotos(a, ['flowers.jpeg', 'concert.jpg']);
      const seen: SyncPassProgress[] = [];
      await pass(a, remote, { onProgress: (p) => seen.push(p) });
      // The vault's first pass starts its op log (the baseline), with progress by asset.
      expect([...new Set(seen.map((p) => p.phase))]).toEqual(['baseline', 'header', 'send', 'receive', 'blobs', 'snapshot', 'done']);
      expect(seen.filter((p) => p.phase === 'baseline').at(-1)?.baseline).toEqual({ assets: 2, totalAssets: 2 });
      const last = seen[seen.length - 1]!;
      expect(last.bytesUp).toBeGreaterThan(100_000);
      expect(last.batchesUp.done).toBe(last.batchesUp.total);
      expect(last.blobs?.up.done).toBe(last.blobs?.up.total);

      const c = await join(path.join(root, 'progress-c'), remote, target, {});
      vaults.push(c);
      const originals = c.db.prepare('SELECT original_blob FROM versions').pluck().all() as string[];
      expect(originals).toHaveLength(2);
      for (const id of originals) expect(await c.blobs.has(id)).toBe(true);
      // "Keep originals on this device" off: a pass leaves them on the remote, renditions stay.
      setKeepOriginals(c.db, false);
      for (const id of originals) await c.blobs.remove(id);
      const off = await pass(c, remote);
      expect(off.blobsDownloaded).toBe(0);
      for (const id of originals) expect(await c.blobs.has(id)).toBe(false);
      for (const id of wantedBlobs(c.db)) expect(await c.blobs.has(id)).toBe(true);
      setKeepOriginals(c.db, true);
      const on = await pass(c, remote);
      expect(on.blobsDownloaded).toBe(2);
      expect(on.bytesDown).toBeGreaterThan(0);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 60_000);
});

describe('sync pass: a remote emptied of a device', () => {
  it('every batch of a device gone is reported as rolled back by the others, and sent again by the device itself', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'empty-a'), target);
    const vaults: Vault[] = [a];
    try {
      await importPhotos(a, ['320x240.jpg']);
      await pass(a, remote);
      const b = await join(path.join(root, 'empty-b'), remote, target, {});
      vaults.push(b);
      updateAssetFields(a.db, a.db.prepare('SELECT id FROM assets').pluck().get() as string, { title: 'Seen by B' });
      await pass(a, remote);
      await pass(b, remote);
      const device = localDeviceId(a.db);
      const own = [...remote.objects.keys()].filter((n) => n.startsWith(`ops/${device}/`)).sort();
      expect(own.length).toBeGreaterThanOrEqual(2);
      for (const n of own) remote.objects.delete(n);
      const atB = await runSyncPass(b, remote);
      expect(atB.problems).toMatchObject([{ kind: 'batch', problem: 'rolled-back', device, seq: 0 }]);
      const atA = await runSyncPass(a, remote);
      expect(atA.problems).toEqual([]);
      expect(atA.resentBatches).toBe(own.length);
      expect([...remote.objects.keys()].filter((n) => n.startsWith(`ops/${device}/`)).sort()).toEqual(own);
      const again = await runSyncPass(b, remote);
      expect(again.problems).toEqual([]);
      await expectConverged([a, b]);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 60_000);

  it('a batch of this device deleted from the middle is sent again under its name, and the device stuck at the gap goes on', async () => {
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'gap-a'), target);
    const vaults: Vault[] = [a];
    try {
      await importPhotos(a, ['320x240.jpg']);
      await pass(a, remote);
      const b = await join(path.join(root, 'gap-b'), remote, target, {});
      vaults.push(b);
      const assetId = a.db.prepare('SELECT id FROM assets').pluck().get() as string;
      for (const title of ['Second', 'Third']) {
        updateAssetFields(a.db, assetId, { title });
        await pass(a, remote);
      }
      const device = localDeviceId(a.db);
      const own = [...remote.objects.keys()].filter((n) => n.startsWith(`ops/${device}/`)).sort();
      const middle = own[own.length - 2]!;
      const sealedBefore = remote.objects.get(middle)!;
      remote.objects.delete(middle);
      const stuck = await runSyncPass(b, remote);
      expect(stuck.problems).toMatchObject([{ kind: 'batch', problem: 'gap', device }]);
      expect(b.db.prepare('SELECT title FROM assets').pluck().get()).not.toBe('Third');
      const atA = await runSyncPass(a, remote);
      expect(atA.resentBatches).toBe(1);
      expect(atA.problems).toEqual([]);
      expect(remote.objects.has(middle)).toBe(true);
      expect(remote.objects.get(middle)!.equals(sealedBefore)).toBe(false); // sealed afresh, same batch inside
      const unstuck = await runSyncPass(b, remote);
      expect(unstuck.problems).toEqual([]);
      expect(b.db.prepare('SELECT title FROM assets').pluck().get()).toBe('Third');
      await expectConverged([a, b]);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 60_000);
});

describe('sync pass: a retired device', () => {
  it('its later batches are one problem per pass on the others and are not fetched; the device itself learns it and sends nothing more', async () => {
    const inner = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'retired-a'), target);
    const vaults: Vault[] = [a];
    try {
      await importPhotos(a, ['320x240.jpg']);
      await pass(a, inner);
      const b = await join(path.join(root, 'retired-b'), inner, target, {});
      vaults.push(b);
      const deviceA = localDeviceId(a.db);
      const assetId = a.db.prepare('SELECT id FROM assets').pluck().get() as string;
      retireDevice(b.db, deviceA);
      // A has not heard of it yet: two more batches.
      for (const title of ['After 1', 'After 2']) {
        updateAssetFields(a.db, assetId, { title });
        await pass(a, inner);
      }
      for (let round = 0; round < 2; round += 1) {
        const fetched: string[] = [];
        const watching: SyncBackend = Object.assign(Object.create(inner) as SyncBackend, {
          get: (name: string, options?: { signal?: AbortSignal }) => {
            fetched.push(name);
            return inner.get(name, options);
          },
        });
        const atB = await runSyncPass(b, watching);
        const retiredProblems = atB.problems.filter((p) => p.kind === 'batch' && p.problem === 'retired');
        expect(retiredProblems).toHaveLength(1);
        expect(retiredProblems[0]!.message).toMatch(new RegExp(`device ${deviceA} was retired after its batch \\d+; its 2 batches \\d+–\\d+ are refused`));
        expect(fetched.filter((n) => n.startsWith(`ops/${deviceA}/`))).toEqual([]);
      }
      expect(b.db.prepare('SELECT title FROM assets').pluck().get()).not.toMatch(/^After/);

      const learns = await runSyncPass(a, inner);
      expect(learns.problems).toMatchObject([{ kind: 'batch', problem: 'retired', device: deviceA }]);
      expect(learns.problems[0]!.message).toMatch(/this device \(\w+\) was retired by another device .* sends nothing more/);
      const before = [...inner.objects.keys()].filter((n) => n.startsWith(`ops/${deviceA}/`)).length;
      updateAssetFields(a.db, assetId, { title: 'After learning' });
      const quiet = await runSyncPass(a, inner);
      expect(quiet.sentBatches).toBe(0);
      expect(quiet.problems).toHaveLength(1);
      expect([...inner.objects.keys()].filter((n) => n.startsWith(`ops/${deviceA}/`)).length).toBe(before);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 60_000);
});
