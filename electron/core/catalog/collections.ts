import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { newId } from '../ids';
import { captureOp } from '../sync/ops/capture';
import { observedAdds } from '../sync/ops/state';
import { foldName } from './names';
import type { CollectionSummary } from './types';

function checkName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (name === '') throw new StrongroomError('INVALID_ARGUMENT', 'a collection needs a name');
  if ([...name].length > 200) throw new StrongroomError('INVALID_ARGUMENT', 'a collection name can have at most 200 characters');
  return name;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createCollection(db: Database, rawName: string, now = Date.now()): CollectionSummary {
  const name = checkName(rawName);
  const id = newId();
  try {
    db.transaction(() => {
      db.prepare('INSERT INTO collections (id, name, name_key, created_at) VALUES (?, ?, ?, ?)').run(id, name, foldName(name), now);
      captureOp(db, { kind: 'collection.create', at: now, collectionId: id, name });
    })();
  } catch (err) {
    if (isUniqueViolation(err)) throw new StrongroomError('CONFLICT', `a collection named "${name}" already exists`);
    throw err;
  }
  return { id, name, createdAt: now, assetCount: 0 };
}

/** Accepts a collection id or its (case-insensitive) name. */
export function resolveCollection(db: Database, idOrName: string): { id: string; name: string } {
  const row = db.prepare('SELECT id, name FROM collections WHERE id = ? OR name_key = ?').get(idOrName, foldName(idOrName)) as
    | { id: string; name: string }
    | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no collection "${idOrName}"`);
  return row;
}

export function renameCollection(db: Database, idOrName: string, rawName: string, now = Date.now()): void {
  const { id } = resolveCollection(db, idOrName);
  const name = checkName(rawName);
  try {
    db.transaction(() => {
      db.prepare('UPDATE collections SET name = ?, name_key = ? WHERE id = ?').run(name, foldName(name), id);
      captureOp(db, { kind: 'collection.rename', at: now, collectionId: id, name });
    })();
  } catch (err) {
    if (isUniqueViolation(err)) throw new StrongroomError('CONFLICT', `a collection named "${name}" already exists`);
    throw err;
  }
}

/** Deleting a collection never deletes its assets, only the grouping. */
export function deleteCollection(db: Database, idOrName: string, now = Date.now()): void {
  const { id } = resolveCollection(db, idOrName);
  db.transaction(() => {
    db.prepare('DELETE FROM collections WHERE id = ?').run(id);
    captureOp(db, { kind: 'collection.delete', at: now, collectionId: id });
  })();
}

export function addToCollection(db: Database, idOrName: string, assetIds: string[], now = Date.now()): void {
  db.transaction(() => {
    const { id } = resolveCollection(db, idOrName);
    const exists = db.prepare('SELECT 1 FROM assets WHERE id = ?');
    const insert = db.prepare('INSERT OR IGNORE INTO collection_assets (collection_id, asset_id, added_at) VALUES (?, ?, ?)');
    for (const assetId of assetIds) {
      if (!exists.get(assetId)) throw new StrongroomError('NOT_FOUND', `no asset with id "${assetId}"`);
      insert.run(id, assetId, now);
      captureOp(db, { kind: 'collection.add', at: now, collectionId: id, assetId });
    }
  })();
}

export function removeFromCollection(db: Database, idOrName: string, assetIds: string[], now = Date.now()): void {
  db.transaction(() => {
    const { id } = resolveCollection(db, idOrName);
    const del = db.prepare('DELETE FROM collection_assets WHERE collection_id = ? AND asset_id = ?');
    for (const assetId of assetIds) {
      del.run(id, assetId);
      captureOp(db, { kind: 'collection.remove', at: now, collectionId: id, assetId, observed: observedAdds(db, 'member', id, assetId) });
    }
  })();
}

export function listCollections(db: Database): CollectionSummary[] {
  return db
    .prepare(
      `SELECT c.id, c.name, c.created_at AS createdAt, count(ca.asset_id) AS assetCount
       FROM collections c LEFT JOIN collection_assets ca ON ca.collection_id = c.id
       GROUP BY c.id ORDER BY c.name COLLATE NOCASE`,
    )
    .all() as CollectionSummary[];
}
