import type { SyncStatus } from '../../../shared/api/sync-contract';
import { sentence } from '../lib/error-messages';
import { formatDateTime } from '../lib/format';
import { SYNC_ERROR_ADVICE } from '../lib/sync-labels';

/** Why sync is not working, in the engine's words, and what to do about it. */
export function SyncErrorNotice({ status }: { status: SyncStatus }) {
  if (!status.error) return null;
  return (
    <div className={status.state === 'offline' ? 'sync-notice' : 'sync-notice sync-notice--error'} role="alert" data-testid="sync-error" data-kind={status.error.kind}>
      <p>{sentence(status.error.message)}</p>
      <p>{SYNC_ERROR_ADVICE[status.error.kind]}</p>
      {status.nextAttemptAt !== null ? <p className="muted">Next try {formatDateTime(status.nextAttemptAt)}.</p> : null}
    </div>
  );
}
