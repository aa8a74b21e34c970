import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The merged state of a catalog as plain data, in a fixed order, without what is local by nature:
 * integer row ids (search keys, tag ids, log ids), share view/download counters (the serving device
 * counts), and the sync bookkeeping of this device (its clock, outbox, batches). Two devices that have
 * applied the same ops give equal dumps; a snapshot carries its hash so a bootstrap can prove it.
 */
const QUERIES: Record<string, string> = {
  assets: 'SELECT id, title, sku, product_name, description, created_at, updated_at, current_version_id, current_approval, current_format FROM assets ORDER BY id',
  versions:
    'SELECT id, asset_id, number, original_blob, sha256, byte_size, format, width, height, original_filename, capture_time, import_time, approval FROM versions ORDER BY id',
  approvalEvents: 'SELECT version_id, state, at FROM approval_events ORDER BY version_id, id',
  derived: 'SELECT * FROM derived_blobs ORDER BY version_id, kind',
  metadata: 'SELECT * FROM metadata ORDER BY version_id',
  tags: 'SELECT name, name_key FROM tags ORDER BY name_key',
  assetTags: 'SELECT at.asset_id, t.name_key FROM asset_tags at JOIN tags t ON t.id = at.tag_id ORDER BY at.asset_id, t.name_key',
  collections: 'SELECT id, name, name_key, created_at FROM collections ORDER BY id',
  collectionAssets: 'SELECT * FROM collection_assets ORDER BY collection_id, asset_id',
  settings: "SELECT key, value FROM settings WHERE key IN ('rights_profile', 'shop_name') ORDER BY key",
  renditionPresets: 'SELECT * FROM rendition_presets ORDER BY id',
  watermarkPresets: 'SELECT * FROM watermark_presets ORDER BY id',
  shares: `SELECT id, token_hash, created_at, expires_at, never_expires, max_views, max_downloads, view_only, password_hash, password_kdf,
    recipient_name, recipient_company, recipient_email, rendition_preset_id, watermark_preset_id, terms, note, revoked_at FROM shares ORDER BY id`,
  shareAssets: 'SELECT * FROM share_assets ORDER BY share_id, position',
  accessLog: 'SELECT op_id, at, share_id, event, reason, ip, user_agent, referrer FROM share_access_log ORDER BY op_id',
  search: `SELECT a.id, s.title, s.sku, s.product_name, s.description, s.tags, s.filenames, s.metadata_text
    FROM assets a JOIN asset_search s ON s.rowid = a.search_rowid ORDER BY a.id`,
  fieldHistory: 'SELECT * FROM sync_field_history ORDER BY target, field, hlc',
  review: 'SELECT * FROM sync_review ORDER BY target, kind, detail',
  // Rows with applied marks differ by who received from whom; only what ops set is merged state.
  devices: 'SELECT id, name, retired_after_seq FROM sync_devices WHERE name IS NOT NULL OR retired_after_seq IS NOT NULL ORDER BY id',
};

export type CatalogDump = Record<string, unknown[]>;

export function canonicalDump(db: Database): CatalogDump {
  const dump: CatalogDump = {};
  for (const [name, sql] of Object.entries(QUERIES)) dump[name] = db.prepare(sql).all();
  // Search rows are compared as words: their order follows local row ids (tags, versions), not meaning.
  dump.search = (dump.search as Record<string, string>[]).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'id' ? v : String(v).split(/\s+/).filter(Boolean).sort().join(' ')])),
  );
  // The profile's JSON is compared as data: key order is how one writer happened to build it.
  dump.settings = (dump.settings as { key: string; value: string }[]).map((s) => ({ key: s.key, value: s.key === 'rights_profile' ? JSON.parse(s.value) : s.value }));
  return dump;
}
