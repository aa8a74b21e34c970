import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../electron/core/catalog/names';
import { reindexAsset, searchRowsInsertSql } from '../electron/core/catalog/search-index';
import { mergeSearchIndex, searchIndexSegments } from '../electron/core/catalog/search-index-merge';
import { newId } from '../electron/core/ids';
import { createCore } from '../electron/core/index';
import { Vault } from '../electron/core/vault/vault';
import { prng } from './photos';
import { productWords } from './ui-catalog-words';

/**
 * A real vault holding a large synthetic catalogue, for the UI benchmark: a handful of real photos are
 * imported the normal way (so every rendition is a real encrypted blob the shell decrypts on request),
 * then `assets` asset / version / rendition rows are inserted directly in one transaction, reusing
 * those photos' blobs, with shop-like titles, SKUs, tags and approval states. The search index is
 * filled in bulk with one statement built by the same function reindexAsset (catalog/search-index.ts)
 * uses, and a sample of rows is checked against reindexAsset itself. The schema's triggers keep each
 * asset's current version, as they do for ingest. Recorded SHA-256 values are made up (the unique index on versions needs
 * distinct ones), so `strongroom verify` would rightly complain about this vault.
 */
export interface SyntheticVaultOptions {
  dir: string;
  passphrase: string;
  /** Real image files to import first; their renditions are shared by every synthetic asset. */
  photos: readonly string[];
  assets: number;
  /** Share of assets with a second version (to give "current version" its real work). */
  secondVersionShare?: number;
  log?: (line: string) => void;
}

export interface SyntheticVaultStats {
  realAssets: number;
  syntheticAssets: number;
  versions: number;
  tagLinks: number;
  insertMs: number;
  indexMs: number;
}

/** The rows reindexAsset writes, for every asset not yet indexed, in one statement. */
export const BULK_INDEX_SQL = searchRowsInsertSql('a.search_rowid NOT IN (SELECT rowid FROM asset_search)');

const SEARCH_ROW_SQL =
  'SELECT title, sku, product_name, description, tags, filenames, metadata_text FROM asset_search WHERE rowid = (SELECT search_rowid FROM assets WHERE id = ?)';

/** The bulk rows must be what the engine would have written: compare a few with reindexAsset's. */
function checkIndexSample(db: Database, ids: readonly string[]): void {
  const row = db.prepare(SEARCH_ROW_SQL);
  for (const id of [ids[0]!, ids[Math.floor(ids.length / 2)]!, ids[ids.length - 1]!]) {
    const bulk = JSON.stringify(row.get(id));
    reindexAsset(db, id);
    const engine = JSON.stringify(row.get(id));
    if (bulk !== engine) throw new Error(`the bulk search row of ${id} differs from reindexAsset's: ${bulk} vs ${engine}`);
  }
}

export interface RealVersion {
  original_blob: string;
  byte_size: number;
  format: string;
  width: number;
  height: number;
  thumb_blob: string;
  thumb_width: number;
  thumb_height: number;
  thumb_size: number;
  preview_blob: string;
  preview_width: number;
  preview_height: number;
  preview_size: number;
}

const APPROVALS = [
  ['draft', 0.6],
  ['in_review', 0.2],
  ['approved', 0.15],
  ['retired', 0.05],
] as const;

function realVersions(db: Database): RealVersion[] {
  return db
    .prepare(
      `SELECT v.original_blob, v.byte_size, v.format, v.width, v.height,
         t.blob_id AS thumb_blob, t.width AS thumb_width, t.height AS thumb_height, t.byte_size AS thumb_size,
         p.blob_id AS preview_blob, p.width AS preview_width, p.height AS preview_height, p.byte_size AS preview_size
       FROM versions v
       JOIN derived_blobs t ON t.version_id = v.id AND t.kind = 'thumb'
       JOIN derived_blobs p ON p.version_id = v.id AND p.kind = 'preview'`,
    )
    .all() as RealVersion[];
}

