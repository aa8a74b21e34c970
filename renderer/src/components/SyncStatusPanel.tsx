import { useState } from 'react';
import type { SyncStatus } from '../../../shared/api/sync-contract';
import { describeSyncTarget, lastSyncText, pendingText, phaseLabel, SYNC_STATE_LABELS } from '../lib/sync-labels';
import { useSync } from '../stores/sync-store';
import { sentence } from '../lib/error-messages';
import { ConfirmDialog } from './ConfirmDialog';
import { SyncErrorNotice } from './SyncErrorNotice';
import { ProgressBar } from './ProgressBar';

/** The connected target: state, last sync, what waits, the running pass, the last error; Sync now, Disconnect and the originals toggle. */
export function SyncStatusPanel({ status }: { status: SyncStatus }) {
  const busy = useSync((s) => s.busy);
  const actionError = useSync((s) => s.actionError);
  const { syncNow, disconnect, setKeepOriginals } = useSync.getState();
  const [confirmDisconnect, setConfirmDisconnect] = useState(false);
  const target = status.target!;
  const progress = status.progress;

  return (
    <section className="sync-status stack" aria-labelledby="sync-status-title" data-testid="sync-status" data-state={status.state}>
      <h3 id="sync-status-title" className="shares__subtitle">
        {target.kind === 'folder' ? 'Sync folder' : 'S3 bucket'}
      </h3>
      <p className="sync-status__target">
        <code data-testid="sync-target">{describeSyncTarget(target)}</code>
      </p>
      <p className={`sync-status__state sync-status__state--${status.state}`} data-testid="sync-state">
        <strong>{SYNC_STATE_LABELS[status.state]}</strong> · <span data-testid="sync-last">{lastSyncText(status)}</span>
      </p>
      <p className="muted" data-testid="sync-pending">
        {pendingText(status)}
      </p>
      {status.state === 'syncing' && progress ? (
        <div className="stack stack--tight" data-testid="sync-progress">
          <ProgressBar label="Sync progress" fraction={progress.total > 0 ? progress.done / progress.total : 0} valueText={phaseLabel(progress)} />
          <p className="muted">{phaseLabel(progress)}</p>
        </div>
      ) : null}
      <SyncErrorNotice status={status} />
      {status.problemCount > 0 ? (
        <details className="sync-problems" data-testid="sync-problems">
          <summary>
            The last sync skipped {status.problemCount} {status.problemCount === 1 ? 'item' : 'items'}
          </summary>
          <ul>
            {status.problems.map((p) => (
              <li key={p}>{sentence(p)}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="row">
        <button type="button" className="button button--primary" onClick={() => void syncNow()} disabled={busy} data-testid="sync-now">
          Sync now
        </button>
        <button type="button" className="button" onClick={() => setConfirmDisconnect(true)} disabled={busy} data-testid="sync-disconnect">
          Disconnect
        </button>
      </div>
      <label className="checkbox-row">
        <input type="checkbox" checked={status.keepOriginals} onChange={(e) => void setKeepOriginals(e.target.checked)} disabled={busy} data-testid="sync-keep-originals" />
        Keep originals on this device (off: only thumbnails and previews are downloaded; originals this device holds stay)
      </label>
      {actionError ? (
        <p className="form-error" role="alert" data-testid="sync-action-error">
          {actionError}
        </p>
      ) : null}
      {confirmDisconnect ? (
        <ConfirmDialog
          title="Stop syncing this device?"
          confirmLabel="Disconnect"
          danger
          onCancel={() => setConfirmDisconnect(false)}
          onConfirm={() => {
            setConfirmDisconnect(false);
            void disconnect();
          }}
        >
          <p>This device stops sending and receiving changes. The {target.kind === 'folder' ? 'folder' : 'bucket'} and the other devices keep everything; {target.kind === 's3' ? 'the bucket’s keys are removed from this device’s keychain; ' : ''}you can connect again later.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
