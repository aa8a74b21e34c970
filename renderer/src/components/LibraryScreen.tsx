import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { DroppedItems } from '../api';
import { useGlobalShortcuts } from '../hooks/use-global-shortcuts';
import { useWindowFileDrop } from '../hooks/use-window-file-drop';
import { useCollections } from '../stores/collections-store';
import { useDetail } from '../stores/detail-store';
import { useIngest } from '../stores/ingest-store';
import { useLibrary } from '../stores/library-store';
import { useOverlay } from '../stores/overlay-store';
import { useSelection } from '../stores/selection-store';
import { useSync } from '../stores/sync-store';
import { useTags } from '../stores/tags-store';
import { useVault } from '../stores/vault-store';
import { DetailPanel } from './DetailPanel';
import { DropOverlay } from './DropOverlay';
import { IngestPanel } from './IngestPanel';
import { openExport } from './ExportButton';
import { openShare } from './ShareButton';
import { LibraryContent } from './LibraryContent';
import { Overlays } from './Overlays';
import { Sidebar } from './Sidebar';
import { Toolbar } from './Toolbar';

/** The unlocked vault: sidebar, toolbar and grid, the detail panel, imports, and drops anywhere. */
export function LibraryScreen() {
  const searchRef = useRef<HTMLInputElement>(null);
  const lock = useVault((s) => s.lock);
  const importItems = useIngest((s) => s.importItems);
  const hasSelection = useSelection((s) => s.selected.size > 0);
  const detailOpen = useDetail((s) => s.open);
  const showDetail = hasSelection && detailOpen;

  useEffect(() => {
    useLibrary.getState().invalidate();
    void useCollections.getState().refresh();
    void useTags.getState().refresh();
    void useSync.getState().load();
  }, []);

  const overlayOpen = useOverlay((s) => s.overlay !== null);
  // Files dropped on a dialog or the designer are not meant for the library.
  const onDrop = useCallback((items: DroppedItems) => {
    if (useOverlay.getState().overlay === null) void importItems(items);
  }, [importItems]);
  const dragging = useWindowFileDrop(onDrop);

  const shortcuts = useMemo(
    () => ({
      lock: () => void lock(),
      focusSearch: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
      exportSelection: () => {
        // Not over another screen or dialog: their own keys come first.
        if (useOverlay.getState().overlay === null) openExport();
      },
      shareSelection: () => {
        if (useOverlay.getState().overlay === null) openShare();
      },
    }),
    [lock],
  );
  useGlobalShortcuts(shortcuts);

  return (
    <div className={`library${showDetail ? ' library--with-detail' : ''}`} data-testid="library-screen">
      <Sidebar />
      <main className="library__main" aria-label="Assets">
        <Toolbar searchRef={searchRef} />
        <LibraryContent />
        <IngestPanel />
      </main>
      {showDetail ? <DetailPanel /> : null}
      {dragging && !overlayOpen ? <DropOverlay /> : null}
      <Overlays />
    </div>
  );
}
