import { describe, expect, it } from 'vitest';
import { GRID_METRICS, rowTop } from '../../renderer/src/lib/grid-layout';
import { cellStyle, rowStyle } from '../../renderer/src/lib/grid-styles';

describe('grid styles', () => {
  it('places a row by its index and keeps one object per row', () => {
    expect(rowStyle(3)).toEqual({ top: rowTop(3), height: GRID_METRICS.cellHeight });
    expect(rowStyle(3)).toBe(rowStyle(3));
    expect(rowStyle(4)).not.toBe(rowStyle(3));
  });

  it('sizes a cell and keeps one object per left offset', () => {
    expect(cellStyle(216)).toEqual({ left: 216, width: GRID_METRICS.cellWidth, height: GRID_METRICS.cellHeight });
    expect(cellStyle(216)).toBe(cellStyle(216));
  });

  it('starts over rather than growing without bound while scrolling far', () => {
    const first = rowStyle(0);
    for (let row = 1; row <= 600; row++) rowStyle(row);
    expect(rowStyle(0)).toEqual(first);
    expect(rowStyle(0)).not.toBe(first);
  });
});
