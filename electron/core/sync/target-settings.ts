import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { preparedStatement } from '../catalog/statement-cache';
import { StrongroomError } from '../errors';

/**
 * Where this device syncs to, kept in the catalog's `settings` table under `sync_target` as JSON. The
 * row is local to the device (it is not captured as an op, and canonicalDump ignores it): two devices
 * may reach one bucket through different endpoints or one folder at different paths. It never holds
 * credentials: an S3 target names a `targetId`, and the keychain entry `sync-s3-<targetId>`
 * (credential-store.ts) holds the keys.
 */
export const SYNC_TARGET_KEY = 'sync_target';
/** "Keep originals on this device": '1' (the default when the row is absent) or '0'. */
export const KEEP_ORIGINALS_KEY = 'sync_keep_originals';

const folderTargetSchema = z
  .object({ kind: z.literal('folder'), path: z.string().min(1).refine((p) => path.isAbsolute(p), 'the folder must be an absolute path') })
  .strict();
const s3TargetSchema = z
  .object({
    kind: z.literal('s3'),
    endpoint: z.string().url().nullable(),
    bucket: z.string().min(3).max(63),
    prefix: z.string().regex(/^([a-z0-9_-]+\/)*$/, 'the prefix may hold only a-z, 0-9, "_", "-" and "/", ending in "/"'),
    region: z.string().min(1),
    pathStyle: z.boolean(),
    targetId: z.string().regex(/^[a-z0-9-]{1,100}$/),
  })
  .strict();

export const syncTargetSchema = z.discriminatedUnion('kind', [folderTargetSchema, s3TargetSchema]);
export type SyncTarget = z.infer<typeof syncTargetSchema>;
export type FolderTarget = z.infer<typeof folderTargetSchema>;
export type S3TargetSettings = z.infer<typeof s3TargetSchema>;

/**
 * The keychain id to use for a bucket being connected: the previous target's when it is the same
 * bucket, endpoint and prefix (new keys for the same place keep their keychain entry), else a new one.
 */
export function bucketTargetId(previous: SyncTarget | null, where: Pick<S3TargetSettings, 'bucket' | 'endpoint' | 'prefix'>): string {
  const same = previous?.kind === 's3' && previous.bucket === where.bucket && previous.endpoint === where.endpoint && previous.prefix === where.prefix;
  return same ? previous.targetId : newTargetId();
}

export function newTargetId(): string {
  return randomBytes(8).toString('hex');
}

/** Validates a target from outside (CLI, UI, a settings row); the error says which field is wrong. */
export function parseSyncTarget(raw: unknown): SyncTarget {
  const parsed = syncTargetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StrongroomError('INVALID_ARGUMENT', `the sync target is not valid at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The stored target as found: none, a valid one, or a row that no longer parses (and why). */
export type StoredSyncTarget = { target: SyncTarget | null; damage: string | null };

export function inspectSyncTarget(db: Database): StoredSyncTarget {
  const value = preparedStatement(db, 'SELECT value FROM settings WHERE key = ?').pluck().get(SYNC_TARGET_KEY) as string | undefined;
  if (value === undefined) return { target: null, damage: null };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return { target: null, damage: 'this device’s saved sync settings are damaged (not JSON); connect the vault to its folder or bucket again' };
  }
  const parsed = syncTargetSchema.safeParse(json);
  if (parsed.success) return { target: parsed.data, damage: null };
  const issue = parsed.error.issues[0];
  return {
    target: null,
    damage: `this device’s saved sync settings are damaged (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}); connect the vault to its folder or bucket again`,
  };
}

/** The target to sync with; a damaged row is an error that says to connect again. */
export function readSyncTarget(db: Database): SyncTarget | null {
  const stored = inspectSyncTarget(db);
  if (stored.damage) throw new StrongroomError('INVALID_ARGUMENT', stored.damage);
  return stored.target;
}

/**
 * The stored target if it is sound, else null: what a pass syncs with (a damaged row is reported by
 * the status, from inspectSyncTarget), and what connecting or disconnecting replaces (a damaged row
 * counts as none, so the way out its error names, connect again or disconnect, always works).
 */
export function usableSyncTarget(db: Database): SyncTarget | null {
  return inspectSyncTarget(db).target;
}

export function writeSyncTarget(db: Database, target: SyncTarget): void {
  const valid = parseSyncTarget(target);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SYNC_TARGET_KEY, JSON.stringify(valid));
}

/** Disconnects this device (the app's "Disconnect"); the target's storage is left as it is. */
export function deleteSyncTarget(db: Database): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(SYNC_TARGET_KEY);
}

export function keepOriginals(db: Database): boolean {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEEP_ORIGINALS_KEY) as string | undefined) !== '0';
}

export function setKeepOriginals(db: Database, keep: boolean): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEEP_ORIGINALS_KEY, keep ? '1' : '0');
}

/** For messages: "the folder /mnt/nas/shop", "the bucket shop at https://…". */
export function describeTarget(target: SyncTarget): string {
  if (target.kind === 'folder') return `the folder ${target.path}`;
  return `the bucket ${target.bucket}${target.prefix ? ` (prefix ${target.prefix})` : ''}${target.endpoint ? ` at ${target.endpoint}` : ''}`;
}
