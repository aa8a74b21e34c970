import type { Migration } from '../migrate';

/**
 * Full-text search over what a shop owner types to find a product. One row per asset, rebuilt by the
 * catalog code whenever anything indexed changes; this migration also indexes assets that already exist.
 */
const migration: Migration = {
  version: 2,
  name: 'full-text search',
  sql: `
    CREATE VIRTUAL TABLE asset_search USING fts5 (
      asset_id UNINDEXED,
      title, sku, product_name, description, tags, filenames, metadata_text,
      tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO asset_search (asset_id, title, sku, product_name, description, tags, filenames, metadata_text)
    SELECT a.id, a.title, coalesce(a.sku, ''), coalesce(a.product_name, ''), coalesce(a.description, ''),
      coalesce((SELECT group_concat(t.name, ' ') FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = a.id), ''),
      coalesce((SELECT group_concat(v.original_filename, ' ') FROM versions v WHERE v.asset_id = a.id), ''),
      coalesce((SELECT group_concat(concat_ws(' ', m.camera_make, m.camera_model, m.lens, m.creator, m.copyright,
                  m.headline, m.caption, m.keywords, m.city, m.country), ' ')
                FROM versions v JOIN metadata m ON m.version_id = v.id WHERE v.asset_id = a.id), '')
    FROM assets a;
  `,
};

export default migration;
