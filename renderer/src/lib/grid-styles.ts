import type { CSSProperties } from 'react';
import { GRID_METRICS, rowTop } from './grid-layout';

/**
 * Inline style objects of the grid's rows and cells, one object per distinct value. React compares
 * a style prop by identity first: a fresh `{ top, height }` on every render made it walk and compare
 * each row's and changed cell's style on every keystroke and answer, for styles that never change
 * (a row's place depends only on its index, a cell's only on its left offset).
 */
const rowStyles = new Map<number, CSSProperties>();
const cellStyles = new Map<number, CSSProperties>();
/** More than any screen needs; past it the maps start over rather than grow while scrolling far. */
const MAX_KEPT = 512;

function kept(map: Map<number, CSSProperties>, key: number, make: () => CSSProperties): CSSProperties {
  let style = map.get(key);
  if (style === undefined) {
    if (map.size >= MAX_KEPT) map.clear();
    style = make();
    map.set(key, style);
  }
  return style;
}

export function rowStyle(row: number): CSSProperties {
  return kept(rowStyles, row, () => ({ top: rowTop(row), height: GRID_METRICS.cellHeight }));
}

export function cellStyle(left: number): CSSProperties {
  return kept(cellStyles, left, () => ({ left, width: GRID_METRICS.cellWidth, height: GRID_METRICS.cellHeight }));
}
