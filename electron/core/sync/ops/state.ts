import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';

/**
 * The merge state: last-writer-wins registers, add-wins (observed-remove) sets and tombstones. Every
 * function here is commutative, associative and idempotent in the ops it is given, which is what
 * makes the catalog converge whatever order batches arrive in.
 */

/**
 * The value with the greatest clock wins. A field whose name starts with `_` is bookkeeping and keeps
 * no history; for the others every value that lost (or was overwritten) stays in sync_field_history.
 */
export function writeRegister(db: Database, target: string, field: string, hlc: string, value: unknown): void {
  const json = JSON.stringify(value ?? null);
  const keepHistory = !field.startsWith('_');
  const cur = preparedStatement(db, 'SELECT hlc, value FROM sync_registers WHERE target = ? AND field = ?').get(target, field) as { hlc: string; value: string } | undefined;
  const history = preparedStatement(db, 'INSERT OR IGNORE INTO sync_field_history (target, field, hlc, value) VALUES (?, ?, ?, ?)');
  if (!cur) {
    preparedStatement(db, 'INSERT INTO sync_registers (target, field, hlc, value) VALUES (?, ?, ?, ?)').run(target, field, hlc, json);
  } else if (hlc > cur.hlc) {
    if (keepHistory) history.run(target, field, cur.hlc, cur.value);
    preparedStatement(db, 'UPDATE sync_registers SET hlc = ?, value = ? WHERE target = ? AND field = ?').run(hlc, json, target, field);
  } else if (hlc < cur.hlc && keepHistory) {
    history.run(target, field, hlc, json);
  }
}

export function readRegister<T>(db: Database, target: string, field: string): T | undefined {
  const row = preparedStatement(db, 'SELECT value FROM sync_registers WHERE target = ? AND field = ?').get(target, field) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function readRegisters(db: Database, target: string): Map<string, unknown> {
  const rows = preparedStatement(db, 'SELECT field, value FROM sync_registers WHERE target = ?').all(target) as { field: string; value: string }[];
  return new Map(rows.map((r) => [r.field, JSON.parse(r.value) as unknown]));
}

/** The winner and every loser of one field, oldest first. */
export function registerHistory<T>(db: Database, target: string, field: string): { hlc: string; value: T }[] {
  const rows = db
    .prepare('SELECT hlc, value FROM sync_field_history WHERE target = ? AND field = ? UNION SELECT hlc, value FROM sync_registers WHERE target = ? AND field = ? ORDER BY hlc')
    .all(target, field, target, field) as { hlc: string; value: string }[];
  return rows.map((r) => ({ hlc: r.hlc, value: JSON.parse(r.value) as T }));
}

export function addToSet(db: Database, set: string, owner: string, element: string, addId: string, value: unknown): void {
  preparedStatement(db, 'INSERT OR IGNORE INTO sync_set_adds (set_name, owner, element, add_id, value) VALUES (?, ?, ?, ?, ?)').run(set, owner, element, addId, JSON.stringify(value));
}

/** A remove names the adds it observed; an add it did not observe (concurrent, or later) survives. */
export function removeFromSet(db: Database, observed: readonly string[]): void {
  const stmt = preparedStatement(db, 'INSERT OR IGNORE INTO sync_set_removed (add_id) VALUES (?)');
  for (const id of observed) stmt.run(id);
}

/** The surviving adds of one element, oldest first. */
export function liveAdds<T>(db: Database, set: string, owner: string, element: string): { addId: string; value: T }[] {
  const rows = db
    .prepare(
      `SELECT add_id, value FROM sync_set_adds WHERE set_name = ? AND owner = ? AND element = ?
         AND add_id NOT IN (SELECT add_id FROM sync_set_removed) ORDER BY add_id`,
    )
    .all(set, owner, element) as { add_id: string; value: string }[];
  return rows.map((r) => ({ addId: r.add_id, value: JSON.parse(r.value) as T }));
}

/** Elements with at least one surviving add. */
export function liveElements(db: Database, set: string, owner: string): string[] {
  return db
    .prepare(
      `SELECT DISTINCT element FROM sync_set_adds WHERE set_name = ? AND owner = ?
         AND add_id NOT IN (SELECT add_id FROM sync_set_removed) ORDER BY element`,
    )
    .pluck()
    .all(set, owner) as string[];
}

/** Surviving add ids of one element: what a local remove has observed and must name. */
export function observedAdds(db: Database, set: string, owner: string, element: string): string[] {
  return liveAdds(db, set, owner, element).map((a) => a.addId);
}

/** The earliest delete is kept: which one it is does not change the outcome, only the review notes. */
export function writeTombstone(db: Database, target: string, hlc: string): void {
  preparedStatement(db, 'INSERT INTO sync_tombstones (target, hlc) VALUES (?, ?) ON CONFLICT (target) DO UPDATE SET hlc = min(hlc, excluded.hlc)').run(target, hlc);
}

export function tombstoneOf(db: Database, target: string): string | undefined {
  return preparedStatement(db, 'SELECT hlc FROM sync_tombstones WHERE target = ?').pluck().get(target) as string | undefined;
}

export function addRef(db: Database, src: string, dst: string): void {
  preparedStatement(db, 'INSERT OR IGNORE INTO sync_refs (src, dst) VALUES (?, ?)').run(src, dst);
}

export function refsTo(db: Database, dst: string): string[] {
  return preparedStatement(db, 'SELECT src FROM sync_refs WHERE dst = ? ORDER BY src').pluck().all(dst) as string[];
}
