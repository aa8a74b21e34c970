import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { canonicalDump } from './canonical-dump';
import { canonicalJson, sha256Hex } from './canonical-json';
import { localDeviceId, observeHlc } from './device';
import { ingestOp, recordOp } from './ingest';
import { materializeAll } from './materialize';
import { opSchema, type Op } from './op-schemas';
import { markOpLogStarted } from './op-log';
import { startOpLog } from './start-op-log';
import { Touched } from './targets';

/**
 * A snapshot is the merged op set (every op, sorted by clock, so it is the same on every device that
 * merged the same ops), the high-water mark of every device's batches it includes, and the hash of the
 * catalog those ops materialise to. A new device loads it, checks the hash, then applies each device's
 * batches after its mark. Ops already in the snapshot that arrive again in a batch are skipped (idempotent).
 */
export const SNAPSHOT_FORMAT = 1;

const deviceMarkSchema = z.object({ id: z.string(), seq: z.number().int().min(0), hash: z.string().nullable(), name: z.string().nullable(), retiredAfterSeq: z.number().int().nullable() }).strict();

export const snapshotSchema = z
  .object({ format: z.literal(SNAPSHOT_FORMAT), createdBy: z.string(), devices: z.array(deviceMarkSchema), ops: z.array(z.unknown()), stateHash: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict();

export interface Snapshot {
  format: 1;
  createdBy: string;
  devices: z.infer<typeof deviceMarkSchema>[];
  ops: Op[];
  stateHash: string;
}

export function stateHash(db: Database): string {
  return sha256Hex(canonicalJson(canonicalDump(db)));
}

export function createSnapshot(db: Database): Snapshot {
  startOpLog(db);
  return db.transaction((): Snapshot => {
    const self = localDeviceId(db);
    const ops = (db.prepare('SELECT body FROM sync_ops ORDER BY op_id').pluck().all() as string[]).map((b) => JSON.parse(b) as Op);
    const others = db.prepare('SELECT id, applied_seq AS seq, applied_hash AS hash, name, retired_after_seq AS retiredAfterSeq FROM sync_devices WHERE id <> ? ORDER BY id').all(self) as Snapshot['devices'];
    // This device's own mark is its last sent batch: its later ops are in the snapshot and come again in that next batch.
    const sent = db.prepare('SELECT seq, hash FROM sync_batches_out WHERE sent_at IS NOT NULL ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const name = db.prepare('SELECT name FROM sync_devices WHERE id = ?').pluck().get(self) as string | null | undefined;
    const devices = [...others, { id: self, seq: sent?.seq ?? 0, hash: sent?.hash ?? null, name: name ?? null, retiredAfterSeq: null }].sort((a, b) => (a.id < b.id ? -1 : 1));
    return { format: 1, createdBy: self, devices, ops, stateHash: stateHash(db) };
  })();
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** Sync state and catalog rows that a fresh device replaces with the snapshot's (its own seeded presets, say). */
const WIPE = [
  'sync_ops', 'sync_outbox', 'sync_batches_out', 'sync_batches_in', 'sync_devices', 'sync_registers', 'sync_field_history',
  'sync_set_adds', 'sync_set_removed', 'sync_tombstones', 'sync_versions', 'sync_refs', 'sync_review',
  'shares', 'collections', 'tags', 'rendition_presets', 'watermark_presets',
];

/**
 * Makes a fresh catalog (no assets, nothing sent or received yet) a copy of the snapshot's state. It
 * keeps its own device id. Refused if the catalog is not fresh, or if the ops do not give the state the
 * snapshot claims (a damaged or forged snapshot), in which case nothing changes.
 */
export function bootstrapFromSnapshot(db: Database, raw: unknown): void {
  const head = snapshotSchema.safeParse(raw);
  if (!head.success) throw new SnapshotError(`not a valid snapshot: ${head.error.issues[0]?.message ?? 'malformed'}`);
  const ops = head.data.ops.map((o, i) => {
    const parsed = opSchema.safeParse(o);
    if (!parsed.success) throw new SnapshotError(`op ${i} of the snapshot is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data as Op;
  });
  db.transaction(() => {
    const busy = db.prepare('SELECT (SELECT count(*) FROM assets) + (SELECT count(*) FROM sync_batches_out) + (SELECT count(*) FROM sync_batches_in)').pluck().get() as number;
    if (busy > 0) throw new SnapshotError('this catalog is not fresh (it holds assets, or has synced already); a snapshot can only start a new device');
    for (const table of WIPE) db.prepare(`DELETE FROM ${table}`).run();
    db.prepare("DELETE FROM settings WHERE key IN ('rights_profile', 'shop_name')").run();
    for (const op of ops) {
      observeHlc(db, op.id);
      if (recordOp(db, op)) ingestOp(db, op, new Touched());
    }
    materializeAll(db);
    markOpLogStarted(db);
    const self = localDeviceId(db);
    const mark = db.prepare('INSERT INTO sync_devices (id, name, applied_seq, applied_hash, retired_after_seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET applied_seq = excluded.applied_seq, applied_hash = excluded.applied_hash');
    for (const d of head.data.devices) if (d.id !== self) mark.run(d.id, d.name, d.seq, d.hash, d.retiredAfterSeq);
    if (stateHash(db) !== head.data.stateHash) throw new SnapshotError('the snapshot does not give the state it claims; it is damaged or was altered, and was not applied');
  }).immediate();
}
