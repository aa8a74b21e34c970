import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import { addToCollection, createCollection, listCollections, removeFromCollection } from '../../electron/core/catalog/collections';
import { changeTags } from '../../electron/core/catalog/tags';
import { MemoryBackend } from '../../electron/core/sync/backends/memory-backend';
import type { SyncTarget } from '../../electron/core/sync/target-settings';
import type { Vault } from '../../electron/core/vault/vault';
import { makeSuiteDir } from '../helpers/vault';
import { prng } from './sync-fixture';
import { createOrigin, expectConverged, importPhotos, join, pass } from './helpers/pass-devices';

/**
 * Random edits on three real vaults between random subsets of passes in random order, through the
 * whole pass (sealing, listing, applying); then two rounds of passes: every copy is equal.
 * SYNC_PASS_SEED repeats a run.
 */
const seed = Number(process.env.SYNC_PASS_SEED ?? Date.now() % 100_000);
const target: SyncTarget = { kind: 'folder', path: '/unused-by-this-test' };
let root: string;
beforeAll(() => {
  root = makeSuiteDir('sync-pass-random');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`sync pass, random edits and orders (SYNC_PASS_SEED=${seed})`, () => {
  it('three vaults converge', async () => {
    const r = prng(seed);
    const remote = new MemoryBackend();
    const { vault: a } = await createOrigin(path.join(root, 'a'), target);
    const assets = await importPhotos(a, ['concert.jpg', 'flowers.jpeg']);
    await pass(a, remote);
    const vaults: Vault[] = [a, await join(path.join(root, 'b'), remote, target, {}), await join(path.join(root, 'c'), remote, target, {})];
    try {
      const words = ['red', 'blue', 'sale', 'new', 'hero'];
      for (let round = 0; round < 6; round += 1) {
        for (const v of vaults) {
          for (let k = r.int(4); k > 0; k -= 1) {
            const asset = r.pick(assets);
            const what = r.int(5);
            if (what === 0) updateAssetFields(v.db, asset, { title: `${r.pick(words)} ${round}` });
            else if (what === 1) changeTags(v.db, [asset], r.chance(0.6) ? [r.pick(words)] : [], r.chance(0.4) ? [r.pick(words)] : []);
            else if (what === 2) setApproval(v.db, asset, 1, r.pick(['draft', 'in_review', 'approved'] as const));
            else if (what === 3) {
              const existing = listCollections(v.db);
              if (existing.length === 0 || r.chance(0.3)) createCollection(v.db, `${r.pick(words)} ${round} ${r.int(1000)}`);
              else addToCollection(v.db, r.pick(existing).id, [asset]);
            } else {
              const existing = listCollections(v.db);
              if (existing.length > 0) removeFromCollection(v.db, r.pick(existing).id, [asset]);
            }
          }
        }
        const order = vaults.filter(() => r.chance(0.7)).sort(() => r.next() - 0.5);
        for (const v of order) await pass(v, remote);
      }
      for (let i = 0; i < 2; i += 1) for (const v of vaults) await pass(v, remote);
      await expectConverged(vaults);
    } finally {
      for (const v of vaults) v.close();
    }
  }, 180_000);
});
