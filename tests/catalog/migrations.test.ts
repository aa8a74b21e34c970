import Database, { type Database as DB } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAssets } from '../../electron/core/catalog/asset-list';
import { getAsset, updateAssetFields } from '../../electron/core/catalog/assets';
import { commitImport, referencedBlobIds } from '../../electron/core/catalog/imports';
import { migrate, schemaVersion, type Migration } from '../../electron/core/catalog/migrate';
import { migrations } from '../../electron/core/catalog/migrations/index';
import { openCatalog } from '../../electron/core/catalog/open-catalog';
import { listCollections } from '../../electron/core/catalog/collections';
import { changeTags, listTags } from '../../electron/core/catalog/tags';
import { listRenditionPresets } from '../../electron/core/catalog/rendition-presets';
import { getRightsProfile } from '../../electron/core/catalog/rights-profile';
import { listWatermarkPresets } from '../../electron/core/catalog/watermark-presets';
import { builtinRenditionPresets } from '../../electron/core/imaging/builtin-presets';
import { emptyRightsProfile } from '../../electron/core/imaging/types';
import { isStrongroomError, type ErrorCode } from '../../electron/core/errors';
import { makeTempDir } from '../helpers/temp-dir';
import { searchRowsInsertSql } from '../../electron/core/catalog/search-index';
import { bootstrapFromSnapshot, createSnapshot, stateHash } from '../../electron/core/sync/ops/snapshot';
import { captureExistingCatalog } from '../../electron/core/sync/ops/baseline';
import { materializeAll } from '../../electron/core/sync/ops/materialize';
import { opLogStarted } from '../../electron/core/sync/ops/op-log';
import { startOpLog } from '../../electron/core/sync/ops/start-op-log';

const LATEST = migrations.length;
const hex64 = () => randomBytes(32).toString('hex');

function newCatalog(options: { targetVersion?: number } = {}): { file: string; key: Buffer; db: DB } {
  const file = path.join(makeTempDir('catalog'), 'catalog.db');
  const key = randomBytes(32);
  return { file, key, db: openCatalog(file, key, { create: true, ...options }) };
}

