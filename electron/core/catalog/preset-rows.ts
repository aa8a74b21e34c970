import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StrongroomError } from '../errors';
import { foldName } from './names';

/**
 * What rendition and watermark presets have in common in the catalog: a name unique up to case (in
 * any script), lookup by id or by name, and a spec stored as JSON beside the indexed columns.
 */
export type PresetTable = 'rendition_presets' | 'watermark_presets';

const LABEL: Record<PresetTable, string> = { rendition_presets: 'rendition preset', watermark_presets: 'watermark preset' };

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Throws CONFLICT when another preset of the table already uses this name (up to case). */
export function assertNameFree(db: Database, table: PresetTable, name: string, exceptId: string | null): void {
  const row = db.prepare(`SELECT id FROM ${table} WHERE name_key = ?`).get(foldName(name)) as { id: string } | undefined;
  if (row && row.id !== exceptId) throw new StrongroomError('CONFLICT', `a ${LABEL[table]} named "${name}" already exists; choose another name`);
}

/** The id of the preset named by `idOrName` (its id, or its name in any case). */
export function resolvePresetId(db: Database, table: PresetTable, idOrName: string): string {
  const row = db.prepare(`SELECT id FROM ${table} WHERE id = ? OR name_key = ? ORDER BY id = ? DESC LIMIT 1`).get(idOrName, foldName(idOrName.trim()), idOrName) as
    | { id: string }
    | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no ${LABEL[table]} "${idOrName}"`);
  return row.id;
}

/** A spec column read back; a row that no longer parses is a damaged catalog, not bad user input. */
export function parseSpec(table: PresetTable, id: string, json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (err) {
    throw new Error(`the ${LABEL[table]} ${id} in the catalog is not valid JSON`, { cause: err });
  }
}

