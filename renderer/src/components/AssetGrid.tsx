import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import type { DroppedItems } from '../api';
import { useElementSize } from '../hooks/use-element-size';
import { useOverscanAfterAnswer } from '../hooks/use-overscan-after-answer';
import { holdThumbnailsWhileFlinging } from '../hooks/use-thumbnail-slot';
import { createFlingDetector } from '../lib/fling';
import { startAssetDrag } from '../lib/asset-drag';
import {
  cellElementId,
  columnLeft,
  columnsFor,
  contentHeight,
  gridInset,
  isRowInView,
  rowAt,
  rowCount,
  rowsPerViewport,
  screenfulItems,
  scrollToReveal,
  visibleWindow,
} from '../lib/grid-layout';
import { rowStyle } from '../lib/grid-styles';
import { itemAt } from '../lib/page-cache';
import { hasPrimaryModifier } from '../lib/platform';
import { isNavigationKey } from '../lib/selection-logic';
import { useDetail } from '../stores/detail-store';
import { useIngest } from '../stores/ingest-store';
import { useLibrary } from '../stores/library-store';
import { useSelection } from '../stores/selection-store';
import { AssetCell } from './AssetCell';
import { AssetCellPlaceholder } from './AssetCellPlaceholder';

/**
 * The virtualized thumbnail grid. Only the rows in view plus a few rows of overscan exist in the DOM,
 * absolutely positioned inside a spacer as tall as the whole result, so 100,000 assets cost the same
 * per frame as 100. Keyboard focus stays on the grid element; the active cell is announced through
 * aria-activedescendant (cells come and go while scrolling, so they cannot hold focus themselves).
 */
