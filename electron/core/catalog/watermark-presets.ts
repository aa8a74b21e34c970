import type { Database } from 'better-sqlite3-multiple-ciphers';
import { watermarkPresetInputSchema, watermarkPresetSchema } from '../../../shared/api/imaging-schemas';
import { StrongroomError } from '../errors';
import { newId } from '../ids';
import type { WatermarkPreset } from '../imaging/types';
import { captureOp } from '../sync/ops/capture';
import { foldName } from './names';
import { parseOrThrow } from './preset-schemas';
import { assertNameFree, parseSpec, resolvePresetId } from './preset-rows';

/**
 * Watermark presets. A logo is an image imported into the encrypted blob store; the preset names its
 * blob in an indexed column, which is what keeps the blob alive (verify and gc count it as referenced).
 * Deleting the last preset that uses a logo leaves the blob to gc.
 */
interface Row {
  id: string;
  name: string;
  logo_blob: string | null;
  spec: string;
}

type Spec = Omit<WatermarkPreset, 'id' | 'name' | 'logoBlob'>;

const specOf = (p: Spec): string =>
  JSON.stringify({
    text: p.text,
    sizePercent: p.sizePercent,
    color: p.color,
    opacity: p.opacity,
    rotation: p.rotation,
    placement: p.placement,
    legibility: p.legibility,
  });

function toPreset(row: Row): WatermarkPreset {
  const spec = parseSpec('watermark_presets', row.id, row.spec);
  const parsed = watermarkPresetSchema.safeParse({ ...(spec as object), id: row.id, name: row.name, logoBlob: row.logo_blob });
  if (!parsed.success) throw new Error(`the watermark preset ${row.id} in the catalog is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function listWatermarkPresets(db: Database): WatermarkPreset[] {
  return (db.prepare('SELECT id, name, logo_blob, spec FROM watermark_presets ORDER BY name_key, id').all() as Row[]).map(toPreset);
}

export function getWatermarkPreset(db: Database, id: string): WatermarkPreset {
  const row = db.prepare('SELECT id, name, logo_blob, spec FROM watermark_presets WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new StrongroomError('NOT_FOUND', `no watermark preset with id "${id}"`);
  return toPreset(row);
}

/** By id or by name (any case), as typed after `--watermark`. */
export function resolveWatermarkPreset(db: Database, idOrName: string): WatermarkPreset {
  return getWatermarkPreset(db, resolvePresetId(db, 'watermark_presets', idOrName));
}

/** Whether some saved preset uses this logo blob. */
export function isLogoInUse(db: Database, blobId: string): boolean {
  return db.prepare('SELECT 1 FROM watermark_presets WHERE logo_blob = ? LIMIT 1').get(blobId) !== undefined;
}

export interface SaveWatermarkOptions {
  /**
   * Whether a logo that no saved preset uses yet was imported by this caller. A preset may only name a
   * logo the vault holds as a logo: otherwise any blob id (an original, say) could be slipped in as one.
   */
  isImportedLogo: (blobId: string) => boolean;
  now?: number;
}

/** Creates a preset (no id) or replaces the fields of an existing one; returns it as stored. */
export function saveWatermarkPreset(db: Database, input: unknown, options: SaveWatermarkOptions): WatermarkPreset {
  const p = parseOrThrow(watermarkPresetInputSchema, input, 'watermark preset');
  const now = options.now ?? Date.now();
  return db
    .transaction((): WatermarkPreset => {
      if (p.id !== undefined && !db.prepare('SELECT 1 FROM watermark_presets WHERE id = ?').get(p.id)) {
        throw new StrongroomError('NOT_FOUND', `no watermark preset with id "${p.id}" to change`);
      }
      if (p.logoBlob !== null && !isLogoInUse(db, p.logoBlob) && !options.isImportedLogo(p.logoBlob)) {
        throw new StrongroomError('NOT_FOUND', 'that logo is not in the vault (it may have been removed); import the logo again');
      }
      assertNameFree(db, 'watermark_presets', p.name, p.id ?? null);
      const id = p.id ?? newId();
      if (p.id !== undefined) {
        db.prepare('UPDATE watermark_presets SET name = ?, name_key = ?, logo_blob = ?, spec = ?, updated_at = ? WHERE id = ?').run(
          p.name,
          foldName(p.name),
          p.logoBlob,
          specOf(p),
          now,
          id,
        );
        captureOp(db, { kind: 'preset.set', at: now, table: 'watermark_presets', presetId: id, fields: { name: p.name, spec: specOf(p), logoBlob: p.logoBlob } });
      } else {
        db.prepare('INSERT INTO watermark_presets (id, name, name_key, logo_blob, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          id,
          p.name,
          foldName(p.name),
          p.logoBlob,
          specOf(p),
          now,
          now,
        );
        captureOp(db, { kind: 'preset.create', at: now, table: 'watermark_presets', presetId: id, builtIn: false, fields: { name: p.name, spec: specOf(p), logoBlob: p.logoBlob } });
      }
      return getWatermarkPreset(db, id);
    })
    .immediate();
}

export function deleteWatermarkPreset(db: Database, id: string, now = Date.now()): void {
  db.transaction(() => {
    if (db.prepare('DELETE FROM watermark_presets WHERE id = ?').run(id).changes === 0) {
      throw new StrongroomError('NOT_FOUND', `no watermark preset with id "${id}"`);
    }
    captureOp(db, { kind: 'preset.delete', at: now, table: 'watermark_presets', presetId: id });
  })();
}
