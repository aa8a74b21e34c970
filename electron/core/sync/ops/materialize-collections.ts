import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../../catalog/names';
import { liveAdds, readRegister, tombstoneOf } from './state';
import { renameRows, uniqueNames } from './unique-names';

interface LiveCollection {
  id: string;
  name: string;
  createdAt: number;
}

/** Live collections (created, not deleted), in creation order (which decides who keeps a shared name). */
function liveCollections(db: Database): LiveCollection[] {
  const rows = db
    .prepare("SELECT target, hlc, value FROM sync_registers WHERE field = '_created' AND target LIKE 'collection:%' ORDER BY hlc")
    .all() as { target: string; hlc: string; value: string }[];
  return rows
    .filter((r) => tombstoneOf(db, r.target) === undefined)
    .map((r) => ({ id: r.target.slice('collection:'.length), name: readRegister<string>(db, r.target, 'name')!, createdAt: (JSON.parse(r.value) as { at: number }).at }));
}

/** All collection rows at once: they are few, and name uniqueness is a property of all of them together. */
export function materializeCollections(db: Database, namesOnly = false): void {
  const have = new Map((db.prepare('SELECT id, name, created_at FROM collections').all() as { id: string; name: string; created_at: number }[]).map((r) => [r.id, r]));
  const live = liveCollections(db).filter((c) => !namesOnly || have.has(c.id));
  const names = uniqueNames(live);
  const liveIds = new Set(live.map((c) => c.id));
  const del = db.prepare('DELETE FROM collections WHERE id = ?');
  if (!namesOnly) for (const id of have.keys()) if (!liveIds.has(id)) del.run(id);
  const renames = new Map<string, string>();
  for (const c of live) {
    const row = have.get(c.id);
    const name = names.get(c.id)!;
    if (row && row.name !== name) renames.set(c.id, name);
    if (row && row.created_at !== c.createdAt && !namesOnly) db.prepare('UPDATE collections SET created_at = ? WHERE id = ?').run(c.createdAt, c.id);
  }
  renameRows(db, 'collections', renames);
  // After a local write only the names can be stale (a suffix another record's change made unneeded).
  if (namesOnly) return;
  const insert = db.prepare('INSERT INTO collections (id, name, name_key, created_at) VALUES (?, ?, ?, ?)');
  for (const c of live) if (!have.has(c.id)) insert.run(c.id, names.get(c.id)!, foldName(names.get(c.id)!), c.createdAt);
}

/**
 * Membership of one asset in one collection: an add-wins set, shown when both rows exist; added_at is
 * the time of the earliest surviving add (what the local INSERT OR IGNORE keeps).
 */
export function materializeMembership(db: Database, collectionId: string, assetId: string): void {
  const adds = liveAdds<number>(db, 'member', collectionId, assetId);
  const bothExist =
    db.prepare('SELECT 1 FROM collections WHERE id = ?').get(collectionId) !== undefined && db.prepare('SELECT 1 FROM assets WHERE id = ?').get(assetId) !== undefined;
  if (adds.length === 0 || !bothExist) {
    db.prepare('DELETE FROM collection_assets WHERE collection_id = ? AND asset_id = ?').run(collectionId, assetId);
    return;
  }
  db.prepare(
    `INSERT INTO collection_assets (collection_id, asset_id, added_at) VALUES (?, ?, ?)
     ON CONFLICT (collection_id, asset_id) DO UPDATE SET added_at = excluded.added_at WHERE added_at <> excluded.added_at`,
  ).run(collectionId, assetId, adds[0]!.value);
}

/** Every membership that involves these collections or these assets. */
export function materializeMemberships(db: Database, collections: Iterable<string>, assets: Iterable<string>): void {
  const pairs = new Set<string>();
  const byCollection = db.prepare("SELECT DISTINCT element FROM sync_set_adds WHERE set_name = 'member' AND owner = ?").pluck();
  const byAsset = db.prepare("SELECT DISTINCT owner FROM sync_set_adds WHERE set_name = 'member' AND element = ?").pluck();
  for (const c of collections) for (const a of byCollection.all(c) as string[]) pairs.add(`${c} ${a}`);
  for (const a of assets) for (const c of byAsset.all(a) as string[]) pairs.add(`${c} ${a}`);
  for (const pair of [...pairs].sort()) {
    const [c, a] = pair.split(' ') as [string, string];
    materializeMembership(db, c, a);
  }
}
