import type { Database } from 'better-sqlite3-multiple-ciphers';
import { rightsPatchSchema, rightsProfileSchema, shopNameSchema } from '../../../shared/api/imaging-schemas';
import { emptyRightsProfile, type RightsProfile } from '../imaging/types';
import { captureOp } from '../sync/ops/capture';
import { parseOrThrow } from './preset-schemas';

/**
 * The vault-level rights profile every export carries, and the shop name a watermark's {shop} becomes.
 * Both live in the `settings` table: `rights_profile` as JSON (every field present, null when unset),
 * `shop_name` as text. A vault that never set them has no rows, and reads as empty.
 */
const RIGHTS_KEY = 'rights_profile';
const SHOP_KEY = 'shop_name';

function readSetting(db: Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

function writeSetting(db: Database, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function getRightsProfile(db: Database): RightsProfile {
  const raw = readSetting(db, RIGHTS_KEY);
  if (raw === undefined) return { ...emptyRightsProfile };
  const parsed = rightsProfileSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`the rights profile in the catalog is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * Changes the fields `patch` names (an empty string or null clears one) and returns the whole profile.
 * Every field is validated before anything is written: one bad URL leaves the profile as it was.
 */
export function updateRightsProfile(db: Database, patch: unknown): RightsProfile {
  const changes = parseOrThrow(rightsPatchSchema, patch, 'rights profile');
  return db
    .transaction(() => {
      const next: RightsProfile = { ...getRightsProfile(db) };
      const changed: Record<string, string | null> = {};
      for (const [key, value] of Object.entries(changes) as [keyof RightsProfile, RightsProfile[keyof RightsProfile] | undefined][]) {
        if (value !== undefined) {
          (next as Record<keyof RightsProfile, unknown>)[key] = value;
          changed[key] = value;
        }
      }
      const empty = Object.values(next).every((v) => v === null);
      writeSetting(db, RIGHTS_KEY, empty ? null : JSON.stringify(next));
      // Field by field, so two people changing different fields both keep their change.
      captureOp(db, { kind: 'settings.set', at: Date.now(), key: 'rights_profile', fields: changed });
      return next;
    })
    .immediate();
}

export function getShopName(db: Database): string | null {
  return readSetting(db, SHOP_KEY) ?? null;
}

/** An empty string or null clears it (then {shop} falls back to the rights profile's creator). */
export function setShopName(db: Database, raw: unknown): string | null {
  const name = parseOrThrow(shopNameSchema, raw, 'shop name');
  db.transaction(() => {
    writeSetting(db, SHOP_KEY, name);
    captureOp(db, { kind: 'settings.set', at: Date.now(), key: 'shop_name', fields: { value: name } });
  })();
  return name;
}

/** What a watermark's {shop} becomes: the shop name, else the creator of the rights profile, else nothing. */
export function shopForWatermark(db: Database): string {
  return getShopName(db) ?? getRightsProfile(db).creator ?? '';
}