export function insertSynthetic(db: Database, real: readonly RealVersion[], options: SyntheticVaultOptions): Omit<SyntheticVaultStats, 'realAssets' | 'indexMs'> & { ids: string[] } {
  const rand = prng(20_250_601);
  const words = productWords(42);
  const secondShare = options.secondVersionShare ?? 0.1;
  const now = Date.now();
  const insertAsset = db.prepare('INSERT INTO assets (id, title, sku, product_name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertVersion = db.prepare(
    `INSERT INTO versions (id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename, capture_time, import_time, approval)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const insertDerived = db.prepare('INSERT INTO derived_blobs (version_id, kind, blob_id, format, width, height, byte_size) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags (name, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const tagId = db.prepare('SELECT id FROM tags WHERE name_key = ?');
  const link = db.prepare('INSERT INTO asset_tags (asset_id, tag_id) VALUES (?, ?)');
  const tagIds = new Map<string, number>();
  const approval = () => {
    let r = rand();
    for (const [state, share] of APPROVALS) if ((r -= share) < 0) return state;
    return 'draft';
  };
  const ids: string[] = [];
  let versions = 0;
  let tagLinks = 0;
  for (let i = 0; i < options.assets; i += 1) {
    const p = words(i);
    const id = newId();
    const created = now - (options.assets - i) * 30_000;
    insertAsset.run(id, p.title, p.sku, p.productName, p.description, created, created);
    const count = rand() < secondShare ? 2 : 1;
    for (let n = 1; n <= count; n += 1) {
      const r = real[Math.floor(rand() * real.length)]!;
      const versionId = newId();
      const sha = createHash('sha256').update(`synthetic ${id} ${n}`).digest('hex');
      insertVersion.run(versionId, id, n, r.original_blob, sha, r.byte_size, r.format, r.width, r.height, p.filename, created + n, approval());
      insertDerived.run(versionId, 'thumb', r.thumb_blob, 'jpeg', r.thumb_width, r.thumb_height, r.thumb_size);
      insertDerived.run(versionId, 'preview', r.preview_blob, 'jpeg', r.preview_width, r.preview_height, r.preview_size);
      versions += 1;
    }
    for (const tag of p.tags) {
      let tid = tagIds.get(tag);
      if (tid === undefined) {
        insertTag.run(tag, foldName(tag));
        tid = (tagId.get(foldName(tag)) as { id: number }).id;
        tagIds.set(tag, tid);
      }
      link.run(id, tid);
      tagLinks += 1;
    }
    ids.push(id);
  }
  return { ids, syntheticAssets: options.assets, versions, tagLinks, insertMs: 0 };
}

/** Creates the vault in `dir` (which must not hold one) and closes it again. */
export async function buildSyntheticVault(options: SyntheticVaultOptions): Promise<SyntheticVaultStats> {
  const core = createCore({ keychain: null });
  const { vault } = await Vault.create(options.dir, { passphrase: options.passphrase, keychain: null });
  try {
    const report = await core.ingest(vault, options.photos.map((path) => ({ kind: 'file' as const, path })));
    if (report.refused.length > 0) throw new Error(`the bench photos were refused: ${report.refused.map((r) => `${r.source}: ${r.reason}`).join('; ')}`);
    const real = realVersions(vault.db);
    let started = performance.now();
    const inserted = vault.db.transaction(() => insertSynthetic(vault.db, real, options)).immediate();
    const insertMs = performance.now() - started;
    options.log?.(`  inserted ${inserted.syntheticAssets} assets, ${inserted.versions} versions, ${inserted.tagLinks} tag links in ${(insertMs / 1000).toFixed(1)} s`);
    started = performance.now();
    vault.db.transaction(() => vault.db.exec(BULK_INDEX_SQL)).immediate();
    const indexMs = performance.now() - started;
    checkIndexSample(vault.db, inserted.ids);
    options.log?.(`  search index filled in bulk in ${(indexMs / 1000).toFixed(1)} s (sample checked against reindexAsset)`);
    // What the app does after an import (api/search-upkeep.ts): a bulk fill leaves the index in many segments.
    const segments = searchIndexSegments(vault.db);
    started = performance.now();
    const slices = await mergeSearchIndex(vault.db);
    options.log?.(`  search index in ${segments} segments merged into ${searchIndexSegments(vault.db)} in ${slices} slices, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { realAssets: report.imported.length, syntheticAssets: inserted.syntheticAssets, versions: inserted.versions, tagLinks: inserted.tagLinks, insertMs, indexMs };
  } finally {
    vault.close();
  }
}
