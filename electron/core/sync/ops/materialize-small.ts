import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { reindexAsset } from '../../catalog/search-index';
import { emptyRightsProfile } from '../../imaging/types';
import { readRegisters } from './state';
import { deviceTarget, settingsTarget } from './targets';

/**
 * The rights profile merges field by field (one person fixing the creator while another adds a URL keeps
 * both); it is stored as one JSON object with every key, or no row when every field is empty, as locally.
 */
export function materializeSetting(db: Database, key: string): void {
  const regs = readRegisters(db, settingsTarget(key));
  let value: string | null;
  if (key === 'rights_profile') {
    const profile = Object.fromEntries(Object.keys(emptyRightsProfile).map((k) => [k, (regs.get(k) as string | null | undefined) ?? null]));
    value = Object.values(profile).every((v) => v === null) ? null : JSON.stringify(profile);
  } else {
    value = (regs.get('value') as string | null | undefined) ?? null;
  }
  if (value === null) preparedStatement(db, 'DELETE FROM settings WHERE key = ?').run(key);
  else preparedStatement(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * The device list: a name (last writer wins) and, once retired, the highest sequence number of its
 * batches that is still accepted: the largest any retiring device had applied, so that every device
 * ends up applying the same batches of it.
 */
export function materializeDevice(db: Database, deviceId: string): void {
  const name = (readRegisters(db, deviceTarget(deviceId)).get('name') as string | undefined) ?? null;
  const retired = db
    .prepare("SELECT max(json_extract(body, '$.afterSeq')) FROM sync_ops WHERE target = ? AND kind = 'device.retire'")
    .pluck()
    .get(deviceTarget(deviceId)) as number | null;
  preparedStatement(db, 
    `INSERT INTO sync_devices (id, name, retired_after_seq) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, retired_after_seq = excluded.retired_after_seq`,
  ).run(deviceId, name, retired);
}

/**
 * A tag row per name key in use. Its spelling is that of the earliest surviving add on an asset that
 * exists (local writes record the spelling the tag already had), so two devices that typed "Summer" and
 * "summer" at once agree. A tag no asset uses goes, as locally.
 */
export function materializeTag(db: Database, key: string): void {
  const name = db
    .prepare(
      `SELECT s.value FROM sync_set_adds s JOIN assets a ON a.id = s.owner
       WHERE s.set_name = 'tag' AND s.element = ? AND s.add_id NOT IN (SELECT add_id FROM sync_set_removed) ORDER BY s.add_id LIMIT 1`,
    )
    .pluck()
    .get(key) as string | undefined;
  const row = preparedStatement(db, 'SELECT id, name FROM tags WHERE name_key = ?').get(key) as { id: number; name: string } | undefined;
  if (name === undefined) {
    if (row) preparedStatement(db, 'DELETE FROM tags WHERE id = ?').run(row.id);
    return;
  }
  const spelled = JSON.parse(name) as string;
  if (row && row.name !== spelled) {
    preparedStatement(db, 'UPDATE tags SET name = ? WHERE id = ?').run(spelled, row.id);
    // The search rows hold tag names.
    for (const assetId of preparedStatement(db, 'SELECT asset_id FROM asset_tags WHERE tag_id = ?').pluck().all(row.id) as string[]) reindexAsset(db, assetId);
  }
}
