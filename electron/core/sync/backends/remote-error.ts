import { StrongroomError } from '../../errors';

/**
 * Why talking to the storage failed, in terms a user can act on. Each backend maps its own failures
 * (errno codes, S3 error codes, HTTP statuses) onto these, so the retry wrapper, the transfer and the UI
 * never look at backend-specific errors.
 */
export type RemoteFault =
  /** Network: refused, reset, DNS, TLS; retried. */
  | 'unreachable'
  /** No answer in time; retried. */
  | 'timeout'
  /** The server failed (5xx) or asked us to slow down (429, SlowDown); retried. */
  | 'server'
  /** The storage refused the credentials or the access (401/403). */
  | 'denied'
  /** The bucket does not exist. */
  | 'bucket-missing'
  /** The sync folder does not exist (an unplugged drive, a renamed Dropbox folder). */
  | 'folder-missing'
  /** The sync folder exists but cannot be written (permissions, read-only mount, full disk). */
  | 'not-writable'
  /** `put` of a name that already exists. */
  | 'exists'
  /** `get` of a name that does not exist. */
  | 'not-found'
  /** A name outside the remote name grammar. */
  | 'bad-name'
  /** The storage refused the request for another reason (a 4xx); not retried. */
  | 'rejected'
  /** The caller aborted. */
  | 'aborted';

const RETRYABLE: ReadonlySet<RemoteFault> = new Set(['unreachable', 'timeout', 'server']);

export class SyncRemoteError extends StrongroomError {
  readonly fault: RemoteFault;
  /** The object concerned, when there is one. */
  readonly objectName: string | undefined;

  constructor(fault: RemoteFault, message: string, options?: { objectName?: string; cause?: unknown }) {
    super(fault === 'aborted' ? 'CANCELLED' : 'SYNC_REMOTE', message, { cause: options?.cause });
    this.name = 'SyncRemoteError';
    this.fault = fault;
    this.objectName = options?.objectName;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.fault);
  }
}

export function isRemoteFault(err: unknown, fault: RemoteFault): err is SyncRemoteError {
  return err instanceof SyncRemoteError && err.fault === fault;
}

export function abortedError(): SyncRemoteError {
  return new SyncRemoteError('aborted', 'sync was stopped');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}

export function badNameError(name: string): SyncRemoteError {
  return new SyncRemoteError('bad-name', `not a valid sync object name: ${JSON.stringify(name.slice(0, 80))}`);
}
