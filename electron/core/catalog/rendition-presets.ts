import type { Database } from 'better-sqlite3-multiple-ciphers';
import { renditionPresetInputSchema, renditionPresetSchema } from '../../../shared/api/imaging-schemas';
import { StrongroomError } from '../errors';
import { newId } from '../ids';
import type { RenditionPreset } from '../imaging/types';
import { captureOp } from '../sync/ops/capture';
import { syncCaptureReady } from '../sync/ops/ready';
import { foldName } from './names';
import { parseOrThrow } from './preset-schemas';
import { assertNameFree, isUniqueViolation, parseSpec, resolvePresetId } from './preset-rows';

/**
 * Rendition presets: size, format, quality, sharpening. The built-in ones are rows like any other, so
 * the owner can adjust them to a channel's rules; they can be reset to what Strongroom ships but never
 * deleted, so an export dialog always has them to offer.
 */
interface Row {
  id: string;
  name: string;
  built_in: 0 | 1;
  spec: string;
}

type Spec = Pick<RenditionPreset, 'size' | 'format' | 'quality' | 'sharpen'>;

const specOf = (p: Spec): string => JSON.stringify({ size: p.size, format: p.format, quality: p.quality, sharpen: p.sharpen });

function toPreset(row: Row): RenditionPreset {
  const spec = parseSpec('rendition_presets', row.id, row.spec);
  const parsed = renditionPresetSchema.safeParse({ ...(spec as object), id: row.id, name: row.name, builtIn: row.built_in === 1 });
  if (!parsed.success) throw new Error(`the rendition preset ${row.id} in the catalog is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Built-ins first, in the order Strongroom ships them, then the owner's own by name. */
export function listRenditionPresets(db: Database): RenditionPreset[] {
  const rows = db
    .prepare('SELECT id, name, built_in, spec FROM rendition_presets ORDER BY built_in DESC, CASE WHEN built_in = 1 THEN created_at END, name_key, id')
    .all() as Row[];
  return rows.map(toPreset);
}

export function getRenditionPreset(db: Database, id: string): RenditionPreset {
  const row = db.prepare('SELECT id, name, built_in, spec FROM rendition_presets WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no rendition preset with id "${id}"`);
  return toPreset(row);
}

/** By id or by name (any case), as typed after `--rendition`. */
export function resolveRenditionPreset(db: Database, idOrName: string): RenditionPreset {
  return getRenditionPreset(db, resolvePresetId(db, 'rendition_presets', idOrName));
}

/** Creates a preset (no id) or replaces the fields of an existing one; returns it as stored. */
export function saveRenditionPreset(db: Database, input: unknown, now = Date.now()): RenditionPreset {
  const p = parseOrThrow(renditionPresetInputSchema, input, 'rendition preset');
  return db
    .transaction((): RenditionPreset => {
      if (p.id !== undefined) {
        const existing = db.prepare('SELECT 1 FROM rendition_presets WHERE id = ?').get(p.id);
        if (!existing) throw new StrongroomError('NOT_FOUND', `no rendition preset with id "${p.id}" to change`);
      }
      assertNameFree(db, 'rendition_presets', p.name, p.id ?? null);
      const id = p.id ?? newId();
      if (p.id !== undefined) {
        db.prepare('UPDATE rendition_presets SET name = ?, name_key = ?, spec = ?, updated_at = ? WHERE id = ?').run(p.name, foldName(p.name), specOf(p), now, id);
        captureOp(db, { kind: 'preset.set', at: now, table: 'rendition_presets', presetId: id, fields: { name: p.name, spec: specOf(p) } });
      } else {
        db.prepare('INSERT INTO rendition_presets (id, name, name_key, built_in, spec, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)').run(
          id,
          p.name,
          foldName(p.name),
          specOf(p),
          now,
          now,
        );
        captureOp(db, { kind: 'preset.create', at: now, table: 'rendition_presets', presetId: id, builtIn: false, fields: { name: p.name, spec: specOf(p), logoBlob: null } });
      }
      return getRenditionPreset(db, id);
    })
    .immediate();
}

export function deleteRenditionPreset(db: Database, id: string, now = Date.now()): void {
  const row = db.prepare('SELECT built_in, name FROM rendition_presets WHERE id = ?').get(id) as { built_in: 0 | 1; name: string } | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no rendition preset with id "${id}"`);
  if (row.built_in === 1) {
    throw new StrongroomError('CONFLICT', `"${row.name}" is a built-in preset: it can be changed or reset, but not deleted`);
  }
  db.transaction(() => {
    db.prepare('DELETE FROM rendition_presets WHERE id = ?').run(id);
    captureOp(db, { kind: 'preset.delete', at: now, table: 'rendition_presets', presetId: id });
  })();
}

/** Puts a built-in preset back to what Strongroom ships (`shipped` is that list: builtinRenditionPresets()). */
export function resetRenditionPreset(db: Database, id: string, shipped: readonly RenditionPreset[], now = Date.now()): RenditionPreset {
  const original = shipped.find((p) => p.id === id);
  if (!original) {
    getRenditionPreset(db, id); // NOT_FOUND for an unknown id
    throw new StrongroomError('INVALID_ARGUMENT', 'only built-in presets can be reset; this one is your own');
  }
  return db
    .transaction(() => {
      assertNameFree(db, 'rendition_presets', original.name, id);
      const changed = db
        .prepare('UPDATE rendition_presets SET name = ?, name_key = ?, spec = ?, updated_at = ? WHERE id = ? AND built_in = 1')
        .run(original.name, foldName(original.name), specOf(original), now, id);
      if (changed.changes === 0) throw new StrongroomError('NOT_FOUND', `no rendition preset with id "${id}"`);
      captureOp(db, { kind: 'preset.set', at: now, table: 'rendition_presets', presetId: id, fields: { name: original.name, spec: specOf(original) } });
      return getRenditionPreset(db, id);
    })
    .immediate();
}

/**
 * Adds the built-in presets a catalog does not have yet (by id), leaving edited ones alone. A shipped
 * name the owner already uses for a preset of their own gets a visible suffix instead of failing.
 * Used by migrations (plain SQL would freeze the list at one release).
 */
export function seedBuiltinRenditionPresets(db: Database, shipped: readonly RenditionPreset[], now = Date.now()): number {
  const exists = db.prepare('SELECT 1 FROM rendition_presets WHERE id = ?');
  const insert = db.prepare('INSERT INTO rendition_presets (id, name, name_key, built_in, spec, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)');
  let added = 0;
  // One transaction: each row and its op commit together.
  db.transaction(() => shipped.forEach((preset, index) => {
    if (!preset.builtIn || exists.get(preset.id)) return;
    const checked = parseOrThrow(renditionPresetSchema, preset, `built-in rendition preset ${preset.id}`);
    for (let n = 1; ; n += 1) {
      const name = n === 1 ? checked.name : `${checked.name} (built-in${n > 2 ? ` ${n - 1}` : ''})`;
      try {
        // created_at keeps the shipped order, which is the order lists show them in.
        insert.run(checked.id, name, foldName(name), specOf(checked), now + index, now + index);
        // Migrations before sync's run without its tables; its baseline then describes these rows.
        if (syncCaptureReady(db)) {
          captureOp(db, { kind: 'preset.create', at: now + index, table: 'rendition_presets', presetId: checked.id, builtIn: true, fields: { name, spec: specOf(checked), logoBlob: null } });
        }
        added += 1;
        return;
      } catch (err) {
        if (!isUniqueViolation(err) || n > 20) throw err;
      }
    }
  }))();
  return added;
}
