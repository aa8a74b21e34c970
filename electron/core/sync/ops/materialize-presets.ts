import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../../catalog/names';
import { readRegisters, tombstoneOf } from './state';
import { renameRows, uniqueNames } from './unique-names';

type PresetTable = 'rendition_presets' | 'watermark_presets';

interface LivePreset {
  id: string;
  name: string;
  spec: string;
  logoBlob: string | null;
  builtIn: boolean;
  createdAt: number;
  updatedAt: number;
}

function livePresets(db: Database, table: PresetTable): LivePreset[] {
  const rows = db
    .prepare("SELECT target FROM sync_registers WHERE field = '_created' AND target LIKE ? || ':%' ORDER BY hlc")
    .pluck()
    .all(table) as string[];
  return rows
    .filter((t) => tombstoneOf(db, t) === undefined)
    .map((t) => {
      const regs = readRegisters(db, t);
      const created = regs.get('_created') as { at: number; builtIn: boolean };
      return {
        id: t.slice(table.length + 1),
        name: regs.get('name') as string,
        spec: regs.get('spec') as string,
        logoBlob: (regs.get('logoBlob') as string | null | undefined) ?? null,
        builtIn: created.builtIn,
        createdAt: created.at,
        updatedAt: regs.get('_updated') as number,
      };
    });
}

/**
 * One preset table at once (presets are few; names are unique across the table). Each field is
 * last-writer-wins; a delete is a tombstone; specs are stored as the JSON text the writer produced.
 */
export function materializePresets(db: Database, table: PresetTable, namesOnly = false): void {
  const have = new Map((db.prepare(`SELECT id, name FROM ${table}`).all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  const live = livePresets(db, table).filter((p) => !namesOnly || have.has(p.id));
  const names = uniqueNames(live);
  const liveIds = new Set(live.map((p) => p.id));
  if (!namesOnly) for (const id of have.keys()) if (!liveIds.has(id)) db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  const renames = new Map<string, string>();
  for (const p of live) if (have.has(p.id) && have.get(p.id) !== names.get(p.id)) renames.set(p.id, names.get(p.id)!);
  renameRows(db, table, renames);
  // After a local write only the names can be stale (a suffix another record's change made unneeded).
  if (namesOnly) return;
  for (const p of live) {
    const name = names.get(p.id)!;
    if (table === 'rendition_presets') {
      db.prepare(
        `INSERT INTO rendition_presets (id, name, name_key, built_in, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET built_in = excluded.built_in, spec = excluded.spec, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ).run(p.id, name, foldName(name), p.builtIn ? 1 : 0, p.spec, p.createdAt, p.updatedAt);
    } else {
      db.prepare(
        `INSERT INTO watermark_presets (id, name, name_key, logo_blob, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET logo_blob = excluded.logo_blob, spec = excluded.spec, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ).run(p.id, name, foldName(name), p.logoBlob, p.spec, p.createdAt, p.updatedAt);
    }
  }
}
