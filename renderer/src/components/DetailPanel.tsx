import { useCallback, useEffect, useRef } from 'react';
import type { DroppedItems } from '../api';
import { useFileDropTarget } from '../hooks/use-file-drop-target';
import { useDetail } from '../stores/detail-store';
import { useIngest } from '../stores/ingest-store';
import { useSelection } from '../stores/selection-store';
import { AssetDetailView } from './AssetDetailView';
import { Icon } from './Icon';
import { MultiSelectionView } from './MultiSelectionView';

/**
 * The right-hand panel. One asset selected: its details, and a drop target for a new version of it.
 * Several: the actions that apply to all of them.
 */
export function DetailPanel() {
  const count = useSelection((s) => s.selected.size);
  const detail = useDetail((s) => s.detail);
  const loading = useDetail((s) => s.loading);
  const error = useDetail((s) => s.error);
  const focusRequest = useDetail((s) => s.focusRequest);
  const closePanel = useDetail((s) => s.closePanel);
  const reload = useDetail((s) => s.reload);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const single = count === 1;

  useEffect(() => {
    if (focusRequest > 0) headingRef.current?.focus();
  }, [focusRequest]);

  const onDropVersion = useCallback(
    (items: DroppedItems) => {
      if (!single || !detail) return;
      void useIngest.getState().importItems(items, { assetId: detail.id, label: `New version of “${detail.title}”` });
    },
    [single, detail],
  );
  const drop = useFileDropTarget(onDropVersion);
  const dropHandlers = single && detail ? drop.handlers : {};

  return (
    <aside className={`detail${drop.isOver && single ? ' detail--drop' : ''}`} aria-labelledby="detail-heading" data-testid="detail-panel" {...dropHandlers}>
      <header className="detail__header">
        <h2 id="detail-heading" ref={headingRef} tabIndex={-1} className="detail__title">
          {single ? (detail?.title ?? 'Details') : 'Selection'}
        </h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={closePanel} data-testid="detail-close">
          <Icon name="close" />
        </button>
      </header>
      {!single ? <MultiSelectionView /> : null}
      {single && detail ? <AssetDetailView asset={detail} /> : null}
      {single && !detail && loading ? (
        <div className="detail__body" aria-busy="true">
          <div className="preview skeleton" />
        </div>
      ) : null}
      {single && !detail && error ? (
        <div className="detail__body" role="alert">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      ) : null}
      {drop.isOver && single && detail ? (
        <div className="detail__drop-hint" aria-hidden="true">
          Drop to add a new version of “{detail.title}”
        </div>
      ) : null}
    </aside>
  );
}
