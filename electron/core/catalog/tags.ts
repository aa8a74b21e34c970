import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { foldName } from './names';
import { captureOp } from '../sync/ops/capture';
import { observedAdds } from '../sync/ops/state';
import { reindexAsset } from './search-index';

const MAX_TAG_LENGTH = 100;

export function normalizeTag(raw: string): string {
  const tag = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (tag === '') throw new StrongroomError('INVALID_ARGUMENT', 'a tag cannot be empty');
  if ([...tag].length > MAX_TAG_LENGTH) throw new StrongroomError('INVALID_ARGUMENT', `a tag can have at most ${MAX_TAG_LENGTH} characters`);
  return tag;
}

/** Adds and removes tags on many assets in one transaction; tags no asset uses any more are dropped. */
export function changeTags(db: Database, assetIds: string[], add: string[], remove: string[], now = Date.now()): void {
  const toRemove = remove.map(normalizeTag);
  // A tag both added and removed in one call ends removed (as linking then unlinking always did); not
  // adding it at all keeps the ops honest and the tag row from vanishing between two assets' links.
  const removedKeys = new Set(toRemove.map(foldName));
  const toAdd = add.map(normalizeTag).filter((name) => !removedKeys.has(foldName(name)));
  db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM assets WHERE id = ?');
    for (const id of assetIds) {
      if (!exists.get(id)) throw new StrongroomError('NOT_FOUND', `no asset with id "${id}"`);
    }
    const insertTag = db.prepare('INSERT INTO tags (name, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING');
    const tagId = db.prepare('SELECT id FROM tags WHERE name_key = ?');
    const link = db.prepare('INSERT OR IGNORE INTO asset_tags (asset_id, tag_id) VALUES (?, ?)');
    const unlink = db.prepare('DELETE FROM asset_tags WHERE asset_id = ? AND tag_id = (SELECT id FROM tags WHERE name_key = ?)');
    const touch = db.prepare('UPDATE assets SET updated_at = ? WHERE id = ?');
    const storedName = db.prepare('SELECT name FROM tags WHERE name_key = ?').pluck();
    for (const name of toAdd) insertTag.run(name, foldName(name));
    for (const id of assetIds) {
      for (const name of toAdd) link.run(id, (tagId.get(foldName(name)) as { id: number }).id);
      for (const name of toRemove) unlink.run(id, foldName(name));
      touch.run(now, id);
      reindexAsset(db, id);
      // Ops record the spelling the tag row has (an existing tag keeps its own), and a remove names the adds it saw.
      for (const name of toAdd) captureOp(db, { kind: 'tag.add', at: now, assetId: id, name: storedName.get(foldName(name)) as string });
      for (const name of toRemove) {
        const key = foldName(name);
        captureOp(db, { kind: 'tag.remove', at: now, assetId: id, key, observed: observedAdds(db, 'tag', id, key) });
      }
      if (toAdd.length === 0 && toRemove.length === 0) captureOp(db, { kind: 'asset.set', at: now, assetId: id, fields: {} });
    }
    db.prepare('DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM asset_tags)').run();
  })();
}

export function listTags(db: Database): { name: string; count: number }[] {
  return db
    .prepare(
      'SELECT t.name, count(at.asset_id) AS count FROM tags t LEFT JOIN asset_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY t.name COLLATE NOCASE',
    )
    .all() as { name: string; count: number }[];
}
