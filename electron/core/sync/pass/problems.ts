import { describeError } from '../../errors';
import { SyncRemoteError } from '../backends/remote-error';
import { SyncObjectError } from '../envelope/object-error';
import { SyncBatchError, type BatchProblem } from '../ops/batch-errors';

/**
 * What a pass could not do, stated so a person can act. A problem concerns one object or one device's
 * batch; the pass goes on with everything else and applies nothing from the object concerned.
 * (Storage-wide failures, such as refused credentials or a missing folder, are thrown instead: going
 * on would only repeat them.)
 */
export type SyncProblem =
  | { kind: 'batch'; problem: BatchProblem; device: string; seq: number; objectName: string | null; message: string }
  | { kind: 'object'; objectName: string; message: string }
  | { kind: 'blob'; direction: 'up' | 'down'; objectName: string; message: string }
  | { kind: 'snapshot'; objectName: string; message: string };

/** A problem from an error met while reading one named object. */
export function problemOf(err: unknown, objectName: string): SyncProblem {
  if (err instanceof SyncBatchError) return { kind: 'batch', problem: err.problem, device: err.device, seq: err.seq, objectName, message: err.message };
  if (err instanceof SyncObjectError) return { kind: 'object', objectName, message: err.message };
  return { kind: 'object', objectName, message: `remote object ${objectName}: ${describeError(err)}` };
}

/** Failures of the whole storage: they stop the pass rather than become one object's problem. */
const STORAGE_FAULTS = new Set(['denied', 'bucket-missing', 'folder-missing', 'not-writable', 'unreachable', 'timeout', 'server', 'aborted']);

export function isStorageWide(err: unknown): boolean {
  return err instanceof SyncRemoteError && STORAGE_FAULTS.has(err.fault);
}
