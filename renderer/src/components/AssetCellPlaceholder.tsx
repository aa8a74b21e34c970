import { memo } from 'react';
import { cellElementId } from '../lib/grid-layout';
import { cellStyle } from '../lib/grid-styles';

/** A cell whose page is still loading: same box, no content, so nothing jumps when it arrives. */
export const AssetCellPlaceholder = memo(function AssetCellPlaceholder({ index, column, left }: { index: number; column: number; left: number }) {
  return (
    <div
      role="gridcell"
      id={cellElementId(index)}
      aria-busy="true"
      aria-colindex={column + 1}
      aria-label="Loading"
      className="cell cell--placeholder"
      style={cellStyle(left)}
      data-testid="asset-cell-placeholder"
    >
      <div className="thumb skeleton" />
      <div className="cell__text">
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--line skeleton--short" />
      </div>
    </div>
  );
});
