import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../../catalog/names';

/**
 * Names unique up to case, for records created concurrently with the same name on two devices: the
 * earlier-created one (by clock) keeps it, a later one gets a visible " (2)", " (3)"... rather than
 * being merged or dropped. `items` must be in creation order.
 */
export function uniqueNames(items: readonly { id: string; name: string }[]): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const item of items) {
    let name = item.name;
    for (let n = 2; taken.has(foldName(name)); n += 1) name = `${item.name} (${n})`;
    taken.add(foldName(name));
    out.set(item.id, name);
  }
  return out;
}

/**
 * Renames rows of a table whose names are unique, in two steps (a placeholder first), so that two
 * rows swapping names never collide halfway.
 */
export function renameRows(db: Database, table: 'collections' | 'rendition_presets' | 'watermark_presets', renames: Map<string, string>): void {
  const set = db.prepare(`UPDATE ${table} SET name = ?, name_key = ? WHERE id = ?`);
  for (const id of renames.keys()) set.run(`\u0001${id}`, `\u0001${id}`, id);
  for (const [id, name] of renames) set.run(name, foldName(name), id);
}
