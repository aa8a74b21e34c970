import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../names';
import type { Migration } from '../migrate';

/**
 * SQLite's NOCASE folds only ASCII, so "Été" and "été" were two tags. Tags and collections get a
 * folded key, computed in JavaScript (full Unicode case folding), that lookups and uniqueness use.
 */
const migration: Migration = {
  version: 3,
  name: 'unicode case-insensitive tag and collection names',
  up(db: Database) {
    db.exec('ALTER TABLE tags ADD COLUMN name_key TEXT');
    db.exec('ALTER TABLE collections ADD COLUMN name_key TEXT');
    for (const table of ['tags', 'collections'] as const) {
      const rows = db.prepare(`SELECT rowid AS rid, name FROM ${table} ORDER BY rowid`).all() as { rid: number; name: string }[];
      const seen = new Set<string>();
      const update = db.prepare(`UPDATE ${table} SET name_key = ?, name = ? WHERE rowid = ?`);
      for (const row of rows) {
        // Names that now collide keep a visible suffix rather than silently merging.
        let key = foldName(row.name);
        let name = row.name;
        for (let n = 2; seen.has(key); n += 1) {
          name = `${row.name} (${n})`;
          key = foldName(name);
        }
        seen.add(key);
        update.run(key, name, row.rid);
      }
    }
    db.exec('CREATE UNIQUE INDEX tags_name_key ON tags (name_key)');
    db.exec('CREATE UNIQUE INDEX collections_name_key ON collections (name_key)');
  },
};

export default migration;
