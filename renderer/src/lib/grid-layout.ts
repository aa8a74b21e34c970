/**
 * Geometry of the virtualized thumbnail grid. Every cell has the same size, so the position of item i
 * and the items on screen follow from arithmetic alone: nothing is measured per item, and the work per
 * scroll frame depends on the viewport, not on how many assets the vault holds.
 */
export interface GridMetrics {
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly gap: number;
  readonly padding: number;
}

export const GRID_METRICS: GridMetrics = { cellWidth: 184, cellHeight: 248, gap: 16, padding: 16 };

/** The square the thumbnail sits in, inside a cell. */
export const THUMB_BOX = 184;

/**
 * Rows rendered beyond each edge of the viewport, so a fast scroll shows cells rather than gaps. Two,
 * not more: every search answer re-renders (and loads thumbnails for) the overscan rows as well, and
 * the row under the edge is re-read every frame, so one row of slack per direction is always ahead.
 */
export const OVERSCAN_ROWS = 2;

export function rowStride(m: GridMetrics = GRID_METRICS): number {
  return m.cellHeight + m.gap;
}

export function columnsFor(width: number, m: GridMetrics = GRID_METRICS): number {
  const usable = width - 2 * m.padding + m.gap;
  return Math.max(1, Math.floor(usable / (m.cellWidth + m.gap)));
}

export function rowCount(total: number, columns: number): number {
  return total <= 0 ? 0 : Math.ceil(total / Math.max(1, columns));
}

/** Height of the spacer that gives the scrollbar its true range. */
export function contentHeight(total: number, columns: number, m: GridMetrics = GRID_METRICS): number {
  const rows = rowCount(total, columns);
  return rows === 0 ? 0 : 2 * m.padding + rows * rowStride(m) - m.gap;
}

export function rowTop(row: number, m: GridMetrics = GRID_METRICS): number {
  return m.padding + row * rowStride(m);
}

/**
 * Left edge of the first column: the columns are centred in the width, so the space left over by a
 * whole number of fixed-size cells is shared by both sides instead of piling up on the right.
 */
export function gridInset(width: number, columns: number, m: GridMetrics = GRID_METRICS): number {
  const used = columns * m.cellWidth + (columns - 1) * m.gap;
  return Math.max(m.padding, Math.floor((width - used) / 2));
}

export function columnLeft(column: number, inset: number = GRID_METRICS.padding, m: GridMetrics = GRID_METRICS): number {
  return inset + column * (m.cellWidth + m.gap);
}

/** The first row whose cells are at least partly below `scrollTop`. */
export function rowAt(scrollTop: number, m: GridMetrics = GRID_METRICS): number {
  return Math.max(0, Math.floor((scrollTop - m.padding + m.gap) / rowStride(m)));
}

/** Whole rows that fit in the viewport (at least one), for Page Up / Page Down. */
export function rowsPerViewport(viewportHeight: number, m: GridMetrics = GRID_METRICS): number {
  return Math.max(1, Math.floor(viewportHeight / rowStride(m)));
}

export interface GridWindow {
  /** Rows to render, inclusive; lastRow < firstRow when there is nothing. */
  readonly firstRow: number;
  readonly lastRow: number;
  /** Item indexes those rows hold, inclusive; lastIndex < firstIndex when there is nothing. */
  readonly firstIndex: number;
  readonly lastIndex: number;
}

export interface WindowInput {
  readonly firstVisibleRow: number;
  readonly viewportHeight: number;
  readonly total: number;
  readonly columns: number;
  readonly overscanRows?: number;
}

/** Rows from the one under the top edge that can show in a viewport of this height (partly, at both ends). */
function rowsOnScreen(viewportHeight: number, m: GridMetrics): number {
  return Math.ceil(viewportHeight / rowStride(m)) + 1;
}

/** Whether `row` is on screen rather than in the overscan, for loading what is seen first. */
export function isRowInView(row: number, firstVisibleRow: number, viewportHeight: number, m: GridMetrics = GRID_METRICS): boolean {
  return row >= firstVisibleRow && row < firstVisibleRow + rowsOnScreen(viewportHeight, m);
}

/**
 * Items a window at the top of the grid holds (rows on screen plus overscan), however many the current
 * answer has: a new question's first page asks for this many, so an answer of two items does not make
 * the next, broader one arrive two items at a time.
 */
export function screenfulItems(viewportHeight: number, columns: number, overscanRows: number = OVERSCAN_ROWS, m: GridMetrics = GRID_METRICS): number {
  return (rowsOnScreen(viewportHeight, m) + overscanRows + 1) * columns;
}

/** The rows on screen plus overscan, clamped to the rows that exist. */
export function visibleWindow(input: WindowInput, m: GridMetrics = GRID_METRICS): GridWindow {
  const rows = rowCount(input.total, input.columns);
  if (rows === 0) return { firstRow: 0, lastRow: -1, firstIndex: 0, lastIndex: -1 };
  const overscan = input.overscanRows ?? OVERSCAN_ROWS;
  const onScreen = rowsOnScreen(input.viewportHeight, m);
  const firstRow = Math.min(rows - 1, Math.max(0, input.firstVisibleRow - overscan));
  const lastRow = Math.min(rows - 1, input.firstVisibleRow + onScreen + overscan);
  return {
    firstRow,
    lastRow,
    firstIndex: firstRow * input.columns,
    lastIndex: Math.min(input.total - 1, (lastRow + 1) * input.columns - 1),
  };
}

/**
 * The scrollTop that brings item `index` fully into view with the least movement, or null when it is
 * already visible (keyboard navigation must not jump the grid around needlessly).
 */
export function scrollToReveal(index: number, columns: number, scrollTop: number, viewportHeight: number, m: GridMetrics = GRID_METRICS): number | null {
  const top = rowTop(Math.floor(index / Math.max(1, columns)), m);
  const bottom = top + m.cellHeight;
  if (top < scrollTop) return Math.max(0, top - m.padding);
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight + m.padding;
  return null;
}

/** DOM id of the cell at an index, for aria-activedescendant. */
export function cellElementId(index: number): string {
  return `asset-cell-${index}`;
}
