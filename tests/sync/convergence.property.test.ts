import type { Database as DB } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { setApproval, updateAssetFields } from '../../electron/core/catalog/assets';
import { addToCollection, createCollection, deleteCollection, removeFromCollection, renameCollection } from '../../electron/core/catalog/collections';
import { deleteAsset } from '../../electron/core/catalog/delete-asset';
import { updateRightsProfile, setShopName } from '../../electron/core/catalog/rights-profile';
import { changeTags } from '../../electron/core/catalog/tags';
import { isStrongroomError } from '../../electron/core/errors';
import { SyncBatchError } from '../../electron/core/sync/ops/batch-errors';
import { applyIncomingBatch } from '../../electron/core/sync/ops/batches-in';
import { canonicalDump } from '../../electron/core/sync/ops/canonical-dump';
import { materializeAll } from '../../electron/core/sync/ops/materialize';
import { addRecord } from '../helpers/catalog-records';
import { FakeRemote, openDevices, prng, type Device } from './sync-fixture';

const TAGS = ['Summer', 'summer', 'Sale', 'Été', 'été', 'linen'];
const COLLECTIONS = ['Spring', 'spring', 'Catalogue', 'Web'];
const pluck = (db: DB, sql: string) => db.prepare(sql).pluck().all() as string[];

type Rng = ReturnType<typeof prng>;

/** One random local edit, as a person would make it (refusals, e.g. a taken name, are part of the game). */
function randomEdit(d: Device, rng: Rng): void {
  const db = d.db;
  const now = d.clock.now;
  const assets = pluck(db, 'SELECT id FROM assets ORDER BY id');
  const collections = pluck(db, 'SELECT id FROM collections ORDER BY id');
  const some = () => assets.filter(() => rng.chance(0.5)).slice(0, 3);
  const action = rng.int(12);
  try {
    if (action === 0 || assets.length === 0) addRecord(db, { title: `asset ${rng.int(1000)}`, sku: rng.chance(0.3) ? `SKU-${rng.int(5)}` : undefined, at: now });
    else if (action === 1) addRecord(db, { title: 'new version', assetId: rng.pick(assets), at: now });
    else if (action === 2) updateAssetFields(db, rng.pick(assets), { title: `title ${rng.int(100)}` }, now);
    else if (action === 3) updateAssetFields(db, rng.pick(assets), { sku: rng.chance(0.5) ? null : `S-${rng.int(9)}`, description: `d${rng.int(9)}` }, now);
    else if (action === 4) {
      const a = rng.pick(assets);
      const n = (db.prepare('SELECT max(number) FROM versions WHERE asset_id = ?').pluck().get(a) as number) || 1;
      setApproval(db, a, 1 + rng.int(n), rng.pick(['draft', 'in_review', 'approved', 'retired'] as const), now);
    } else if (action === 5) changeTags(db, some(), rng.chance(0.6) ? [rng.pick(TAGS)] : [], rng.chance(0.5) ? [rng.pick(TAGS)] : [], now);
    else if (action === 6) createCollection(db, rng.pick(COLLECTIONS), now);
    else if (action === 7 && collections.length > 0) renameCollection(db, rng.pick(collections), rng.pick(COLLECTIONS), now);
    else if (action === 8 && collections.length > 0) {
      if (rng.chance(0.2)) deleteCollection(db, rng.pick(collections), now);
      else if (rng.chance(0.5)) addToCollection(db, rng.pick(collections), some(), now);
      else removeFromCollection(db, rng.pick(collections), some(), now);
    } else if (action === 9 && rng.chance(0.3)) deleteAsset(db, rng.pick(assets), now);
    else if (action === 10) updateRightsProfile(db, { [rng.pick(['creator', 'creditLine'])]: rng.chance(0.3) ? null : `Studio ${rng.int(5)}` });
    else if (action === 11) setShopName(db, rng.chance(0.2) ? null : `Shop ${rng.int(5)}`);
  } catch (err) {
    if (!isStrongroomError(err, 'CONFLICT')) throw err;
  }
}

