import { api, type ApiEventMessage } from '../api';
import { useCollections } from './collections-store';
import { useDetail } from './detail-store';
import { useExport } from './export-store';
import { useIngest } from './ingest-store';
import { useLibrary } from './library-store';
import { singleSelected, useSelection } from './selection-store';
import { useShares } from './shares-store';
import { useSync } from './sync-store';
import { announceShareOpened } from './share-notifications';
import { useTags } from './tags-store';
import { useVault } from './vault-store';

/** Several edits in a row (a tag on 50 assets, then another) refresh the library once. */
const LIBRARY_REFRESH_DELAY_MS = 100;

const isUnlocked = () => useVault.getState().vault?.state === 'unlocked';

function refreshLibraryViews(): void {
  if (!isUnlocked()) return;
  useLibrary.getState().invalidate();
  void useCollections.getState().refresh();
  void useTags.getState().refresh();
  void useDetail.getState().reload();
}

/**
 * Wires engine events and store-to-store reactions; returns the teardown. Stores do not import each
 * other for these reactions, so the flow of updates is readable in one place.
 */
export function connectStores(): () => void {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRefresh = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshLibraryViews, LIBRARY_REFRESH_DELAY_MS);
  };

  const onEvent = (message: ApiEventMessage) => {
    switch (message.event) {
      case 'vault.changed':
        useVault.getState().applyState(message.payload);
        break;
      case 'library.changed':
        scheduleRefresh();
        break;
      case 'ingest.progress':
        if (isUnlocked()) useIngest.getState().applyProgress(message.payload);
        break;
      case 'ingest.done':
        if (isUnlocked()) useIngest.getState().applyDone(message.payload);
        break;
      case 'export.progress':
        if (isUnlocked()) useExport.getState().applyProgress(message.payload);
        break;
      case 'export.done':
        if (isUnlocked()) useExport.getState().applyDone(message.payload);
        break;
      case 'shares.opened':
        announceShareOpened(message.payload, isUnlocked());
        break;
      case 'shares.changed':
        if (isUnlocked()) useShares.getState().applyChanged(message.payload.shareIds);
        break;
      case 'sync.status':
        if (isUnlocked()) useSync.getState().applyStatus(message.payload);
        break;
    }
  };

  const teardown = [
    api.onEvent(onEvent),
    // Events may have been missed while disconnected: re-read the vault state and what is on screen.
    api.onReconnected(() => {
      void useVault.getState().refresh();
      if (isUnlocked()) void useSync.getState().load();
      scheduleRefresh();
    }),
    // The detail panel follows the selection when exactly one asset is selected.
    useSelection.subscribe((s, prev) => {
      if (s.selected !== prev.selected) useDetail.getState().show(singleSelected(s.selected));
    }),
    // A new search or filter is a new list: indexes of the old one mean nothing in it.
    useLibrary.subscribe((s, prev) => {
      if (s.filters !== prev.filters || s.sort !== prev.sort) useSelection.getState().clear();
    }),
  ];

  return () => {
    clearTimeout(refreshTimer);
    for (const off of teardown) off();
  };
}
