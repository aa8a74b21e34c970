import type { SyncErrorKind } from '../../../../shared/api/sync-contract';
import { describeError, isStrongroomError } from '../../errors';
import { SyncRemoteError, type RemoteFault } from '../backends/remote-error';

/**
 * A failed pass as the status shows it: the kind (from the backends' typed faults, never from the
 * message's words) and the engine's sentence, which already names the folder or the bucket.
 */
export interface SyncFailure {
  kind: SyncErrorKind;
  message: string;
}

const KIND_OF_FAULT: Partial<Record<RemoteFault, SyncErrorKind>> = {
  denied: 'denied',
  'bucket-missing': 'bucket-missing',
  'folder-missing': 'folder-missing',
  'not-writable': 'not-writable',
  unreachable: 'unreachable',
  timeout: 'unreachable',
  server: 'unreachable',
};

export function syncFailureOf(err: unknown): SyncFailure {
  if (err instanceof SyncRemoteError) return { kind: KIND_OF_FAULT[err.fault] ?? 'other', message: err.message };
  if (isStrongroomError(err, 'KEYCHAIN_UNAVAILABLE') || isStrongroomError(err, 'KEYCHAIN_EMPTY')) return { kind: 'keychain', message: err.message };
  if (isStrongroomError(err, 'CONFLICT')) return { kind: 'conflict', message: err.message };
  if (isStrongroomError(err)) return { kind: 'other', message: err.message };
  // Not one of ours (a bug, a library's error): the words are not meant for a person; the log has them.
  return { kind: 'other', message: `sync failed unexpectedly (${describeError(err).slice(0, 200)})` };
}

/** Offline is the usual state of a laptop on a train: not an error, the changes wait. */
export function isOffline(kind: SyncErrorKind): boolean {
  return kind === 'unreachable';
}