function expectCode(fn: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isStrongroomError(caught), `expected a StrongroomError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

function tableNames(db: DB): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

/**
 * Rows a real catalog could hold at each schema version, written with the SQL of that version (the
 * catalog code of today may need tables that did not exist yet). Returns a check to run after the
 * catalog has been migrated to the latest version.
 */
const seeders: Record<number, (db: DB) => (db: DB) => void> = {
  0: () => (db) => {
    expect(listAssets(db)).toEqual([]);
  },
  1: (db) => {
    const now = 1_700_000_000_000;
    const insertAsset = db.prepare('INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insertAsset.run('a1a1a1a1a1a1', 'Linen shirt', 'SKU-2001', 'Summer linen shirt', 'Hand-stitched collar', now, now);
    insertAsset.run('b2b2b2b2b2b2', 'Wool scarf', null, null, null, now + 1, now + 1);
    const insertVersion = db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertVersion.run('v1v1v1v1v1v1', 'a1a1a1a1a1a1', 1, hex64(), hex64(), 1234, 'jpeg', 1800, 1200, 'shirt_front.jpg', now, now, 'approved');
    insertVersion.run('v2v2v2v2v2v2', 'a1a1a1a1a1a1', 2, hex64(), hex64(), 2345, 'png', 900, 600, 'shirt_back.png', null, now, 'draft');
    insertVersion.run('v3v3v3v3v3v3', 'b2b2b2b2b2b2', 1, hex64(), hex64(), 3456, 'webp', 1024, 772, 'scarf.webp', null, now, 'draft');
    db.prepare("INSERT INTO approval_events (version_id, state, at) VALUES ('v1v1v1v1v1v1', 'approved', ?)").run(now);
    db.prepare("INSERT INTO derived_blobs VALUES ('v1v1v1v1v1v1', 'thumb', ?, 'jpeg', 400, 267, 9000)").run(hex64());
    db.prepare("INSERT INTO tags (id, name) VALUES (1, 'Summer'), (2, 'linen')").run();
    db.prepare("INSERT INTO asset_tags VALUES ('a1a1a1a1a1a1', 1), ('a1a1a1a1a1a1', 2), ('b2b2b2b2b2b2', 1)").run();
    db.prepare("INSERT INTO collections VALUES ('c1c1c1c1c1c1', 'Spring campaign', ?)").run(now);
    db.prepare("INSERT INTO collection_assets VALUES ('c1c1c1c1c1c1', 'a1a1a1a1a1a1', ?)").run(now);
    db.prepare(
      `INSERT INTO metadata (version_id, camera_make, creator, keywords, city, caption, raw_json)
       VALUES ('v1v1v1v1v1v1', 'FUJIFILM', 'Phil Harvey', 'ExifTool, Heronsgate', 'Kingston', 'Morning light', '{}')`,
    ).run();
    return (after) => {
      const shirt = getAsset(after, 'a1a1a1a1a1a1');
      expect(shirt).toMatchObject({ title: 'Linen shirt', sku: 'SKU-2001', productName: 'Summer linen shirt', versionCount: 2 });
      expect(shirt.tags).toEqual(['linen', 'Summer']);
      expect(shirt.collections).toEqual([{ id: 'c1c1c1c1c1c1', name: 'Spring campaign' }]);
      expect(shirt.currentVersionId).toBe('v1v1v1v1v1v1');
      expect(shirt.metadata).toMatchObject({ cameraMake: 'FUJIFILM', city: 'Kingston', keywords: ['ExifTool', 'Heronsgate'] });
      expect(listTags(after)).toEqual([
        { name: 'linen', count: 1 },
        { name: 'Summer', count: 2 },
      ]);
      expect(listCollections(after)).toMatchObject([{ name: 'Spring campaign', assetCount: 1 }]);
      // Assets that existed before the search index are found through it, by every indexed field.
      const ids = (query: string) => listAssets(after, { query }).map((a) => a.id).sort();
      expect(ids('linen shirt')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('SKU-2001')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('stitched')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('summer')).toEqual(['a1a1a1a1a1a1', 'b2b2b2b2b2b2']);
      expect(ids('shirt_back')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('Heronsgate')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('Kingst')).toEqual(['a1a1a1a1a1a1']);
      expect(ids('scarf')).toEqual(['b2b2b2b2b2b2']);
      expect(ids('nothing-like-this')).toEqual([]);
    };
  },
  2: (db) => {
    // At version 2 names were unique only up to ASCII case, so these two tags and collections coexist.
    db.prepare("INSERT INTO assets VALUES ('e3e3e3e3e3e3', 'Beach hat', NULL, NULL, NULL, 5, 5), ('f4f4f4f4f4f4', 'Sandals', NULL, NULL, NULL, 6, 6)").run();
    const insertVersion = db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES (?, ?, 1, ?, ?, 10, 'jpeg', 10, 10, 'x.jpg', NULL, 5, 'draft')`,
    );
    insertVersion.run('v5v5v5v5v5v5', 'e3e3e3e3e3e3', hex64(), hex64());
    insertVersion.run('v6v6v6v6v6v6', 'f4f4f4f4f4f4', hex64(), hex64());
    db.prepare("INSERT INTO tags (id, name) VALUES (3, 'Été'), (4, 'été')").run();
    db.prepare("INSERT INTO asset_tags VALUES ('e3e3e3e3e3e3', 3), ('f4f4f4f4f4f4', 4)").run();
    db.prepare("INSERT INTO collections VALUES ('d1d1d1d1d1d1', 'Ärmel', 1), ('d2d2d2d2d2d2', 'ärmel', 2)").run();
    return (after) => {
      expect(getAsset(after, 'e3e3e3e3e3e3').title).toBe('Beach hat');
      // The second of each colliding pair keeps a visible suffix instead of being merged silently.
      expect(listTags(after).map((t) => t.name)).toEqual(expect.arrayContaining(['Été', 'été (2)']));
      expect(listCollections(after).map((c) => c.name)).toEqual(expect.arrayContaining(['Ärmel', 'ärmel (2)']));
      // Lookups now fold case in every script.
      expect(listAssets(after, { tag: 'ÉTÉ' }).map((a) => a.id)).toEqual(['e3e3e3e3e3e3']);
      changeTags(after, ['f4f4f4f4f4f4'], ['éTÉ'], []);
      expect(listAssets(after, { tag: 'été' }).map((a) => a.id).sort()).toEqual(['e3e3e3e3e3e3', 'f4f4f4f4f4f4']);
    };
  },
  3: (db) => {
    // Versions whose current one is not simply the newest: an older approved one wins, retired ones lose.
    db.prepare("INSERT INTO assets VALUES ('g5g5g5g5g5g5', 'Canvas tote', 'SKU-3100', NULL, NULL, 7, 7), ('h6h6h6h6h6h6', 'Old poster', NULL, NULL, NULL, 8, 8)").run();
    const insertVersion = db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES (?, ?, ?, ?, ?, 10, ?, 10, 10, ?, NULL, 7, ?)`,
    );
    insertVersion.run('w1w1w1w1w1w1', 'g5g5g5g5g5g5', 1, hex64(), hex64(), 'png', 'tote_v1.png', 'approved');
    insertVersion.run('w2w2w2w2w2w2', 'g5g5g5g5g5g5', 2, hex64(), hex64(), 'webp', 'tote_v2.webp', 'draft');
    insertVersion.run('w3w3w3w3w3w3', 'h6h6h6h6h6h6', 1, hex64(), hex64(), 'tiff', 'poster_a.tif', 'draft');
    insertVersion.run('w4w4w4w4w4w4', 'h6h6h6h6h6h6', 2, hex64(), hex64(), 'jpeg', 'poster_b.jpg', 'retired');
    db.prepare(
      `INSERT INTO asset_search (asset_id, title, sku, product_name, description, tags, filenames, metadata_text)
       VALUES ('g5g5g5g5g5g5', 'Canvas tote', 'SKU-3100', '', '', '', 'tote_v1.png tote_v2.webp', ''),
              ('h6h6h6h6h6h6', 'Old poster', '', '', '', '', 'poster_a.tif poster_b.jpg', '')`,
    ).run();
    return (after) => {
      const ids = (q: Parameters<typeof listAssets>[1]) => listAssets(after, q).map((a) => a.id);
      // The current version is now a maintained column; it agrees with the rule it replaced.
      expect(getAsset(after, 'g5g5g5g5g5g5').currentVersionId).toBe('w1w1w1w1w1w1');
      expect(getAsset(after, 'h6h6h6h6h6h6').currentVersionId).toBe('w3w3w3w3w3w3');
      expect(ids({ status: 'approved' })).toContain('g5g5g5g5g5g5');
      expect(ids({ format: 'tiff' })).toEqual(['h6h6h6h6h6h6']);
      expect(ids({ format: 'webp', query: 'tote' })).toEqual([]);
      // The rebuilt index finds old rows, and replacing one asset's row leaves the others alone.
      expect(ids({ query: 'tote_v2' })).toEqual(['g5g5g5g5g5g5']);
      updateAssetFields(after, 'g5g5g5g5g5g5', { title: 'Jute shopper' });
      expect(ids({ query: 'canvas' })).toEqual([]);
      expect(ids({ query: 'jute' })).toEqual(['g5g5g5g5g5g5']);
      expect(ids({ query: 'poster' })).toEqual(['h6h6h6h6h6h6']);
      // An asset added after the upgrade gets a search key of its own.
      const keys = after.prepare('SELECT search_rowid FROM assets').pluck().all() as number[];
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.every((k) => Number.isInteger(k))).toBe(true);
    };
  },
  4: (db) => {
    // A vault from before export presets: an asset with a stored original, and a setting of its own.
    const original = hex64();
    db.prepare("INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES ('k7k7k7k7k7k7', 'Desk lamp', 'SKU-4400', NULL, NULL, 9, 9)").run();
    db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES ('x1x1x1x1x1x1', 'k7k7k7k7k7k7', 1, ?, ?, 10, 'jpeg', 10, 10, 'lamp.jpg', NULL, 9, 'draft')`,
    ).run(original, hex64());
    db.prepare("INSERT INTO settings VALUES ('ui.theme', 'dark')").run();
    return (after) => {
      // Every built-in rendition preset is there, in the shipped order, as an ordinary editable row.
      const shipped = builtinRenditionPresets();
      expect(listRenditionPresets(after)).toEqual(shipped);
      expect(listWatermarkPresets(after)).toEqual([]);
      expect(getRightsProfile(after)).toEqual(emptyRightsProfile);
      expect(after.prepare("SELECT value FROM settings WHERE key = 'ui.theme'").pluck().get()).toBe('dark');
      expect(referencedBlobIds(after)).toEqual(new Set([original, ...after.prepare('SELECT original_blob FROM versions').pluck().all()]));
      expect(getAsset(after, 'k7k7k7k7k7k7').currentVersionId).toBe('x1x1x1x1x1x1');
    };
  },
  5: (db) => {
    // A vault from before shares: a preset of the owner's and an asset; shares start empty and work.
    db.prepare("INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES ('m8m8m8m8m8m8', 'Teapot', NULL, NULL, NULL, 10, 10)").run();
    db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES ('y1y1y1y1y1y1', 'm8m8m8m8m8m8', 1, ?, ?, 10, 'jpeg', 10, 10, 'teapot.jpg', NULL, 10, 'approved')`,
    ).run(hex64(), hex64());
    return (after) => {
      expect(after.prepare('SELECT count(*) FROM shares').pluck().get()).toBe(0);
      expect(listRenditionPresets(after)).toEqual(builtinRenditionPresets());
      const insert = after.prepare(
        `INSERT INTO shares (id, token_hash, created_at, expires_at, never_expires, rendition_preset_id) VALUES (?, ?, 1, ?, ?, 'builtin-web')`,
      );
      insert.run('s1s1s1s1s1s1', hex64(), 1000, 0);
      after.prepare("INSERT INTO share_assets VALUES ('s1s1s1s1s1s1', 1, 'm8m8m8m8m8m8', 'y1y1y1y1y1y1', ?, 5, 'jpeg', 4, 4, 'image-1.jpg')").run(hex64());
      // No expiry only by the explicit "never"; an asset a share shows cannot vanish under it.
      expect(() => insert.run('s2s2s2s2s2s2', hex64(), null, 0)).toThrow(/CHECK/);
      expect(() => after.prepare("DELETE FROM assets WHERE id = 'm8m8m8m8m8m8'").run()).toThrow(/FOREIGN KEY/);
    };
  },
  6: (db) => {
    // A vault from before three-character prefixes: the search index is rebuilt from the catalog's own
    // rows (title, SKU, tags, file names, metadata), not copied from the old index, so rows written
    // here without an index entry are found afterwards.
    db.prepare("INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES ('n9n9n9n9n9n9', 'Enamel mug', 'SKU-7731', NULL, NULL, 11, 11)").run();
    db.prepare(
      `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
         capture_time, import_time, approval) VALUES ('z1z1z1z1z1z1', 'n9n9n9n9n9n9', 1, ?, ?, 10, 'jpeg', 10, 10, 'mug-front.jpg', NULL, 11, 'draft')`,
    ).run(hex64(), hex64());
    db.prepare("INSERT INTO metadata (version_id, creator, raw_json) VALUES ('z1z1z1z1z1z1', 'Odile Marchetti', '{}')").run();
    db.prepare("INSERT INTO tags (id, name, name_key) VALUES (9, 'Kitchenware', 'kitchenware')").run();
    db.prepare("INSERT INTO asset_tags VALUES ('n9n9n9n9n9n9', 9)").run();
    return (after) => {
      const ids = (query: string) => listAssets(after, { query }).map((a) => a.id);
      for (const query of ['ena', 'SKU', 'kit', 'mug-f', 'mar', 'Odile Marchetti', 'enamel mug']) expect(ids(query), query).toEqual(['n9n9n9n9n9n9']);
      expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'asset_search'").pluck().get()).toContain("prefix = '1 2 3'");
    };
  },
};

/**
 * A vault from before sync, with a row of every kind that syncs. Migration 0008 describes it by ops
 * (a baseline); a fresh catalog rebuilt from those ops alone must equal it.
 */
function seedBeforeSync(db: DB): (after: DB) => void {
  const now = 1_700_000_000_000;
  db.prepare("INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES ('p9p9p9p9p9p9', 'Vase', 'SKU-9', 'Blue vase', NULL, ?, ?)").run(now, now + 50);
  const version = db.prepare(
    `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename, capture_time, import_time, approval)
     VALUES (?, 'p9p9p9p9p9p9', ?, ?, ?, 10, 'jpeg', 10, 10, ?, NULL, ?, ?)`,
  );
  version.run('z1z1z1z1z1z1', 1, hex64(), hex64(), 'vase.jpg', now, 'retired');
  version.run('z2z2z2z2z2z2', 2, hex64(), hex64(), 'vase-2.jpg', now + 10, 'approved');
  const event = db.prepare('INSERT INTO approval_events (version_id, state, at) VALUES (?, ?, ?)');
  event.run('z1z1z1z1z1z1', 'draft', now);
  event.run('z2z2z2z2z2z2', 'draft', now + 10);
  event.run('z2z2z2z2z2z2', 'approved', now + 20);
  event.run('z1z1z1z1z1z1', 'retired', now + 30);
  db.prepare("INSERT INTO derived_blobs VALUES ('z2z2z2z2z2z2', 'thumb', ?, 'jpeg', 4, 4, 3)").run(hex64());
  db.prepare("INSERT INTO metadata (version_id, city, raw_json) VALUES ('z2z2z2z2z2z2', 'Delft', '{}'), ('z1z1z1z1z1z1', NULL, '{}')").run();
  db.prepare("INSERT INTO tags (name, name_key) VALUES ('Été', 'été')").run();
  db.prepare("INSERT INTO asset_tags SELECT 'p9p9p9p9p9p9', id FROM tags").run();
  db.prepare("INSERT INTO collections (id, name, name_key, created_at) VALUES ('c9c9c9c9c9c9', 'Spring', 'spring', ?)").run(now);
  db.prepare("INSERT INTO collection_assets VALUES ('c9c9c9c9c9c9', 'p9p9p9p9p9p9', ?)").run(now + 40);
  db.prepare("INSERT INTO settings VALUES ('shop_name', 'Delft Blue')").run();
  db.prepare(`INSERT INTO watermark_presets (id, name, name_key, logo_blob, spec, created_at, updated_at) VALUES ('w9w9w9w9w9w9', 'Mark', 'mark', NULL, '{"text":"x"}', ?, ?)`).run(now, now + 5);
  db.prepare(`INSERT INTO shares (id, token_hash, created_at, expires_at, never_expires, rendition_preset_id) VALUES ('s9s9s9s9s9s9', ?, ?, NULL, 1, 'builtin-web')`).run(hex64(), now);
  db.prepare("INSERT INTO share_assets VALUES ('s9s9s9s9s9s9', 1, 'p9p9p9p9p9p9', 'z2z2z2z2z2z2', ?, 5, 'jpeg', 4, 4, 'image-1.jpg')").run(hex64());
  db.prepare("INSERT INTO share_access_log (at, share_id, event, ip) VALUES (?, 's9s9s9s9s9s9', 'view', '10.0.0.0/24')").run(now + 60);
  db.prepare(searchRowsInsertSql('1')).run();
  return (after) => {
    // The upgrade writes no ops; the log starts (with the baseline) when the vault first meets sync.
    expect(after.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(0);
    expect(opLogStarted(after)).toBe(false);
    expect(startOpLog(after).ops).toBeGreaterThan(10);
    expect(opLogStarted(after)).toBe(true);
    expect(after.prepare('SELECT count(*) FROM share_access_log WHERE op_id IS NULL').pluck().get()).toBe(0);
    checkRebuiltFromOps(after);
  };
}

/** Another device rebuilds the same catalog from the ops, and the ops materialise to the rows as they are. */
function checkRebuiltFromOps(after: DB): void {
  {
    const fresh = openCatalog(path.join(makeTempDir('catalog-fresh'), 'catalog.db'), randomBytes(32), { create: true });
    try {
      bootstrapFromSnapshot(fresh, createSnapshot(after));
      expect(stateHash(fresh)).toBe(stateHash(after));
      expect(getAsset(fresh, 'p9p9p9p9p9p9')).toEqual(getAsset(after, 'p9p9p9p9p9p9'));
    } finally {
      fresh.close();
    }
  }
  const before = stateHash(after);
  after.transaction(() => materializeAll(after))();
  expect(stateHash(after)).toBe(before);
}

seeders[7] = seedBeforeSync;

/**
 * A catalog upgraded by the first build of migration 0008, which wrote the baseline at the upgrade:
 * its op log is a WITHOUT ROWID table and sync_versions holds a copy of each version body. Emulated by
 * running today's baseline into a stand-in sync_versions table and copying it over in the old shape.
 */
seeders[8] = (db) => {
  const check = seedBeforeSync(db);
  db.transaction(() => {
    db.exec('ALTER TABLE sync_versions RENAME TO sync_versions_v8; CREATE TABLE sync_versions (version_id TEXT PRIMARY KEY, asset_id TEXT NOT NULL, proposed_number INTEGER NOT NULL, sha256 TEXT NOT NULL, hlc TEXT NOT NULL) STRICT;');
    captureExistingCatalog(db);
    db.exec(`INSERT INTO sync_versions_v8 SELECT v.version_id, v.asset_id, v.proposed_number, v.sha256, v.hlc, json_extract(o.body, '$.version') FROM sync_versions v JOIN sync_ops o ON o.op_id = v.hlc;
             DROP TABLE sync_versions; ALTER TABLE sync_versions_v8 RENAME TO sync_versions;`);
  })();
  const ops = db.prepare('SELECT count(*) FROM sync_ops').pluck().get() as number;
  expect(ops).toBeGreaterThan(10);
  void check;
  return (after) => {
    expect(opLogStarted(after)).toBe(true);
    expect(after.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(ops);
    expect(after.prepare("SELECT count(*) FROM pragma_table_info('sync_versions') WHERE name = 'body'").pluck().get()).toBe(0);
    // The log runs: a local write captures its op at once.
    updateAssetFields(after, 'p9p9p9p9p9p9', { title: 'Vase, blue' });
    expect(after.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(ops + 1);
    checkRebuiltFromOps(after);
  };
};

/**
 * A vault from before the date-ordered search index: searches whose matches sit at the far end of
 * the order (looked up through the new index) answer the same rows, in the same order.
 */
seeders[9] = (db) => {
  const row = db.prepare(
    "INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, ?, ?)",
  );
  const version = db.prepare(
    `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename,
       capture_time, import_time, approval) VALUES (?, ?, 1, ?, ?, 10, 'jpeg', 10, 10, 'x.jpg', NULL, 1, 'draft')`,
  );
  for (let i = 0; i < 30; i++) {
    const id = `m${String(i).padStart(11, '0')}`;
    // Two mugs share a date, so the id breaks the tie.
    row.run(id, i < 5 ? `Old mug ${i}` : `Plate ${i}`, `SKU-${i}`, i === 3 ? 2 : i, 100);
    version.run(`v${String(i).padStart(11, '0')}`, id, hex64(), hex64());
  }
  db.prepare(searchRowsInsertSql('1')).run();
  return (after) => {
    expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'assets_search_by_created'").pluck().get()).toBe(1);
    const ids = (sort: 'newest' | 'oldest') => listAssets(after, { query: 'mug', sort }).map((a) => a.id);
    expect(ids('newest')).toEqual(['m00000000004', 'm00000000003', 'm00000000002', 'm00000000001', 'm00000000000']);
    expect(ids('oldest')).toEqual(['m00000000000', 'm00000000001', 'm00000000002', 'm00000000003', 'm00000000004']);
  };
};

describe('catalog schema migrations', () => {
  it('creates a fresh catalog at the latest schema version', () => {
    const { db } = newCatalog();
    try {
      expect(LATEST).toBeGreaterThanOrEqual(2);
      expect(schemaVersion(db)).toBe(LATEST);
      expect(tableNames(db)).toEqual(expect.arrayContaining(['assets', 'versions', 'tags', 'collections', 'metadata', 'asset_search']));
      // Re-running the runner on an up-to-date catalog is a no-op.
      expect(migrate(db, migrations)).toEqual({ from: LATEST, to: LATEST, applied: [] });
    } finally {
      db.close();
    }
  });

  it.each(Array.from({ length: LATEST }, (_, v) => v))('upgrades a catalog written at version %i and keeps its data', (version) => {
    const seed = seeders[version];
    if (!seed) throw new Error(`add a seeder for schema version ${version} (rows a catalog could hold at that version)`);
    const { file, key, db } = newCatalog({ targetVersion: version });
    let check: (db: DB) => void;
    try {
      expect(schemaVersion(db)).toBe(version);
      check = seed(db);
    } finally {
      db.close();
    }
    const reopened = openCatalog(file, key);
    try {
      expect(schemaVersion(reopened)).toBe(LATEST);
      check(reopened);
      expect(reopened.pragma('foreign_key_check')).toEqual([]);
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  });

  it('refuses a catalog written by a newer Strongroom', () => {
    const { file, key, db } = newCatalog();
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    expectCode(() => openCatalog(file, key), 'CATALOG_FROM_FUTURE');
  });

  it('refuses the wrong key', () => {
    const { file, db } = newCatalog();
    db.prepare("INSERT INTO settings VALUES ('k', 'v')").run();
    db.close();
    expectCode(() => openCatalog(file, randomBytes(32)), 'CATALOG_WRONG_KEY');
  });

  it('refuses a plain, unencrypted SQLite file', () => {
    const file = path.join(makeTempDir('plain'), 'catalog.db');
    const plain = new Database(file);
    plain.exec("CREATE TABLE assets (id TEXT PRIMARY KEY, title TEXT); INSERT INTO assets VALUES ('x', 'plain');");
    plain.close();
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expectCode(() => openCatalog(file, randomBytes(32)), 'CATALOG_UNENCRYPTED');
  });

  it('applies pending migrations in one transaction: a failing one leaves the catalog as it was', () => {
    const { db } = newCatalog({ targetVersion: 0 });
    try {
      const m1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY);' };
      const m2: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY); INSERT INTO one VALUES (1);' };
      const bad: Migration = { version: 3, name: 'broken', sql: 'CREATE TABLE three (id INTEGER); THIS IS NOT SQL;' };

      expect(() => migrate(db, [m1, { ...m2, version: 2, sql: 'NOT SQL AT ALL' }])).toThrow();
      expect(schemaVersion(db)).toBe(0);
      expect(tableNames(db)).not.toContain('one');

      expect(migrate(db, [m1])).toEqual({ from: 0, to: 1, applied: ['one'] });
      expect(() => migrate(db, [m1, m2, bad])).toThrow();
      expect(schemaVersion(db)).toBe(1);
      expect(tableNames(db)).toContain('one');
      expect(tableNames(db)).not.toContain('two');
      expect(tableNames(db)).not.toContain('three');
      expect(db.prepare('SELECT count(*) AS n FROM one').get()).toEqual({ n: 0 });

      expect(migrate(db, [m1, m2])).toEqual({ from: 1, to: 2, applied: ['two'] });
      expect(() => migrate(db, [m1, { ...m2, version: 3 }])).toThrow(/expected 2/);
    } finally {
      db.close();
    }
  });

  it('never writes catalog contents in plaintext, in the database or its WAL', () => {
    const title = 'Quokka marmalade jar 4471';
    const { file, key, db } = newCatalog();
    const { assetId } = commitImport(db, {
      title,
      sku: 'SKU-QMJ-4471',
      originalBlob: hex64(),
      sha256: hex64(),
      byteSize: 10,
      format: 'jpeg',
      width: 10,
      height: 10,
      originalFilename: 'quokka_marmalade.jpg',
      captureTime: null,
      derived: [],
      metadata: { caption: title },
      rawMetadata: { note: title },
    });
    const needle = Buffer.from(title, 'utf8');
    const read = (suffix: string) => (existsSync(file + suffix) ? readFileSync(file + suffix) : Buffer.alloc(0));
    expect(read('-wal').length).toBeGreaterThan(0);
    for (const suffix of ['', '-wal']) {
      expect(read(suffix).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      expect(read(suffix).includes(needle), `title found in catalog.db${suffix}`).toBe(false);
    }
    db.close();
    expect(read('').includes(needle)).toBe(false);
    expect(read('').subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    // The data is really there, and the same rows in a plain database would show the title: the scan can fail.
    const reopened = openCatalog(file, key);
    expect(getAsset(reopened, assetId).title).toBe(title);
    reopened.close();
    const plainFile = path.join(path.dirname(file), 'control.db');
    const plain = new Database(plainFile);
    plain.exec('CREATE TABLE t (title TEXT)');
    plain.prepare('INSERT INTO t VALUES (?)').run(title);
    plain.close();
    expect(readFileSync(plainFile).includes(needle)).toBe(true);
  });
});