/** Every op any device made is in every device's log, and every field write is the value or in its history. */
function expectNothingLost(devices: Device[]): void {
  const all = new Set(devices.flatMap((d) => pluck(d.db, 'SELECT op_id FROM sync_ops')));
  for (const d of devices) expect(pluck(d.db, 'SELECT op_id FROM sync_ops').length).toBe(all.size);
  const db = devices[0]!.db;
  const writes = db
    .prepare(
      `SELECT o.op_id, 'asset:' || json_extract(o.body, '$.assetId') AS target, f.key AS field FROM sync_ops o, json_each(o.body, '$.fields') f
       WHERE o.kind IN ('asset.set', 'asset.create')`,
    )
    .all() as { op_id: string; target: string; field: string }[];
  const kept = db.prepare('SELECT 1 FROM sync_registers WHERE target = ? AND field = ? AND hlc = ? UNION ALL SELECT 1 FROM sync_field_history WHERE target = ? AND field = ? AND hlc = ?');
  for (const w of writes) expect(kept.get(w.target, w.field, w.op_id, w.target, w.field, w.op_id), `write ${w.op_id} ${w.field} lost`).toBeDefined();
}

/** The rows local writes left are exactly what the ops say (else devices that only received them differ). */
function expectRowsMatchOps(d: Device): void {
  const before = canonicalDump(d.db);
  d.db.transaction(() => materializeAll(d.db))();
  expect(canonicalDump(d.db)).toEqual(before);
}

function run(seed: number, deviceCount: number, steps: number): void {
  const rng = prng(seed);
  const devices = openDevices(deviceCount, `prop-${seed}`);
  const remote = new FakeRemote();
  try {
    for (let step = 0; step < steps; step += 1) {
      const d = rng.pick(devices);
      // Clocks drift apart, and sometimes jump back (a corrected NTP clock, a laptop's dead battery).
      d.clock.now += rng.chance(0.1) ? -rng.int(60_000) : rng.int(2000);
      const r = rng.int(10);
      if (r < 6) randomEdit(d, rng);
      else if (r < 8) remote.push(d);
      else if (r < 9) remote.pull(d, 1 + rng.int(3), rng.int);
      else {
        // An out-of-order or repeated delivery is refused by name and changes nothing.
        const lists = [...remote.batches.values()].filter((l) => l.length > 0);
        if (lists.length > 0) {
          const batch = rng.pick(rng.pick(lists));
          try {
            applyIncomingBatch(d.db, batch);
          } catch (err) {
            expect(err).toBeInstanceOf(SyncBatchError);
          }
        }
      }
    }
    for (const d of devices) remote.push(d);
    for (let round = 0; round < 3; round += 1) for (const d of devices) remote.pull(d);
    const dumps = devices.map((d) => canonicalDump(d.db));
    for (const dump of dumps.slice(1)) expect(dump).toEqual(dumps[0]);
    expectNothingLost(devices);
    for (const d of devices) expectRowsMatchOps(d);
    for (const d of devices) expect(d.db.pragma('foreign_key_check')).toEqual([]);
    if (process.env.SYNC_PROPERTY_VERBOSE) {
      const db = devices[0]!.db;
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      console.log(seed, {
        ops: count('SELECT count(*) FROM sync_ops'),
        assets: count('SELECT count(*) FROM assets'),
        history: count('SELECT count(*) FROM sync_field_history'),
        review: count('SELECT count(*) FROM sync_review'),
        tags: count('SELECT count(*) FROM asset_tags'),
        members: count('SELECT count(*) FROM collection_assets'),
        collections: count('SELECT count(*) FROM collections'),
      });
    }
  } finally {
    for (const d of devices) d.db.close();
  }
}

describe('sync ops converge (property)', () => {
  // Fixed seeds by default, so a run of the suite is repeatable; SYNC_PROPERTY_SEED=random explores new
  // ones (how the add-and-remove-in-one-call bug in changeTags was found).
  const seedSetting = process.env.SYNC_PROPERTY_SEED ?? '341141';
  const base = seedSetting === 'random' ? Date.now() % 1_000_000 : Number(seedSetting);
  const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 10);
  // One test per seed, named by it: a failure says which seed to repeat.
  for (let i = 0; i < runs; i += 1) {
    const seed = base + i;
    it(`random concurrent edits on ${3 + (seed % 2)} devices, random and partial deliveries, converge (seed ${seed}; repeat with SYNC_PROPERTY_SEED=${seed} SYNC_PROPERTY_RUNS=1)`, () => {
      run(seed, 3 + (seed % 2), 60);
    });
  }
});
