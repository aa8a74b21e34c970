import type { Migration } from '../migrate';

/**
 * Lists, counts and searches that stay fast at 100,000 assets.
 *
 * - `assets.current_version_id`: the version that represents an asset (the newest approved one, else the
 *   newest not retired, else the newest), with its approval state and format copied beside it for the
 *   filters. Triggers on `versions` keep all three, so the rule lives in the schema and no write path
 *   can forget it. Before this, every list recomputed it per asset.
 * - `assets.search_rowid`: a stable integer key for the asset's search row. The index was keyed by an
 *   unindexed text column, so replacing one asset's row scanned the whole index. Implicit rowids can
 *   change on VACUUM; this column never does.
 * - One index per sort order, each ending in the id, so a page is read straight from the index.
 * - The search index is rebuilt keyed by `search_rowid`, with prefix indexes for one- and two-character
 *   prefixes: results as you type start at the first keystroke.
 */
/** Sets the current version of the asset whose id is the SQL expression `assetId`. */
const setCurrentVersion = (assetId: string) => `
  UPDATE assets SET (current_version_id, current_approval, current_format) = (
    SELECT v.id, v.approval, v.format FROM versions v WHERE v.asset_id = ${assetId}
    ORDER BY (v.approval = 'approved') DESC, (v.approval <> 'retired') DESC, v.number DESC LIMIT 1)
  WHERE id = ${assetId};`;

const migration: Migration = {
  version: 4,
  name: 'fast lists and search',
  sql: `
    ALTER TABLE assets ADD COLUMN current_version_id TEXT;
    ALTER TABLE assets ADD COLUMN current_approval TEXT;
    ALTER TABLE assets ADD COLUMN current_format TEXT;
    ALTER TABLE assets ADD COLUMN search_rowid INTEGER;

    UPDATE assets SET search_rowid = rowid;
    CREATE UNIQUE INDEX assets_search_rowid ON assets (search_rowid);
    CREATE TRIGGER assets_assign_search_rowid AFTER INSERT ON assets WHEN NEW.search_rowid IS NULL BEGIN
      UPDATE assets SET search_rowid = (SELECT coalesce(max(search_rowid), 0) + 1 FROM assets) WHERE rowid = NEW.rowid;
    END;

    ${setCurrentVersion('assets.id')}
    CREATE INDEX assets_current_version ON assets (current_version_id);
    CREATE INDEX assets_current_approval ON assets (current_approval);
    CREATE INDEX assets_current_format ON assets (current_format);
    CREATE TRIGGER versions_current_after_insert AFTER INSERT ON versions BEGIN ${setCurrentVersion('NEW.asset_id')} END;
    CREATE TRIGGER versions_current_after_approval AFTER UPDATE OF approval ON versions BEGIN ${setCurrentVersion('NEW.asset_id')} END;
    CREATE TRIGGER versions_current_after_delete AFTER DELETE ON versions BEGIN ${setCurrentVersion('OLD.asset_id')} END;

    DROP INDEX assets_created;
    CREATE INDEX assets_by_created ON assets (created_at, id);
    CREATE INDEX assets_by_title ON assets (title COLLATE NOCASE, id);
    CREATE INDEX assets_by_sku ON assets (sku IS NULL, sku COLLATE NOCASE, id);

    DROP TABLE asset_search;
    CREATE VIRTUAL TABLE asset_search USING fts5 (
      title, sku, product_name, description, tags, filenames, metadata_text,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '1 2'
    );
    INSERT INTO asset_search (rowid, title, sku, product_name, description, tags, filenames, metadata_text)
    SELECT a.search_rowid, a.title, coalesce(a.sku, ''), coalesce(a.product_name, ''), coalesce(a.description, ''),
      coalesce((SELECT group_concat(t.name, ' ') FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = a.id), ''),
      coalesce((SELECT group_concat(v.original_filename, ' ') FROM versions v WHERE v.asset_id = a.id), ''),
      coalesce((SELECT group_concat(concat_ws(' ', m.camera_make, m.camera_model, m.lens, m.creator, m.copyright,
                  m.headline, m.caption, m.keywords, m.city, m.country), ' ')
                FROM versions v JOIN metadata m ON m.version_id = v.id WHERE v.asset_id = a.id), '')
    FROM assets a;
  `,
};

export default migration;
