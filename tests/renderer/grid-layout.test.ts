import { describe, expect, it } from 'vitest';
import {
  columnLeft,
  columnsFor,
  contentHeight,
  GRID_METRICS,
  gridInset,
  isRowInView,
  OVERSCAN_ROWS,
  rowAt,
  rowStride,
  rowTop,
  screenfulItems,
  scrollToReveal,
  visibleWindow,
} from '../../renderer/src/lib/grid-layout';

describe('grid layout', () => {
  const m = GRID_METRICS;

  it('fits as many fixed-width columns as the width allows, at least one', () => {
    expect(columnsFor(0)).toBe(1);
    expect(columnsFor(2 * m.padding + m.cellWidth)).toBe(1);
    expect(columnsFor(2 * m.padding + 4 * m.cellWidth + 3 * m.gap)).toBe(4);
    expect(columnsFor(2 * m.padding + 4 * m.cellWidth + 3 * m.gap - 1)).toBe(3);
  });

  it('counts a screenful as the items a window at the top holds, whatever the answer in hand', () => {
    for (const [viewportHeight, columns] of [[900, 6], [300, 1], [1400, 9]] as const) {
      const top = visibleWindow({ firstVisibleRow: 0, viewportHeight, total: 100_000, columns });
      expect(screenfulItems(viewportHeight, columns)).toBe(top.lastIndex + 1);
      // Two results shown: the window is two items long, the screenful is not.
      const twoShown = visibleWindow({ firstVisibleRow: 0, viewportHeight, total: 2, columns });
      expect(twoShown.lastIndex).toBe(1);
      expect(screenfulItems(viewportHeight, columns)).toBeGreaterThan(twoShown.lastIndex + 1);
    }
  });

  it('renders only the rows in view plus overscan, even for 100,000 assets', () => {
    const total = 100_000;
    const columns = 6;
    const viewportHeight = 900;
    const scrollTop = 1_000_000;
    const w = visibleWindow({ firstVisibleRow: rowAt(scrollTop), viewportHeight, total, columns });
    const rows = w.lastRow - w.firstRow + 1;
    expect(rows).toBeLessThanOrEqual(Math.ceil(viewportHeight / rowStride()) + 2 + 2 * OVERSCAN_ROWS);
    expect(w.lastIndex - w.firstIndex + 1).toBe(rows * columns);
    // The rendered rows cover the viewport.
    expect(rowTop(w.firstRow)).toBeLessThanOrEqual(scrollTop);
    expect(rowTop(w.lastRow) + m.cellHeight).toBeGreaterThanOrEqual(scrollTop + viewportHeight);
  });

  it('clamps the window at both ends of the list', () => {
    const top = visibleWindow({ firstVisibleRow: 0, viewportHeight: 800, total: 100_000, columns: 5 });
    expect(top.firstRow).toBe(0);
    const total = 103;
    const bottom = visibleWindow({ firstVisibleRow: 1_000, viewportHeight: 800, total, columns: 5 });
    expect(bottom.lastRow).toBe(20);
    expect(bottom.lastIndex).toBe(102);
    expect(visibleWindow({ firstVisibleRow: 0, viewportHeight: 800, total: 0, columns: 5 }).lastIndex).toBe(-1);
  });

  it('sizes the spacer for every row', () => {
    expect(contentHeight(0, 5)).toBe(0);
    expect(contentHeight(10, 5)).toBe(2 * m.padding + 2 * rowStride() - m.gap);
    expect(contentHeight(100_000, 5)).toBe(2 * m.padding + 20_000 * rowStride() - m.gap);
  });

  it('maps a scroll offset to the first visible row', () => {
    expect(rowAt(0)).toBe(0);
    expect(rowAt(rowTop(10))).toBe(10);
    expect(rowAt(rowTop(10) + m.cellHeight + 1)).toBe(11);
  });

  it('scrolls only as far as needed to reveal an item', () => {
    const viewport = 600;
    expect(scrollToReveal(0, 5, 0, viewport)).toBeNull();
    const below = scrollToReveal(50, 5, 0, viewport)!;
    expect(below + viewport).toBeGreaterThanOrEqual(rowTop(10) + m.cellHeight);
    expect(below).toBeLessThan(rowTop(10));
    expect(scrollToReveal(0, 5, 5_000, viewport)).toBe(0);
  });
});

describe('grid centring', () => {
  it('shares the space left over by whole columns between both sides, never less than the padding', () => {
    const m = GRID_METRICS;
    const width = 1152;
    const columns = columnsFor(width);
    const inset = gridInset(width, columns);
    const right = width - (columnLeft(columns - 1, inset) + m.cellWidth);
    expect(Math.abs(inset - right)).toBeLessThanOrEqual(1);
    expect(gridInset(0, 1)).toBe(m.padding);
  });

  it('tells rows on screen from overscan rows', () => {
    // 1000 px at a 264 px stride: the row under the top edge and four more can show.
    const firstVisibleRow = 10;
    const window = visibleWindow({ firstVisibleRow, viewportHeight: 1000, total: 100_000, columns: 6 });
    const inView = [];
    for (let row = window.firstRow; row <= window.lastRow; row++) if (isRowInView(row, firstVisibleRow, 1000)) inView.push(row);
    expect(inView).toEqual([10, 11, 12, 13, 14]);
    expect(window.firstRow).toBeLessThan(10);
    expect(window.lastRow).toBeGreaterThan(14);
  });
});
