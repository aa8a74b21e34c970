import { SYNC_STATE_LABELS } from '../lib/sync-labels';
import { useOverlay } from '../stores/overlay-store';
import { useSync } from '../stores/sync-store';
import { Icon } from './Icon';

/** The sidebar's footer: how sync stands, in a word; opens the Sync screen. */
export function SyncIndicator() {
  const status = useSync((s) => s.status);
  const show = useOverlay((s) => s.show);
  const state = status?.state ?? 'not-connected';
  const label = SYNC_STATE_LABELS[state];
  const detail = state === 'error' || state === 'offline' ? status?.error?.message : undefined;
  return (
    <div className="sidebar__footer">
      <button
        type="button"
        className={`sync-indicator sync-indicator--${state}`}
        onClick={() => show({ kind: 'sync' })}
        aria-label={`Sync: ${label}${detail ? ` (${detail})` : ''}. Open sync settings`}
        data-testid="sync-indicator"
        data-state={state}
      >
        <Icon name={state === 'offline' ? 'cloudOff' : state === 'error' ? 'alert' : 'sync'} />
        <span className="sync-indicator__label">{label}</span>
        {state === 'syncing' && status?.progress && status.progress.total > 0 ? (
          <span className="sync-indicator__count">
            {status.progress.done}/{status.progress.total}
          </span>
        ) : null}
      </button>
    </div>
  );
}