export function AssetGrid() {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const frame = useRef(0);
  const fling = useRef(createFlingDetector());
  const { width, height } = useElementSize(scrollerRef);
  const [firstVisibleRow, setFirstVisibleRow] = useState(0);

  const cache = useLibrary((s) => s.cache);
  const filters = useLibrary((s) => s.filters);
  const sort = useLibrary((s) => s.sort);
  const showRange = useLibrary((s) => s.showRange);
  const selected = useSelection((s) => s.selected);
  const focus = useSelection((s) => s.focus);

  const total = cache.total ?? 0;
  const columns = columnsFor(width);
  const inset = gridInset(width, columns);
  const visible = visibleWindow({ firstVisibleRow, viewportHeight: height, total, columns });
  const keepOverscan = useOverscanAfterAnswer(cache.answeredIn ?? null);
  const lastDrawn = useRef(new Map<number, AssetSummary>());

  const screenful = screenfulItems(height, columns);

  useEffect(() => {
    showRange(visible.firstIndex, visible.lastIndex, screenful);
  }, [showRange, visible.firstIndex, visible.lastIndex, screenful]);

  // A new question starts at the top of its answer.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller) scroller.scrollTop = 0;
    setFirstVisibleRow(0);
  }, [filters, sort]);

  // Keyboard moves keep the focused cell in view, scrolling as little as possible.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (focus === null || !scroller) return;
    const next = scrollToReveal(focus, columns, scroller.scrollTop, scroller.clientHeight);
    if (next !== null) scroller.scrollTop = next;
  }, [focus, columns]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Scroll events come faster than frames; the row under the top edge is read once per frame, and
  // React re-renders only when it changes. During a fling, thumbnails wait (use-thumbnail-slot.ts).
  const onScroll = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame((now) => {
      frame.current = 0;
      const scroller = scrollerRef.current;
      if (!scroller) return;
      if (fling.current.sample(scroller.scrollTop, now)) holdThumbnailsWhileFlinging();
      setFirstVisibleRow(rowAt(scroller.scrollTop));
    });
  }, []);

  const onPointerSelect = useCallback((index: number, id: string, event: MouseEvent) => {
    void useSelection.getState().click(index, id, { shift: event.shiftKey, toggle: hasPrimaryModifier(event) });
  }, []);

  const onOpen = useCallback((index: number, id: string) => {
    useSelection.getState().ensureSelected(index, id);
    useDetail.getState().openPanel(true);
  }, []);

  const onDragAssets = useCallback((index: number, id: string, event: DragEvent) => {
    const selection = useSelection.getState();
    selection.ensureSelected(index, id);
    startAssetDrag(event.dataTransfer, useSelection.getState().selected.size);
  }, []);

  const onDropVersion = useCallback((asset: AssetSummary, items: DroppedItems) => {
    void useIngest.getState().importItems(items, { assetId: asset.id, label: `New version of “${asset.title}”` });
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const selection = useSelection.getState();
    const toggle = hasPrimaryModifier(event);
    if (isNavigationKey(event.key)) {
      event.preventDefault();
      void selection.navigate(event.key, { shift: event.shiftKey, toggle }, { total, columns, pageRows: rowsPerViewport(height) });
    } else if (toggle && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void selection.selectAll();
    } else if (event.key === ' ') {
      event.preventDefault();
      void selection.toggleFocused();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // With nothing selected yet, Enter opens the item under the keyboard focus.
      const ready = selection.selected.size === 0 && selection.focus !== null ? selection.toggleFocused() : Promise.resolve();
      void ready.then(() => {
        if (useSelection.getState().selected.size > 0) useDetail.getState().openPanel(true);
      });
    } else if (event.key === 'Escape' && selection.selected.size > 0) {
      event.preventDefault();
      selection.clear();
    }
  }

  // Cells are keyed by their place in the grid, not by asset: a new search answer then updates the
  // cells on screen in place (text, attributes, a new thumbnail) instead of unmounting a screenful and
  // mounting another. While scrolling, a place keeps its asset, so memoised cells still skip rendering.
  // Right after a new answer, the rows out of view keep the assets they showed (unchanged props, so
  // React and the layout skip them) until answers stop coming: see use-overscan-after-answer.ts.
  const drawn = new Map<number, AssetSummary>();
  const rows: ReactNode[] = [];
  for (let row = visible.firstRow; row <= visible.lastRow; row++) {
    const urgency = isRowInView(row, firstVisibleRow, height) ? 0 : 1;
    const keepDrawn = keepOverscan && urgency === 1;
    const cells: ReactNode[] = [];
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      if (index >= total) break;
      const asset = keepDrawn ? lastDrawn.current.get(index) : itemAt(cache, index);
      if (keepDrawn && !asset) continue;
      if (asset) drawn.set(index, asset);
      cells.push(
        asset ? (
          <AssetCell
            key={index}
            asset={asset}
            index={index}
            column={column}
            left={columnLeft(column, inset)}
            selected={selected.has(asset.id)}
            focused={focus === index}
            urgency={urgency}
            onPointerSelect={onPointerSelect}
            onOpen={onOpen}
            onDragAssets={onDragAssets}
            onDropVersion={onDropVersion}
          />
        ) : (
          <AssetCellPlaceholder key={`placeholder-${index}`} index={index} column={column} left={columnLeft(column, inset)} />
        ),
      );
    }
    rows.push(
      <div key={row} role="row" aria-rowindex={row + 1} className="grid__row" style={rowStyle(row)}>
        {cells}
      </div>,
    );
  }

  useEffect(() => {
    lastDrawn.current = drawn;
  });

  return (
    <div
      ref={scrollerRef}
      className="grid"
      role="grid"
      aria-label="Assets"
      aria-multiselectable="true"
      aria-rowcount={rowCount(total, columns)}
      aria-colcount={columns}
      aria-activedescendant={focus !== null && focus < total ? cellElementId(focus) : undefined}
      aria-busy={cache.total === null}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="asset-grid"
      data-total={total}
    >
      <div className="grid__spacer" style={{ height: contentHeight(total, columns) }}>
        {rows}
      </div>
    </div>
  );
}
