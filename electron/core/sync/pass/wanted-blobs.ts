import type { Database } from 'better-sqlite3-multiple-ciphers';
import { keepOriginals } from '../target-settings';

/**
 * The blobs this device should hold, from its catalog as merged so far: every thumbnail and preview
 * (the library shows them at once), watermark logos (exports need them), and the originals unless the
 * "keep originals on this device" setting is off (then they stay on the remote until asked for).
 *
 * In the order they are worth fetching, since downloads follow it: the thumbnails of the assets as the
 * grid's default sort shows them (newest first), so a new device fills its first screen before the
 * other 9,900 thumbnails of a 10,000-asset vault; then the previews in the same order; then everything
 * else (older versions' renditions, logos, originals).
 */
const RENDITIONS_IN_GRID_ORDER = `
  SELECT d.blob_id FROM assets a JOIN derived_blobs d ON d.version_id = a.current_version_id AND d.kind = ?
  ORDER BY a.created_at DESC, a.id DESC`;

export function wantedBlobs(db: Database): string[] {
  const ids = new Set<string>();
  const add = (rows: unknown[]) => {
    for (const id of rows as string[]) ids.add(id);
  };
  add(db.prepare(RENDITIONS_IN_GRID_ORDER).pluck().all('thumb'));
  add(db.prepare(RENDITIONS_IN_GRID_ORDER).pluck().all('preview'));
  add(db.prepare('SELECT blob_id FROM derived_blobs').pluck().all());
  add(db.prepare('SELECT logo_blob FROM watermark_presets WHERE logo_blob IS NOT NULL').pluck().all());
  if (keepOriginals(db)) add(db.prepare('SELECT original_blob FROM versions').pluck().all());
  return [...ids];
}
