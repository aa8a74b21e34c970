import { memo, useCallback, type DragEvent, type MouseEvent } from 'react';
import type { AssetSummary } from '../../../shared/api/schemas';
import type { DroppedItems } from '../api';
import { useFileDropTarget } from '../hooks/use-file-drop-target';
import { cellElementId } from '../lib/grid-layout';
import { cellStyle } from '../lib/grid-styles';
import { ApprovalBadge } from './ApprovalBadge';
import { AssetThumbnail } from './AssetThumbnail';

export interface AssetCellProps {
  readonly asset: AssetSummary;
  readonly index: number;
  readonly column: number;
  /** Left offset inside the row, from the grid layout. */
  readonly left: number;
  readonly selected: boolean;
  readonly focused: boolean;
  /** 0 when the cell's row is in view, 1 in the overscan rows: in-view thumbnails load first. */
  readonly urgency: number;
  onPointerSelect(index: number, id: string, event: MouseEvent): void;
  onOpen(index: number, id: string): void;
  onDragAssets(index: number, id: string, event: DragEvent): void;
  onDropVersion(asset: AssetSummary, items: DroppedItems): void;
}

/**
 * One asset in the grid: thumbnail, title, SKU, approval. Memoised: while scrolling, only cells whose
 * asset, selection or focus changed re-render. Dropping files on a cell adds them as new versions.
 */
export const AssetCell = memo(function AssetCell(props: AssetCellProps) {
  const { asset, index, onDropVersion } = props;
  const drop = useFileDropTarget(useCallback((items: DroppedItems) => onDropVersion(asset, items), [asset, onDropVersion]));
  const classes = ['cell', props.selected && 'cell--selected', props.focused && 'cell--focused', drop.isOver && 'cell--drop'].filter(Boolean).join(' ');
  return (
    <div
      role="gridcell"
      id={cellElementId(index)}
      aria-selected={props.selected}
      aria-colindex={props.column + 1}
      className={classes}
      style={cellStyle(props.left)}
      draggable
      onClick={(event) => props.onPointerSelect(index, asset.id, event)}
      onDoubleClick={() => props.onOpen(index, asset.id)}
      onDragStart={(event) => props.onDragAssets(index, asset.id, event)}
      {...drop.handlers}
      data-testid="asset-cell"
      data-asset-id={asset.id}
      data-index={index}
    >
      <AssetThumbnail asset={asset} urgency={props.urgency} />
      <div className="cell__text">
        <div className="cell__title" title={asset.title}>
          {asset.title}
        </div>
        <div className="cell__meta">
          <span className="cell__sku" data-testid="asset-cell-sku">
            {asset.sku ?? '\u00a0'}
          </span>
          <ApprovalBadge state={asset.currentVersion.approval} />
        </div>
      </div>
      {drop.isOver ? (
        <div className="cell__drop-hint" aria-hidden="true">
          Add as new version
        </div>
      ) : null}
    </div>
  );
});
