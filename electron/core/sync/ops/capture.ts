import type { Database } from 'better-sqlite3-multiple-ciphers';
import { preparedStatement } from '../../catalog/statement-cache';
import { nextHlc } from './device';
import { ingestOp, recordOp } from './ingest';
import { OP_FORMAT, opSchema, type Op, type OpInput } from './op-schemas';
import { materializeAsset } from './materialize-asset';
import { materializeCollections } from './materialize-collections';
import { materializePresets } from './materialize-presets';
import { materializeTag } from './materialize-small';
import { opLogStarted } from './op-log';
import { Touched } from './targets';

/** Who wants to know that a local change was captured (the app's sync service, to schedule a pass). */
const captureListeners = new WeakMap<Database, Set<() => void>>();

/**
 * Calls `listener` after each op captured on this connection. It runs inside the write's transaction,
 * so it must only take note (set a timer), never touch the catalog. Returns the unsubscribe function.
 */
export function onOpCaptured(db: Database, listener: () => void): () => void {
  let set = captureListeners.get(db);
  if (!set) captureListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}

/**
 * The one capture point of every catalog write function: called inside the write's own transaction,
 * after its rows changed, so the change and its op commit together or not at all. The op takes a
 * fresh clock value, goes into the log and the outbox, and into the merge state (the rows are already
 * what it says, so nothing is materialised). Writes must therefore run in a transaction: a crash
 * between a change and its op would lose the change on every other device.
 *
 * A catalog whose op log has not started (never synced; op-log.ts) captures nothing and returns null:
 * its rows are the whole truth, and the baseline describes them once the log starts.
 */
export function captureOp(db: Database, input: OpInput): Op | null {
  if (!db.inTransaction) throw new Error(`capturing ${input.kind} outside a transaction`);
  if (!opLogStarted(db)) return null;
  const { op, touched } = recordOwnOp(db, input);
  reconcileAfterLocalWrite(db, op, touched);
  const listeners = captureListeners.get(db);
  if (listeners) for (const listener of listeners) listener();
  return op;
}

/** Logs, queues and merges one op of this device (the baseline's path: rows are consistent, nothing to reconcile). */
export function recordOwnOp(db: Database, input: OpInput): { op: Op; touched: Touched } {
  const op = opSchema.parse({ ...input, v: OP_FORMAT, id: nextHlc(db) }) as Op;
  recordOp(db, op);
  preparedStatement(db, 'INSERT INTO sync_outbox (op_id) VALUES (?)').run(op.id);
  const touched = new Touched();
  ingestOp(db, op, touched);
  return { op, touched };
}

/**
 * A local write leaves its own rows as the op says, but some outcomes depend on other records: a name
 * suffix that can go once the other record is deleted or renamed, a tag's spelling once its earliest
 * add is removed, the file of a deleted asset that another asset's version held too. Those are
 * recomputed here exactly as a receiving device would, so this device's rows never differ from theirs.
 */
function reconcileAfterLocalWrite(db: Database, op: Op, touched: Touched): void {
  if (op.kind.startsWith('collection.')) materializeCollections(db, true);
  for (const table of touched.presetTables) materializePresets(db, table, true);
  if (op.kind === 'tag.remove') for (const key of touched.tagKeys) materializeTag(db, key);
  if (op.kind === 'asset.delete') {
    const keys = new Set<string>();
    for (const assetId of [...touched.assets].sort()) for (const key of materializeAsset(db, assetId)) keys.add(key);
    for (const key of keys) materializeTag(db, key);
  }
}
