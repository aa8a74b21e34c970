import type { Database } from 'better-sqlite3-multiple-ciphers';
import { keepOriginals } from '../target-settings';

/**
 * The blobs this device should hold, from its catalog as merged so far: every thumbnail and preview
 * (the library shows them at once), watermark logos (exports need them), and the originals unless the
 * "keep originals on this device" setting is off (then they stay on the remote until asked for).
 */
export function wantedBlobs(db: Database): string[] {
  const ids = new Set<string>();
  for (const id of db.prepare('SELECT blob_id FROM derived_blobs').pluck().all() as string[]) ids.add(id);
  for (const id of db.prepare('SELECT logo_blob FROM watermark_presets WHERE logo_blob IS NOT NULL').pluck().all() as string[]) ids.add(id);
  if (keepOriginals(db)) for (const id of db.prepare('SELECT original_blob FROM versions').pluck().all() as string[]) ids.add(id);
  return [...ids];
}
