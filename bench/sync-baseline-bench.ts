import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openCatalog } from '../electron/core/catalog/open-catalog';
import { startOpLog } from '../electron/core/sync/ops/start-op-log';
import { BULK_INDEX_SQL, insertSynthetic, type RealVersion } from './ui-synthetic-vault';

/**
 * What upgrading an existing vault to sync costs (`npm run bench:sync-baseline -- --assets N`): a
 * catalog at schema version 7 (before sync) is filled with the UI bench's synthetic catalogue (shop-like
 * titles, SKUs, tags, approvals, 10 % second versions; made-up blob ids, since the upgrade reads no
 * blob), a few collections holding a share of the assets, then opened by this build, which runs the
 * pending migrations. Prints the upgrade's time, the catalog's size before and after (WAL checkpointed)
 * and the rows the sync tables hold. Nothing passes or fails.
 */
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const assets = flag('--assets', 100_000);
const hex = () => randomBytes(32).toString('hex');

function fakeVersions(): RealVersion[] {
  return Array.from({ length: 8 }, () => ({
    original_blob: hex(), byte_size: 4_000_000, format: 'jpeg', width: 6000, height: 4000,
    thumb_blob: hex(), thumb_width: 400, thumb_height: 267, thumb_size: 20_000,
    preview_blob: hex(), preview_width: 2048, preview_height: 1365, preview_size: 300_000,
  }));
}

function addCollections(db: Database): number {
  const ids = db.prepare('SELECT id FROM assets ORDER BY created_at').pluck().all() as string[];
  const now = Date.now();
  let members = 0;
  for (let c = 0; c < 10; c += 1) {
    const id = `coll${String(c).padStart(8, '0')}`;
    db.prepare('INSERT INTO collections (id, name, name_key, created_at) VALUES (?, ?, ?, ?)').run(id, `Collection ${c}`, `collection ${c}`, now);
    const add = db.prepare('INSERT INTO collection_assets (collection_id, asset_id, added_at) VALUES (?, ?, ?)');
    for (let i = c; i < ids.length; i += 50) {
      add.run(id, ids[i]!, now);
      members += 1;
    }
  }
  return members;
}

function catalogBytes(db: Database, file: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size;
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;
const count = (db: Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

const dir = mkdtempSync(path.join(os.tmpdir(), 'sync-baseline-bench-'));
try {
  console.log(`sync baseline bench: ${assets} assets; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${os.cpus().length} cores`);
  const file = path.join(dir, 'catalog.db');
  const key = randomBytes(32);
  const old = openCatalog(file, key, { create: true, targetVersion: 7 });
  const inserted = old.transaction(() => insertSynthetic(old, fakeVersions(), { dir, passphrase: '', photos: [], assets })).immediate();
  const members = old.transaction(() => addCollections(old)).immediate();
  old.transaction(() => old.exec(BULK_INDEX_SQL)).immediate();
  const before = catalogBytes(old, file);
  old.close();
  console.log(`  version-7 catalog: ${inserted.syntheticAssets} assets, ${inserted.versions} versions, ${inserted.tagLinks} tag links, ${members} collection members: ${mb(before)}`);

  const started = performance.now();
  const db = openCatalog(file, key);
  const upgradeMs = performance.now() - started;
  const upgraded = catalogBytes(db, file);
  console.log(`  upgrade to version ${db.pragma('user_version', { simple: true }) as number}: ${(upgradeMs / 1000).toFixed(1)} s; catalog ${mb(before)} -> ${mb(upgraded)} (x${(upgraded / before).toFixed(2)}); ops ${count(db, 'sync_ops')}`);
  let reports = 0;
  const start = startOpLog(db, () => (reports += 1));
  const after = catalogBytes(db, file);
  console.log(`  op log started (first connect): ${(start.ms / 1000).toFixed(1)} s, ${start.ops} ops, ${reports} progress reports; catalog ${mb(upgraded)} -> ${mb(after)} (x${(after / before).toFixed(2)} of the version-7 size)`);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sync_%' ORDER BY name").pluck().all() as string[]);
  const sizes = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'sync_%' GROUP BY name ORDER BY bytes DESC").all() as { name: string; bytes: number }[];
  console.log(`  sync tables and indexes: ${sizes.map((r) => `${r.name} ${mb(r.bytes)}`).join(', ')}`);
  console.log(`  rows: ${tables.map((t) => `${t} ${count(db, t)}`).join(', ')}`);
  db.close();
  console.log(`  load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
