import { useEffect } from 'react';
import { useOverlay } from '../stores/overlay-store';
import { useSync } from '../stores/sync-store';
import { ModalDialog } from './ModalDialog';
import { SyncConnectForm } from './SyncConnectForm';
import { SyncDeviceList } from './SyncDeviceList';
import { SyncErrorNotice } from './SyncErrorNotice';
import { SyncReviewList } from './SyncReviewList';
import { SyncStatusPanel } from './SyncStatusPanel';

/** Sync: the status and target (or a form to connect one), this device's originals, the devices, and what a merge left to review. */
export function SyncScreen() {
  const close = useOverlay((s) => s.close);
  const status = useSync((s) => s.status);
  const connected = status !== null && status.target !== null;

  useEffect(() => {
    void useSync.getState().load();
    void useSync.getState().loadDetails();
  }, []);

  return (
    <ModalDialog title="Sync" className="dialog--screen" onRequestClose={close} testId="sync-screen" closeTestId="sync-close">
      <div className="sync-screen">
        {status === null ? (
          <p className="muted">Loading the sync status…</p>
        ) : (
          <>
            <div className="sync-screen__column">
              {connected ? (
                <SyncStatusPanel status={status} />
              ) : (
                <>
                  <SyncErrorNotice status={status} />
                  <SyncConnectForm />
                </>
              )}
            </div>
            <div className="sync-screen__column">
              <SyncDeviceList />
              <SyncReviewList />
            </div>
          </>
        )}
      </div>
    </ModalDialog>
  );
}
