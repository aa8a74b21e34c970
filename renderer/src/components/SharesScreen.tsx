import { useEffect, useState } from 'react';
import { notificationPermission, requestNotificationPermission } from '../lib/system-notification';
import { useOverlay, type SharesTab } from '../stores/overlay-store';
import { useShares } from '../stores/shares-store';
import { ModalDialog } from './ModalDialog';
import { ShareDetailView } from './ShareDetailView';
import { ShareList } from './ShareList';
import { ShareServerPanel } from './ShareServerPanel';

const TABS: readonly { id: SharesTab; label: string }[] = [
  { id: 'links', label: 'Links' },
  { id: 'server', label: 'Server' },
];

/** Every share link with its state and timeline, and the share server, full screen over the library. */
export function SharesScreen({ tab }: { tab: SharesTab }) {
  const show = useOverlay((s) => s.show);
  const close = useOverlay((s) => s.close);
  const [permission, setPermission] = useState(notificationPermission);

  useEffect(() => {
    void useShares.getState().refresh();
    void useShares.getState().loadServer();
    return () => useShares.getState().reset();
  }, []);

  const tabs = (
    <div className="tabs" role="tablist" aria-label="Shares">
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`shares-tab-${t.id}`}
          aria-selected={t.id === tab}
          aria-controls="shares-tabpanel"
          tabIndex={t.id === tab ? 0 : -1}
          className={`tabs__tab${t.id === tab ? ' tabs__tab--selected' : ''}`}
          onClick={() => show({ kind: 'shares', tab: t.id })}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            const next = TABS[(TABS.findIndex((x) => x.id === tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
            show({ kind: 'shares', tab: next.id });
            document.getElementById(`shares-tab-${next.id}`)?.focus();
          }}
          data-testid={`shares-tab-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
  const header = (
    <>
      {tabs}
      {permission === 'default' ? (
        <button type="button" className="button button--small" onClick={() => void requestNotificationPermission().then(setPermission)} data-testid="shares-notify">
          Notify me when a link is opened
        </button>
      ) : null}
    </>
  );

  return (
    <ModalDialog title="Shares" className="dialog--screen" headerExtra={header} onRequestClose={close} testId="shares-screen" closeTestId="shares-close">
      <div id="shares-tabpanel" role="tabpanel" aria-labelledby={`shares-tab-${tab}`} className="shares-screen__panel">
        {tab === 'links' ? (
          <div className="shares">
            <ShareList />
            <ShareDetailView />
          </div>
        ) : (
          <ShareServerPanel />
        )}
      </div>
    </ModalDialog>
  );
}
