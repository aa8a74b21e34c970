import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The search rows of the assets `a` that `where` selects, keyed by the asset's `search_rowid`. One
 * statement for one asset or for many (bulk loads); migrations 0002 and 0004 keep their own frozen
 * copies, as migrations never change once released.
 */
export function searchRowsInsertSql(where: string): string {
  return `INSERT INTO asset_search (rowid, title, sku, product_name, description, tags, filenames, metadata_text)
     SELECT a.search_rowid, a.title, coalesce(a.sku, ''), coalesce(a.product_name, ''), coalesce(a.description, ''),
       coalesce((SELECT group_concat(t.name, ' ') FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE at.asset_id = a.id), ''),
       coalesce((SELECT group_concat(v.original_filename, ' ') FROM versions v WHERE v.asset_id = a.id), ''),
       coalesce((SELECT group_concat(concat_ws(' ', m.camera_make, m.camera_model, m.lens, m.creator, m.copyright,
                   m.headline, m.caption, m.keywords, m.city, m.country), ' ')
                 FROM versions v JOIN metadata m ON m.version_id = v.id WHERE v.asset_id = a.id), '')
     FROM assets a WHERE ${where}`;
}

/**
 * Keeps the FTS5 row of one asset in step with its fields, tags, file names and metadata. Called inside
 * the transaction of every change to those, so search never sees a half-updated asset.
 */
export function reindexAsset(db: Database, assetId: string): void {
  db.prepare('DELETE FROM asset_search WHERE rowid = (SELECT search_rowid FROM assets WHERE id = ?)').run(assetId);
  db.prepare(searchRowsInsertSql('a.id = ?')).run(assetId);
}

/** The words of what a person typed, as the tokenizer splits them (letters and digits). */
export function searchWords(input: string): string[] {
  return input.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Turns what a person types into an FTS5 query: every word must match, the last one as a prefix so
 * results follow each keystroke. Words are quoted, so FTS syntax characters in the input are inert.
 */
export function toFtsQuery(input: string): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
