import type { Database } from 'better-sqlite3-multiple-ciphers';
import { nextHlc } from './device';
import { ingestOp, recordOp } from './ingest';
import { OP_FORMAT, opSchema, type Op, type OpInput } from './op-schemas';
import { Touched } from './targets';

/**
 * The one capture point of every catalog write function: called inside the write's own transaction,
 * after its rows changed, so the change and its op commit together or not at all. The op takes a
 * fresh clock value, goes into the log and the outbox, and into the merge state (the rows are already
 * what it says, so nothing is materialised). Writes must therefore run in a transaction: a crash
 * between a change and its op would lose the change on every other device.
 */
export function captureOp(db: Database, input: OpInput): Op {
  if (!db.inTransaction) throw new Error(`capturing ${input.kind} outside a transaction`);
  const op = opSchema.parse({ ...input, v: OP_FORMAT, id: nextHlc(db) }) as Op;
  recordOp(db, op);
  db.prepare('INSERT INTO sync_outbox (op_id) VALUES (?)').run(op.id);
  ingestOp(db, op, new Touched());
  return op;
}
